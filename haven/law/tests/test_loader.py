"""The data files load, link up, and a bad file is refused with its path, entry and field."""

import shutil
from pathlib import Path

import pytest

from haven.law.loader import DATA_DIR, LawDataError, law, load_law

REQUIRED_RIGHTS = {
    "reflection_period",
    "residence_status",
    "assistance",
    "information_on_rights",
    "legal_assistance",
    "health_care",
    "safe_accommodation",
    "guardian",
    "non_punishment",
    "no_detention",
    "privacy",
    "return_risk_assessment",
    "remedies",
    "appeal",
}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(DATA_DIR, tmp_path / "data"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1))


def test_the_built_in_knowledge_base_loads_and_every_basis_resolves():
    base = load_law()
    assert all((b.instrument, b.article) in base.provisions for _, b in base.all_bases())


def test_there_are_at_least_25_instruments_from_every_kind_of_body():
    base = law()
    assert len(base.instruments) >= 25
    assert {i.body for i in base.instruments.values()} >= {"UN", "ILO", "Council of Europe", "EU"}


def test_every_right_and_provision_has_a_basis_and_a_source():
    base = law()
    assert all(r.basis and r.sources for r in base.rights.values())
    assert all(p.sources for p in base.provisions.values())


def test_the_rights_catalogue_covers_what_the_documents_require():
    assert set(law().rights) >= REQUIRED_RIGHTS
    remedies = law().rights["remedies"]
    assert set(remedies.forms) == {
        "restitution",
        "compensation",
        "rehabilitation",
        "satisfaction",
        "guarantees_of_non_repetition",
    }
    assert {"criminal", "civil", "administrative", "labour"} <= set(remedies.channels)


def test_no_right_is_conditional_on_cooperation():
    assert not any(r.conditional_on_cooperation for r in law().rights.values())


@pytest.mark.parametrize(
    "code, days",
    [("INTL", 30), ("GB", 45), ("CZ", 60), ("DE", 90), ("NL", 90), ("IT", 180), ("NO", 180)],
)
def test_reflection_periods_are_those_the_documents_give(code, days):
    assert law().jurisdictions[code].reflection_days == days


def test_a_wrong_value_names_the_file_the_entry_and_the_field(data_copy):
    _replace(data_copy / "rights.toml", 'strength = "shall"', 'strength = "must"')
    with pytest.raises(LawDataError) as error:
        load_law(data_copy)
    message = str(error.value)
    assert "rights.toml" in message and "right[" in message and "> strength" in message
    entry = message.split("right[", 1)[1].split(">", maxsplit=1)[0]
    assert "(" in entry  # the entry is named by its code


def test_a_missing_field_is_named(data_copy):
    _replace(data_copy / "jurisdictions.toml", "reflection_days = 45", "")
    with pytest.raises(
        LawDataError,
        match=r"jurisdictions.toml: jurisdiction\[\d+\] \(GB\) > reflection_days: Field required",
    ):
        load_law(data_copy)


def test_broken_toml_names_the_file_and_line(data_copy):
    (data_copy / "profiles.toml").write_text("schema_version = 1\n[[profile]\n")
    with pytest.raises(LawDataError, match=r"profiles.toml: not valid TOML: .*line 2"):
        load_law(data_copy)


def test_a_basis_that_cites_no_known_provision_is_refused(data_copy):
    _replace(data_copy / "rights.toml", 'article = "13"', 'article = "13bis"')
    with pytest.raises(
        LawDataError,
        match=r"right reflection_period: basis coe_convention art. 13bis is not a provision",
    ):
        load_law(data_copy)


def test_a_bad_seed_line_range_is_refused(data_copy):
    _replace(data_copy / "gaps.toml", 'lines = "84"', 'lines = "84-80"')
    with pytest.raises(LawDataError, match="lines must be a line number or a range"):
        load_law(data_copy)


def test_a_repeated_code_is_refused(data_copy):
    path = data_copy / "jurisdictions.toml"
    path.write_text(path.read_text().replace('code = "CZ"', 'code = "GB"', 1))
    with pytest.raises(LawDataError, match="code 'GB' appears twice"):
        load_law(data_copy)
