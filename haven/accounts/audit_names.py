"""Every audit action name the accounts app records, with its kind (read or write).

The audit registry reads this dict from every app; a test checks that each `record(...)` call in
the accounts app uses a name listed here."""

AUDIT_ACTIONS: dict[str, str] = {
    "organisation.created": "write",
    "user.created": "write",
    "user.invited": "write",
    "user.invitation_confirmed": "write",
    "user.invitation_accepted": "write",
    "user.roles_changed": "write",
    "user.roles_requested": "write",
    "user.roles_approved": "write",
    "user.activated": "write",
    "user.deactivated": "write",
    "user.password_changed": "write",
    "login.succeeded": "write",
    "login.failed": "write",
    "login.throttled": "write",
    "user.logged_out": "write",
    "mfa.enrolment_started": "write",
    "mfa.enrolment_failed": "write",
    "mfa.enrolled": "write",
    "mfa.verified": "write",
    "mfa.failed": "write",
    "mfa.recovery_codes_generated": "write",
    "mfa.reset": "write",
    "webauthn.enrolled": "write",
    "webauthn.used": "write",
    "webauthn.removed": "write",
    "password_reset.requested": "write",
    "password_reset.throttled": "write",
    "password_reset.completed": "write",
    "password_reset.sent_by_administrator": "write",
}
