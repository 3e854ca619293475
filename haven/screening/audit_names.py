"""Every audit action name this app records, with its kind ("read" or "write"), for the audit
action registry (issue 16). A test proves each `record(...)` call in the app uses one of these."""

AUDIT_ACTIONS: dict[str, str] = {
    "screening.read": "read",
    "screening.recorded": "write",
    "screening.submitted": "write",
    "screening.decided": "write",
    "screening.appealed": "write",
    "screening.appeal_decided": "write",
    "screening.decision_confirmed": "write",
}
