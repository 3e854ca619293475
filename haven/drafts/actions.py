"""The only writers of drafts, each in one transaction with its audit event. The audit event
names the form and how many fields were filled, never what was typed."""

import datetime
import json

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.drafts.models import Draft
from haven.drafts.payload import Payload, clean_form_key, clean_payload


@action()
def do_save_draft(*, author: User, form: str, case: Case | None, payload: Payload) -> Draft:
    """Keep what `author` has typed so far, replacing their previous draft of the same form."""
    form, payload = clean_form_key(form), clean_payload(payload)
    if case is not None and not cases_visible_to(author).filter(pk=case.pk).exists():
        raise PermissionDenied(gettext("This case is not yours to write to."))
    with transaction.atomic():
        draft = _stored(author, form, case, json.dumps(payload))
        record(
            actor=author,
            action="draft.saved",
            target=draft,
            details={"form": form, "fields": len(payload)},
        )
    return draft


def _stored(author: User, form: str, case: Case | None, payload: str) -> Draft:
    mine = Draft.objects.select_for_update().filter(author=author, form=form, case=case)
    draft = mine.first()
    if draft is not None:
        draft.payload = payload
        draft.save()
        return draft
    try:
        with transaction.atomic():  # a savepoint: two first saves racing (two tabs) both win
            return Draft.objects.create(author=author, form=form, case=case, payload=payload)
    except IntegrityError:
        mine.update(payload=payload, updated_at=timezone.now())
        return mine.get()


@action()
def do_discard_draft(*, draft: Draft, acting_user: User, submitted: bool = False) -> None:
    """Delete a draft: its author discarded it, or the form it drafted was submitted."""
    if draft.author_id != acting_user.pk:
        raise PermissionDenied(gettext("Only its author discards a draft."))
    with transaction.atomic():
        record(
            actor=acting_user,
            action="draft.discarded",
            target=draft,
            details={"form": draft.form, "submitted": submitted},
        )
        Draft.objects.filter(pk=draft.pk).delete()


def discard_submitted(*, author: User, form: str, case: Case | None) -> None:
    """After a successful submit: the draft has become the record, so it goes."""
    draft = Draft.objects.filter(author=author, form=form, case=case).first()
    if draft is not None:
        do_discard_draft(draft=draft, acting_user=author, submitted=True)


@action()
def do_purge_drafts(*, before: datetime.datetime) -> int:
    """Delete drafts untouched since `before`, with one audit event for them all."""
    stale = Draft.objects.filter(updated_at__lt=before)
    ids = list(stale.values_list("pk", flat=True))
    stale.delete()
    record(
        actor=None,
        action="draft.purged",
        target_type="drafts.draft",
        details={"drafts": len(ids), "before": before.isoformat()},
    )
    return len(ids)


def purge_drafts(*, before: datetime.datetime, dry_run: bool = False) -> int:
    """Purge drafts untouched since `before`. A dry run, or nothing to purge, writes nothing."""
    count = Draft.objects.filter(updated_at__lt=before).count()
    if dry_run or not count:
        return count
    return do_purge_drafts(before=before)
