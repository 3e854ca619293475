"""Every audit action name this app records, with its kind, for the audit action registry."""

AUDIT_ACTIONS: dict[str, str] = {
    "language.preference_set": "write",
}
