"""The chain's hash and each event's own MAC: one pair of functions used both to write events
and to verify them.

`event_mac` is computed when the event is written, with no lock (it covers the event's own
fields, its sequence number included); `event_hash` links the event to the one before it and is
computed later by the sealer (haven.audit.seal), one writer at a time.

Both sides build the hashed text from values as the database returns them, in a form every
backend gives back identically: datetimes as UTC ISO strings with microseconds (PostgreSQL
and SQLite both keep microseconds), JSON with sorted keys and ASCII escapes (PostgreSQL's
jsonb reorders keys and drops whitespace).
"""

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from haven.audit.models import AuditEvent
from haven.crypto.keys import current_keyring


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def canonical_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def hashed_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": canonical_time(event.occurred_at),
        "actor_id": event.actor_ref,
        "actor_username": event.actor_username,
        "organisation_id": event.organisation_ref,
        "organisation_name": event.organisation_name,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "purpose": event.purpose,
        "details": event.details,
    }


def event_hash(event: AuditEvent, key: bytes | None = None) -> str:
    """HMAC-SHA256 over the previous hash and the event's canonical fields, as hex."""
    key = current_keyring().audit if key is None else key
    message = event.prev_hash + canonical_json(hashed_fields(event))
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()


def event_mac(event: AuditEvent, key: bytes | None = None) -> str:
    """HMAC-SHA256 over the event's canonical fields alone (no link), as hex: an unsealed event
    cannot be altered, moved to another sequence number or forged without the audit key."""
    key = current_keyring().audit if key is None else key
    message = "event:" + canonical_json(hashed_fields(event))
    return hmac.new(key, message.encode("ascii"), hashlib.sha256).hexdigest()
