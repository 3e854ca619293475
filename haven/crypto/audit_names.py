"""Audit action names recorded by the crypto app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "keys.rotated": "write",
}
