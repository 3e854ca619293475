"""Reading drafts. A draft is visible to its author while they may still read its case, and to
the case's team (those `cases_visible_to` lets see the case); a draft without a case only to its
author. Everything else fails closed: a worker taken off the case, another worker of the
organisation, and anyone behind the firewall see nothing. Reading a draft's content is audited."""

import json

from django.db import transaction
from django.db.models import Q, QuerySet

from haven.accounts.models import User
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.drafts.models import Draft
from haven.drafts.payload import Payload


def drafts_visible_to(user: User) -> QuerySet[Draft]:
    if not user.is_authenticated or not user.is_active:
        return Draft.objects.none()
    cases = cases_visible_to(user)
    return Draft.objects.filter(Q(author=user, case__isnull=True) | Q(case__in=cases))


def own_draft(user: User, form: str, case: Case | None) -> Draft | None:
    """The user's own draft of this form (on this case), if they may still see it."""
    return drafts_visible_to(user).filter(author=user, form=form, case=case).first()


def drafts_on_case(user: User, case: Case) -> QuerySet[Draft]:
    """Drafts the case's team has in progress on it (who and when; not what)."""
    return drafts_visible_to(user).filter(case=case).select_related("author")


def read_own_draft(user: User, form: str, case: Case | None) -> tuple[Draft, Payload] | None:
    draft = own_draft(user, form, case)
    if draft is None:
        return None
    with transaction.atomic():
        record(actor=user, action="draft.read", target=draft, details={"form": form})
    return draft, json.loads(draft.payload)
