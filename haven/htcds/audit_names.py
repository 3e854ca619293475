"""Audit action names recorded by the HTCDS app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "htcds.exported": "read",
    "htcds.imported": "write",
}
