from dataclasses import replace

import pytest

from haven.law.definition import DefinitionProfile
from haven.law.gaps import JurisdictionSettings, find_gaps
from haven.law.loader import law


def profile(code: str) -> DefinitionProfile:
    return DefinitionProfile.from_data(law().profiles[code])


def settings(**changes) -> JurisdictionSettings:
    base = JurisdictionSettings(
        code="XX", name="Testland", definition=profile("protocol"), reflection_days=30
    )
    return replace(base, **changes)


def outcomes(jurisdiction: JurisdictionSettings) -> dict[str, str]:
    return {f.rule.code: f.outcome for f in find_gaps(jurisdiction)}


def test_a_national_profile_requiring_transnationality_flags_a_gap():
    found = outcomes(settings(definition=profile("example_border_crossing")))
    assert found["requires_transnational"] == "gap"
    assert found["requires_border_crossing"] == "gap"
    assert found["missing_minimum_purpose"] == "gap"


def test_means_required_for_children_is_a_gap():
    assert (
        outcomes(settings(definition=profile("example_means_for_children")))[
            "means_required_for_children"
        ]
        == "gap"
    )


def test_the_protocol_baseline_has_no_definition_gap():
    found = outcomes(settings())
    definition_rules = [
        "means_required_for_children",
        "requires_transnational",
        "requires_border_crossing",
        "requires_organised_crime",
        "missing_minimum_purpose",
    ]
    assert all(found[code] == "ok" for code in definition_rules)


@pytest.mark.parametrize("days, outcome", [(29, "gap"), (30, "ok"), (90, "ok")])
def test_a_reflection_period_under_30_days_is_a_gap(days, outcome):
    assert outcomes(settings(reflection_days=days))["reflection_below_floor"] == outcome


def test_settings_nobody_entered_are_not_assessed_never_fine():
    found = outcomes(settings())
    assert found["residence_conditional_on_cooperation"] == "unknown"
    assert found["no_non_punishment_provision"] == "unknown"


def test_residence_tied_to_cooperation_is_a_gap():
    assert (
        outcomes(settings(residence_conditional_on_cooperation=True))[
            "residence_conditional_on_cooperation"
        ]
        == "gap"
    )
    assert (
        outcomes(settings(residence_conditional_on_cooperation=False))[
            "residence_conditional_on_cooperation"
        ]
        == "ok"
    )


def test_a_gap_is_measured_against_a_ratified_instrument_when_its_basis_lies_there():
    jurisdiction = settings(reflection_days=10, ratified=frozenset({"coe_convention"}))
    finding = next(f for f in find_gaps(jurisdiction) if f.rule.code == "reflection_below_floor")
    assert finding.against == "ratified"
    assert (
        next(
            f
            for f in find_gaps(settings(reflection_days=10))
            if f.rule.code == "reflection_below_floor"
        ).against
        == "baseline"
    )


def test_gaps_come_first_and_every_rule_cites_a_basis():
    findings = find_gaps(settings(reflection_days=1))
    assert findings[0].outcome == "gap"
    assert all(f.rule.basis and f.rule.sources for f in findings)
