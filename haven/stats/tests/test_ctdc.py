"""Rows in CTDC's variables and coding, checked against the data dictionary itself."""

import os
from pathlib import Path

from haven.stats import ctdc
from haven.stats.ctdc import Source
from haven.testing.shared import unavailable

REPO_ROOT = Path(__file__).resolve().parents[3]
DICTIONARY = "CTDC Global Dataset DATA DICTIONARY version 15082018.xlsx"


def _dictionary() -> Path:
    base = Path(os.environ.get("HAVEN_STANDARDS_DIR", REPO_ROOT / ".." / "shared" / "standards"))
    for candidate in (base / "ctdc" / DICTIONARY, base.parent / "ctdc" / DICTIONARY):
        if candidate.is_file():
            return candidate
    reason = f"{DICTIONARY} not found under {base.resolve()} (set HAVEN_STANDARDS_DIR)"
    return unavailable(reason)


def _variables(path: Path) -> set[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True)["Main"]
    return {str(r[0]).strip() for r in sheet.iter_rows(min_row=2, values_only=True) if r[0]}


def test_every_column_is_a_variable_of_the_ctdc_data_dictionary():
    variables = _variables(_dictionary())
    assert set(ctdc.COLUMNS) - variables == set()


def test_a_case_is_coded_as_ctdc_codes_it():
    source = Source(2024, "Feminine", 16, "VN", "GB", ["DebtBondage", "PhysicalThreats"],
                    ["ForcedLabour", "SexualExploitation"], "C_Manufacturing", ["Prostitution"],
                    "Familial")  # fmt: skip
    row = ctdc.row(source)
    assert row["gender"] == "Female" and row["ageBroad"] == "9--17"
    assert row["majorityStatusAtExploit"] == "Minor" and row["majorityStatus"] == "-99"
    assert row["meansOfControlDebtBondage"] == "1" and row["meansOfControlThreats"] == "1"
    assert row["meansOfControlSexualAbuse"] == "0"
    assert row["isSexAndLabour"] == "1" and row["typeOfLabourManufacturing"] == "1"
    assert row["typeOfSexProstitution"] == "1" and row["recruiterRelationFamily"] == "1"
    assert row["typeOfExploitConcatenated"] == "Forced labour;Sexual exploitation"


def test_unknown_is_coded_missing_not_no():
    row = ctdc.row(Source(2024, "NonSpecifiedUnknown", None, "", "", [], [], "", [], ""))
    assert row["gender"] == row["ageBroad"] == row["citizenship"] == "-99"
    assert row["meansOfControlDebtBondage"] == "-99" and row["isForcedLabour"] == "-99"
    assert row["recruiterRelationUnknown"] == "1"
