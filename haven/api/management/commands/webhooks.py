"""`haven webhooks deliver`: queue due-deadline events, then send what the outbox holds."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.api.delivery import deliver_due
from haven.api.outbox import do_queue_due_deadlines


class Command(BaseCommand):
    help = "Deliver webhooks: queue deadline.due events, then send every delivery that is due."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        deliver = sub.add_parser("deliver", help="send the deliveries that are due")
        deliver.add_argument("--limit", type=int, default=100)
        deliver.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        queued = do_queue_due_deadlines()
        summary = deliver_due(limit=options["limit"])
        figures = {"queued_deadlines": queued, **summary.__dict__}
        if options["json"]:
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(
                "queued {queued_deadlines} deadline events; attempted {attempted}, "
                "delivered {delivered}, failed for good {failed}".format(**figures)
            )
