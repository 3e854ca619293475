"""The one gate for reading support records. Every read is audited; missing and forbidden are
the same 404, so a record's existence does not leak to those who may not see it."""

import datetime
from typing import Any, NamedTuple

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.audit.purposes import Purpose, purpose_code
from haven.cases import names
from haven.cases.models import (
    Case,
    PossibleDuplicate,
    VictimContext,
    case_reference,
    display_name,
)


def visible_case_condition(
    user: User, path: str = "", *, organisation_checked: bool = False
) -> Q | None:
    """The condition that the case at `path` is one this user may read, or None for none (none
    behind the firewall: capabilities already strip it). Rows that hang off a case (deadlines,
    services) filter by it through a join, and with `organisation_checked` (the row keeps its
    case's organisation and the caller filters on it) without the join when the user reads the
    whole organisation: `case__in=cases_visible_to(user)` made SQLite read every case of the
    organisation before the first deadline (bench/cases.py: 130 ms at 100,000 cases)."""
    if not user.can(Capability.READ_SUPPORT_RECORDS) or user.organisation_id is None:
        return None
    # A row that keeps its case's organisation checks it itself, and needs no join for it.
    condition = (
        Q() if organisation_checked else Q(**{f"{path}organisation_id": user.organisation_id})
    )
    if not user.can(Capability.READ_ALL_ORG_RECORDS):
        condition &= Q(**{f"{path}assigned_to": user}) | Q(**{f"{path}opened_by": user})
    return condition


def cases_visible_to(user: User) -> QuerySet[Case]:
    """Cases this user may read."""
    condition = visible_case_condition(user)
    if condition is None:
        return Case.objects.none()
    return Case.objects.filter(condition).select_related("person", "organisation", "assigned_to")


def is_own_case(user: User, case: Case) -> bool:
    return user.pk in (case.assigned_to_id, case.opened_by_id)


def access_case_by_id(user: User, case_id: int, *, purpose: Purpose | str = Purpose.NONE) -> Case:
    case = case_for_action(user, case_id)
    audit_read(user, case, purpose=purpose)
    return case


def case_for_action(user: User, case_id: int) -> Case:
    """The same gate, and the same 404, as `access_case_by_id`, without a read event: for a
    request that goes on to an action, whose own audit event records this access. If no action
    runs and the page shows the case anyway, call `audit_read` so the showing is recorded."""
    try:
        return cases_visible_to(user).get(pk=case_id)
    except Case.DoesNotExist:
        raise Http404("No such case") from None


def audit_read(user: User, case: Case, *, purpose: Purpose | str = Purpose.NONE) -> None:
    """Record that `user` was shown `case` (one `case.read` event)."""
    with transaction.atomic():
        record(actor=user, action="case.read", target=case, purpose=purpose)


def victim_context_of(case: Case) -> VictimContext | None:
    """The victim context of a case already read through access_case_by_id."""
    return VictimContext.objects.filter(case=case).first()


PAGE_SIZE = 50
MAX_PAGE = 1_000_000  # beyond it the database's OFFSET would overflow (issue 16, F8)


class ListedCase(NamedTuple):
    """One row of the case list, read as plain values: building a case, a person and a user
    for each of 51 rows was more than half of the list query's CPU time (bench/cases.py)."""

    pk: int
    status: str
    opened_at: datetime.datetime
    first_name: str
    middle_name: str
    second_name: str
    assigned_to: str  # the username

    @property
    def reference(self) -> str:
        return case_reference(self.pk)

    @property
    def display_name(self) -> str:
        return display_name(self.first_name, self.middle_name, self.second_name)


LISTED = (
    "pk",
    "status",
    "opened_at",
    "person__first_name",
    "person__middle_name",
    "person__second_name",
    "assigned_to__username",
)


def list_cases(
    user: User, *, status: str = "", page: int = 1, due_by: datetime.date | None = None
) -> list[Case]:
    """One page of the visible cases, newest first (one more than a page, to tell whether
    another follows), as models: listing names is a read of each, and is audited as one."""
    found = list(_page(user, status=status, page=page, due_by=due_by))
    _audit_page(user, [case.pk for case in found[:PAGE_SIZE]])
    return found


def list_case_rows(
    user: User, *, status: str = "", page: int = 1, due_by: datetime.date | None = None
) -> list[ListedCase]:
    """`list_cases` with only the columns the case list shows, each row a `ListedCase`."""
    rows = _page(user, status=status, page=page, due_by=due_by).values_list(*LISTED)
    found = [ListedCase(*row) for row in rows]
    _audit_page(user, [case.pk for case in found[:PAGE_SIZE]])
    return found


def _page(user: User, *, status: str, page: int, due_by: datetime.date | None) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if status:
        cases = cases.filter(status=status)
    if due_by is not None:
        cases = cases.filter(
            deadlines__done_on__isnull=True, deadlines__due_on__lte=due_by
        ).distinct()
    start = (min(max(page, 1), MAX_PAGE) - 1) * PAGE_SIZE
    return cases.order_by("-opened_at", "-pk")[start : start + PAGE_SIZE + 1]


def _audit_page(user: User, case_ids: list[int]) -> None:
    with transaction.atomic():
        record(
            actor=user,
            action="case.listed",
            target_type="cases.case",
            details={"case_ids": case_ids},
        )


def list_deadlines(user: User) -> dict[str, list[Any]]:
    """The deadlines page: it shows case references, so it is audited like a case list."""
    from haven.cases.deadlines import due_soon_and_overdue

    found = due_soon_and_overdue(user)
    shown = sorted({d.case_id for group in found.values() for d in group})
    audit_listing(user, shown, listed="deadlines")
    return found


def audit_listing(user: User, case_ids: list[int], *, listed: str) -> None:
    """Record that `user` was shown these cases' references (one event per page shown)."""
    with transaction.atomic():
        record(
            actor=user,
            action="case.listed",
            target_type="cases.case",
            details={"case_ids": case_ids, "list": listed},
        )


def search_cases_by_person(
    user: User,
    *,
    name: str,
    birthdate: datetime.date | None,
    purpose: Purpose | str,
) -> list[Case]:
    """Cases whose person has every given name part, spelled alike or as a variant, and the
    given date of birth (or none known); by blind indexes, never by decrypting the table. Only
    cases the user may read; requires a stated purpose."""
    from haven.cases.search import matching

    if not purpose_code(purpose):
        raise ValueError("A search of persons needs a stated purpose.")
    if not names.units(name) and birthdate is None:  # "--" has no letters to look for
        raise ValueError("A search of persons needs a name, a part of one, or a date of birth.")
    found = list(matching(cases_visible_to(user), name, birthdate).order_by("-opened_at", "-pk"))
    with transaction.atomic():
        record(
            actor=user,
            action="person.searched",
            target_type="cases.person",
            purpose=purpose,
            details={"by_birthdate": birthdate is not None, "found": len(found)},
        )
    return found


def duplicates_among(found: list[Case]) -> dict[int, list[Case]]:
    """For each case found, the other cases found whose person was flagged as possibly the same
    person (only among what the reader may already see)."""
    by_person = {case.person_id: case for case in found}
    flags = PossibleDuplicate.objects.filter(
        person_id__in=by_person, matches_id__in=by_person, resolved_at__isnull=True
    ).values_list("person_id", "matches_id")
    pairs: dict[int, list[Case]] = {}
    for one, other in flags:
        pairs.setdefault(by_person[one].pk, []).append(by_person[other])
        pairs.setdefault(by_person[other].pk, []).append(by_person[one])
    return pairs
