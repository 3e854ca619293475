import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from haven.law.actions import do_load_builtin_jurisdictions

EXAMPLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "screening-record.json"


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


def run(*args) -> str:
    out = StringIO()
    call_command("screen", *args, stdout=out)
    return out.getvalue()


def test_the_documented_example_screens_to_the_contract(jurisdictions):
    data = json.loads(run(str(EXAMPLE), "--json"))
    assert set(data) >= {
        "legal_elements",
        "reasonable_grounds",
        "reasons",
        "early_support",
        "rights",
        "alerts",
    }
    assert isinstance(data["legal_elements"]["child"], bool)
    codes = {r["code"] for r in data["rights"]}
    assert {
        "reflection_period",
        "assistance",
        "residence_status",
        "information_on_rights",
        "legal_assistance",
        "remedies",
        "non_punishment",
    } <= codes
    assert all(r["basis"] for r in data["rights"]) and all(a["basis"] for a in data["alerts"])


def test_the_jurisdiction_option_overrides_the_record(jurisdictions):
    data = json.loads(run(str(EXAMPLE), "--jurisdiction", "IT", "--json"))
    reflection = next(r for r in data["rights"] if r["code"] == "reflection_period")
    assert data["jurisdiction"] == "IT" and reflection["days"] == 180


def test_the_vocabulary_lists_every_accepted_code_by_field():
    data = json.loads(run("--vocabulary", "--json"))
    assert {
        "encounter.setting",
        "vulnerabilities",
        "indicators",
        "facts.means",
        "situation.charged_offences",
    } <= set(data)
    assert len(data["indicators"]) == 63


def test_a_bad_record_exits_with_the_field_named(tmp_path, jurisdictions):
    path = tmp_path / "bad.json"
    path.write_text('{"encounter": {"date": "yesterday"}}')
    with pytest.raises(CommandError, match=r"bad.json: encounter\.date"):
        run(str(path), "--json")


def test_the_api_gives_the_same_result_as_the_command(client, frontline, jurisdictions):
    client.force_login(frontline)
    from_api = client.post(
        "/screening/api/screen/", EXAMPLE.read_text(), content_type="application/json"
    ).json()
    assert from_api == json.loads(run(str(EXAMPLE), "--json"))


def test_the_api_refuses_enforcement(client, police, jurisdictions):
    from haven.accounts.roles import Role
    from haven.testing.fixtures import make_user

    client.force_login(make_user(police, *Role))
    assert (
        client.post(
            "/screening/api/screen/", EXAMPLE.read_text(), content_type="application/json"
        ).status_code
        == 403
    )
