"""Audit action names recorded by the support app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "support.plan_created": "write",
    "support.plan_updated": "write",
    "support.service_added": "write",
    "support.service_updated": "write",
    "support.service_consent_recorded": "write",
    "support.milestone_added": "write",
    "support.milestone_achieved": "write",
}
