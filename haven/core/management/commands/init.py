"""`haven init`: make a data directory ready to serve. Safe to run again; it changes only what is
missing. (The data directory and secrets were made by haven.bootstrap before Django started.)"""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from haven.accounts.actions import do_create_system_admin
from haven.accounts.models import User
from haven.crypto.rotation import undecryptable_columns


def check_keys_match_data() -> None:
    """Refuse to go on when the keys cannot read the stored data: serving with new keys over
    old data would make every encrypted field unreadable."""
    failing = undecryptable_columns()
    if failing:
        raise CommandError(
            f"The keys file cannot decrypt the stored data ({', '.join(failing)}). Restore the "
            "keys file from your backup (HAVEN_ENCRYPTION_KEYS_FILE); do not serve with new keys."
        )


class Command(BaseCommand):
    help = (
        "Create the data directory, keys and database when missing; make the first administrator."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--admin-username", default="admin")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--no-static", action="store_true", help="skip collectstatic")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = max(0, options["verbosity"] - 1)
        call_command("migrate", interactive=False, verbosity=verbosity)
        check_keys_match_data()
        for step in settings.HAVEN_INIT_STEPS:  # the domain's own set-up (core imports none)
            for code in import_string(step)():
                self.stdout.write(f"loaded built-in jurisdiction profile {code}")
        if not options["no_static"]:
            call_command("collectstatic", interactive=False, verbosity=verbosity)
        if not User.objects.exists():
            self._create_admin(options["admin_username"], options["admin_email"])
        self.stdout.write("Haven is ready.")

    def _create_admin(self, username: str, email: str) -> None:
        _user, password = do_create_system_admin(username=username, email=email)
        self.stdout.write(
            self.style.WARNING(
                f"Created the system administrator '{username}' with password: {password}\n"
                "This password is shown only once. Sign in and change it."
            )
        )
