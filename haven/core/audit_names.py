"""Audit action names recorded by the core app (see haven.audit.registry). Core records
nothing of its own: `update_audited` records the name its caller declares."""

AUDIT_ACTIONS: dict[str, str] = {}
