"""`haven retention apply [--dry-run] [--today YYYY-MM-DD] [--json]`: erase expired data."""

import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from haven.cases.retention import do_apply_retention


class Command(BaseCommand):
    help = "Erase the personal data of closed cases past their organisation's retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        apply = sub.add_parser("apply", help="erase what has expired")
        apply.add_argument("--dry-run", action="store_true", help="say what would be erased")
        apply.add_argument("--today", help="the date to apply the policies on (YYYY-MM-DD)")
        apply.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        today = _date(options["today"]) if options["today"] else timezone.localdate()
        report = do_apply_retention(today=today, dry_run=options["dry_run"])
        if options["json"]:
            data = {"cases": report.cases, "items": report.items, "dry_run": options["dry_run"]}
            self.stdout.write(json.dumps(data))
            return
        verb = "would erase" if options["dry_run"] else "erased"
        self.stdout.write(f"{verb} the personal data of {len(report.cases)} case(s)")


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--today: {text!r} is not a date in the form YYYY-MM-DD") from None
