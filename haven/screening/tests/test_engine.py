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


def test_a_person_whose_age_is_uncertain_and_may_be_a_child_is_presumed_a_child():
    result = run(record(person={"age": None, "age_disputed": True}))
    assert result.legal.child == "presumed"
    assert "presumed_child" in alerts(result)
    assert {"age_presumption", "best_interests_of_child"} <= set(rights(result))


def test_a_blank_age_is_not_turned_into_a_child_but_is_flagged_to_ask():
    result = run(record(person={"age": None}))
    assert result.legal.child == "unknown"
    assert "presumed_child" not in alerts(result) and "age_not_recorded" in alerts(result)
    assert "age_presumption" not in rights(result)


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
    setting = draw(st.sampled_from(list(VOC.settings)))
    denied = draw(st.one_of(st.none(), st.dates(DATE, DATE + datetime.timedelta(days=60))))
    return record(
        encounter={"date": DATE.isoformat(), "setting": setting},
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
            "in_proceedings": draw(st.booleans()),
            "identified_victim": draw(st.booleans()),
            "support_denied_on": denied.isoformat() if denied else None,
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
def test_an_uncertain_age_is_presumed_a_child_and_a_blank_one_is_not(rec):
    person, result = rec.person, run(rec)
    if person.age_disputed and (person.age is None or person.age >= 18):
        assert result.legal.child == "presumed" and "presumed_child" in alerts(result)
    if person.age is None and not person.age_disputed:
        assert result.child == "unknown" and "presumed_child" not in alerts(result)


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
    if (rec.situation.detained or rec.encounter.setting == "immigration_detention") and (
        result.reasonable_grounds
    ):
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


# Issue 9: protection the documents require is never withheld

# Answering a question can end the reminder that many were not asked; no other alert may go.
REMINDERS = {"indicators_not_asked"}


def protection(result) -> tuple[set[str], set[str]]:
    return {r.code for r in result.rights}, alerts(result) - REMINDERS


def at_least_as_protective(before, after) -> bool:
    (rights_before, alerts_before), (rights_after, alerts_after) = (
        protection(before),
        protection(after),
    )
    return rights_before <= rights_after and alerts_before <= alerts_after


@st.composite
def national_profiles(draw):
    """Any national definition, however narrow: purposes, extra elements, child age."""
    return DefinitionProfile(
        code="national",
        name="National law",
        purposes=frozenset(draw(some(PURPOSES, 8))),
        open_purposes=draw(st.booleans()),
        means_required_for_children=draw(st.booleans()),
        requires_transnational=draw(st.booleans()),
        requires_organised_crime=draw(st.booleans()),
        requires_border_crossing=draw(st.booleans()),
        child_age=draw(st.integers(14, 18)),
    )


@st.composite
def places(draw):
    if draw(st.booleans()):
        return jurisdiction()
    return JurisdictionSettings(
        code="XX",
        name="National",
        definition=draw(national_profiles()),
        reflection_days=draw(st.integers(0, 200)),
        appeal_days=draw(st.one_of(st.none(), st.integers(1, 60))),
    )


def with_fact(rec: Record, name: str, code: str) -> Record:
    current = getattr(rec.facts, name)
    if current is not None and code in current:
        return rec
    facts = rec.facts.model_copy(update={name: [*(current or []), code]})
    return rec.model_copy(update={"facts": facts})


FACT_CODES = [("acts", c) for c in ACTS] + [("means", c) for c in MEANS]
FACT_CODES += [("purposes", c) for c in PURPOSES]


@FAST
@given(records(), places(), st.sampled_from(list(VOC.indicators)))
def test_adding_an_indicator_never_removes_a_right_or_an_alert(rec, where, code):
    after = rec.model_copy(update={"indicators": {**rec.indicators, code: "yes"}})
    assert at_least_as_protective(run(rec, where), run(after, where))


@FAST
@given(records(), places(), st.sampled_from(list(VOC.vulnerabilities)))
def test_adding_a_vulnerability_never_removes_a_right_or_an_alert(rec, where, code):
    after = rec.model_copy(update={"vulnerabilities": sorted({*rec.vulnerabilities, code})})
    assert at_least_as_protective(run(rec, where), run(after, where))


@FAST
@given(records(), places(), st.sampled_from(FACT_CODES))
def test_adding_an_established_fact_never_removes_a_right_or_an_alert(rec, where, fact):
    assert at_least_as_protective(run(rec, where), run(with_fact(rec, *fact), where))


@FAST
@given(records(), places(), fact_lists(MEANS), st.integers(0, 17))
def test_a_child_s_record_never_needs_a_means(rec, where, means, age):
    child = rec.model_copy(update={"person": rec.person.model_copy(update={"age": age})})
    no_means = child.model_copy(update={"facts": child.facts.model_copy(update={"means": []})})
    other = child.model_copy(update={"facts": child.facts.model_copy(update={"means": means})})
    a, b = run(no_means, where), run(other, where)
    assert protection(a) == protection(b) and a.reasonable_grounds == b.reasonable_grounds
    assert a.international.elements["means"].status == "not_required"


@FAST
@given(records(), national_profiles())
def test_a_national_profile_never_shows_fewer_rights_than_intl(rec, profile):
    national = replace(jurisdiction(), code="XX", definition=profile)
    assert at_least_as_protective(run(rec, jurisdiction()), run(rec, national))
    assert run(rec, jurisdiction()).reasonable_grounds <= run(rec, national).reasonable_grounds


@FAST
@given(records(), places(), st.booleans())
def test_a_detained_child_always_gets_the_no_detention_alert(rec, where, by_setting):
    person = rec.person.model_copy(update={"age": 15})
    if by_setting:
        held = rec.model_copy(
            update={
                "encounter": rec.encounter.model_copy(update={"setting": "immigration_detention"})
            }
        )
    else:
        held = rec.model_copy(
            update={"situation": rec.situation.model_copy(update={"detained": True})}
        )
    assert "no_detention" in alerts(run(held.model_copy(update={"person": person}), where))


@FAST
@given(records(), places())
def test_an_established_act_and_purpose_with_means_unknown_is_a_possible_victim(rec, where):
    facts = rec.facts.model_copy(
        update={"acts": ["harbouring"], "purposes": ["forced_labour"], "means": None}
    )
    result = run(rec.model_copy(update={"facts": facts}), where)
    assert result.possible_victim and result.early_support
    assert {"information_on_rights", "assistance", "early_support"} <= set(rights(result))


@FAST
@given(
    records(),
    places(),
    st.sampled_from(
        [
            i
            for i in VOC.indicators
            if i in {"excessive_hours", "low_or_no_pay", "wage_manipulation", "wages_withheld"}
        ]
    ),
)
def test_labour_exploitation_opens_remedies_with_or_without_grounds(rec, where, code):
    result = run(rec.model_copy(update={"indicators": {**rec.indicators, code: "yes"}}), where)
    assert {"wage_claim", "compensation", "remedies", "legal_assistance"} <= set(rights(result))


def test_coercion_at_destination_with_exploitative_conditions_is_enough_for_an_adult():
    result = run(
        record(
            person={"age": 35},
            indicators={"destination_documents_confiscated": "yes", "excessive_hours": "yes"},
        )
    )
    assert result.reasonable_grounds and "reflection_period" in rights(result)
    assert any("without any movement" in reason for reason in result.reasons)


@pytest.mark.parametrize("code", ["forced_illicit_activities", "forced_tasks_or_clients"])
def test_being_forced_into_crime_or_clients_is_exploitation_of_a_child(code):
    result = run(record(person={"age": 15}, indicators={code: "yes"}))
    assert result.reasonable_grounds and "non_punishment" in rights(result)


def test_a_closed_national_list_is_a_gap_the_person_does_not_pay_for():
    narrow = replace(
        jurisdiction(),
        code="XX",
        definition=DefinitionProfile.from_data(law().profiles["example_means_for_children"]),
    )
    result = run(
        record(
            person={"age": 16},
            facts={"acts": ["recruitment"], "means": [], "purposes": ["forced_marriage"]},
        ),
        narrow,
    )
    assert result.legal.overall == "not_met" and result.international.overall == "met"
    assert result.reasonable_grounds and result.grounds_under == ("international",)
    assert any("international floor" in reason for reason in result.reasons)


def test_a_denial_of_support_opens_the_appeal_from_the_day_of_refusal():
    denied = DATE + datetime.timedelta(days=10)
    result = run(record(situation={"support_denied_on": denied.isoformat()}))
    appeal = rights(result)["appeal"]
    assert (appeal.starts, appeal.ends) == (denied, denied + datetime.timedelta(days=14))


def test_a_formally_identified_victim_has_the_rights_identification_brings():
    result = run(record(situation={"identified_victim": True}))
    assert {"residence_status", "long_term_inclusion", "remedies"} <= set(rights(result))
