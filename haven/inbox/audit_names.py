"""Audit action names recorded by the inbox app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "inbox.notifications_chosen": "write",
    "inbox.due_notified": "write",
}
