"""Audit action names recorded by the audit app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "audit.browsed": "read",
    "audit.checkpointed": "write",
}
