"""Audit action names recorded by the referrals app (see haven.audit.registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "referral.read": "read",
    "referral.listed": "read",
    "referral.shared_read": "read",
    "referral.sent": "write",
    "referral.accepted": "write",
    "referral.declined": "write",
    "referral.withdrawn": "write",
    "referral.completed": "write",
    "referral.case_opened": "write",
}
