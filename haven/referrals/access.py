"""Reading referrals. The referring organisation sees the referrals of the cases it can read; the
receiving organisation sees what it received, and, only while it has accepted, the sections the
sender chose to share: never the rest of the case (`cases_visible_to` does not change). Those
behind the firewall see nothing. Reads are audited; missing and forbidden are the same 404."""

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.cases.access import MAX_PAGE, cases_visible_to
from haven.cases.consent import has_consent
from haven.cases.models import Case, ConsentPurpose, VictimContext
from haven.referrals.models import (
    OPEN_STATUSES,
    Referral,
    Section,
    Status,
    referral_reference,
)


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
    _audit_listed(user, *shown.values())
    return shown


def list_referrals(
    user: User, *, received_page: int = 1, sent_page: int = 1
) -> tuple[InboxList, InboxList]:
    """(received, sent), each at its page, newest first; audited as one listing. (Both were
    cut at 200 without saying so.)"""
    received = _inbox_page(inbox_for(user), received_page)
    sent = _inbox_page(referrals_sent_by(user), sent_page)
    _audit_listed(user, received, sent)
    return received, sent


def _audit_listed(user: User, *lists: InboxList) -> None:
    with transaction.atomic():
        record(
            actor=user,
            action="referral.listed",
            target_type="referrals.referral",
            details={"referral_ids": sorted({r.pk for found in lists for r in found.referrals})},
        )


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


# `is_shared_now` for a list, written out in SQL: built and compiled by the ORM (an Exists on
# the consent) the same query cost the case list 2.5 ms of CPU to the database's 0.3 ms
# (bench/cases.py); one consent query per referral made the list grow with every referral ever
# accepted. test_the_list_query_shares_exactly_what_the_one_referral_check_shares holds it to
# is_shared_now; its consent clause is cases.consent.consents_in_force.
_SHARED_NOW = """
    FROM referrals_referral r
    JOIN accounts_organisation o ON o.id = r.from_organisation_id
    JOIN cases_case c ON c.id = r.case_id
    WHERE r.to_organisation_id = %s AND r.status = %s {sender}
    AND ((r.consent_id IS NULL AND r.consent_override_reason <> '')
        OR (r.consent_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM cases_consent k
            WHERE k.person_id = c.person_id AND k.purpose = %s
            AND k.organisation_id = r.to_organisation_id
            AND k.given_on <= %s AND (k.withdrawn_on IS NULL OR k.withdrawn_on > %s))))
"""


class ReferredIn(NamedTuple):
    """A referral received, as a list of them shows it."""

    pk: int
    case_id: int
    sections: list[str]
    answered_at: datetime.datetime | None
    from_organisation_id: int
    sender_name: str

    @property
    def reference(self) -> str:
        return referral_reference(self.pk)


def shared_now_received(user: User, *, limit: int, sender: int | None = None) -> list[ReferredIn]:
    """The latest `limit` referrals the user's organisation received (from `sender`, if given)
    whose shared sections it may see now, by answer date, newest first."""
    if not user.can(Capability.READ_SUPPORT_RECORDS) or user.organisation_id is None:
        return []
    clause, params = _shared_now(user, sender)
    columns = "r.id, r.case_id, r.sections, r.answered_at, r.from_organisation_id, o.name AS sender"
    query = f"SELECT {columns} {clause} ORDER BY r.answered_at DESC, r.id DESC LIMIT %s"  # noqa: S608 - no value in it; values go as parameters
    # raw(), not a cursor: the model's fields turn each back-end's JSON and dates into values
    found = Referral.objects.raw(query, [*params, limit])
    return [
        ReferredIn(
            r.pk, r.case_id, r.sections, r.answered_at, r.from_organisation_id, r.__dict__["sender"]
        )
        for r in found
    ]


def senders_shared_now(user: User) -> set[tuple[int, str]]:
    """Every organisation (id, name) with a referral in `shared_now_received`."""
    if not user.can(Capability.READ_SUPPORT_RECORDS) or user.organisation_id is None:
        return set()
    clause, params = _shared_now(user, None)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT DISTINCT r.from_organisation_id, o.name {clause}", params)  # noqa: S608 - as above
        return {(pk, name) for pk, name in cursor.fetchall()}


def _shared_now(user: User, sender: int | None) -> tuple[str, list[Any]]:
    today = connection.ops.adapt_datefield_value(timezone.localdate())
    chosen = [] if sender is None else [sender]
    clause = _SHARED_NOW.format(sender="AND r.from_organisation_id = %s" if chosen else "")
    accepted, sharing = Status.ACCEPTED.value, ConsentPurpose.SHARING.value
    return clause, [user.organisation_id, accepted, *chosen, sharing, today, today]


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
