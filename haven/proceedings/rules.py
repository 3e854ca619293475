"""The rules of this app, readable on their own: who counts as a child for the pre-return
assessment, what a return still lacks, and when a charge needs the non-punishment warning.

- A return the State organises or assists (an assisted voluntary return or a removal) needs an
  individual pre-return risk assessment, completed and approved by a supervisor who did not
  write it (002 L282-300; 003 L3878-4060). The person's own departure, by their own choice, is
  never refused: they may always leave of their own will (002 L300).
- The best interests of the child are assessed whenever the person is a child or presumed one;
  an unknown or disputed age is presumed a child's until verified (003 L563-566).
- Non-punishment applies on reasonable grounds, with no formal identification needed
  (000 para 28): a charge with no request while the latest screening found grounds is flagged.
"""

import datetime
import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.cases.models import Case
from haven.law.loader import law
from haven.law.serialize import basis_citation
from haven.proceedings.models import (
    OPEN_PROCEEDING_STATUSES,
    Charge,
    ChargeOutcome,
    ReturnKind,
    RiskAssessment,
)
from haven.screening.models import Screening

CHILD_AGE = 18
BEST_INTERESTS = "best_interests_of_child"
ASSESSMENT_PARTS = {
    "re_trafficking": _("risk of re-trafficking"),
    "reprisal": _("risk of reprisal"),
    "family_situation": _("family situation"),
    "non_refoulement": _("non-refoulement grounds"),
    BEST_INTERESTS: _("best interests of the child"),
}
PUNISHABLE = frozenset(
    {ChargeOutcome.PENDING, ChargeOutcome.CONVICTED, ChargeOutcome.CONVICTED_PENALTY_WAIVED}
)
OPEN_PROCEEDINGS = OPEN_PROCEEDING_STATUSES
NO_ASSESSMENT = _("an individual pre-return risk assessment")
COMPLETION = _("completion date")
APPROVAL = _("supervisor approval")


@dataclass(frozen=True)
class Childhood:
    child: bool
    reason: str


def childhood(case: Case, today: datetime.date | None = None) -> Childhood:
    """Age from the latest screening record if it gives one, else from the date of birth.
    Unknown or disputed age: presumed a child."""
    latest = Screening.objects.filter(case=case).order_by("-encounter_date", "-pk").first()
    if latest is not None:
        person = json.loads(latest.record).get("person") or {}
        if person.get("age_disputed"):
            return Childhood(
                True, gettext("the age given at screening is disputed: presumed a child")
            )
        if person.get("age") is not None:
            age = int(person["age"])
            reason = gettext("age %(age)s at the screening interview") % {"age": age}
            return Childhood(age < CHILD_AGE, reason)
    birthdate = case.person.birthdate
    if birthdate is not None:
        today = today or timezone.localdate()
        had_birthday = (today.month, today.day) >= (birthdate.month, birthdate.day)
        age = today.year - birthdate.year - (0 if had_birthday else 1)
        reason = gettext("age %(age)s from the date of birth") % {"age": age}
        return Childhood(age < CHILD_AGE, reason)
    return Childhood(True, gettext("the age is unknown: presumed a child until it is verified"))


def required_parts(child: bool) -> dict[str, str]:
    # In the active language: the labels are translated when asked for, not at import.
    return {f: str(label) for f, label in ASSESSMENT_PARTS.items() if child or f != BEST_INTERESTS}


def missing_parts(assessment: RiskAssessment, *, child: bool) -> list[str]:
    """The parts of the assessment still blank, then completion if not yet marked."""
    missing = [
        label
        for field, label in required_parts(child).items()
        if not getattr(assessment, field).strip()
    ]
    if assessment.completed_on is None:
        missing.append(str(COMPLETION))
    return missing


def missing_for_return(assessment: RiskAssessment | None, *, child: bool) -> list[str]:
    """Everything that still stands between this case and a recorded return; [] when none."""
    if assessment is None:
        return [str(NO_ASSESSMENT), str(APPROVAL)]
    missing = missing_parts(assessment, child=child)
    if assessment.approved_by_id is None:
        missing.append(str(APPROVAL))
    return missing


def needs_assessment(kind: str) -> bool:
    """Only a return the State organises or assists waits for the approved assessment."""
    return kind != ReturnKind.OWN_DEPARTURE


def latest_assessment(case: Case) -> RiskAssessment | None:
    return RiskAssessment.objects.filter(case=case).order_by("-created_at", "-pk").first()


def has_reasonable_grounds(case: Case) -> bool:
    latest = Screening.objects.filter(case=case).order_by("-encounter_date", "-pk").first()
    return bool(latest and latest.reasonable_grounds)


def needs_non_punishment_request(charge: Charge, *, grounds: bool) -> bool:
    """A charge not yet dropped or acquitted, with no non-punishment request, where the latest
    screening found reasonable grounds to believe the person was trafficked."""
    return grounds and charge.non_punishment_requested_on is None and charge.outcome in PUNISHABLE


def right_citations(code: str) -> list[str]:
    return [basis_citation(b) for b in law().rights[code].basis]
