"""Every audit action name the business app records, and whether it is a read or a write."""

AUDIT_ACTIONS: dict[str, str] = {
    "grievance.channel_opened": "write",
    "grievance.filed": "write",
    "grievance.lookup_failed": "write",
    "grievance.followed": "read",
    "grievance.worker_updated": "write",
    "grievance.triage": "write",
    "grievance.investigation": "write",
    "grievance.action_plan": "write",
    "grievance.resolved": "write",
    "grievance.retaliation_flagged": "write",
    "grievance.escalated": "write",
    "grievance.referred": "write",
    "grievance.read": "read",
    "grievance.listed": "read",
    "company.data_loaded": "write",
    "company.licences_revoked": "write",
    "company.read": "read",
}
