"""Every audit action name the API, webhook and OpenRosa code records, and whether it
describes a read or a write (for the audit action-name registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "api.client_registered": "write",
    "api.client_approved": "write",
    "api.client_revoked": "write",
    "api.called": "read",
    "webhook.subscribed": "write",
    "webhook.unsubscribed": "write",
    "webhook.delivered": "write",
    "webhook.attempt_failed": "write",
    "webhook.deadlines_queued": "write",
    "webhook.reports_queued": "write",
    "openrosa.received": "write",
    "openrosa.discarded": "write",
    "openrosa.confirmed": "write",
    "openrosa.drafts_listed": "read",
    "openrosa.draft_read": "read",
}
