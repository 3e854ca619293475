"""Audit action names of apps that do not yet declare their own `audit_names.py`.

Issue 16 moves every app's names into that app; the apps below get their file on another
branch. Until then their names live here, and are used ONLY for an app that has no
`audit_names.py`: once the app declares its own, its entry here is ignored and the test
`test_no_transitional_entry_for_an_app_that_declares_its_own` fails until it is deleted
(delete this whole module when the dict is empty). This is not a way to allow unknown names:
`record()` refuses every name that neither the app nor this table declares.
"""

PENDING: dict[str, dict[str, str]] = {
    "haven.accounts": {
        "login.failed": "write",
        "login.succeeded": "write",
        "organisation.created": "write",
        "user.activated": "write",
        "user.deactivated": "write",
        "user.created": "write",
        "user.invitation_accepted": "write",
        "user.invited": "write",
        "user.logged_out": "write",
        "user.password_changed": "write",
        "user.roles_changed": "write",
    },
    "haven.screening": {
        "screening.read": "read",
        "screening.recorded": "write",
        "screening.submitted": "write",
        "screening.decided": "write",
        "screening.appealed": "write",
        "screening.appeal_decided": "write",
    },
    "haven.law": {
        "law.jurisdictions_loaded": "write",
        "law.jurisdiction_saved": "write",
        "law.definition_profile_saved": "write",
    },
    "haven.proceedings": {
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
    },
    "haven.corpus": {
        "corpus.document_ingested": "write",
        "corpus.tags_corrected": "write",
    },
}


def pending_for(app_name: str) -> dict[str, str]:
    return PENDING.get(app_name, {})
