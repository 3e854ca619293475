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


def test_the_check_names_the_data_may_use_are_exactly_the_checks_there_are():
    from haven.law.gaps import CHECKS
    from haven.law.schema import GAP_CHECKS

    assert set(CHECKS) == set(GAP_CHECKS)
    assert {rule.check for rule in law().gaps.values()} == set(GAP_CHECKS)


def test_the_law_loader_does_not_import_the_gap_rules():
    import ast
    from pathlib import Path

    from haven.law import loader

    tree = ast.parse(Path(loader.__file__).read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "haven.law.gaps" not in imported


def test_an_open_list_must_still_name_the_minimum_purposes():
    open_but_short = replace(
        profile("protocol"), purposes=frozenset({"sexual_exploitation", "forced_labour"})
    )
    found = find_gaps(settings(definition=open_but_short))
    minimum = next(f for f in found if f.rule.code == "missing_minimum_purpose")
    assert minimum.outcome == "gap" and "Removal of organs" in minimum.detail


def test_begging_and_crime_are_binding_where_the_eu_directive_binds():
    loose = settings(definition=profile("coe_convention"))
    later = {f.rule.code: f for f in find_gaps(loose)}["missing_later_purpose"]
    assert later.outcome == "ok" and later.strength == "should"
    bound = replace(loose, ratified=frozenset({"eu_directive_2011_36"}))
    later = {f.rule.code: f for f in find_gaps(bound)}["missing_later_purpose"]
    assert later.outcome == "gap" and later.strength == "shall"


def test_forced_marriage_is_checked_not_only_named():
    closed = profile("example_means_for_children")
    assert outcomes(settings(definition=closed))["missing_forced_marriage"] == "gap"
    assert outcomes(settings())["missing_forced_marriage"] == "ok"


def test_a_law_for_women_and_children_only_is_a_gap():
    narrow = replace(profile("protocol"), protects_only_women_and_children=True)
    assert outcomes(settings(definition=narrow))["only_women_and_children"] == "gap"
    assert outcomes(settings())["only_women_and_children"] == "ok"


@pytest.mark.parametrize(
    "setting, rule",
    [
        ("protection_regardless_of_status", "no_protection_regardless_of_status"),
        ("no_detention_of_victims", "victims_detained"),
        ("appeal_against_support_denial", "no_appeal_against_support_denial"),
        ("free_legal_aid", "no_free_legal_aid"),
        ("state_compensation_fund", "no_state_compensation_fund"),
        ("recognition_without_proceedings", "recognition_only_with_proceedings"),
    ],
)
def test_each_protection_setting_asked_the_protective_way_round(setting, rule):
    assert outcomes(settings())[rule] == "unknown"
    assert outcomes(settings(**{setting: False}))[rule] == "gap"
    assert outcomes(settings(**{setting: True}))[rule] == "ok"


def test_the_gap_report_json_gives_the_strength_that_binds_this_jurisdiction():
    from haven.law.serialize import gap_json

    bound = settings(
        definition=profile("coe_convention"), ratified=frozenset({"eu_directive_2011_36"})
    )
    later = next(f for f in find_gaps(bound) if f.rule.code == "missing_later_purpose")
    assert gap_json(later)["strength"] == "shall" and later.rule.strength == "should"
