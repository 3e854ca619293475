"""Every audit action name this app records, with its kind ("read" or "write"), for the audit
action registry (issue 16). A test proves each `record(...)` call in the app uses one of these."""

AUDIT_ACTIONS: dict[str, str] = {
    "law.jurisdiction_saved": "write",
    "law.definition_profile_saved": "write",
    "law.jurisdictions_loaded": "write",
}
