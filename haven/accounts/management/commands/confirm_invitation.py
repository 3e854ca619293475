"""`haven confirm_invitation USERNAME`: the server's operator confirms an invitation.

Separation of duties needs a second administrator; a fresh installation has only the first.
Whoever runs commands on the server can read the database anyway, so the operator may be that
second person: the link is e-mailed, or with no mail configured printed here. Audited."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.actions import do_confirm_invitation_on_server
from haven.accounts.models import Invitation


class Command(BaseCommand):
    help = "Confirm a waiting invitation as the server's operator (the second administrator)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000/")

    def handle(self, *args: Any, **options: Any) -> None:
        invitation = Invitation.objects.filter(user__username=options["username"]).first()
        if invitation is None or not invitation.awaits_confirmation:
            raise CommandError(f"no invitation waits for confirmation for {options['username']!r}")
        link = do_confirm_invitation_on_server(invitation=invitation, base_url=options["base_url"])
        if link is None:
            self.stdout.write(f"Confirmed: the link was e-mailed to {invitation.user.email}.")
        else:
            self.stdout.write(f"Confirmed. Give this one-time link to the person:\n{link}")
