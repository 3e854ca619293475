"""Audit targets as people read them. The label is made from the target's kind and id alone
("Case C-000012", "Referral R-000003", "Screening #4"): nothing is loaded to make it, so the
audit page never shows a name or any other personal data. A link is added only where the viewer
may open the target anyway, asked of the app's own access functions, one query per kind."""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.audit.models import AuditEvent


@dataclass(frozen=True)
class Target:
    label: str
    url: str | None = None


def _reference(prefix: str) -> Callable[[int], str]:
    # The same references the cases and referrals show (Case.reference, Referral.reference).
    return lambda pk: f"{prefix}-{pk:06d}"


def _labels() -> dict[str, tuple[str, Callable[[int], str]]]:
    """Kinds whose people-facing reference is known from the id; the rest read "Kind #id"."""
    return {
        "cases.case": (_("Case %(reference)s"), _reference("C")),
        "referrals.referral": (_("Referral %(reference)s"), _reference("R")),
        "audit.auditevent": (_("Audit event %(reference)s"), str),
    }


def label_for(target_type: str, target_id: str) -> str:
    if not target_type:
        return "—"
    known = _labels().get(target_type)
    if known and target_id.isdigit():
        template, reference = known
        return template % {"reference": reference(int(target_id))}
    return _("%(kind)s #%(id)s") % {"kind": _kind(target_type), "id": target_id or "?"}


def _kind(target_type: str) -> str:
    try:
        name = str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
    return name[:1].upper() + name[1:]


Opener = Callable[[User, list[int]], dict[int, str]]


def _cases(user: User, ids: list[int]) -> dict[int, str]:
    from haven.cases.access import cases_visible_to

    visible = cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("cases:case", args=[pk]) for pk in visible}


def _referrals(user: User, ids: list[int]) -> dict[int, str]:
    from haven.referrals.access import inbox_for, referrals_sent_by

    visible = (referrals_sent_by(user) | inbox_for(user)).filter(pk__in=ids)
    return {pk: reverse("referrals:detail", args=[pk]) for pk in _pks(visible)}


def _screenings(user: User, ids: list[int]) -> dict[int, str]:
    from haven.screening.access import screenings_visible_to

    visible = screenings_visible_to(user).filter(pk__in=ids)
    return {pk: reverse("screening:detail", args=[pk]) for pk in _pks(visible)}


def _decisions(user: User, ids: list[int]) -> dict[int, str]:
    from haven.screening.access import screenings_visible_to
    from haven.screening.models import Decision

    rows = Decision.objects.filter(
        pk__in=ids, screening__in=screenings_visible_to(user)
    ).values_list("pk", "screening_id")
    return {pk: reverse("screening:detail", args=[screening]) for pk, screening in rows}


def _events(user: User, ids: list[int]) -> dict[int, str]:
    from haven.audit.access import events_visible_to

    visible = events_visible_to(user).filter(seq__in=ids).values_list("seq", flat=True)
    return {seq: reverse("audit:event", args=[seq]) for seq in visible}


def _pks(queryset: QuerySet[Any]) -> list[int]:
    return list(queryset.values_list("pk", flat=True).distinct())


OPENERS: dict[str, Opener] = {
    "cases.case": _cases,
    "referrals.referral": _referrals,
    "screening.screening": _screenings,
    "screening.decision": _decisions,
    "audit.auditevent": _events,
}


def describe(user: User, events: Iterable[AuditEvent]) -> dict[int, Target]:
    """Each event's target (by the event's seq), linked where this user may open it."""
    events = list(events)
    wanted: dict[str, list[int]] = defaultdict(list)
    for event in events:
        if event.target_type in OPENERS and event.target_id.isdigit():
            wanted[event.target_type].append(int(event.target_id))
    urls = {kind: _open(kind, user, ids) for kind, ids in wanted.items()}
    return {
        event.seq: Target(
            label_for(event.target_type, event.target_id),
            _url(urls, event.target_type, event.target_id),
        )
        for event in events
    }


def _open(kind: str, user: User, ids: list[int]) -> dict[int, str]:
    try:
        return OPENERS[kind](user, ids)
    except NoReverseMatch:  # a site without that app's pages: a label, no link
        return {}


def _url(urls: dict[str, dict[int, str]], kind: str, target_id: str) -> str | None:
    if not target_id.isdigit():
        return None
    return urls.get(kind, {}).get(int(target_id))
