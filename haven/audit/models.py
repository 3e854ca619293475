"""The audit trail: an append-only, hash-chained log of who did what, when and why.

Appending takes no lock: `record()` gives the event the next sequence number (a database
sequence on PostgreSQL; SQLite has one writer at a time anyway) and its own `mac`, an HMAC
(keyed with the keyring's audit key) over its fields. The sealer (haven.audit.seal), one at a
time, later chains the unsealed events in sequence order: each gets `prev_hash` and `hash`, an
HMAC over its fields and the previous event's hash, so a sealed event cannot be altered, removed
or reordered without `haven audit verify` noticing. `ChainHead` remembers the last sealed
sequence number and hash, so removing sealed events from the end is noticed too.

The models refuse updates and deletes through the ORM. That stops mistakes in application
code, not an attacker with database access: such a person can still edit rows, and the hash
chain is what detects that. (One who also holds the audit key can rewrite, rewind or empty the
chain; signed checkpoints kept elsewhere catch that: haven.audit.checkpoint.)

Personal data: `details` must never hold a survivor's personal data or free text (names,
dates of birth, addresses, notes); `purpose` is a code (haven.audit.purposes) that `record()`
checks. Refer to records by type and id.
The trail outlives the records it describes and is read by auditors who may not see them.
"""

from typing import Any, NoReturn

from django.conf import settings
from django.db import models

from haven.audit.constraints import PURPOSE_CONSTRAINT
from haven.audit.expressions import NamedCase

GENESIS_HASH = "0" * 64


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit event through the ORM."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(f"audit events are append-only: {what} is not allowed")


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        _refuse("update")

    def delete(self) -> tuple[int, dict[str, int]]:
        _refuse("delete")


class AuditEvent(models.Model):
    """One event. Written only by `haven.audit.log.record`.

    `actor` and `organisation` are links for convenience that erasing a user or organisation
    may set to NULL; the hash covers the copies taken when the event was written
    (`actor_ref`, `actor_username`, `organisation_ref`, `organisation_name`), so the chain
    survives that erasure while a link re-pointed at someone else is still detected.
    """

    seq = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_ref = models.PositiveBigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True, db_index=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation_ref = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True, db_index=True)
    target_id = models.CharField(max_length=64, blank=True, db_index=True)
    purpose = models.TextField(blank=True)
    details = models.JSONField(default=dict, blank=True)
    mac = models.CharField(max_length=64, blank=True)  # written with the event ("" before 0002)
    prev_hash = models.CharField(max_length=64, blank=True)  # "" until sealed
    hash = models.CharField(max_length=64, blank=True)  # "" until sealed

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        indexes = [
            # The sealer's work list stays small however long the trail grows.
            models.Index(fields=["seq"], condition=models.Q(hash=""), name="audit_unsealed_idx"),
            # A case's timeline (haven.cases.timeline) also finds the events that name the case
            # in their details: without this index every case page read the whole trail (23 ms
            # at 33,000 events on PostgreSQL, and growing with every audited read).
            models.Index(NamedCase("details"), name="audit_details_case_idx"),
        ]
        # Only registered purpose codes: no free text can be stored (haven.audit.constraints).
        constraints = [PURPOSE_CONSTRAINT]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("changing a saved event")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("delete")

    @property
    def sealed(self) -> bool:
        return bool(self.hash)


class ChainHead(models.Model):
    """The single row (pk=1) recording the end of the sealed chain; moved by the sealer."""

    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"chain head at #{self.last_seq}"
