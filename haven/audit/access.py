"""Which audit events an auditor may read.

An auditor reads the events of their own organisation. An auditor with no organisation is
a system-wide auditor and reads every event. The organisation is the copy taken when the
event was written, so events stay readable after the link is erased.
"""

from django.http import Http404

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.models import AuditEvent, AuditEventQuerySet


def events_visible_to(user: User) -> AuditEventQuerySet:
    events: AuditEventQuerySet = AuditEvent.objects.all()
    if not user.can(Capability.READ_AUDIT):
        return events.none()  # the views check this too; this keeps other callers safe
    if user.organisation_id is None:
        return events
    return events.filter(organisation_ref=user.organisation_id)


def access_event_by_seq(user: User, seq: int) -> AuditEvent:
    """The event, or 404 whether it is missing or belongs to another organisation."""
    try:
        return events_visible_to(user).get(seq=seq)
    except AuditEvent.DoesNotExist:
        raise Http404("No such audit event") from None
