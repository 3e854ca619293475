"""Notifications to grievance officers. They carry no personal data and nothing the worker
wrote: only that something happened on a channel, and the grievance's number, so an officer
signs in to read it behind access control. Sent after the commit, never failing the worker."""

from django.core.mail import send_mail
from django.db import transaction

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, Role

TEXTS = {
    "filed": "A new grievance (no. {number}) was filed on the channel {channel}.",
    "escalated": (
        "Grievance no. {number} on the channel {channel} was escalated to you: "
        "it was not resolved in time."
    ),
    "retaliation": "Retaliation was reported on grievance no. {number} (channel {channel}).",
    "referred": "Grievance no. {number} was referred to you with the worker's consent.",
}
FOOTER = "\n\nSign in to Haven to read it. This message holds no details by design."


def officers_of(organisation: Organisation) -> list[str]:
    users = User.objects.filter(
        organisation=organisation, is_active=True, role_grants__role=Role.GRIEVANCE_OFFICER
    )
    return sorted({u.email for u in users if u.email and u.can(Capability.HANDLE_GRIEVANCES)})


def message(event: str, number: int, channel: str) -> str:
    return TEXTS[event].format(number=number, channel=channel) + FOOTER


def notify(organisation: Organisation, event: str, number: int, channel: str) -> None:
    recipients = officers_of(organisation)
    if not recipients:
        return
    body = message(event, number, channel)
    transaction.on_commit(
        lambda: send_mail("Haven: grievance update", body, None, recipients, fail_silently=True)
    )
