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
from haven.law.schema import PURPOSES, GapRule

Outcome = Literal["gap", "ok", "unknown"]
MINIMUM_PURPOSES = PURPOSES[:5]
LATER_PURPOSES = ("begging", "forced_criminality")
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


def _missing(purposes: tuple[str, ...]) -> Callable[[JurisdictionSettings], Check]:
    def check(j: JurisdictionSettings) -> Check:
        missing = [p for p in purposes if p not in j.definition.purposes]
        if not missing or j.definition.open_purposes:
            return Check("ok", "All these forms are covered or the list is open.")
        return Check("gap", f"Forms not covered: {', '.join(missing)}.")

    return check


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
    "missing_minimum_purpose": _missing(MINIMUM_PURPOSES),
    "missing_later_purpose": _missing(LATER_PURPOSES),
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
}


@dataclass(frozen=True)
class GapFinding:
    rule: GapRule
    outcome: Outcome
    detail: str
    against: Literal["ratified", "baseline"]


def find_gaps(jurisdiction: JurisdictionSettings, base: LawBase | None = None) -> list[GapFinding]:
    """Every rule's finding for this jurisdiction, gaps first, then those not assessed."""
    base = base or law()
    findings = [_apply(rule, jurisdiction) for rule in base.gaps.values()]
    order = {"gap": 0, "unknown": 1, "ok": 2}
    return sorted(findings, key=lambda f: order[f.outcome])


def _apply(rule: GapRule, jurisdiction: JurisdictionSettings) -> GapFinding:
    result = CHECKS[rule.check](jurisdiction)
    ratified = any(b.instrument in jurisdiction.ratified for b in rule.basis)
    return GapFinding(rule, result.outcome, result.detail, "ratified" if ratified else "baseline")
