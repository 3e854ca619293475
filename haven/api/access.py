"""Reading OpenRosa drafts: only the worker who sent a draft reads it, behind the firewall
nobody does (the worker needs `read_support_records`). Audited; missing and forbidden are 404."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.api.models import DraftStatus, SubmissionDraft
from haven.audit.log import record


def drafts_of(user: User) -> QuerySet[SubmissionDraft]:
    if not user.can(Capability.READ_SUPPORT_RECORDS):
        return SubmissionDraft.objects.none()
    return SubmissionDraft.objects.filter(worker=user, organisation_id=user.organisation_id or 0)


def list_open_drafts(user: User) -> list[SubmissionDraft]:
    drafts = list(drafts_of(user).filter(status=DraftStatus.DRAFT)[:200])
    with transaction.atomic():
        record(
            actor=user,
            action="openrosa.drafts_listed",
            target_type="api.submissiondraft",
            details={"draft_ids": [d.pk for d in drafts]},
        )
    return drafts


def access_draft_by_id(user: User, draft_id: int) -> SubmissionDraft:
    draft = drafts_of(user).filter(pk=draft_id).first()
    if draft is None:
        raise Http404("No such draft")
    with transaction.atomic():
        record(actor=user, action="openrosa.draft_read", target=draft)
    return draft
