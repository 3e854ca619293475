"""Reading referrals. The referring organisation sees the referrals of the cases it can read; the
receiving organisation sees what it received, and, only while it has accepted, the sections the
sender chose to share: never the rest of the case (`cases_visible_to` does not change). Those
behind the firewall see nothing. Reads are audited; missing and forbidden are the same 404."""

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.cases.access import MAX_PAGE, cases_visible_to
from haven.cases.consent import consents_in_force, has_consent
from haven.cases.models import Case, ConsentPurpose, VictimContext
from haven.referrals.models import OPEN_STATUSES, Referral, Section, Status


def _related(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related("case", "from_organisation", "to_organisation", "sent_by")


def referrals_sent_by(user: User) -> QuerySet[Referral]:
    """Referrals from the user's organisation, of the cases the user may read."""
    if not user.can(Capability.READ_SUPPORT_RECORDS) or user.organisation_id is None:
        return Referral.objects.none()
    return _related(
        Referral.objects.filter(
            from_organisation_id=user.organisation_id, case__in=cases_visible_to(user)
        )
    )


def inbox_for(user: User) -> QuerySet[Referral]:
    """Referrals received by the user's organisation; nothing for those without
    READ_SUPPORT_RECORDS, so nothing behind the firewall."""
    if not user.can(Capability.READ_SUPPORT_RECORDS) or user.organisation_id is None:
        return Referral.objects.none()
    return _related(Referral.objects.filter(to_organisation_id=user.organisation_id))


def is_receiver(user: User, referral: Referral) -> bool:
    return (
        user.can(Capability.READ_SUPPORT_RECORDS)
        and user.organisation_id is not None
        and user.organisation_id == referral.to_organisation_id
    )


def is_sender(user: User, referral: Referral) -> bool:
    return referrals_sent_by(user).filter(pk=referral.pk).exists()


def opened_case_for(user: User, referral: Referral) -> Case | None:
    """The case the receiving organisation opened from the referral, when this user may read
    it (a colleague not on it sees that one exists, not its link)."""
    if referral.receiver_case_id is None:
        return None
    return cases_visible_to(user).filter(pk=referral.receiver_case_id).first()


def access_referral_by_id(user: User, referral_id: int) -> Referral:
    """One referral, for the sender's or the receiver's organisation; 404 for anyone else."""
    referral = (referrals_sent_by(user) | inbox_for(user)).filter(pk=referral_id).distinct().first()
    if referral is None:
        raise Http404("No such referral")
    with transaction.atomic():
        record(actor=user, action="referral.read", target=referral)
    return referral


def list_referrals(user: User) -> tuple[list[Referral], list[Referral]]:
    """(received, sent), audited as one listing."""
    received = list(inbox_for(user)[:200])
    sent = list(referrals_sent_by(user)[:200])
    with transaction.atomic():
        record(
            actor=user,
            action="referral.listed",
            target_type="referrals.referral",
            details={"referral_ids": sorted({r.pk for r in received + sent})},
        )
    return received, sent


INBOX_PAGE = 50
# The referrals page's lists, each paged on its own: one list of every referral cut at 200
# could hide a referral still waiting for an answer behind 200 newer closed ones.
INBOX_LISTS: dict[str, Callable[[User], QuerySet[Referral]]] = {
    "waiting": lambda user: inbox_for(user).filter(status=Status.SENT),
    "accepted": lambda user: inbox_for(user).filter(status=Status.ACCEPTED),
    "sent": referrals_sent_by,
    "closed": lambda user: inbox_for(user).exclude(status__in=OPEN_STATUSES),
}


@dataclass
class InboxList:
    referrals: list[Referral]
    page: int
    more: bool  # an older page follows


def inbox_pages(user: User, pages: Mapping[str, int]) -> dict[str, InboxList]:
    """Each of INBOX_LISTS at its page in `pages` (the first if not given), newest first;
    audited as one listing of every referral shown."""
    shown = {
        name: _inbox_page(select(user), pages.get(name, 1)) for name, select in INBOX_LISTS.items()
    }
    with transaction.atomic():
        record(
            actor=user,
            action="referral.listed",
            target_type="referrals.referral",
            details={
                "referral_ids": sorted({r.pk for found in shown.values() for r in found.referrals})
            },
        )
    return shown


def _inbox_page(referrals: QuerySet[Referral], page: int) -> InboxList:
    page = min(max(page, 1), MAX_PAGE)
    start = (page - 1) * INBOX_PAGE
    found = list(referrals[start : start + INBOX_PAGE + 1])
    return InboxList(found[:INBOX_PAGE], page, len(found) > INBOX_PAGE)


@dataclass
class SharedCase:
    """Only the sections the sender chose; a section not shared is None (or empty)."""

    referral: Referral
    sections: list[str]
    person: dict[str, Any] | None = None
    victim_context: list[tuple[str, str]] | None = None
    events: list[Any] = field(default_factory=list)
    screening: dict[str, Any] | None = None
    support_notes: list[Any] = field(default_factory=list)
    consents: list[Any] = field(default_factory=list)


def is_shared_now(referral: Referral) -> bool:
    """Shared only while accepted, and (unless a supervisor overrode it) while the person's
    consent to sharing with the receiver still stands."""
    if referral.status != Status.ACCEPTED:
        return False
    if referral.consent_id is None:
        return bool(referral.consent_override_reason)
    return has_consent(
        referral.case.person, ConsentPurpose.SHARING, organisation=referral.to_organisation
    )


def shared_now(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """`is_shared_now` as one query, for a list: one consent query per referral made the case
    list's time grow with every referral an organisation ever accepted."""
    consent = consents_in_force().filter(
        person_id=OuterRef("case__person_id"),
        purpose=ConsentPurpose.SHARING,
        organisation_id=OuterRef("to_organisation_id"),
    )
    overridden = Q(consent__isnull=True) & ~Q(consent_override_reason="")
    return referrals.filter(status=Status.ACCEPTED).filter(
        overridden | (Q(consent__isnull=False) & Exists(consent))
    )


def shared_now_received(user: User) -> QuerySet[Referral]:
    """The referrals received by the user's organisation whose shared sections it may see now,
    with only what a list of them shows (reference, sender, sections, date): a query of four
    joined tables' every column took as long as the rest of the case list's page."""
    return (
        shared_now(inbox_for(user))
        .select_related(None)
        .select_related("from_organisation")
        .only("case", "sections", "answered_at", "from_organisation__name")
    )


def shared_view(user: User, referral: Referral) -> SharedCase:
    """What the receiving organisation may see of the referred case; audited as a read.
    404 for anyone else, and while the referral is not accepted."""
    if not is_receiver(user, referral) or not is_shared_now(referral):
        raise Http404("Nothing is shared through this referral")
    case = Case.objects.select_related("person").get(pk=referral.case_id)
    shared = SharedCase(referral=referral, sections=list(referral.sections))
    if Section.PERSON in shared.sections:
        person = case.person
        shared.person = {
            "name": person.display_name,
            "birthdate": person.birthdate,
            "gender": person.get_gender_display(),
            "nationality": person.get_nationality_display() if person.nationality else "",
        }
    if Section.VICTIM_CONTEXT in shared.sections:
        shared.victim_context = _victim_context(case)
    if Section.EVENTS in shared.sections:
        shared.events = list(case.events.all())
    if Section.SCREENING in shared.sections:
        shared.screening = _latest_screening(case)
    if Section.SUPPORT_NOTES in shared.sections:
        shared.support_notes = list(case.notes.all())
    if Section.CONSENTS in shared.sections:
        shared.consents = list(case.person.consents.select_related("organisation"))
    with transaction.atomic():
        record(
            actor=user,
            action="referral.shared_read",
            target=referral,
            details={"case_id": case.pk, "sections": shared.sections},
        )
    return shared


def _victim_context(case: Case) -> list[tuple[str, str]]:
    context = VictimContext.objects.filter(case=case).first()
    if context is None:
        return []
    rows = []
    for htcds_name, attribute in VictimContext.HTCDS_FIELDS.items():
        value = getattr(context, attribute)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            shown = ", ".join(str(v) for v in value)
        else:
            display = getattr(context, f"get_{attribute}_display", None)
            shown = str(display() if display else value)
        rows.append((htcds_name, shown))
    return rows


def _latest_screening(case: Case) -> dict[str, Any] | None:
    """The latest screening's result: its rights and alerts, not the interview record."""
    screening = case.screenings.order_by("-created_at", "-pk").first()
    if screening is None:
        return None
    result = json.loads(screening.result)
    return {
        "encounter_date": screening.encounter_date,
        "rights": [_dated(right) for right in result.get("rights", [])],
        "alerts": result.get("alerts", []),
    }


def _dated(right: dict[str, Any]) -> dict[str, Any]:
    """A right whose end date (ISO in the stored result) is a date, so the page shows it in
    the reader's locale."""
    ends = right.get("ends")
    if isinstance(ends, str):
        try:
            return {**right, "ends": datetime.date.fromisoformat(ends)}
        except ValueError:
            return right
    return right
