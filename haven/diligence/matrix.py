"""OHCHR's UPR "thematic list" matrix (a Word table) read into plain recommendations.

No Django here. The matrix is one table: a heading row, then "Theme: ..." rows spanning every
column, then one row per recommendation number. Its layout drifts between cycles: the second
cycle's themes carry codes ("A12 Acceptance of international norms"), the third cycle's are
bulleted ("- Acceptance of international norms") and add SDGs; "Source of position" changes
case and punctuation. Columns are therefore found by what their headings say, not by position.
A file that does not fit raises `MatrixError` naming the file, the row and the field, and
nothing is returned, so an importer writes all or nothing.
"""

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError

# Heading words that identify each column, whatever the cycle calls it.
COLUMNS = {
    "recommendation": ("recommendation",),
    "position": ("position", "response"),
    "themes": ("theme",),
}
POSITIONS = {
    "supported": "supported",
    "accepted": "supported",
    "noted": "noted",
    "partially supported": "partially_supported",
    "supported in part": "partially_supported",
    "partially accepted": "partially_supported",
}
NUMBER = re.compile(r"^\s*(\d{1,3}\.\d{1,3})\s+(.*)$", re.S)
SOURCE = re.compile(r"source\s+of\s+position\s*:\s*(.*)$", re.I)
SYMBOL = re.compile(r"(A/HRC/[\w./-]*\w)")
PARA = re.compile(r"para(?:graph)?s?\.?\s*([\d\-–, ]*\d)", re.I)
THEME_CODE = re.compile(r"^([A-H]\d{1,2})\s+(.+)$")
SDG = re.compile(r"^(\d{1,2})\s*[-–]\s*(.+)$")


def gettext_noop(message: str) -> str:
    """Marks a message for the catalogs; the import page translates it, the CLI keeps English."""
    return message


class MatrixError(ValueError):
    """The file is not a thematic-list matrix this parser can read; the message says where.
    `str()` is the English; `translated(gettext)` the same in the reader's language."""

    def __init__(self, text: str, **params: Any) -> None:
        self.text, self.params = text, params
        super().__init__(text % params)

    def translated(self, translate: Callable[[str], str]) -> str:
        return translate(self.text) % self.params


class NotAMatrix(MatrixError):
    """The file is not a matrix at all (not Word, no table, no heading row naming the
    columns), as opposed to a matrix with a bad row: the corpus reads such a file as text."""


@dataclass
class MatrixRecommendation:
    number: str
    text: str
    recommending_states: list[str]
    position: str
    position_source: str | None
    themes: list[str]
    sdgs: list[str] = field(default_factory=list)
    affected_persons: list[str] = field(default_factory=list)
    theme_codes: list[str] = field(default_factory=list)
    row: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "recommending_states": self.recommending_states,
            "position": self.position,
            "position_source": self.position_source,
            "themes": self.themes,
            "sdgs": self.sdgs,
            "affected_persons": self.affected_persons,
        }


def read_matrix(path: Path) -> list[MatrixRecommendation]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise MatrixError(
            gettext_noop("%(name)s: cannot read the file (%(problem)s)"),
            name=str(path),
            problem=error.strerror,
        ) from None
    return parse_matrix(data, name=str(path))


def parse_matrix(data: bytes, *, name: str = "file") -> list[MatrixRecommendation]:
    table = _table(data, name)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    heading, columns = _columns(rows, name)
    found: dict[str, MatrixRecommendation] = {}
    for index in range(heading + 1, len(rows)):
        item = _row(rows[index], columns, f"{name}: table row {index + 1}")
        if item is not None:
            item.row = index + 1
            _add(found, item, name)
    if not found:
        raise MatrixError(
            gettext_noop("%(name)s: the table holds no numbered recommendations"), name=name
        )
    return list(found.values())


def _table(data: bytes, name: str) -> Any:
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise NotAMatrix(gettext_noop("%(name)s: not a Word (.docx) document"), name=name) from None
    if not document.tables:
        raise NotAMatrix(gettext_noop("%(name)s: the document has no table"), name=name)
    return max(document.tables, key=lambda table: len(table.rows))


def _columns(rows: list[list[str]], name: str) -> tuple[int, dict[str, int]]:
    """The heading row (within the first five) and the index of each column it names."""
    for index, cells in enumerate(rows[:5]):
        columns = _match_headings(cells)
        if len(columns) == len(COLUMNS):
            return index, columns
    first = " | ".join(cell.strip() for cell in rows[0]) if rows else ""
    wanted = ", ".join(COLUMNS)
    text = gettext_noop(
        "%(name)s: no heading row naming the columns %(wanted)s (first row: %(first)s)"
    )
    raise NotAMatrix(text, name=name, wanted=wanted, first=first)


def _match_headings(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        heading = cell.strip().lower()
        if len(heading) > 60:
            return {}
        for key, words in COLUMNS.items():
            if key not in columns and any(word in heading for word in words):
                columns[key] = index
                break
    return columns


def _row(cells: list[str], columns: dict[str, int], where: str) -> MatrixRecommendation | None:
    first = cells[columns["recommendation"]].strip()
    if not first or first.lower().startswith("theme:"):
        return None
    match = NUMBER.match(first)
    if match is None:
        text = gettext_noop(
            "%(where)s, field recommendation: does not start with a number like 140.82"
        )
        raise MatrixError(text, where=where)
    body, source = _split_source(match.group(2))
    text, states = split_states(body)
    if not text:
        raise MatrixError(
            gettext_noop("%(where)s, field recommendation: %(number)s has no text"),
            where=where,
            number=match.group(1),
        )
    themes = parse_themes(cells[columns["themes"]])
    return MatrixRecommendation(
        number=match.group(1),
        text=text,
        recommending_states=states,
        position=parse_position(cells[columns["position"]], where),
        position_source=source,
        themes=themes["themes"],
        sdgs=themes["sdgs"],
        affected_persons=themes["affected_persons"],
        theme_codes=themes["theme_codes"],
    )


def _add(found: dict[str, MatrixRecommendation], item: MatrixRecommendation, name: str) -> None:
    earlier = found.get(item.number)
    if earlier is None:
        found[item.number] = item
    elif earlier.text != item.text or earlier.position != item.position:
        text = gettext_noop(
            "%(name)s: table rows %(first)s and %(second)s give recommendation %(number)s "
            "twice, differently"
        )
        raise MatrixError(text, name=name, first=earlier.row, second=item.row, number=item.number)


def _split_source(cell: str) -> tuple[str, str | None]:
    lines, source = [], None
    for line in cell.splitlines():
        match = SOURCE.search(line)
        if match:
            source = normalise_source(match.group(1)) or source
        lines.append(line[: match.start()] if match else line)
    return " ".join(part.strip() for part in lines if part.strip()), source


def normalise_source(raw: str) -> str | None:
    """ "A/HRC/28/15/Add.1 - Para. 3" -> "A/HRC/28/15/Add.1, para. 3"."""
    symbol = SYMBOL.search(raw)
    if symbol is None:
        return raw.strip() or None
    paras = PARA.findall(raw[symbol.end() :])
    if not paras:
        return symbol.group(1)
    return f"{symbol.group(1)}, para. {paras[-1].strip()}"


def parse_position(cell: str, where: str) -> str:
    words = " ".join(cell.lower().replace("/", " ").split())
    for label in sorted(POSITIONS, key=len, reverse=True):
        if words.startswith(label):
            return POSITIONS[label]
    text = gettext_noop(
        "%(where)s, field position: %(cell)s is not supported, noted or partially supported"
    )
    raise MatrixError(text, where=where, cell=repr(cell.strip()))


def split_states(body: str) -> tuple[str, list[str]]:
    """The recommendation's words and the States that made it. A merged entry reads
    "Do A (Ukraine); Do B (Slovakia);": each part ends in its States in brackets."""
    texts, states = [], []
    for part in _parts(body):
        text, named = _trailing_states(part)
        texts.append(text)
        states += [state for state in named if state not in states]
    return "; ".join(text for text in texts if text), states


def _parts(body: str) -> list[str]:
    """Split at a semicolon that follows a closing bracket at depth 0."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == ";" and depth == 0 and body[:index].rstrip().endswith(")"):
            parts.append(body[start:index])
            start = index + 1
    parts.append(body[start:])
    return [part.strip() for part in parts if part.strip()]


def _trailing_states(part: str) -> tuple[str, list[str]]:
    text, groups = part.rstrip(" ;."), list[list[str]]()
    while text.endswith(")"):
        opening = _opening(text)
        if opening is None:
            break
        names = _state_names(text[opening + 1 : -1])
        if not names:
            break
        groups.insert(0, names)
        text = text[:opening].rstrip()
    return text.rstrip(" ,;"), [name for names in groups for name in names]


def _opening(text: str) -> int | None:
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _state_names(inside: str) -> list[str]:
    """Names if the bracket holds a list of State names, else [] (it is part of the text)."""
    names, depth, start = [], 0, 0
    for index, char in enumerate(inside + ","):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append(" ".join(inside[start:index].split()))
            start = index + 1
    return names if names and all(_looks_like_state(name) for name in names) else []


def _looks_like_state(name: str) -> bool:
    # UN style writes one State in lower case: "the former Yugoslav Republic of Macedonia".
    capitalised = name[:1].isupper() or name.startswith("the ")
    if not capitalised or any(char.isdigit() for char in name):
        return False
    # Acronyms (CRC, OP-CAT, ILO) name treaties or bodies, not States.
    return not re.fullmatch(r"[A-Z\-]{2,}", name) and len(name) <= 80


def parse_themes(cell: str) -> dict[str, list[str]]:
    """Themes, SDGs and affected persons from the "Full list of themes" cell."""
    section = "themes"
    out: dict[str, list[str]] = {
        "themes": [],
        "sdgs": [],
        "affected_persons": [],
        "theme_codes": [],
    }
    for raw in cell.splitlines():
        line = raw.strip().lstrip("-–•").strip()
        lowered = line.lower().rstrip(": ")
        if lowered in {"sdgs", "sdg"}:
            section = "sdgs"
        elif lowered.startswith("affected person"):
            section = "affected_persons"
        elif line:
            _theme_line(out, section, line)
    return out


def _theme_line(out: dict[str, list[str]], section: str, line: str) -> None:
    if section == "sdgs":
        match = SDG.match(line)
        out["sdgs"].append(match.group(1) if match else line)
    elif section == "themes":
        match = THEME_CODE.match(line)
        if match:
            out["theme_codes"].append(match.group(1))
            line = match.group(2)
        out["themes"].append(line)
    else:
        out["affected_persons"].append(line)
