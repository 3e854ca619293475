"""The rights engine: from an interview record and a jurisdiction, what Haven says at once.

Pure and deterministic: no database, no clock (dates come from the record). It holds these
invariants, each tested:
- support follows vulnerability: any recorded vulnerability recommends early support, whatever
  the indicators or the legal elements say; indicators and facts can only add protection;
- there is no input about cooperating with the authorities, so nothing can make support depend
  on it (000 paras 13-16, rec. 65; 003 L3050-3077);
- an indicator not asked is `not_asked`, never `no`;
- an unknown or disputed age is presumed a child's until verified (003 L563-566);
- non-punishment applies on reasonable grounds, with no formal identification needed (000 para 28);
- a pending removal needs an individual risk assessment first; detaining a person with reasonable
  grounds raises an alert (002 L282-300; 001 L345).
"""

import datetime
from dataclasses import dataclass

from haven.law.definition import DefinitionFinding, evaluate_definition
from haven.law.definition import Facts as LegalFacts
from haven.law.gaps import JurisdictionSettings
from haven.law.loader import LawBase, law
from haven.law.schema import Basis, Right
from haven.screening.record import Record
from haven.screening.vocabulary import Vocabulary, vocabulary


@dataclass(frozen=True)
class AppliedRight:
    code: str
    title: str
    starts: datetime.date | None
    ends: datetime.date | None
    days: int | None
    deadline: str
    strength: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Alert:
    code: str
    message: str
    basis: tuple[Basis, ...]


@dataclass(frozen=True)
class Screening:
    legal: DefinitionFinding
    reasonable_grounds: bool
    reasons: list[str]
    early_support: bool
    support_reasons: list[str]
    triggers: frozenset[str]
    rights: list[AppliedRight]
    alerts: list[Alert]


def _indicators_answered(record: Record, voc: Vocabulary, answer: str) -> list[str]:
    return [code for code in voc.indicators if record.answer(code) == answer]


def _categories_present(record: Record, voc: Vocabulary) -> dict[str, list[str]]:
    """Category code → the indicators answered yes in it."""
    present: dict[str, list[str]] = {}
    for code in _indicators_answered(record, voc, "yes"):
        present.setdefault(voc.indicators[code].code, []).append(code)
    return present


def reasonable_grounds(record: Record, legal: DefinitionFinding, voc: Vocabulary) -> list[str]:
    """Why there are reasonable grounds to believe the person was trafficked; [] if none yet.

    Indicators are signs, not proof (003 L1650-1670): on their own or in combination they can
    give grounds to believe, which is all this threshold asks. Each route is one reason."""
    reasons = []
    if legal.overall == "met":
        reasons.append("The known facts meet every element of the definition.")
    present = _categories_present(record, voc)
    phases = {voc.categories[c].phase for c in present}
    if {"recruitment", "destination"} <= phases:
        reasons.append(
            "Indicators point both to how the person was recruited and to their situation "
            "at destination."
        )
    exploitation = [c for c in present if voc.categories[c].suggests == "exploitation"]
    if legal.child != "no" and exploitation:
        reasons.append(
            "Indicators of exploitation concern a child (or a person presumed a child): "
            "no means is needed."
        )
    act, purpose = legal.elements["act"].status, legal.elements["purpose"].status
    if (
        act == "met"
        and purpose == "met"
        and any(voc.categories[c].suggests == "means" for c in present)
    ):
        reasons.append(
            "An act and an exploitative purpose are established and indicators suggest a means."
        )
    return reasons


def early_support(
    record: Record, grounds: bool, legal: DefinitionFinding, voc: Vocabulary
) -> list[str]:
    """Reasons to recommend early support; [] when nothing recorded yet warrants it."""
    reasons = [
        f"Vulnerability: {voc.vulnerabilities[code].label}." for code in record.vulnerabilities
    ]
    yes = _indicators_answered(record, voc, "yes")
    if yes:
        reasons.append(
            f"{len(yes)} indicator(s) of trafficking present: indicators only add protection."
        )
    if grounds:
        reasons.append("There are reasonable grounds to believe the person was trafficked.")
    if legal.child != "no" and record.person.unaccompanied is not False:
        reasons.append("A child, or a person presumed a child, who may be without parental care.")
    return reasons


def active_triggers(
    record: Record, grounds: bool, legal: DefinitionFinding, voc: Vocabulary
) -> frozenset[str]:
    child = legal.child != "no"
    situation = record.situation
    flags = {
        "always": True,
        "indicators_present": bool(_indicators_answered(record, voc, "yes")),
        "reasonable_grounds": grounds,
        "harm_suffered": grounds,
        "child": child,
        "unaccompanied_child": child and record.person.unaccompanied is not False,
        "charged_offence": bool(situation.charged_offences),
        "detained": situation.detained,
        "removal_pending": situation.removal_pending,
        "in_proceedings": situation.in_proceedings,
    }
    return frozenset(name for name, on in flags.items() if on)


def _days(right: Right, jurisdiction: JurisdictionSettings) -> int | None:
    deadline = right.deadline
    if deadline is None or deadline.before is not None:
        return None
    if deadline.days is not None:
        return deadline.days
    return getattr(jurisdiction, deadline.days_setting or "", None)


def apply_right(
    right: Right, start: datetime.date, jurisdiction: JurisdictionSettings
) -> AppliedRight:
    days = _days(right, jurisdiction)
    ends = start + datetime.timedelta(days=days) if days is not None else None
    deadline = right.deadline.summary if right.deadline else ""
    return AppliedRight(
        right.code, right.title, start, ends, days, deadline, right.strength, tuple(right.basis)
    )


def alerts_for(
    record: Record, grounds: bool, legal: DefinitionFinding, voc: Vocabulary
) -> list[Alert]:
    situation, person = record.situation, record.person
    asked = [c for c in voc.indicators if record.answer(c) != "not_asked"]
    raised = {
        "presumed_child": legal.child == "presumed",
        "guardian_required": legal.child != "no" and person.unaccompanied is not False,
        "non_punishment": grounds and bool(situation.charged_offences),
        "no_detention": grounds and situation.detained,
        "return_risk_assessment_required": situation.removal_pending,
        "indicators_not_asked": len(asked) < len(voc.indicators) / 2,
        "consent_missing": record.consent_to_record is not True,
    }
    return [
        Alert(code, voc.alerts[code].message, tuple(voc.alerts[code].basis))
        for code, on in raised.items()
        if on
    ]


def screen(
    record: Record,
    jurisdiction: JurisdictionSettings,
    *,
    base: LawBase | None = None,
    voc: Vocabulary | None = None,
) -> Screening:
    base, voc = base or law(), voc or vocabulary()
    facts = LegalFacts(
        age=record.person.age,
        age_disputed=record.person.age_disputed,
        acts=_tuple(record.facts.acts),
        means=_tuple(record.facts.means),
        purposes=_tuple(record.facts.purposes),
    )
    legal = evaluate_definition(facts, jurisdiction.definition, base)
    reasons = reasonable_grounds(record, legal, voc)
    grounds = bool(reasons)
    support = early_support(record, grounds, legal, voc)
    triggers = active_triggers(record, grounds, legal, voc)
    rights = [
        apply_right(right, record.encounter.date, jurisdiction)
        for right in base.rights.values()
        if triggers & set(right.triggers)
    ]
    alerts = alerts_for(record, grounds, legal, voc)
    return Screening(
        legal,
        grounds,
        reasons or _no_grounds(record, voc),
        bool(support),
        support or _no_support(record, voc),
        triggers,
        rights,
        alerts,
    )


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def _not_asked_note(record: Record, voc: Vocabulary) -> str:
    unasked = _indicators_answered(record, voc, "not_asked")
    return f" {len(unasked)} indicator(s) not asked yet: not asked is not no." if unasked else ""


def _no_grounds(record: Record, voc: Vocabulary) -> list[str]:
    return ["No reasonable grounds yet on what is recorded." + _not_asked_note(record, voc)]


def _no_support(record: Record, voc: Vocabulary) -> list[str]:
    note = _not_asked_note(record, voc)
    return ["No vulnerability or indicator recorded yet; reassess as the person is ready." + note]
