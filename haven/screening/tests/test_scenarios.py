"""The scenario table (docs/examples/screening-scenarios.json): each record, with the seed lines
it rests on, gives exactly the rights and alerts it states, through `haven screen --json`, the
interview page and the API alike."""

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from haven.cases.actions import do_open_case
from haven.law.actions import do_save_jurisdiction
from haven.law.seeds import seed_lines, seeds_dir
from haven.screening.record import Record
from haven.screening.vocabulary import vocabulary
from haven.testing.shared import unavailable

TABLE = Path(__file__).resolve().parents[3] / "docs" / "examples" / "screening-scenarios.json"
DATA = json.loads(TABLE.read_text(encoding="utf-8"))
SCENARIOS = DATA["scenarios"]
IDS = [s["name"] for s in SCENARIOS]


@pytest.fixture
def places(jurisdictions):
    for code, entry in DATA["test_jurisdictions"].items():
        do_save_jurisdiction(
            jurisdiction=None, data={"code": code, **entry}, acting_user=None, expected_version=0
        )


def codes(result: dict[str, Any]) -> tuple[list[str], list[str]]:
    return sorted(r["code"] for r in result["rights"]), sorted(a["code"] for a in result["alerts"])


def check(result: dict[str, Any], expect: dict[str, Any]) -> None:
    assert codes(result) == (expect["rights"], expect["alerts"])
    assert result["reasonable_grounds"] == expect["reasonable_grounds"]
    assert result["early_support"]["recommended"] == expect["early_support"]
    assert result["possible_victim"] == expect["possible_victim"]
    assert result["grounds_under"] == expect["grounds_under"]


def test_the_table_has_at_least_25_scenarios_each_resting_on_seed_lines():
    assert len(SCENARIOS) >= 25 and len(set(IDS)) == len(IDS)
    for scenario in SCENARIOS:
        assert scenario["seed_lines"], scenario["name"]
        record = Record.model_validate_json(json.dumps(scenario["record"]))
        # A refusal date is set by a decision, not typed on the interview page.
        assert record.situation.support_denied_on is None, scenario["name"]


def test_every_seed_line_a_scenario_cites_exists_and_holds_text():
    directory = seeds_dir()
    if not any(directory.glob("000_*.txt")):
        reason = f"seed documents not found in {directory.resolve()} (set HAVEN_SEEDS_DIR)"
        unavailable(reason)
    for scenario in SCENARIOS:
        for cited in scenario["seed_lines"]:
            doc, lines = cited.split(":")
            first, _, last = lines.partition("-")
            text = seed_lines(directory, doc) or []
            assert "".join(text[int(first) - 1 : int(last or first)]).strip(), cited


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_command_gives_what_the_scenario_states(scenario, places, tmp_path):
    path = tmp_path / "record.json"
    path.write_text(json.dumps(scenario["record"]))
    out = StringIO()
    call_command("screen", str(path), "--json", stdout=out)
    check(json.loads(out.getvalue()), scenario["expect"])


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_api_gives_what_the_scenario_states(scenario, places, client, frontline):
    client.force_login(frontline)
    response = client.post(
        "/screening/api/screen/", json.dumps(scenario["record"]), content_type="application/json"
    )
    assert response.status_code == 200
    check(response.json(), scenario["expect"])


def _choice(value: bool | None) -> str:
    return {None: "unknown", True: "true", False: "false"}[value]


def interview_form(record: dict[str, Any]) -> dict[str, Any]:
    """The interview page's form, filled in as a worker would to give this record."""
    rec = Record.model_validate_json(json.dumps(record))
    person, situation = rec.person, rec.situation
    form: dict[str, Any] = {
        "jurisdiction": rec.jurisdiction,
        "encounter_date": rec.encounter.date.isoformat(),
        "setting": rec.encounter.setting,
        "interpreter": _choice(rec.encounter.interpreter),
        "language": "",
        "age": "" if person.age is None else str(person.age),
        "gender": "NonSpecifiedUnknown",
        "nationality": "",
        "unaccompanied": _choice(person.unaccompanied),
        "charged_offences": situation.charged_offences,
        "consent_to_record": "true" if rec.consent_to_record else "false",
    }
    flags = {
        "age_disputed": person.age_disputed,
        "detained": situation.detained,
        "removal_pending": situation.removal_pending,
        "in_proceedings": situation.in_proceedings,
        "identified_victim": situation.identified_victim,
    }
    form.update({name: "on" for name, on in flags.items() if on})
    form.update({f"vuln_{code}": "on" for code in rec.vulnerabilities})
    form.update({f"ind_{code}": rec.answer(code) for code in vocabulary().indicators})
    for name in ("acts", "means", "purposes"):
        values = getattr(rec.facts, name)
        form[f"{name}_known"] = "unknown" if values is None else ("some" if values else "none")
        form[name] = values or []
    return form


@pytest.mark.parametrize("scenario", SCENARIOS, ids=IDS)
def test_the_interview_page_shows_what_the_scenario_states(scenario, places, client, frontline):
    case = do_open_case(first_name="Scenario", acting_user=frontline)
    client.force_login(frontline)
    response = client.post(
        f"/screening/case/{case.pk}/interview/", interview_form(scenario["record"])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response["Location"]).content.decode()
    rights = sorted(set(re.findall(r'data-right="([a-z_]+)"', page)))
    alerts = sorted(set(re.findall(r'data-alert="([a-z_]+)"', page)))
    expect = scenario["expect"]
    assert (rights, alerts) == (expect["rights"], expect["alerts"])
    grounds = (
        "Reasonable grounds: yes" if expect["reasonable_grounds"] else "Reasonable grounds: not yet"
    )
    assert grounds in page
    if expect["possible_victim"]:
        assert "A possible victim" in page
