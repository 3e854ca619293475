"""The legal-gap report: where a jurisdiction's definition and rights settings fall short.

Each rule in gaps.toml names one of the checks below. A check answers "gap", "ok" or
"unknown" (a setting nobody has entered is reported as not assessed, never as fine). A gap is
measured against the instruments the jurisdiction has ratified when its basis lies there, and
against the international baseline otherwise (ICAT issue paper, section 4: seed 002 L214-306).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from haven.law.definition import DefinitionProfile
from haven.law.loader import LawBase, law
from haven.law.schema import PURPOSES, GapRule, Strength

Outcome = Literal["gap", "ok", "unknown"]
MINIMUM_PURPOSES = PURPOSES[:5]
LATER_PURPOSES = ("begging", "forced_criminality")
EU_DIRECTIVE = "eu_directive_2011_36"
REFLECTION_FLOOR_DAYS = 30


@dataclass(frozen=True)
class JurisdictionSettings:
    """A jurisdiction's profile as the checks read it; None is "not entered"."""

    code: str
    name: str
    definition: DefinitionProfile
    reflection_days: int
    appeal_days: int | None = None
    ratified: frozenset[str] = frozenset()
    residence_conditional_on_cooperation: bool | None = None
    assistance_conditional_on_cooperation: bool | None = None
    non_punishment_provision: bool | None = None
    return_risk_assessment: bool | None = None
    guardian_for_children: bool | None = None
    protection_regardless_of_status: bool | None = None
    no_detention_of_victims: bool | None = None
    appeal_against_support_denial: bool | None = None
    free_legal_aid: bool | None = None
    state_compensation_fund: bool | None = None
    recognition_without_proceedings: bool | None = None


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    detail: str


def _flag(setting: bool | None, *, gap_when: bool, yes: str, no: str) -> Check:
    if setting is None:
        return Check("unknown", "Not entered for this jurisdiction.")
    return Check("gap", yes) if setting == gap_when else Check("ok", no)


def _definition_flag(name: str, words: str) -> Callable[[JurisdictionSettings], Check]:
    def check(j: JurisdictionSettings) -> Check:
        required = getattr(j.definition, name)
        return _flag(
            required,
            gap_when=True,
            yes=f"The definition requires {words}.",
            no=f"No {words} required.",
        )

    return check


def _labels(codes: list[str]) -> str:
    terms = {t.code: t.label for t in law().definition.purpose}
    return "; ".join(terms.get(c, c) for c in codes)


def _minimum(j: JurisdictionSettings) -> Check:
    """An open list still has to name the Protocol's minimum forms (002 L56; 001 L279)."""
    missing = [p for p in MINIMUM_PURPOSES if p not in j.definition.purposes]
    if not missing:
        return Check("ok", "Every form in the Protocol's minimum list is named.")
    return Check("gap", f"Forms of the minimum list not named: {_labels(missing)}.")


def _missing(
    purposes: tuple[str, ...], *, binding: str | None
) -> Callable[[JurisdictionSettings], Check]:
    """Forms beyond the minimum: an open list reaches them, unless an instrument the State has
    ratified (`binding`) names them expressly, as the EU Directive does begging and crime."""

    def check(j: JurisdictionSettings) -> Check:
        missing = [p for p in purposes if p not in j.definition.purposes]
        if not missing:
            return Check("ok", "These forms are named.")
        if j.definition.open_purposes and binding not in j.ratified:
            return Check("ok", f"Not named, but the list is open: {_labels(missing)}.")
        return Check("gap", f"Forms not covered: {_labels(missing)}.")

    return check


def _protected(setting: str, yes: str, no: str) -> Callable[[JurisdictionSettings], Check]:
    """A setting asked the protective way round: "no" is the gap, blank is not assessed."""

    def check(j: JurisdictionSettings) -> Check:
        return _flag(getattr(j, setting), gap_when=False, yes=no, no=yes)

    return check


def _only_women_and_children(j: JurisdictionSettings) -> Check:
    if j.definition.protects_only_women_and_children:
        return Check("gap", "The definition protects only women and children.")
    return Check("ok", "The definition protects every person.")


def _reflection(j: JurisdictionSettings) -> Check:
    days = j.reflection_days
    if days < REFLECTION_FLOOR_DAYS:
        return Check("gap", f"{days} days, under the floor of {REFLECTION_FLOOR_DAYS} days.")
    return Check("ok", f"{days} days.")


CHECKS: dict[str, Callable[[JurisdictionSettings], Check]] = {
    "means_required_for_children": _definition_flag(
        "means_required_for_children", "a means for children"
    ),
    "requires_transnational": _definition_flag("requires_transnational", "a transnational element"),
    "requires_organised_crime": _definition_flag(
        "requires_organised_crime", "an organised criminal group"
    ),
    "requires_border_crossing": _definition_flag("requires_border_crossing", "a border crossing"),
    "missing_minimum_purpose": _minimum,
    "missing_later_purpose": _missing(LATER_PURPOSES, binding=EU_DIRECTIVE),
    "missing_forced_marriage": _missing(("forced_marriage",), binding=None),
    "only_women_and_children": _only_women_and_children,
    "reflection_below_floor": _reflection,
    "residence_conditional_on_cooperation": lambda j: _flag(
        j.residence_conditional_on_cooperation,
        gap_when=True,
        yes="Residence depends on cooperating with the authorities.",
        no="Residence can be granted on the person's situation alone.",
    ),
    "assistance_conditional_on_cooperation": lambda j: _flag(
        j.assistance_conditional_on_cooperation,
        gap_when=True,
        yes="Assistance depends on cooperating with the authorities.",
        no="Assistance does not depend on cooperation.",
    ),
    "no_non_punishment_provision": lambda j: _flag(
        j.non_punishment_provision,
        gap_when=False,
        yes="The law has no non-punishment provision.",
        no="The law has a non-punishment provision.",
    ),
    "no_return_risk_assessment": lambda j: _flag(
        j.return_risk_assessment,
        gap_when=False,
        yes="Return can happen without an individual risk assessment.",
        no="An individual risk assessment comes before any return.",
    ),
    "no_guardian_for_children": lambda j: _flag(
        j.guardian_for_children,
        gap_when=False,
        yes="No guardian is appointed for unaccompanied children.",
        no="A guardian is appointed for unaccompanied children.",
    ),
    "no_protection_regardless_of_status": _protected(
        "protection_regardless_of_status",
        yes="Victims are protected whatever their residence status.",
        no="Protection depends on the person's residence status.",
    ),
    "victims_detained": _protected(
        "no_detention_of_victims",
        yes="Presumed and identified victims are not detained.",
        no="Victims can be held in detention.",
    ),
    "no_appeal_against_support_denial": _protected(
        "appeal_against_support_denial",
        yes="A denial of early support or residence can be appealed.",
        no="There is no appeal against a denial of early support or residence.",
    ),
    "no_free_legal_aid": _protected(
        "free_legal_aid",
        yes="Victims without means get free legal aid.",
        no="Victims get no free legal aid.",
    ),
    "no_state_compensation_fund": _protected(
        "state_compensation_fund",
        yes="A State fund compensates victims when offenders cannot pay.",
        no="There is no State compensation fund for victims.",
    ),
    "recognition_only_with_proceedings": _protected(
        "recognition_without_proceedings",
        yes="A person is recognised as a victim without criminal proceedings.",
        no="A person is recognised as a victim only once criminal proceedings exist.",
    ),
}
# Checks that read a yes/no setting someone enters on the jurisdiction form; the others read
# the definition profile or the reflection period, which every jurisdiction has.
SETTING_CHECKS = frozenset(
    name
    for name in CHECKS
    if name
    not in {
        "means_required_for_children",
        "requires_transnational",
        "requires_organised_crime",
        "requires_border_crossing",
        "missing_minimum_purpose",
        "missing_later_purpose",
        "missing_forced_marriage",
        "only_women_and_children",
        "reflection_below_floor",
    }
)
# The data's check names are declared in the schema (GAP_CHECKS) so that loading the data needs
# no import of this module; tests/test_gaps.py proves the two lists agree.


@dataclass(frozen=True)
class GapFinding:
    rule: GapRule
    outcome: Outcome
    detail: str
    against: Literal["ratified", "baseline"]
    strength: Strength = "should"


def find_gaps(jurisdiction: JurisdictionSettings, base: LawBase | None = None) -> list[GapFinding]:
    """Every rule's finding for this jurisdiction, gaps first, then those not assessed."""
    base = base or law()
    findings = [_apply(rule, jurisdiction) for rule in base.gaps.values()]
    order = {"gap": 0, "unknown": 1, "ok": 2}
    return sorted(findings, key=lambda f: order[f.outcome])


def _apply(rule: GapRule, jurisdiction: JurisdictionSettings) -> GapFinding:
    result = CHECKS[rule.check](jurisdiction)
    ratified = any(b.instrument in jurisdiction.ratified for b in rule.basis)
    strength = (rule.strength_when_ratified if ratified else None) or rule.strength
    against: Literal["ratified", "baseline"] = "ratified" if ratified else "baseline"
    return GapFinding(rule, result.outcome, result.detail, against, strength)
