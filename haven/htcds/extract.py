"""Build Haven's HTCDS catalogue from the standard's own files.

Reads `HTCDS Field Standards 2.0.ods` (the field list: exact names, types, picklist value names
and labels) and `htcds_xlsform.xlsx` (the XLSForm front-line organisations collect data with,
whose field names differ slightly) and writes one JSON catalogue:

    python -m haven.htcds.extract /path/to/standards/htcds > haven/htcds/data/catalogue.json

The ODS is read with zipfile and ElementTree only, so the standard can be re-read without an
office suite. Whatever in the files looks wrong (stray whitespace, an incomplete row, an XLSForm
question whose type disagrees with the standard) is kept out of the data and listed under
"notes", so a reader can see what was mended and why.
"""

import json
import re
import sys
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# The ODS is the standard's own file, read from a local checkout, not untrusted input.
from xml.etree import ElementTree as ET  # noqa: S405

ODS_FILE = "HTCDS Field Standards 2.0.ods"
XLSFORM_FILE = "htcds_xlsform.xlsx"

ATTRIBUTION = {
    "credit": (
        "Human Trafficking Case Data Standard (HTCDS) v2.0 by IOM (International Organization"
        " for Migration), https://github.com/UNMigration/HTCDS, is licensed under CC BY 4.0."
    ),
    "licence": "CC BY 4.0",
    "licence_url": "https://creativecommons.org/licenses/by/4.0/",
    "changes": (
        "Haven extracted the field names, labels, types and picklist values from"
        f" '{ODS_FILE}' and the XLSForm names and choices from '{XLSFORM_FILE}', trimming stray"
        " whitespace; see 'notes'."
    ),
    "notice": (
        "Use of this work must be consistent with the mandate and values of IOM. There is no"
        " suggestion that IOM endorses Haven. The IOM logo is not used."
    ),
}

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_CELLS = {f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"}
_REPEAT_COLUMNS = f"{{{_TABLE}}}number-columns-repeated"
_REPEAT_ROWS = f"{{{_TABLE}}}number-rows-repeated"
_CODE_LIST = re.compile(r"\bISO \d+(?:-\d+)?")
# XLSForm rows that are form machinery, not questions: they map to no HTCDS field by design.
_XLSFORM_METADATA_TYPES = {"start", "end", "today", "deviceid", "calculate", "note", "begin_group"}

Cell = tuple[str, ...]  # the cell's paragraphs, in order


class SourceError(ValueError):
    """A standards file is missing or not shaped as expected."""


# --- ODS -------------------------------------------------------------------------------------


def _paragraph_text(element: ET.Element) -> str:
    """The text of a text:p, honouring text:s (runs of spaces), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rpartition("}")[2]
        if tag == "s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif tag == "tab":
            parts.append("\t")
        elif tag == "line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _cell(element: ET.Element) -> Cell:
    return tuple(_paragraph_text(p) for p in element.iter(f"{{{_TEXT}}}p"))


def _row_cells(row: ET.Element) -> list[Cell]:
    """Expand repeated cells. Runs of empty cells are added only when text follows them, since a
    row's trailing blank cells are often repeated to the sheet's last column (16384)."""
    cells: list[Cell] = []
    pending_blanks = 0
    for element in row:
        if element.tag not in _CELLS:
            continue
        repeat = int(element.get(_REPEAT_COLUMNS, "1"))
        value = _cell(element)
        if not any(p.strip() for p in value):
            pending_blanks += repeat
            continue
        cells.extend([()] * pending_blanks)
        pending_blanks = 0
        cells.extend([value] * repeat)
    return cells


def read_ods_rows(path: Path) -> list[list[Cell]]:
    """The non-blank rows of the ODS's first sheet, each a list of cells."""
    try:
        with zipfile.ZipFile(path) as archive:
            content = archive.read("content.xml")
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    except (zipfile.BadZipFile, KeyError):
        raise SourceError(f"{path}: not an OpenDocument spreadsheet") from None
    root = ET.fromstring(content)  # noqa: S314 - see the import
    table = next(root.iter(f"{{{_TABLE}}}table"), None)
    if table is None:
        raise SourceError(f"{path}: no sheet found")
    rows: list[list[Cell]] = []
    for row in table.iter(f"{{{_TABLE}}}table-row"):
        cells = _row_cells(row)
        if cells:
            rows.extend([cells] * int(row.get(_REPEAT_ROWS, "1")))
    return rows


# --- fields ----------------------------------------------------------------------------------

COLUMNS = {
    "section": "Section",
    "status": "Status",
    "core": "Core",
    "prefix": "Field Name Prefix",
    "name": "Field Name",
    "label": "Field Label",
    "full_name": "Field Name including Prefix",
    "type": "Field Type",
    "value_names": "Value Names (if picklist)",
    "value_labels": "Value Labels (if picklist)",
    "description": "Description",
}


@dataclass
class Extraction:
    """What has been read so far, and what looked wrong in it."""

    fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    entities: dict[str, str] = field(default_factory=dict)  # prefix -> entity
    notes: list[str] = field(default_factory=list)
    skipped_examples: int = 0


def _columns(header: list[Cell], path: Path) -> dict[str, int]:
    titles = [" ".join(cell).strip() for cell in header]
    missing = [title for title in COLUMNS.values() if title not in titles]
    if missing:
        raise SourceError(f"{path}: header row lacks the column(s) {', '.join(missing)}")
    return {key: titles.index(title) for key, title in COLUMNS.items()}


def _text(cells: list[Cell], index: int) -> str:
    """A cell's paragraphs as one text; lines kept, surrounding whitespace trimmed."""
    return "\n".join(cells[index]).strip() if index < len(cells) else ""


def _paragraphs(cells: list[Cell], index: int) -> list[str]:
    return list(cells[index]) if index < len(cells) else []


def _clean(value: str, what: str, notes: list[str]) -> str:
    cleaned = value.strip()  # str.strip() also removes the no-break spaces some labels end with
    if cleaned != value and cleaned:
        notes.append(f"{what}: whitespace trimmed from {value!r}")
    return cleaned


def _values(full_name: str, names: list[str], labels: list[str], notes: list[str]) -> list[Any]:
    """Pair value names with labels in order, dropping empty paragraphs (a trailing '|')."""
    if len(names) != len(labels):
        notes.append(f"{full_name}: {len(names)} value names but {len(labels)} value labels")
    values: list[dict[str, str]] = []
    for index, (raw_name, raw_label) in enumerate(zip(names, labels, strict=False)):
        name = _clean(raw_name, f"{full_name} value name", notes)
        label = _clean(raw_label, f"{full_name} value label", notes)
        if not name and not label:
            notes.append(f"{full_name}: empty value at position {index + 1} dropped")
            continue
        if any(v["name"] == name for v in values):
            notes.append(f"{full_name}: value name {name!r} appears twice")
            continue
        values.append({"name": name, "label": label})
    return values


def _vocabulary(full_name: str, cells: list[Cell], cols: dict[str, int], notes: list[str]) -> Any:
    """(values, code_list): a picklist's values, or the external code list a field names instead
    (the ODS writes "Use ISO 3166 country codes standard" in place of values)."""
    names = _paragraphs(cells, cols["value_names"])
    labels = _paragraphs(cells, cols["value_labels"])
    both = " ".join(names + labels)
    code_list = _CODE_LIST.search(both)
    if code_list:
        return [], code_list[0]
    return _values(full_name, names, labels, notes), None


def _field(cells: list[Cell], cols: dict[str, int], section: str, run: Extraction) -> None:
    prefix, name = _text(cells, cols["prefix"]), _text(cells, cols["name"])
    full_name = _text(cells, cols["full_name"])
    if not full_name:
        full_name = prefix + name
        run.notes.append(f"{full_name}: row has no full name; made from prefix and name")
    elif full_name != prefix + name:
        run.notes.append(f"{full_name}: full name differs from prefix {prefix!r} + name {name!r}")
    if full_name in run.fields:
        run.notes.append(f"{full_name}: appears twice; the first row is kept")
        return
    label, type_ = _text(cells, cols["label"]), _text(cells, cols["type"])
    for what, value in (("label", label), ("type", type_)):
        if not value:
            run.notes.append(f"{full_name}: row has no {what}")
    values, code_list = _vocabulary(full_name, cells, cols, run.notes)
    if "picklist" in type_.lower() and not values and not code_list:
        run.notes.append(f"{full_name}: a {type_} with no values")
    run.entities.setdefault(prefix, section)
    run.fields[full_name] = {
        "entity": run.entities[prefix],
        "section": section,
        "prefix": prefix,
        "name": name,
        "full_name": full_name,
        "label": label or None,
        "type": type_ or None,
        "status": _text(cells, cols["status"]) or None,
        "core": _text(cells, cols["core"]).lower() == "core",
        "description": _text(cells, cols["description"]) or None,
        "values": values,
        "code_list": code_list,
        "position": len(run.fields) + 1,
        "xlsform": None,
    }


def read_fields(path: Path) -> Extraction:
    rows = read_ods_rows(path)
    header_at = next(
        (i for i, row in enumerate(rows) if any(COLUMNS["full_name"] in " ".join(c) for c in row)),
        None,
    )
    if header_at is None:
        raise SourceError(f"{path}: no header row with {COLUMNS['full_name']!r}")
    cols = _columns(rows[header_at], path)
    run, section = Extraction(), ""
    for cells in rows[header_at + 1 :]:
        heading = " ".join(p.strip() for p in _paragraphs(cells, cols["section"])).strip()
        prefix = _text(cells, cols["prefix"])
        if heading:
            section = heading
        elif prefix == "N/A":  # the assessment sections' "EXAMPLE QUESTION ONLY" rows
            run.skipped_examples += 1
        elif prefix:
            _field(cells, cols, section, run)
    if run.skipped_examples:
        run.notes.append(
            f"{run.skipped_examples} 'EXAMPLE QUESTION ONLY' rows (prefix N/A) skipped"
        )
    return run


# --- XLSForm ---------------------------------------------------------------------------------


def normalise(name: str) -> str:
    """The key XLSForm names are matched on: prs_First_Name and prs_FirstName both give
    'prsfirstname'."""
    return name.replace("_", "").casefold()


def _sheet(workbook: Any, title: str, path: Path) -> list[dict[str, str]]:
    if title not in workbook.sheetnames:
        raise SourceError(f"{path}: no sheet {title!r}")
    rows = list(workbook[title].iter_rows(values_only=True))
    if not rows:
        return []
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    return [
        {key: "" if value is None else str(value) for key, value in zip(header, row, strict=False)}
        for row in rows[1:]
        if any(value is not None for value in row)
    ]


def read_xlsform(path: Path) -> tuple[list[dict[str, str]], list[dict[str, str]], str]:
    """(survey rows, choice rows, form version) from the XLSForm workbook."""
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # openpyxl ships no type hints

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise SourceError(f"{path}: file not found") from None
    settings = _sheet(workbook, "settings", path) if "settings" in workbook.sheetnames else []
    version = settings[0].get("version", "") if settings else ""
    return _sheet(workbook, "survey", path), _sheet(workbook, "choices", path), version


def _choices(rows: Iterable[dict[str, str]], notes: list[str]) -> dict[str, list[dict[str, str]]]:
    lists: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        list_name = row.get("list_name", "").strip()
        name = _clean(row.get("name", ""), f"XLSForm choice list {list_name!r} name", notes)
        label = row.get("label", "").strip()
        lists.setdefault(list_name, []).append({"name": name, "label": label})
    return lists


def _compare(
    full_name: str, spec: dict[str, Any], question: dict[str, Any], notes: list[str]
) -> None:
    """Note where the XLSForm disagrees with the standard: type, label or choices."""
    kind, type_ = question["type"], spec["type"] or ""
    multi, picklist = "multi" in type_.lower(), "picklist" in type_.lower()
    expected = {"select_multiple": multi, "select_one": picklist and not multi}
    if kind in expected and not expected[kind] or kind == "text" and picklist:
        notes.append(f"{full_name}: the XLSForm asks it as {kind}, the standard's type is {type_}")
    if question["label"] and spec["label"] and question["label"] != spec["label"]:
        notes.append(
            f"{full_name}: XLSForm label {question['label']!r} differs from {spec['label']!r}"
        )
    if spec["values"] and question["choices"]:
        names = [v["name"] for v in spec["values"]]
        choices = [c["name"] for c in question["choices"]]
        if missing := [n for n in names if n not in choices]:
            notes.append(f"{full_name}: XLSForm choices lack {', '.join(missing)}")
        if extra := [c for c in choices if c not in names]:
            notes.append(f"{full_name}: XLSForm choices not in the standard: {', '.join(extra)}")


def _question(row: dict[str, str], lists: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    kind, _, list_name = row.get("type", "").strip().partition(" ")
    return {
        "name": row.get("name", "").strip(),
        "type": kind,
        "label": row.get("label", "").strip(),
        "list_name": list_name.strip() or None,
        "choices": lists.get(list_name.strip(), []) if list_name else [],
    }


def add_xlsform(run: Extraction, path: Path) -> dict[str, Any]:
    """Attach each XLSForm question to its HTCDS field; return what the form itself says."""
    survey, choice_rows, version = read_xlsform(path)
    by_key: dict[str, str] = {}
    for full_name in run.fields:
        key = normalise(full_name)
        if key in by_key:
            raise SourceError(f"{full_name} and {by_key[key]} are the same name once normalised")
        by_key[key] = full_name
    lists = _choices(choice_rows, run.notes)
    unmapped: list[str] = []
    for row in survey:
        question = _question(row, lists)
        mapped = by_key.get(normalise(question["name"]))
        if mapped is None:
            if question["type"] not in _XLSFORM_METADATA_TYPES:
                run.notes.append(f"XLSForm question {question['name']!r} is no HTCDS field")
            unmapped.append(question["name"])
            continue
        spec = run.fields[mapped]
        if spec["xlsform"] is not None:
            raise SourceError(f"{path}: two questions map to {mapped}")
        _compare(mapped, spec, question, run.notes)
        spec["xlsform"] = question
    return {"file": path.name, "version": version, "unmapped": unmapped}


# --- the catalogue ---------------------------------------------------------------------------


def build_catalogue(directory: Path) -> dict[str, Any]:
    run = read_fields(directory / ODS_FILE)
    xlsform = add_xlsform(run, directory / XLSFORM_FILE)
    entities = [{"prefix": prefix, "name": name} for prefix, name in run.entities.items()]
    return {
        "standard": "Human Trafficking Case Data Standard (HTCDS)",
        "version": "2.0",
        "attribution": ATTRIBUTION,
        "sources": {"fields": ODS_FILE, "xlsform": xlsform},
        "entities": entities,
        "fields": run.fields,
        "notes": run.notes,
    }


def dumps(catalogue: dict[str, Any]) -> str:
    return json.dumps(catalogue, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print(
            "usage: python -m haven.htcds.extract STANDARDS_DIR > catalogue.json", file=sys.stderr
        )
        return 2
    try:
        sys.stdout.write(dumps(build_catalogue(Path(args[0]))))
    except SourceError as error:
        print(f"htcds extract: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
