"""The rights tracker: deadlines from screenings and decisions, and what is due soon or overdue."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.access import visible_case_condition
from haven.cases.models import Case, Deadline

DUE_SOON_DAYS = 14


def add_deadlines(case: Case, rights: Iterable[dict[str, Any]], *, source: str) -> int:
    """Record each right that has an end date (a screening result's `rights`); idempotent."""
    added = 0
    for right in rights:
        if not right.get("ends"):
            continue
        basis = "; ".join(b["citation"] for b in right.get("basis", []))
        _, created = Deadline.objects.get_or_create(
            case=case,
            code=right["code"],
            due_on=datetime.date.fromisoformat(right["ends"]),
            defaults={"title": right["title"], "basis": basis, "source": source},
        )
        added += created
    return added


def open_deadlines_for(user: User) -> QuerySet[Deadline]:
    condition = visible_case_condition(user, "case__", organisation_checked=True)
    if condition is None:
        return Deadline.objects.none()
    # The deadline's own copy of the organisation: the open ones are found by their index.
    mine = Deadline.objects.filter(organisation=user.organisation, done_on__isnull=True)
    return mine.filter(condition).select_related("case")


def due_soon_and_overdue(
    user: User, today: datetime.date | None = None
) -> dict[str, list[Deadline]]:
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    deadlines = list(open_deadlines_for(user).filter(due_on__lte=horizon))
    return {
        "overdue": [d for d in deadlines if d.due_on < today],
        "due_soon": [d for d in deadlines if d.due_on >= today],
    }
