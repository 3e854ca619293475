"""What waits for each user: one small function per kind of work, all reading through the apps'
own access functions, so a user who may not see an item does not count it either (fail closed;
the firewall holds because those functions answer nothing behind it).

Each kind gives `count(user)` (one COUNT query where it can, for the navigation) and
`items(user)` (what the home page lists, each a link to where the work is done). Items carry
references (C-000123, R-000045), never a person's name.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.business.access import grievances_visible_to
from haven.business.models import OPEN_STATUSES as OPEN_GRIEVANCES
from haven.business.models import Grievance
from haven.cases.access import audit_listing
from haven.cases.deadlines import DUE_SOON_DAYS, open_deadlines_for
from haven.cases.models import Deadline
from haven.diligence.access import indicators_owed_by
from haven.diligence.plan import classify_due, due_dates
from haven.inbox.badge import BADGE_CAP
from haven.referrals.access import inbox_for
from haven.referrals.models import Referral
from haven.referrals.models import Status as ReferralStatus
from haven.screening.access import (
    awaiting_decision,
    awaiting_my_confirmation,
    screenings_visible_to,
)
from haven.screening.models import Appeal, Decision, Screening
from haven.support.access import services_awaiting_consent
from haven.support.models import Service

ITEMS_SHOWN = 50  # the home page lists this many per kind; the count says how many in all


@dataclass(frozen=True)
class Item:
    """One piece of work: what it is (a reference, never a name), where it is done."""

    label: str
    url: str
    key: str
    due_on: datetime.date | None = None
    overdue: bool = False
    case_id: int | None = None


@dataclass(frozen=True)
class Kind:
    code: str
    title: Promise
    capability: Capability
    count: Callable[[User], int]
    items: Callable[[User], list[Item]]
    due: bool = False  # e-mailed by `haven notify-due` when due soon or overdue


def _today() -> datetime.date:
    return timezone.localdate()


# Screenings submitted to the user's civil authority with no first decision yet.
def _screenings(user: User) -> QuerySet[Screening]:
    return awaiting_decision(user).order_by("submitted_at", "pk")


def screening_items(user: User) -> list[Item]:
    return [
        Item(
            label=str(_("Screening for case %(ref)s") % {"ref": s.case.reference}),
            url=reverse("screening:decide", args=[s.pk]),
            key=f"screening:{s.pk}",
            case_id=s.case_id,
        )
        for s in _screenings(user)[:ITEMS_SHOWN]
    ]


# Appeals lodged against the authority's decisions and not decided yet; not for the members
# who took the decision appealed, who may not sit on the appeal (screening.actions).
def _appeals(user: User) -> QuerySet[Appeal]:
    if not user.can(Capability.DECIDE_EARLY_SUPPORT) or user.organisation_id is None:
        return Appeal.objects.none()
    own = screenings_visible_to(user).filter(submitted_to_id=user.organisation_id)
    return (
        Appeal.objects.filter(decision__screening__in=own, decision_on_appeal__isnull=True)
        .exclude(decision__members__user=user)
        .select_related("decision__screening__case")
        .order_by("lodged_on", "pk")
    )


def appeal_items(user: User) -> list[Item]:
    return [
        Item(
            label=str(_("Appeal for case %(ref)s") % {"ref": a.decision.screening.case.reference}),
            url=reverse("screening:decide_appeal", args=[a.pk]),
            key=f"appeal:{a.pk}",
            case_id=a.decision.screening.case_id,
        )
        for a in _appeals(user)[:ITEMS_SHOWN]
    ]


# Decisions recorded in the user's name that they have not confirmed yet: a decision is final,
# and takes effect, only once every member named on it confirms it as their own
# (screening.actions.do_confirm_decision); the member who records it confirms by recording.
def _confirmations(user: User) -> QuerySet[Decision]:
    return awaiting_my_confirmation(user).order_by("decided_on", "pk")


def _decision_label(decision: Decision) -> str:
    on_appeal = decision.appeal_id is not None
    label = (
        _("Decision on appeal for case %(ref)s") if on_appeal else _("Decision for case %(ref)s")
    )
    return str(label % {"ref": decision.screening.case.reference})


def confirmation_items(user: User) -> list[Item]:
    return [
        Item(
            label=_decision_label(d),
            # The confirm button is on the screening's page, in the decision's own panel.
            url=reverse("screening:detail", args=[d.screening_id]) + f"#decision-{d.pk}",
            key=f"confirmation:{d.pk}",
            case_id=d.screening.case_id,
        )
        for d in _confirmations(user)[:ITEMS_SHOWN]
    ]


# Referrals received by the user's organisation, waiting for an answer; those who may answer
# are the receiving organisation's members with READ_SUPPORT_RECORDS (referrals.actions).
def _referrals(user: User) -> QuerySet[Referral]:
    return inbox_for(user).filter(status=ReferralStatus.SENT).order_by("sent_at", "pk")


def referral_items(user: User) -> list[Item]:
    return [
        Item(
            label=str(_("Referral %(ref)s") % {"ref": r.reference}),
            url=reverse("referrals:detail", args=[r.pk]),
            key=f"referral:{r.pk}",
        )
        for r in _referrals(user)[:ITEMS_SHOWN]
    ]


# Rights and procedures with a date, due within DUE_SOON_DAYS or already overdue.
def _deadlines(user: User) -> QuerySet[Deadline]:
    horizon = _today() + datetime.timedelta(days=DUE_SOON_DAYS)
    return open_deadlines_for(user).filter(due_on__lte=horizon).order_by("due_on", "pk")


def deadline_items(user: User) -> list[Item]:
    today = _today()
    return [
        Item(
            label=str(_("%(title)s, case %(ref)s") % {"title": d.title, "ref": d.case.reference}),
            url=reverse("cases:case", args=[d.case_id]),
            key=f"deadline:{d.pk}:{d.due_on.isoformat()}",
            due_on=d.due_on,
            overdue=d.due_on < today,
            case_id=d.case_id,
        )
        for d in _deadlines(user)[:ITEMS_SHOWN]
    ]


# Services proposed to a person whose consent is not recorded yet.
def _services(user: User) -> QuerySet[Service]:
    return services_awaiting_consent(user).order_by("created_at", "pk")


def service_items(user: User) -> list[Item]:
    return [
        Item(
            label=str(
                _("%(service)s, case %(ref)s")
                % {"service": s.get_kind_display(), "ref": s.plan.case.reference}
            ),
            url=reverse("support:plan", args=[s.plan.case_id]),
            key=f"service:{s.pk}",
            case_id=s.plan.case_id,
        )
        for s in _services(user)[:ITEMS_SHOWN]
    ]


# Progress reports the user owes on the implementation plan (issue 14): overdue and due soon.
def report_items(user: User) -> list[Item]:
    today, found = _today(), []
    for indicator in indicators_owed_by(user):
        schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
        status = classify_due(schedule, {r.due_date for r in indicator.reports.all()}, today)
        for day in sorted(status["overdue"] + status["due_soon"]):
            found.append(
                Item(
                    label=str(_("Progress report: %(name)s") % {"name": indicator.name}),
                    url=reverse("diligence:indicator", args=[indicator.pk]),
                    key=f"report:{indicator.pk}:{day.isoformat()}",
                    due_on=day,
                    overdue=day < today,
                )
            )
    return sorted(found, key=lambda item: (item.due_on or today, item.key))


# Open grievances on the user's channels or escalated to the user's organisation.
def _grievances(user: User) -> QuerySet[Grievance]:
    return grievances_visible_to(user).filter(status__in=OPEN_GRIEVANCES).order_by("deadline")


def grievance_items(user: User) -> list[Item]:
    now = timezone.now()
    return [
        Item(
            label=str(_("Grievance no. %(number)s") % {"number": g.pk}),
            url=reverse("business:grievance", args=[g.pk]),
            key=f"grievance:{g.pk}",
            due_on=timezone.localdate(g.deadline),
            overdue=g.deadline < now,
        )
        for g in _grievances(user)[:ITEMS_SHOWN]
    ]


class _Counted:
    """A kind counted by one COUNT of its queryset; the queryset is kept so that the
    navigation can count every such kind in one round trip (`capped_counts`)."""

    def __init__(self, queryset: Callable[[User], QuerySet[Any]]) -> None:
        self.queryset = queryset

    def __call__(self, user: User) -> int:
        return self.queryset(user).count()


C = Capability
KINDS: dict[str, Kind] = {
    kind.code: kind
    for kind in (
        Kind(
            "screenings",
            _("Screenings waiting for a decision"),
            C.DECIDE_EARLY_SUPPORT,
            _Counted(_screenings),
            screening_items,
        ),
        Kind(
            "appeals",
            _("Appeals waiting for a decision"),
            C.DECIDE_EARLY_SUPPORT,
            _Counted(_appeals),
            appeal_items,
        ),
        Kind(
            "confirmations",
            _("Decisions waiting for your confirmation"),
            C.DECIDE_EARLY_SUPPORT,
            _Counted(_confirmations),
            confirmation_items,
        ),
        Kind(
            "referrals",
            _("Referrals waiting for an answer"),
            C.READ_SUPPORT_RECORDS,
            _Counted(_referrals),
            referral_items,
        ),
        Kind(
            "deadlines",
            _("Rights and deadlines due soon or overdue"),
            C.READ_SUPPORT_RECORDS,
            _Counted(_deadlines),
            deadline_items,
            due=True,
        ),
        Kind(
            "services",
            _("Services waiting for the person's consent"),
            C.READ_SUPPORT_RECORDS,
            _Counted(_services),
            service_items,
        ),
        Kind(
            "reports",
            _("Progress reports due soon or overdue"),
            C.REPORT_PROGRESS,
            lambda user: len(report_items(user)),
            report_items,
            due=True,
        ),
        Kind(
            "grievances",
            _("Open grievances"),
            C.HANDLE_GRIEVANCES,
            _Counted(_grievances),
            grievance_items,
        ),
    )
}
# Navigation links and the kinds whose counts their badges show.
NAV_GROUPS: dict[str, tuple[str, ...]] = {
    "decisions": ("screenings", "appeals", "confirmations"),
    "referrals": ("referrals",),
    "cases": ("deadlines", "services"),
    "plan": ("reports",),
    "grievances": ("grievances",),
}


def kinds_for(user: User) -> list[Kind]:
    """The kinds this user's capabilities reach (after the firewall); none for anyone else."""
    return [kind for kind in KINDS.values() if may_see(user, kind)]


def may_see(user: User, kind: Kind) -> bool:
    return bool(user.is_authenticated and user.is_active and user.can(kind.capability))


def count(user: User, code: str) -> int:
    kind = KINDS[code]
    return kind.count(user) if may_see(user, kind) else 0


def capped_counts(user: User) -> dict[str, int]:
    """For every kind the user may see that one COUNT answers: how many wait, up to
    BADGE_CAP, all in one query (three round trips were a third of the case list's time)."""
    querysets = {
        kind.code: kind.count.queryset(user)
        for kind in kinds_for(user)
        if isinstance(kind.count, _Counted)
    }
    if not querysets:
        return {}
    return dict(zip(querysets, _count_at_most(list(querysets.values())), strict=True))


def _count_at_most(querysets: list[QuerySet[Any]], cap: int = BADGE_CAP) -> tuple[int, ...]:
    parts: list[str] = []
    params: list[Any] = []
    for queryset in querysets:
        try:
            sql, values = queryset.order_by().values("pk")[:cap].query.sql_with_params()
        except EmptyResultSet:  # a .none() queryset (no organisation): nothing to count
            parts.append("0")
            continue
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608 - Django compiled it; values go as parameters
        params.extend(values)
    with connections[querysets[0].db].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return tuple(cursor.fetchone())


@dataclass
class Queue:
    kind: Kind
    items: list[Item]
    total: int  # at most HOME_CAP

    @property
    def more_than_shown_total(self) -> bool:
        return self.total >= HOME_CAP


# The home page says "the 50 most urgent of 420"; beyond this it says "of more than 999": the
# exact COUNT of 170,000 open deadlines took 70 ms of every home page at 1,000,000 cases.
HOME_CAP = 1000


def _total(user: User, kind: Kind, items: list[Item]) -> int:
    if len(items) < ITEMS_SHOWN:
        return len(items)
    if isinstance(kind.count, _Counted):
        return _count_at_most([kind.count.queryset(user)], HOME_CAP)[0]
    return min(kind.count(user), HOME_CAP)


def home_queues(user: User) -> list[Queue]:
    """Every queue the user's roles give, with its items; the case references shown are
    audited as a listing, like the cases and deadlines pages."""
    queues = []
    for kind in kinds_for(user):
        items = kind.items(user)
        queues.append(Queue(kind=kind, items=items, total=_total(user, kind, items)))
    shown = sorted({i.case_id for q in queues for i in q.items if i.case_id is not None})
    if shown:
        audit_listing(user, shown, listed="home")
    return queues
