"""The rights engine: from an interview record and a jurisdiction, what Haven says at once.

Pure and deterministic: no database, no clock (dates come from the record). It holds these
invariants, each tested as a property over generated records (tests/test_engine.py):
- support follows vulnerability: any recorded vulnerability recommends early support, whatever
  the indicators or the legal elements say; indicators, vulnerabilities and established facts
  can only add protection, never remove a right or an alert;
- there is no input about cooperating with the authorities, so nothing can make support depend
  on it (000 paras 13-16, rec. 65; 003 L3050-3077);
- an indicator not asked is `not_asked`, never `no`; a means not known is not a means absent:
  an established act and purpose make a possible victim, treated as one for protection
  (003 L563-566; 001 L255);
- the international definition is a floor: a narrower national one never lowers the protection
  shown (002 L56-64, L84; 000 L222), and the result says under which definition grounds held;
- a child needs no means; an age that is uncertain, with reasons to think the person is a child,
  is presumed a child's until verified (002 L64; 003 L2801-2819); a blank age is not;
- keeping a person in exploitation is trafficking without any movement (003 L1630-1634);
- non-punishment applies on reasonable grounds, with no formal identification needed (000 para 28);
- a pending removal needs an individual risk assessment first; a detained victim, possible
  victim or child raises the no-detention alert (002 L282-300; 001 L345; 003 L3009-3013).
"""

import datetime
from dataclasses import dataclass

from haven.law.definition import (
    Childhood,
    DefinitionFinding,
    DefinitionProfile,
    evaluate_definition,
    is_child,
)
from haven.law.definition import Facts as LegalFacts
from haven.law.gaps import JurisdictionSettings
from haven.law.loader import LawBase, law
from haven.law.schema import Basis, Right
from haven.screening.record import Record
from haven.screening.vocabulary import Vocabulary, vocabulary

INTERNATIONAL_PROFILE = "protocol"
DETENTION_SETTINGS = frozenset({"immigration_detention"})
LABOUR_PURPOSES = frozenset({"forced_labour"})
_CHILDHOOD_ORDER: tuple[Childhood, ...] = ("yes", "presumed", "unknown", "no")


def gettext_noop(text: str) -> str:
    """Marks a sentence for the translation catalog without importing Django: the result keeps
    the English (it is stored and printed as such) and the pages translate it when shown
    (haven/screening/i18n.py). `makemessages` extracts every `gettext_noop("…")`."""
    return text


GROUNDS_INTERNATIONAL_ONLY = gettext_noop(
    "The known facts meet every element of the international definition (Trafficking "
    "Protocol art. 3), though not of this jurisdiction's narrower one: the international "
    "floor holds."
)
GROUNDS_BOTH = gettext_noop(
    "The known facts meet every element of this jurisdiction's definition and the "
    "international one."
)
GROUNDS_OWN = gettext_noop("The known facts meet every element of this jurisdiction's definition.")
IDENTIFIED = gettext_noop("A competent authority has formally identified the person as a victim.")
RECRUITMENT_AND_DESTINATION = gettext_noop(
    "Indicators point both to how the person was recruited and to their situation at destination."
)
MEANS_AND_EXPLOITATION = gettext_noop(
    "Indicators show both a means of control and exploitation: keeping a person in "
    "exploitation is trafficking, with or without any movement."
)
CHILD_EXPLOITATION = gettext_noop(
    "Indicators of exploitation concern a child (or a person presumed a child): no means is needed."
)
ACT_PURPOSE_MEANS = gettext_noop(
    "An act and an exploitative purpose are established and indicators suggest a means."
)
VULNERABILITY = "Vulnerability: %(vulnerability)s."
INDICATORS_PRESENT = (
    "%(count)d indicator(s) of trafficking present: indicators only add protection."
)
GROUNDS = gettext_noop("There are reasonable grounds to believe the person was trafficked.")
POSSIBLE_VICTIM = gettext_noop(
    "An act and an exploitative purpose are established and no means is known to be "
    "absent: a possible victim is treated as one until another determination is made."
)
PURPOSE = gettext_noop("An exploitative purpose is established.")
CHILD_WITHOUT_CARE = gettext_noop(
    "A child, or a person presumed a child, who may be without parental care."
)
NOT_ASKED = "%(count)d indicator(s) not asked yet: not asked is not no."
NO_GROUNDS = gettext_noop("No reasonable grounds yet on what is recorded.")
NO_SUPPORT = gettext_noop(
    "No vulnerability or indicator recorded yet; reassess as the person is ready."
)


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
    international: DefinitionFinding | None = None
    grounds_under: tuple[str, ...] = ()
    possible_victim: bool = False
    child: Childhood = "unknown"


@dataclass(frozen=True)
class Findings:
    """The jurisdiction's own finding and the international one, read together."""

    own: DefinitionFinding
    international: DefinitionFinding

    @property
    def both(self) -> tuple[tuple[str, DefinitionFinding], ...]:
        return (("jurisdiction", self.own), ("international", self.international))

    @property
    def child(self) -> Childhood:
        """The more protective of the two readings of the person's age."""
        return min((self.own.child, self.international.child), key=_CHILDHOOD_ORDER.index)

    @property
    def presumed(self) -> bool:
        """Presumed a child under either reading, pending verification of the age."""
        return "presumed" in (self.own.child, self.international.child)

    def element_met(self, name: str) -> bool:
        return any(_status(f, name) == "met" for _, f in self.both)

    @property
    def possible_victim(self) -> bool:
        """An act and an exploitative purpose are established and the means is not known to be
        absent (or none is needed): a possible victim, until another determination is made."""
        return any(
            _status(f, "act") == "met"
            and _status(f, "purpose") == "met"
            and _status(f, "means") != "not_met"
            for _, f in self.both
        )


def _status(finding: DefinitionFinding, element: str) -> str:
    return finding.elements[element].status if element in finding.elements else "unknown"


def _indicators_answered(record: Record, voc: Vocabulary, answer: str) -> list[str]:
    return [code for code in voc.indicators if record.answer(code) == answer]


def _categories_present(record: Record, voc: Vocabulary) -> dict[str, list[str]]:
    """Category code → the indicators answered yes in it."""
    present: dict[str, list[str]] = {}
    for code in _indicators_answered(record, voc, "yes"):
        present.setdefault(voc.indicators[code].code, []).append(code)
    return present


def _flagged(record: Record, voc: Vocabulary, flag: str) -> list[str]:
    items = {i.code: i for c in voc.categories.values() for i in c.indicator}
    return [code for code in _indicators_answered(record, voc, "yes") if getattr(items[code], flag)]


def _exploitation_indicators(record: Record, voc: Vocabulary) -> list[str]:
    """Indicators that show exploitation: by their category, or of themselves."""
    by_category = [
        code
        for category, codes in _categories_present(record, voc).items()
        if voc.categories[category].suggests == "exploitation"
        for code in codes
    ]
    return by_category + _flagged(record, voc, "exploitation")


def _means_indicators(record: Record, voc: Vocabulary) -> list[str]:
    return [
        code
        for category, codes in _categories_present(record, voc).items()
        if voc.categories[category].suggests == "means"
        for code in codes
    ]


def labour_exploitation(record: Record, voc: Vocabulary) -> bool:
    """Indicators (or an established purpose) of exploitation at work (000 rec. 71 at L236)."""
    purposes = set(record.facts.purposes or ())
    return bool(_flagged(record, voc, "labour_exploitation")) or bool(purposes & LABOUR_PURPOSES)


def _definition_reasons(findings: Findings) -> tuple[list[str], tuple[str, ...]]:
    reasons, under = [], []
    for which, finding in findings.both:
        if finding.overall == "met":
            under.append(which)
    if under == ["international"]:
        reasons.append(GROUNDS_INTERNATIONAL_ONLY)
    elif under:
        reasons.append(GROUNDS_BOTH if "international" in under else GROUNDS_OWN)
    return reasons, tuple(under)


def reasonable_grounds(
    record: Record, findings: Findings, voc: Vocabulary
) -> tuple[list[str], tuple[str, ...]]:
    """Why there are reasonable grounds to believe the person was trafficked ([] if none yet),
    and under which definitions the elements were met.

    Indicators are signs, not proof (003 L1650-1670): on their own or in combination they can
    give grounds to believe, which is all this threshold asks. Each route is one reason."""
    reasons, under = _definition_reasons(findings)
    if record.situation.identified_victim:
        reasons.append(IDENTIFIED)
    present = _categories_present(record, voc)
    phases = {voc.categories[c].phase for c in present}
    if {"recruitment", "destination"} <= phases:
        reasons.append(RECRUITMENT_AND_DESTINATION)
    exploitation = _exploitation_indicators(record, voc)
    means = _means_indicators(record, voc)
    if exploitation and means:
        reasons.append(MEANS_AND_EXPLOITATION)
    if is_child(findings.child) and exploitation:
        reasons.append(CHILD_EXPLOITATION)
    if findings.element_met("act") and findings.element_met("purpose") and means:
        reasons.append(ACT_PURPOSE_MEANS)
    return reasons, under


def early_support(record: Record, grounds: bool, findings: Findings, voc: Vocabulary) -> list[str]:
    """Reasons to recommend early support; [] when nothing recorded yet warrants it."""
    reasons = [
        VULNERABILITY % {"vulnerability": voc.vulnerabilities[code].label}
        for code in record.vulnerabilities
    ]
    yes = _indicators_answered(record, voc, "yes")
    if yes:
        reasons.append(INDICATORS_PRESENT % {"count": len(yes)})
    if grounds:
        reasons.append(GROUNDS)
    if findings.possible_victim:
        reasons.append(POSSIBLE_VICTIM)
    elif findings.element_met("purpose"):
        reasons.append(PURPOSE)
    if is_child(findings.child) and record.person.unaccompanied is not False:
        reasons.append(CHILD_WITHOUT_CARE)
    return reasons


def detained(record: Record) -> bool:
    """Held in detention, by the record's own word or by where the interview took place."""
    return record.situation.detained or record.encounter.setting in DETENTION_SETTINGS


def active_triggers(
    record: Record, grounds: bool, findings: Findings, voc: Vocabulary, *, support: bool
) -> frozenset[str]:
    child = is_child(findings.child)
    situation = record.situation
    flags = {
        "always": True,
        "early_support_recommended": support,
        "indicators_present": bool(_indicators_answered(record, voc, "yes")),
        "reasonable_grounds": grounds,
        "possible_victim": findings.possible_victim,
        "exploitation_established": findings.element_met("purpose"),
        "labour_exploitation": labour_exploitation(record, voc),
        "identified_victim": situation.identified_victim,
        "harm_suffered": grounds or situation.identified_victim,
        "child": child,
        "unaccompanied_child": child and record.person.unaccompanied is not False,
        "charged_offence": bool(situation.charged_offences),
        "detained": detained(record),
        "removal_pending": situation.removal_pending,
        "in_proceedings": situation.in_proceedings,
        "support_denied": situation.support_denied_on is not None,
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


def _start(right: Right, record: Record) -> datetime.date:
    """A right runs from the encounter, an appeal from the refusal it challenges."""
    denied = record.situation.support_denied_on
    if right.deadline and right.deadline.starts == "support_denied" and denied:
        return denied
    return record.encounter.date


def alerts_for(record: Record, grounds: bool, findings: Findings, voc: Vocabulary) -> list[Alert]:
    situation, person = record.situation, record.person
    child = is_child(findings.child)
    asked = [c for c in voc.indicators if record.answer(c) != "not_asked"]
    protected = grounds or findings.possible_victim or situation.identified_victim
    raised = {
        "presumed_child": findings.presumed,
        "age_not_recorded": findings.child == "unknown",
        "guardian_required": child and person.unaccompanied is not False,
        "non_punishment": protected and bool(situation.charged_offences),
        "no_detention": detained(record) and (protected or child),
        "return_risk_assessment_required": situation.removal_pending,
        "indicators_not_asked": len(asked) < len(voc.indicators) / 2,
        "consent_missing": record.consent_to_record is not True,
    }
    return [
        Alert(code, voc.alerts[code].message, tuple(voc.alerts[code].basis))
        for code, on in raised.items()
        if on
    ]


def _legal_facts(record: Record) -> LegalFacts:
    return LegalFacts(
        age=record.person.age,
        age_disputed=record.person.age_disputed,
        acts=_tuple(record.facts.acts),
        means=_tuple(record.facts.means),
        purposes=_tuple(record.facts.purposes),
    )


def findings_for(record: Record, jurisdiction: JurisdictionSettings, base: LawBase) -> Findings:
    """The jurisdiction's definition, and the Protocol's as the floor beneath it."""
    facts = _legal_facts(record)
    floor = DefinitionProfile.from_data(base.profiles[INTERNATIONAL_PROFILE])
    return Findings(
        evaluate_definition(facts, jurisdiction.definition, base),
        evaluate_definition(facts, floor, base),
    )


def screen(
    record: Record,
    jurisdiction: JurisdictionSettings,
    *,
    base: LawBase | None = None,
    voc: Vocabulary | None = None,
) -> Screening:
    base, voc = base or law(), voc or vocabulary()
    findings = findings_for(record, jurisdiction, base)
    reasons, under = reasonable_grounds(record, findings, voc)
    grounds = bool(reasons)
    support = early_support(record, grounds, findings, voc)
    triggers = active_triggers(record, grounds, findings, voc, support=bool(support))
    rights = [
        apply_right(right, _start(right, record), jurisdiction)
        for right in base.rights.values()
        if triggers & set(right.triggers)
    ]
    return Screening(
        legal=findings.own,
        reasonable_grounds=grounds,
        reasons=reasons or _no_grounds(record, voc),
        early_support=bool(support),
        support_reasons=support or _no_support(record, voc),
        triggers=triggers,
        rights=rights,
        alerts=alerts_for(record, grounds, findings, voc),
        international=findings.international,
        grounds_under=under,
        possible_victim=findings.possible_victim,
        child=findings.child,
    )


def _tuple(values: list[str] | None) -> tuple[str, ...] | None:
    return None if values is None else tuple(values)


def _not_asked_note(record: Record, voc: Vocabulary) -> str:
    unasked = _indicators_answered(record, voc, "not_asked")
    return " " + NOT_ASKED % {"count": len(unasked)} if unasked else ""


def _no_grounds(record: Record, voc: Vocabulary) -> list[str]:
    return [NO_GROUNDS + _not_asked_note(record, voc)]


def _no_support(record: Record, voc: Vocabulary) -> list[str]:
    note = _not_asked_note(record, voc)
    return [NO_SUPPORT + note]
