"""`haven webhooks deliver`: queue due-deadline and report-due events, then send what the
outbox holds; `--enqueue` hands the same run to the job queue (`haven worker`)."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.api.delivery import deliver_due
from haven.api.outbox import do_queue_due_deadlines, do_queue_due_reports


class Command(BaseCommand):
    help = "Deliver webhooks: queue deadline.due and recommendation.report_due events, then send."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        deliver = sub.add_parser("deliver", help="send the deliveries that are due")
        deliver.add_argument("--limit", type=int, default=100)
        deliver.add_argument("--json", action="store_true")
        deliver.add_argument("--enqueue", action="store_true", help="run it as a background job")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from haven.api.tasks import deliver_webhooks

            deliver_webhooks.enqueue(options["limit"])
            self.stdout.write("Queued; `haven worker` delivers the webhooks.")
            return
        queued = do_queue_due_deadlines()
        reports = do_queue_due_reports()
        summary = deliver_due(limit=options["limit"])
        figures = {"queued_deadlines": queued, "queued_reports": reports, **summary.__dict__}
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(
                "queued {queued_deadlines} deadline and {queued_reports} report events; "
                "attempted {attempted}, delivered {delivered}, failed for good {failed}".format(
                    **figures
                )
            )
