"""Retention: erase the personal data of cases closed longer ago than their organisation's
policy allows, keeping the anonymous facts that statistics count (status, dates, organisation,
gender, nationality). Each app that holds personal data about a case registers an eraser."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from haven.audit.action import action
from haven.audit.log import record
from haven.cases.models import (
    Case,
    CaseStatus,
    Consent,
    Person,
    PersonNameKey,
    RetentionPolicy,
)

Eraser = Callable[[Case], int]
ERASERS: dict[str, Eraser] = {}


def register_eraser(name: str) -> Callable[[Eraser], Eraser]:
    """Apps holding personal data about cases add their eraser here (in AppConfig.ready)."""

    def decorate(eraser: Eraser) -> Eraser:
        ERASERS[name] = eraser
        return eraser

    return decorate


@register_eraser("cases")
def erase_case_records(case: Case) -> int:
    person = case.person
    Person.objects.filter(pk=person.pk).update(
        first_name="",
        middle_name="",
        second_name="",
        birthdate=None,
        name_index=None,
        birthdate_index=None,
    )
    # Name-part keys are derived from the names: with the names erased they must go too.
    PersonNameKey.objects.filter(person=person).delete()
    erased = case.notes.all().delete()[0]
    erased += case.read_explanations.all().delete()[0]
    Consent.objects.filter(person=person).update(notes="")
    erased += case.events.all().update(description="", city="")
    erased += case.perpetrators.all().update(role_details="")
    erased += type(case).objects.filter(pk=case.pk).update(closure_reason="")
    if hasattr(case, "victim_context"):
        case.victim_context.__class__.objects.filter(case=case).update(vulnerability_details="")
    return erased + 1


@dataclass
class RetentionReport:
    cases: list[int] = field(default_factory=list)
    items: dict[str, int] = field(default_factory=dict)


def expired_cases(today: datetime.date) -> QuerySet[Case]:
    closed = Case.objects.filter(
        status__in=[CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED], erased_on__isnull=True
    )
    expired = [
        case.pk
        for case in closed.select_related("organisation__retention_policy").exclude(closed_on=None)
        if _expires(case, today)
    ]
    return Case.objects.filter(pk__in=expired)


def _expires(case: Case, today: datetime.date) -> bool:
    try:
        policy = case.organisation.retention_policy
    except RetentionPolicy.DoesNotExist:
        return False
    assert case.closed_on is not None
    return add_months(case.closed_on, policy.months_after_closure) <= today


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan → 28 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def do_apply_retention(*, today: datetime.date, dry_run: bool = False) -> RetentionReport:
    """Erase what has expired, in one transaction; the audit event lists case ids and counts,
    never what was erased. A dry run (or nothing expired) writes nothing."""
    report = _report(today, dry_run=True)
    if dry_run or not report.cases:
        return report
    return _erase_expired(today)


def _report(today: datetime.date, *, dry_run: bool) -> RetentionReport:
    report = RetentionReport()
    for case in expired_cases(today).select_related("person"):
        report.cases.append(case.pk)
        for name, eraser in ERASERS.items():
            report.items[name] = report.items.get(name, 0) + (0 if dry_run else eraser(case))
    return report


@action()
def _erase_expired(today: datetime.date) -> RetentionReport:
    report = _report(today, dry_run=False)
    Case.objects.filter(pk__in=report.cases).update(erased_on=today)
    record(
        actor=None,
        action="retention.erased",
        target_type="cases.case",
        details={"case_ids": report.cases, "items": report.items},
    )
    return report
