"""The committed catalogue is exactly what the extractor makes from the standard's files. Needs
those files: skipped with a reason when they are absent, except under CI=true, where their
absence is a failure."""

import json
import os
from pathlib import Path

import pytest

from haven.htcds import extract
from haven.htcds.catalogue import CATALOGUE_FILE
from haven.testing.shared import unavailable

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_STANDARDS_DIR = REPO_ROOT / ".." / "shared" / "standards" / "htcds"


@pytest.fixture
def standards():
    directory = Path(os.environ.get("HAVEN_STANDARDS_DIR", DEFAULT_STANDARDS_DIR))
    if not (directory / extract.ODS_FILE).is_file():
        reason = (
            f"HTCDS files not found in {directory.resolve()} (set HAVEN_STANDARDS_DIR to the"
            " directory holding 'HTCDS Field Standards 2.0.ods' and htcds_xlsform.xlsx)"
        )
        unavailable(reason)
    return directory


def test_the_committed_catalogue_is_what_the_standard_gives(standards):
    regenerated = extract.dumps(extract.build_catalogue(standards))
    committed = CATALOGUE_FILE.read_text(encoding="utf-8")
    assert json.loads(regenerated) == json.loads(committed)
    assert regenerated == committed, "same data, different layout: regenerate the file"


def test_the_command_writes_the_catalogue(standards, capsys):
    assert extract.main([str(standards)]) == 0
    assert capsys.readouterr().out == CATALOGUE_FILE.read_text(encoding="utf-8")


def test_the_command_names_a_missing_file(tmp_path, capsys):
    assert extract.main([str(tmp_path)]) == 1
    assert f"{tmp_path / extract.ODS_FILE}: file not found" in capsys.readouterr().err
