"""The rights engine: scenarios from the documents, and its invariants under random records."""

import datetime
import json
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.law.definition import DefinitionProfile
from haven.law.gaps import JurisdictionSettings
from haven.law.loader import law
from haven.law.schema import ACTS, MEANS, PURPOSES
from haven.screening.engine import screen
from haven.screening.record import Record
from haven.screening.vocabulary import vocabulary

DATE = datetime.date(2026, 3, 1)
VOC = vocabulary()


def jurisdiction(code: str = "INTL", days: int = 30) -> JurisdictionSettings:
    profile = DefinitionProfile.from_data(
        law().profiles["coe_convention" if code != "INTL" else "protocol"]
    )
    return JurisdictionSettings(
        code=code, name=code, definition=profile, reflection_days=days, appeal_days=14
    )


def record(**parts) -> Record:
    data = {
        "encounter": {"date": DATE.isoformat(), "setting": "labour_inspection"},
        "consent_to_record": True,
    }
    data.update(parts)
    return Record.model_validate_json(json.dumps(data))


def run(rec: Record, where: JurisdictionSettings | None = None):
    return screen(rec, where or jurisdiction())


def rights(result) -> dict:
    return {r.code: r for r in result.rights}


def alerts(result) -> set[str]:
    return {a.code for a in result.alerts}


def indicators_of(category: str, answer: str = "yes", count: int = 2) -> dict[str, str]:
    return {i.code: answer for i in VOC.categories[category].indicator[:count]}


# Scenarios


def test_an_adult_in_forced_labour_found_by_a_labour_inspection():
    result = run(
        record(
            person={"age": 34},
            facts={
                "acts": ["recruitment"],
                "means": ["deception", "abuse_of_vulnerability"],
                "purposes": ["forced_labour"],
            },
            indicators={
                **indicators_of("deceptive_recruitment"),
                **indicators_of("exploitative_conditions"),
            },
        ),
        jurisdiction("DE", 90),
    )
    assert result.legal.overall == "met" and result.reasonable_grounds
    reflection = rights(result)["reflection_period"]
    assert (reflection.starts, reflection.days, reflection.ends) == (
        DATE,
        90,
        DATE + datetime.timedelta(days=90),
    )
    assert {"assistance", "legal_assistance", "remedies", "information_on_rights"} <= set(
        rights(result)
    )


def test_a_16_year_old_in_sexual_exploitation_with_no_means():
    result = run(
        record(
            person={"age": 16, "unaccompanied": True},
            facts={
                "acts": ["recruitment", "transportation"],
                "means": [],
                "purposes": ["sexual_exploitation"],
            },
        )
    )
    assert result.legal.child == "yes" and result.legal.elements["means"].status == "not_required"
    assert result.legal.overall == "met" and result.reasonable_grounds
    assert "guardian" in rights(result) and "guardian_required" in alerts(result)


def test_a_person_of_unknown_age_is_presumed_a_child():
    result = run(record(person={"age": None}))
    assert result.legal.child == "presumed"
    assert "presumed_child" in alerts(result)
    assert "age_presumption" in rights(result) or "best_interests_of_child" in rights(result)


def test_an_adult_charged_with_an_immigration_offence_is_protected_from_punishment():
    result = run(
        record(
            person={"age": 28},
            facts={
                "acts": ["transportation"],
                "means": ["coercion"],
                "purposes": ["forced_criminality"],
            },
            situation={
                "charged_offences": ["irregular_entry"],
                "detained": True,
                "removal_pending": True,
            },
        )
    )
    assert result.reasonable_grounds
    assert "non_punishment" in rights(result)
    assert {"non_punishment", "no_detention", "return_risk_assessment_required"} <= alerts(result)


def test_heavy_vulnerabilities_and_no_indicators_still_recommend_support():
    result = run(
        record(
            person={"age": 41},
            vulnerabilities=list(VOC.vulnerabilities)[:4],
            facts={"acts": [], "means": [], "purposes": []},
        )
    )
    assert result.legal.overall == "not_met" and not result.reasonable_grounds
    assert result.early_support
    assert len(result.support_reasons) >= 4


@pytest.mark.parametrize(
    "code, days",
    [("INTL", 30), ("GB", 45), ("CZ", 60), ("DE", 90), ("NL", 90), ("IT", 180), ("NO", 180)],
)
def test_each_jurisdiction_s_reflection_period(code, days):
    result = run(
        record(
            person={"age": 30},
            facts={"acts": ["receipt"], "means": ["force"], "purposes": ["slavery"]},
        ),
        jurisdiction(code, law().jurisdictions[code].reflection_days),
    )
    assert rights(result)["reflection_period"].days == days


def test_not_asked_indicators_are_said_to_be_unasked_not_absent():
    result = run(record(person={"age": 30}))
    assert any("not asked" in reason for reason in result.reasons)
    assert "indicators_not_asked" in alerts(result)


def test_every_right_and_alert_carries_a_basis_that_exists_in_the_knowledge_base():
    result = run(
        record(
            person={"age": None, "unaccompanied": True},
            situation={"detained": True, "removal_pending": True, "charged_offences": ["begging"]},
            facts={"acts": ["harbouring"], "means": [], "purposes": ["begging"]},
        )
    )
    for item in [*result.rights, *result.alerts]:
        assert item.basis
        assert all((b.instrument, b.article) in law().provisions for b in item.basis)


# Invariants over random records

answers = st.sampled_from(["yes", "no", "not_asked"])


def fact_lists(codes):
    return st.one_of(st.none(), st.lists(st.sampled_from(codes), max_size=3, unique=True))


def some(values, size):
    return st.lists(st.sampled_from(list(values)), max_size=size, unique=True)


@st.composite
def records(draw):
    return record(
        person={
            "age": draw(st.one_of(st.none(), st.integers(0, 90))),
            "age_disputed": draw(st.booleans()),
            "unaccompanied": draw(st.one_of(st.none(), st.booleans())),
        },
        vulnerabilities=draw(some(VOC.vulnerabilities, 4)),
        indicators=draw(
            st.dictionaries(st.sampled_from(list(VOC.indicators)), answers, max_size=12)
        ),
        facts={
            name: draw(fact_lists(codes))
            for name, codes in (("acts", ACTS), ("means", MEANS), ("purposes", PURPOSES))
        },
        situation={
            "detained": draw(st.booleans()),
            "charged_offences": draw(some(VOC.offences, 2)),
            "removal_pending": draw(st.booleans()),
        },
    )


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _protection(result) -> tuple:
    return (result.early_support, result.reasonable_grounds, {r.code for r in result.rights})


@FAST
@given(records())
def test_any_vulnerability_recommends_support_whatever_the_indicators_and_elements(rec):
    if rec.vulnerabilities:
        assert run(rec).early_support


@FAST
@given(records(), st.sampled_from(list(VOC.indicators)))
def test_an_indicator_can_only_add_protection(rec, code):
    before = run(rec)
    after = run(rec.model_copy(update={"indicators": {**rec.indicators, code: "yes"}}))
    assert before.early_support <= after.early_support
    assert before.reasonable_grounds <= after.reasonable_grounds
    assert {r.code for r in before.rights} <= {r.code for r in after.rights}


@FAST
@given(records())
def test_not_asked_is_never_treated_as_no(rec):
    as_no = rec.model_copy(update={"indicators": {c: "no" for c in VOC.indicators}})
    unasked = rec.model_copy(update={"indicators": {}})
    assert _protection(run(as_no)) == _protection(run(unasked))
    assert "indicators_not_asked" in alerts(run(unasked))
    assert "indicators_not_asked" not in alerts(run(as_no))


@FAST
@given(records())
def test_an_unknown_or_disputed_age_is_presumed_a_child(rec):
    person = rec.person
    if person.age is None or person.age_disputed:
        result = run(rec)
        assert result.legal.child == "presumed" and "presumed_child" in alerts(result)


@FAST
@given(records())
def test_non_punishment_applies_on_reasonable_grounds_without_formal_identification(rec):
    result = run(rec)
    if result.reasonable_grounds:
        assert "non_punishment" in rights(result)
        if rec.situation.charged_offences:
            assert "non_punishment" in alerts(result)


@FAST
@given(records())
def test_removal_needs_a_risk_assessment_and_detention_with_grounds_raises_an_alert(rec):
    result = run(rec)
    if rec.situation.removal_pending:
        assert "return_risk_assessment_required" in alerts(result)
        assert "return_risk_assessment" in rights(result)
    if rec.situation.detained and result.reasonable_grounds:
        assert "no_detention" in alerts(result)


@FAST
@given(records())
def test_the_engine_is_deterministic(rec):
    assert run(rec) == run(rec)


def test_there_is_no_way_to_tell_the_engine_about_cooperation():
    with pytest.raises(ValueError, match="cooperat"):
        Record.model_validate_json(
            '{"encounter": {"date": "2026-01-01"}, "cooperates_with_police": false}'
        )
    assert not any("cooperat" in name for name in Record.model_fields)


def test_a_reflection_period_follows_the_jurisdiction_setting():
    base = jurisdiction("GB", 45)
    rec = record(
        person={"age": 30}, facts={"acts": ["receipt"], "means": ["force"], "purposes": ["slavery"]}
    )
    assert rights(run(rec, replace(base, reflection_days=60)))["reflection_period"].days == 60
