"""Writing the audit trail: `record(...)` appends one event, with no lock on the request path:
the event gets the next sequence number and its own MAC, and the sealer (haven.audit.seal)
chains it a moment later (after the commit in this process, by `haven audit seal`, a worker
or `haven audit verify`; setting HAVEN_AUDIT_SEAL).

Call it inside the same `transaction.atomic()` block as the change it describes, so the
event and the change commit together or not at all: no change without its event, and no
event for a change that was rolled back. `record` refuses to run outside a transaction.

Never put a survivor's personal data in `details` (see `haven.audit.models`): refer to
records by `target`, and keep `details` to ids, field names, counts and codes. `purpose` is a
code from `haven.audit.purposes.Purpose` and `action` a name some app declares in its
`audit_names.py` (`haven.audit.registry`); `record()` refuses anything else.
"""

import functools
import json
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from haven.accounts.models import Organisation, User
from haven.audit.action import count_event
from haven.audit.chain import event_mac
from haven.audit.models import AuditEvent
from haven.audit.purposes import Purpose, purpose_code
from haven.audit.registry import kind
from haven.audit.seal import seal_soon
from haven.audit.sequence import next_seq


def record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    organisation: Organisation | None = None,
    purpose: Purpose | str = Purpose.NONE,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. `actor` None (or anonymous) means the system or an unknown person;
    `organisation` defaults to the actor's. Give `target` or `target_type`/`target_id`."""
    _require_transaction()
    user = _user(actor)
    event = AuditEvent(
        actor=user,
        actor_ref=user.pk if user else None,
        actor_username=user.get_username() if user else "",
        action=_checked_action(action),
        purpose=purpose_code(purpose),
        details=_clean_details(details or {}),
    )
    _set_organisation(event, organisation or (user.organisation if user else None))
    event.target_type, event.target_id = _target(target, target_type, target_id)
    appended = _append(event)
    count_event()
    return appended


def _require_transaction() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "audit.record() must run inside the transaction.atomic() block of the change it "
            "records, so that the change and its event commit together or not at all"
        )


def _user(actor: AbstractBaseUser | AnonymousUser | None) -> User | None:
    if actor is None or not actor.is_authenticated:
        return None
    if not isinstance(actor, User):
        raise TypeError(f"actor must be a haven User, not {type(actor).__name__}")
    return actor


def _checked_action(action: str) -> str:
    kind(action)  # raises UnknownAction for a name no app declares
    return action


def _refuse_float(text: str) -> Any:
    raise TypeError(f"audit details may not hold floats ({text}): they may not round-trip")


def _clean_details(details: dict[str, Any]) -> dict[str, Any]:
    """The details as the database will give them back: plain JSON, string keys."""
    text = json.dumps(details, allow_nan=False)
    cleaned: dict[str, Any] = json.loads(text, parse_float=_refuse_float)
    return cleaned


def _set_organisation(event: AuditEvent, organisation: Organisation | None) -> None:
    event.organisation = organisation
    event.organisation_ref = organisation.pk if organisation else None
    event.organisation_name = organisation.name if organisation else ""


def _target(target: models.Model | None, target_type: str, target_id: str) -> tuple[str, str]:
    if target is None:
        return target_type, str(target_id)
    if target_type or target_id:
        raise ValueError("give either target or target_type/target_id, not both")
    return target._meta.label_lower, str(target.pk)


def _append(event: AuditEvent) -> AuditEvent:
    event.seq = next_seq()
    event.occurred_at = timezone.now()
    event.mac = event_mac(event)
    _insert(event)
    seal_soon()
    return event


def _insert(event: AuditEvent) -> None:
    """One INSERT built once per backend: the ORM's save() spent more of each append compiling
    the same statement than the database spent running it (bench/audit_append.py)."""
    connection = transaction.get_connection()
    fields = _insert_fields()
    values = [field.get_db_prep_save(field.pre_save(event, True), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(_insert_sql(), values)
        event.pk = cursor.fetchone()[0]
    event._state.adding = False
    event._state.db = connection.alias
    # The webhook outbox and the inbox notifications listen for an appended event; a raw INSERT
    # must announce it as save() did, inside the same transaction.
    post_save.send(
        sender=AuditEvent, instance=event, created=True, raw=False, using=connection.alias
    )


@functools.cache
def _insert_fields() -> tuple[models.Field[Any, Any], ...]:
    return tuple(field for field in AuditEvent._meta.concrete_fields if not field.primary_key)


@functools.cache
def _insert_sql() -> str:
    columns = ", ".join(field.column for field in _insert_fields())
    marks = ", ".join(["%s"] * len(_insert_fields()))
    return f"INSERT INTO {AuditEvent._meta.db_table} ({columns}) VALUES ({marks}) RETURNING id"  # noqa: S608
