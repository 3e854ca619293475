"""`haven person_keys rebuild`: re-derive every person's name-part blind indexes."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.cases.actions import do_rebuild_person_keys


class Command(BaseCommand):
    help = (
        "Rebuild the spelling-tolerant name-part keys of every person from their decrypted "
        "names (run once after upgrading to a Haven that has them)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("rebuild", help="re-derive the keys of every person")

    def handle(self, *args: Any, **options: Any) -> None:
        count = do_rebuild_person_keys()
        self.stdout.write(f"rebuilt the name-part keys of {count} person(s)")
