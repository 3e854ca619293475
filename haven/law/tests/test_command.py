import json

import pytest
from django.core.management import CommandError, call_command

from haven.law.actions import do_load_builtin_jurisdictions


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


def run(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("law", *args, stdout=out)
    return out.getvalue()


def facts_file(tmp_path, facts):
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(facts))
    return str(path)


def test_check_prints_valid_json_element_by_element(tmp_path, jurisdictions):
    path = facts_file(
        tmp_path, {"age": 34, "acts": ["recruitment"], "means": None, "purposes": ["forced_labour"]}
    )
    data = json.loads(run("check", path, "--jurisdiction", "DE", "--json"))
    assert data["jurisdiction"] == "DE" and data["overall"] == "unknown"
    assert set(data["elements"]) == {"act", "means", "purpose"}
    assert all(element["basis"] for element in data["elements"].values())


def test_check_prints_a_readable_report(tmp_path, jurisdictions):
    path = facts_file(
        tmp_path, {"age": 12, "acts": ["receipt"], "means": [], "purposes": ["sexual_exploitation"]}
    )
    text = run("check", path)
    assert "Overall: met" in text and "not_required" in text


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"means": ["magic"]}', "means: unknown code"),
        ("{not json", "not valid JSON"),
        ('{"age": "x"}', "age:"),
    ],
)
def test_check_refuses_bad_facts_naming_the_problem(tmp_path, jurisdictions, content, message):
    path = tmp_path / "facts.json"
    path.write_text(content)
    with pytest.raises(CommandError, match=message):
        run("check", str(path))


def test_an_unknown_jurisdiction_is_named(tmp_path, jurisdictions):
    with pytest.raises(CommandError, match="no jurisdiction profile 'ZZ'"):
        run("check", facts_file(tmp_path, {}), "--jurisdiction", "ZZ")


def test_gaps_prints_json_with_gaps_and_what_was_not_assessed(jurisdictions):
    data = json.loads(run("gaps", "GB", "--json"))
    assert data["jurisdiction"] == "GB" and data["checked"] >= 12
    assert {g["code"] for g in data["not_assessed"]} >= {"no_non_punishment_provision"}


def test_validate_reports_the_size_of_the_knowledge_base():
    assert run("validate").startswith("ok: ")
