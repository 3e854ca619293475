"""`haven purge_drafts [--days N] [--dry-run]`: delete drafts nobody has touched for N days."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from haven.drafts.actions import purge_drafts
from haven.drafts.retention import DRAFT_RETENTION_DAYS


class Command(BaseCommand):
    help = "Delete drafts untouched for longer than the retention period (default 30 days)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=DRAFT_RETENTION_DAYS)
        parser.add_argument("--dry-run", action="store_true", help="only count them")

    def handle(self, *args: Any, **options: Any) -> None:
        days = max(int(options["days"]), 1)
        before = timezone.now() - datetime.timedelta(days=days)
        count = purge_drafts(before=before, dry_run=options["dry_run"])
        verb = "would delete" if options["dry_run"] else "deleted"
        self.stdout.write(f"{verb} {count} draft(s) untouched for {days} day(s)")
