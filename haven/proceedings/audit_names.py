"""Every audit action name this app records, with its kind ("read" or "write"), for the audit
action registry (issue 16). A test proves each `record(...)` call in the app uses one of these."""

AUDIT_ACTIONS: dict[str, str] = {
    "proceedings.read": "read",
    "proceeding.recorded": "write",
    "proceeding.updated": "write",
    "proceeding.kept_informed": "write",
    "charge.recorded": "write",
    "charge.updated": "write",
    "remedy_claim.recorded": "write",
    "remedy_claim.updated": "write",
    "risk_assessment.recorded": "write",
    "risk_assessment.updated": "write",
    "risk_assessment.approved": "write",
    "return.recorded": "write",
}
