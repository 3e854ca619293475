"""The only writers of API clients, webhook subscriptions, webhook deliveries and OpenRosa
drafts; each an `@action` with its one audit event. Audit details hold ids and codes only: a
token or a secret never reaches the audit trail."""

import datetime
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.api import tokens, xforms
from haven.api.models import (
    ApiClient,
    Delivery,
    DeliveryStatus,
    DraftStatus,
    SubmissionDraft,
    WebhookSubscription,
)
from haven.audit.action import action
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.models import Case
from haven.htcds import importer
from haven.screening.actions import do_record_screening
from haven.screening.models import Screening
from haven.screening.record import RecordError, parse_record

MAX_DAYS = 366
EVENTS = (
    "referral.received", "referral.accepted", "referral.declined", "deadline.due",
    "recommendation.report_due",
)  # fmt: skip
MAX_ATTEMPTS = 8
FIRST_RETRY_SECONDS = 30


class DuplicateSubmission(ValidationError):
    """A submission whose instanceID Haven already holds."""


def _admin_of(user: User) -> int:
    if not user.can(Capability.MANAGE_ORG_USERS) or user.organisation_id is None:
        raise PermissionDenied(gettext("Only an organisation administrator manages API clients."))
    return user.organisation_id


@action()
def do_register_client(
    *, name: str, acting_user: User, scopes: list[str], days: int, admin: User
) -> ApiClient:
    """Register a client for one named user; it has no token until that user approves it."""
    organisation_id = _admin_of(admin)
    if acting_user.organisation_id != organisation_id or not acting_user.is_active:
        raise ValidationError(gettext("A client acts for an active user of your own organisation."))
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError(
            gettext("A token expires within 1 to %(days)s days.") % {"days": MAX_DAYS}
        )
    if not name.strip():
        raise ValidationError(gettext("Give the client a name."))
    try:
        chosen = tokens.check_scopes(scopes)
    except tokens.ScopeError as error:
        raise ValidationError(str(error)) from None
    if ApiClient.objects.filter(organisation_id=organisation_id, name=name.strip()).exists():
        raise ValidationError(
            gettext("Your organisation already has a client named %(name)s.")
            % {"name": name.strip()}
        )
    client = ApiClient.objects.create(
        organisation_id=organisation_id,
        name=name.strip(),
        acting_user=acting_user,
        scopes=chosen,
        expires_at=timezone.now() + datetime.timedelta(days=days),
        created_by=admin,
    )
    record(
        actor=admin,
        action="api.client_registered",
        target=client,
        details={"acting_user_id": acting_user.pk, "scopes": chosen, "days": days},
    )
    return client


@action()
def do_approve_client(*, client: ApiClient, acting_user: User) -> str:
    """The named user accepts that the client acts for them; returns the token, shown once."""
    if client.acting_user_id != acting_user.pk:
        raise PermissionDenied(gettext("Only the user a client acts for can approve it."))
    if client.approved_at is not None or client.revoked_at is not None:
        raise ValidationError(gettext("This client has already been approved or revoked."))
    prefix, token = tokens.new_token()
    client.token_prefix, client.token_hash = prefix, tokens.token_hash(token)
    client.approved_at = timezone.now()
    client.save(update_fields=["token_prefix", "token_hash", "approved_at"])
    record(actor=acting_user, action="api.client_approved", target=client)
    return token


@action()
def do_revoke_client(*, client: ApiClient, acting_user: User) -> ApiClient:
    """The organisation's administrator, or the user it acts for, revokes a client at once."""
    own = client.acting_user_id == acting_user.pk
    admin = acting_user.can(Capability.MANAGE_ORG_USERS)
    if not (own or admin) or acting_user.organisation_id != client.organisation_id:
        raise PermissionDenied(
            gettext("Only the organisation's administrator or its user revokes it.")
        )
    if client.revoked_at is None:
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
    record(actor=acting_user, action="api.client_revoked", target=client)
    return client


@action()
def do_record_api_call(*, client: ApiClient, operation: str, scope: str) -> None:
    """Every use of a token is audited, as its client acting for its user."""
    ApiClient.objects.filter(pk=client.pk).update(last_used_at=timezone.now())
    record(
        actor=client.acting_user,
        action="api.called",
        target=client,
        details={"operation": operation, "scope": scope},
    )


def _check_url(url: str) -> str:
    parts = urlsplit(url)
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    allow_loopback = getattr(settings, "HAVEN_WEBHOOKS_ALLOW_LOOPBACK", False)
    if parts.scheme == "https" and parts.hostname and not loopback:
        return url
    if allow_loopback and loopback and parts.scheme in ("http", "https"):
        return url
    raise ValidationError(gettext("A webhook URL must be https:// to another host."))


@dataclass(frozen=True)
class Subscribed:
    subscription: WebhookSubscription
    secret: str


@action()
def do_subscribe(*, url: str, events: list[str], admin: User) -> Subscribed:
    """Subscribe a URL to events; the signing secret is returned once."""
    organisation_id = _admin_of(admin)
    unknown = sorted(set(events) - set(EVENTS))
    if unknown or not events:
        raise ValidationError(
            gettext("Choose events among %(events)s.") % {"events": ", ".join(EVENTS)}
        )
    secret = tokens.new_secret()
    subscription = WebhookSubscription.objects.create(
        organisation_id=organisation_id,
        url=_check_url(url),
        events=[e for e in EVENTS if e in events],
        secret=secret,
        created_by=admin,
    )
    record(
        actor=admin,
        action="webhook.subscribed",
        target=subscription,
        details={"events": subscription.events},
    )
    return Subscribed(subscription, secret)


@action()
def do_unsubscribe(*, subscription: WebhookSubscription, admin: User) -> None:
    if _admin_of(admin) != subscription.organisation_id:
        raise PermissionDenied(
            gettext("Only the organisation's administrator ends its subscription.")
        )
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)
    record(actor=admin, action="webhook.unsubscribed", target=subscription)


def backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, ... doubling, at most a day."""
    return datetime.timedelta(seconds=min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), 86_400))


@action()
def do_record_attempt(*, delivery: Delivery, status_code: int | None, error: str) -> Delivery:
    """Log one delivery attempt: delivered on a 2xx, else retried with back-off, then failed."""
    now = timezone.now()
    attempts = delivery.attempts + 1
    ok = status_code is not None and 200 <= status_code < 300
    status = DeliveryStatus.DELIVERED if ok else DeliveryStatus.PENDING
    if not ok and attempts >= MAX_ATTEMPTS:
        status = DeliveryStatus.FAILED
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=F("attempts") + 1,
        status=status,
        last_status_code=status_code,
        last_error=error[:200],
        next_attempt_at=now + backoff(attempts),
        delivered_at=now if ok else None,
    )
    record(
        actor=None,
        action=f"webhook.{'delivered' if ok else 'attempt_failed'}",
        target=delivery,
        organisation=delivery.subscription.organisation,
        details={"event": delivery.event, "attempt": attempts, "status_code": status_code},
    )
    delivery.refresh_from_db()
    return delivery


@action()
def do_receive_submission(
    *, worker: User, form_id: str, instance_id: str, xml: str, answers: dict[str, Any]
) -> SubmissionDraft:
    """An offline submission becomes a draft for its worker to review; never a record yet."""
    if not worker.can(Capability.CREATE_SUPPORT_RECORDS) or worker.organisation_id is None:
        raise PermissionDenied(gettext("Your roles do not allow sending forms."))
    if SubmissionDraft.objects.filter(instance_id=instance_id).exists():
        raise DuplicateSubmission(
            gettext("Submission %(instance)s has already been received.")
            % {"instance": instance_id}
        )
    draft = SubmissionDraft.objects.create(
        organisation_id=worker.organisation_id,
        worker=worker,
        form_id=form_id,
        instance_id=instance_id,
        xml=xml,
        answers=json.dumps(answers, sort_keys=True),
    )
    record(
        actor=worker,
        action="openrosa.received",
        target=draft,
        details={"form_id": form_id, "answered": len(answers)},
    )
    return draft


@action()
def do_discard_draft(*, draft: SubmissionDraft, acting_user: User) -> None:
    if draft.worker_id != acting_user.pk or draft.status != DraftStatus.DRAFT:
        raise PermissionDenied(gettext("Only the worker who sent an open draft discards it."))
    SubmissionDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.DISCARDED)
    record(actor=acting_user, action="openrosa.discarded", target=draft)


@action(batch=True)
def do_confirm_interview_draft(
    *, draft: SubmissionDraft, case: Case, acting_user: User
) -> Screening:
    """The worker confirms an offline interview: it becomes a screening on the case, through
    the screening app's own action (its event, then ours)."""
    if draft.worker_id != acting_user.pk or draft.status != DraftStatus.DRAFT:
        raise PermissionDenied(gettext("Only the worker who sent an open draft confirms it."))
    if draft.form_id != xforms.INTERVIEW_ID:
        raise ValidationError(gettext("Only an interview draft becomes a screening."))
    try:
        interview = parse_record(json.dumps(xforms.record_from_answers(json.loads(draft.answers))))
    except (RecordError, ValueError) as error:
        raise ValidationError(
            gettext("The draft does not make an interview record: %(error)s") % {"error": error}
        ) from None
    screening = do_record_screening(case=case, record=interview, acting_user=acting_user)
    SubmissionDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.CONFIRMED)
    record(
        actor=acting_user,
        action="openrosa.confirmed",
        target=draft,
        details={"case_id": case.pk, "screening_id": screening.pk},
    )
    return screening


def _open_draft_of(draft: SubmissionDraft, acting_user: User, form_id: str) -> None:
    if draft.worker_id != acting_user.pk or draft.status != DraftStatus.DRAFT:
        raise PermissionDenied(gettext("Only the worker who sent an open draft confirms it."))
    if draft.form_id != form_id:
        raise ValidationError(gettext("This draft is not an HTCDS case form."))


def _onto_case(row: importer.Row, case: Case, acting_user: User) -> list[str]:
    writable = cases_visible_to(acting_user).filter(pk=case.pk).exists()
    if not (writable and acting_user.can(Capability.CREATE_SUPPORT_RECORDS)):
        raise PermissionDenied(gettext("This case is not yours to write to."))
    addition = importer.build_onto_case(row, case, acting_user)
    importer.save_onto_case(addition, case)
    return sorted(addition.fields)


@action()
def do_confirm_htcds_draft(
    *, draft: SubmissionDraft, acting_user: User, case: Case | None = None
) -> Case:
    """The worker confirms an offline HTCDS case form into a new case (`case` None) or onto one
    of their cases, read and checked by the HTCDS importer's own mapping; all or nothing
    (importer.DraftRefused names every field in the way)."""
    _open_draft_of(draft, acting_user, xforms.HTCDS_ID)
    row = importer.read_answers(json.loads(draft.answers))
    new_case = case is None
    if case is None:
        case = importer.save_new_case(importer.build_new_case(row, acting_user))
        fields = sorted(k for k, v in row.record.items() if v not in (None, "", []))
    else:
        fields = _onto_case(row, case, acting_user)
    SubmissionDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.CONFIRMED)
    details = {"case_id": case.pk, "new_case": new_case, "fields": fields}
    record(actor=acting_user, action="openrosa.confirmed", target=draft, details=details)
    return case
