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
        rebuild = sub.add_parser("rebuild", help="re-derive the keys of every person")
        rebuild.add_argument(
            "--flag-duplicates",
            action="store_true",
            help="then flag possible duplicates among existing persons, as registration does",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = do_rebuild_person_keys(flag=options["flag_duplicates"])
        self.stdout.write(
            f"rebuilt the name-part keys of {counts['persons']} person(s); "
            f"{counts['flagged']} new possible duplicate(s) flagged"
        )
