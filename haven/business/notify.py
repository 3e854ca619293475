"""Notifications to grievance officers. They carry no personal data and nothing the worker
wrote: only that something happened on a channel, and the grievance's number, so an officer
signs in to read it behind access control. Sent after the commit, never failing the worker.

Written in the site's language (settings.LANGUAGE_CODE), not in whatever language is active:
a worker filing in Arabic must not decide the language of the officers' e-mail."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Capability, Role

TEXTS = {
    "filed": _("A new grievance (no. %(number)s) was filed on the channel %(channel)s."),
    "escalated": _(
        "Grievance no. %(number)s on the channel %(channel)s was escalated to you: "
        "it was not resolved in time."
    ),
    "retaliation": _("Retaliation was reported on grievance no. %(number)s (channel %(channel)s)."),
    "referred": _("Grievance no. %(number)s was referred to you with the worker's consent."),
}
FOOTER = _("Sign in to Haven to read it. This message holds no details by design.")
SUBJECT = _("Haven: grievance update")


def officers_of(organisation: Organisation) -> list[str]:
    users = User.objects.filter(
        organisation=organisation, is_active=True, role_grants__role=Role.GRIEVANCE_OFFICER
    )
    return sorted({u.email for u in users if u.email and u.can(Capability.HANDLE_GRIEVANCES)})


def support_leads_of(organisation: Organisation) -> list[str]:
    """Who opens cases from what is referred to a support organisation, which may have no
    grievance officer at all: its case managers and supervisors."""
    users = User.objects.filter(
        organisation=organisation,
        is_active=True,
        role_grants__role__in=[Role.CASE_MANAGER, Role.SUPERVISOR],
    )
    return sorted({u.email for u in users if u.email and u.can(Capability.CREATE_SUPPORT_RECORDS)})


def message(event: str, number: int, channel: str) -> tuple[str, str]:
    """(subject, body) in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        said = TEXTS[event] % {"number": number, "channel": channel}
        return str(SUBJECT), f"{said}\n\n{FOOTER}"


def notify(organisation: Organisation, event: str, number: int, channel: str) -> None:
    recipients = officers_of(organisation)
    if event == "referred":
        recipients = sorted({*recipients, *support_leads_of(organisation)})
    if not recipients:
        return
    subject, body = message(event, number, channel)
    transaction.on_commit(lambda: send_mail(subject, body, None, recipients, fail_silently=True))
