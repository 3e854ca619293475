"""Audit action names recorded by the cases app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "case.read": "read",
    "case.listed": "read",
    "person.searched": "read",
    "case.opened": "write",
    "case.note_added": "write",
    "case.updated": "write",
    "case.victim_context_saved": "write",
    "case.event_added": "write",
    "case.perpetrator_added": "write",
    "case.read_explained": "write",
    "consent.given": "write",
    "consent.withdrawn": "write",
    "retention.policy_set": "write",
    "retention.erased": "write",
    "person.keys_rebuilt": "write",
}
