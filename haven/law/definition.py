"""The definition of trafficking as an evaluation: which elements the known facts meet.

`evaluate_definition(facts, profile)` is pure and deterministic. It never treats "unknown" as
"no": an element nobody has asked about stays `unknown`, and so does the overall finding.
Codes and rules come from definition.toml and profiles.toml; every finding cites its basis.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from haven.law.loader import LawBase, law
from haven.law.schema import ACTS, MEANS, PURPOSES, Basis, DefinitionProfileData, Source

Status = Literal["met", "not_met", "not_required", "unknown"]
Childhood = Literal["yes", "no", "presumed", "unknown"]
EXTRA_REQUIREMENTS = {
    "transnational": "requires_transnational",
    "organised_crime": "requires_organised_crime",
    "border_crossing": "requires_border_crossing",
}


class FactsError(ValueError):
    """The facts are not in the documented format; the message names the field."""


@dataclass(frozen=True)
class DefinitionProfile:
    """What evaluation needs of a profile, whether built in (profiles.toml) or national."""

    code: str
    name: str
    purposes: frozenset[str]
    open_purposes: bool
    means_required_for_children: bool = False
    requires_transnational: bool = False
    requires_organised_crime: bool = False
    requires_border_crossing: bool = False
    protects_only_women_and_children: bool = False
    child_age: int = 18
    citation: str = ""

    @classmethod
    def from_data(cls, data: DefinitionProfileData) -> "DefinitionProfile":
        fields = data.model_dump(exclude={"summary", "basis", "sources", "purposes", "name_i18n"})
        return cls(purposes=frozenset(data.purposes), **fields)


@dataclass(frozen=True)
class Facts:
    """Known facts. For lists, None means unknown and an empty list means known to be absent."""

    age: int | None = None
    age_disputed: bool = False
    acts: tuple[str, ...] | None = None
    means: tuple[str, ...] | None = None
    purposes: tuple[str, ...] | None = None
    transnational: bool | None = None
    organised_crime: bool | None = None
    border_crossing: bool | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Facts":
        if not isinstance(data, Mapping):
            raise FactsError("facts must be a JSON object")
        unknown = set(data) - set(cls.__dataclass_fields__)
        if unknown:
            raise FactsError(f"unknown field(s): {', '.join(sorted(unknown))}")
        return cls(
            age=_age(data.get("age")),
            age_disputed=_flag(data, "age_disputed", default=False),
            acts=_codes(data, "acts", ACTS),
            means=_codes(data, "means", MEANS),
            purposes=_codes(data, "purposes", PURPOSES),
            **{name: _flag(data, name, default=None) for name in EXTRA_REQUIREMENTS},
        )


def _age(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 130:
        raise FactsError(
            f"age: must be a whole number of years from 0 to 130 or null, not {value!r}"
        )
    return value


def _flag(data: Mapping[str, Any], name: str, *, default: bool | None) -> Any:
    value = data.get(name, default)
    if value is not None and not isinstance(value, bool):
        raise FactsError(f"{name}: must be true, false or null, not {value!r}")
    return value


def _codes(data: Mapping[str, Any], name: str, allowed: Sequence[str]) -> tuple[str, ...] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise FactsError(f"{name}: must be a list of codes or null (unknown), not {value!r}")
    wrong = [item for item in value if item not in allowed]
    if wrong:
        raise FactsError(
            f"{name}: unknown code(s) {', '.join(wrong)}; allowed: {', '.join(allowed)}"
        )
    return tuple(dict.fromkeys(value))


@dataclass(frozen=True)
class ElementFinding:
    status: Status
    reason: str
    basis: tuple[Basis, ...] = ()
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class DefinitionFinding:
    profile: str
    child: Childhood
    overall: Status
    elements: dict[str, ElementFinding] = field(default_factory=dict)


def childhood(facts: Facts, child_age: int = 18) -> Childhood:
    """An age that is uncertain with reasons to believe the person may be a child
    (`age_disputed`): presumed a child until verified (003 L2801-2819, L563-566). An age
    nobody has asked is `unknown`: a blank is not turned into a child, nor into an adult."""
    if facts.age is not None and facts.age < child_age:
        return "yes"
    if facts.age_disputed:
        return "presumed"
    return "unknown" if facts.age is None else "no"


def is_child(child: Childhood) -> bool:
    """A child, or presumed one: every child protection applies."""
    return child in ("yes", "presumed")


def evaluate_definition(
    facts: Facts, profile: DefinitionProfile, base: LawBase | None = None
) -> DefinitionFinding:
    base = base or law()
    child = childhood(facts, profile.child_age)
    elements = {
        "act": _listed("act", facts.acts, base),
        "means": _means(facts, profile, child, base),
        "purpose": _purpose(facts.purposes, profile, base),
    }
    for element, setting in EXTRA_REQUIREMENTS.items():
        if getattr(profile, setting):
            elements[element] = _extra(element, getattr(facts, element), profile)
    return DefinitionFinding(profile.code, child, overall(elements.values()), elements)


def overall(findings: Any) -> Status:
    statuses = {finding.status for finding in findings}
    if "not_met" in statuses:
        return "not_met"
    return "unknown" if "unknown" in statuses else "met"


def _term_citations(kind: str, codes: Sequence[str], base: LawBase) -> dict[str, Any]:
    terms = {t.code: t for t in getattr(base.definition, kind)}
    # With nothing established, the whole category's citations explain what would count.
    chosen = [terms[c] for c in codes] or list(terms.values())
    return {
        "basis": tuple(dict.fromkeys(b for t in chosen for b in t.basis)),
        "sources": tuple(dict.fromkeys(src for t in chosen for src in t.sources)),
    }


def _rule_citations(code: str, base: LawBase) -> dict[str, Any]:
    rule = next(r for r in base.definition.rule if r.code == code)
    return {"basis": tuple(rule.basis), "sources": tuple(rule.sources)}


def _listed(kind: str, values: tuple[str, ...] | None, base: LawBase) -> ElementFinding:
    cites = _term_citations(kind, values or (), base)
    if values is None:
        return ElementFinding(
            "unknown", f"No {kind} is known yet: it has not been established.", **cites
        )
    if not values:
        return ElementFinding("not_met", f"It is established that there was no {kind}.", **cites)
    return ElementFinding("met", f"{kind.capitalize()}: {', '.join(values)}.", **cites)


def _means(
    facts: Facts, profile: DefinitionProfile, child: Childhood, base: LawBase
) -> ElementFinding:
    if is_child(child) and not profile.means_required_for_children:
        who = "a child" if child == "yes" else "presumed a child until the age is verified"
        reason = f"The person is {who}: no means is needed for a child."
        return ElementFinding("not_required", reason, **_rule_citations("child_no_means", base))
    finding = _listed("means", facts.means, base)
    if child == "unknown" and finding.status != "met":
        reason = finding.reason + " The age is not known: if the person is a child, none is needed."
        return ElementFinding(finding.status, reason, finding.basis, finding.sources)
    if finding.status == "met":
        reason = finding.reason + " Once a means is used, the person's consent is irrelevant."
        consent = _rule_citations("consent_irrelevant", base)
        return ElementFinding(
            "met", reason, finding.basis + consent["basis"], finding.sources + consent["sources"]
        )
    return finding


def _purpose(
    values: tuple[str, ...] | None, profile: DefinitionProfile, base: LawBase
) -> ElementFinding:
    finding = _listed("purpose", values, base)
    if finding.status != "met" or values is None:
        return finding
    covered = [v for v in values if v in profile.purposes]
    if covered:
        return ElementFinding(
            "met",
            f"Purpose covered by {profile.name}: {', '.join(covered)}.",
            finding.basis,
            finding.sources,
        )
    if profile.open_purposes:
        reason = (
            f"{', '.join(values)}: not named in {profile.name}, whose list of forms is a minimum."
        )
        return ElementFinding("met", reason, finding.basis, finding.sources)
    reason = f"{profile.name} does not cover {', '.join(values)}."
    return ElementFinding("not_met", reason, finding.basis, finding.sources)


def _extra(element: str, value: bool | None, profile: DefinitionProfile) -> ElementFinding:
    words = element.replace("_", " ")
    cite = f" ({profile.citation})" if profile.citation else ""
    if value is None:
        return ElementFinding("unknown", f"{profile.name} requires {words}{cite}; it is not known.")
    if value:
        return ElementFinding("met", f"{profile.name} requires {words}{cite}; it is established.")
    return ElementFinding("not_met", f"{profile.name} requires {words}{cite}; there was none.")
