"""Every audit action name this app records, with its kind, for the audit action registry."""

AUDIT_ACTIONS: dict[str, str] = {
    "draft.read": "read",
    "draft.saved": "write",
    "draft.discarded": "write",
    "draft.purged": "write",
}
