"""`haven business laws`: the JSON contract, the text form and clear errors."""

import json

import pytest
from django.core.management import CommandError, call_command

EXAMPLE = {
    "name": "Example",
    "country": "GB",
    "countries_of_operation": ["GB", "FR"],
    "employees": {"in_country": 4200, "worldwide": 12000},
    "turnover": {"amount": 40000000, "currency": "GBP"},
}


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command("business", *args, stdout=out)
    return out.getvalue()


def test_json_output_has_one_entry_per_law_with_reason_and_basis(tmp_path):
    path = tmp_path / "company.json"
    path.write_text(json.dumps(EXAMPLE))
    data = json.loads(run("laws", str(path), "--on", "2026-12-01", "--json"))
    assert [law["code"] for law in data["laws"]] == [
        "uk_msa_s54",
        "au_msa",
        "ca_tisca",
        "fr_vigilance",
        "eu_csddd",
    ]
    for law in data["laws"]:
        assert isinstance(law["applies"], bool) and law["reason"] and law["basis"]


def test_text_output_names_each_verdict(tmp_path):
    path = tmp_path / "company.json"
    path.write_text(json.dumps(EXAMPLE))
    text = run("laws", str(path), "--on", "2026-12-01")
    assert "uk_msa_s54    APPLIES" in text and "basis: Modern Slavery Act 2015, s. 54(2)" in text


def test_a_bad_file_is_refused_naming_the_file_and_field(tmp_path):
    path = tmp_path / "company.json"
    path.write_text(json.dumps({**EXAMPLE, "employees": {"in_country": "many", "worldwide": 1}}))
    with pytest.raises(CommandError, match=r"company.json: employees.in_country"):
        run("laws", str(path))
    path.write_text("{")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("laws", str(path))
    with pytest.raises(CommandError, match="file not found"):
        run("laws", str(tmp_path / "missing.json"))
