import io
import os
from pathlib import Path

import docx
import pytest

import haven
from haven.testing.shared import unavailable

ROOT = Path(haven.__file__).resolve().parents[1]
MATRICES = ("UPR20_Slovenia_thematic_list.docx", "UPR34_Slovenia_thematic_list.docx")


def samples_dir() -> Path:
    default = ROOT.parent / "shared" / "corpus-samples"
    return Path(os.environ.get("HAVEN_CORPUS_SAMPLES_DIR", default))


@pytest.fixture
def samples() -> Path:
    directory = samples_dir()
    if not all((directory / name).exists() for name in MATRICES):
        reason = f"UPR matrices not found in {directory} (set HAVEN_CORPUS_SAMPLES_DIR)"
        unavailable(reason)
    return directory


def make_matrix(rows: list[list[str]], heading: list[str] | None = None) -> bytes:
    """A small Word matrix in the OHCHR layout, written by the test itself."""
    heading = heading or ["Recommendation", "Position", "Full list of themes", "Assessment"]
    document = docx.Document()
    table = document.add_table(rows=0, cols=len(heading))
    for cells in [heading, *rows]:
        row = table.add_row().cells
        for index, text in enumerate(cells):
            row[index].text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def trafficking_matrix(tmp_path: Path) -> Path:
    path = tmp_path / "matrix.docx"
    path.write_bytes(
        make_matrix(
            [
                ["Theme: Prohibition of slavery, trafficking"] * 4,
                [
                    "140.82 Strengthen assistance to victims of trafficking in persons "
                    "(Paraguay);\nSource of Position: A/HRC/59/15/Add.1 - Para.4",
                    "Supported",
                    "- Prohibition of slavery, trafficking\nSDGs:\n- 5 - GENDER EQUALITY",
                    "",
                ],
                [
                    "140.83 Ratify the Domestic Workers Convention, 2011 (No. 189) (Chile);",
                    "Noted",
                    "- Right to work",
                    "",
                ],
            ]
        )
    )
    return path
