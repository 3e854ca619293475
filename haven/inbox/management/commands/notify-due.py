"""`haven notify-due`: e-mail each user whose deadlines or progress reports are due soon or
overdue, once per item and state, saying only how many (docs/inbox.md). Run it daily (cron or
a systemd timer); `--enqueue` hands the run to the job queue instead (`haven worker`)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.inbox import notify


class Command(BaseCommand):
    help = "E-mail users whose deadlines or reports are due soon or overdue (no names, no details)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="run it as a background job")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from haven.inbox.tasks import notify_due

            notify_due.enqueue()
            self.stdout.write("Queued; `haven worker` sends the notices.")
            return
        run = notify.notify_due()
        self.stdout.write(f"{run.notices} notices e-mailed to {run.users} users.")
