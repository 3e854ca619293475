"""`haven worker [--burst]`: run the background jobs, with the back-end the settings choose
(HAVEN_TASKS_BACKEND): the database worker of django-tasks, or an RQ worker on Redis. Beside
them a thread keeps this instance's corpus index in step with the outbox (docs/corpus.md)."""

import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from haven.corpus import index_outbox


class Command(BaseCommand):
    help = "Run background jobs (exports and other long work) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="run what is waiting, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        burst: bool = options["burst"]
        stop = threading.Event()
        if burst:
            index_outbox.catch_up()
        else:
            threading.Thread(target=index_outbox.follow, args=(stop,), daemon=True).start()
        try:
            self._run(burst)
        finally:
            stop.set()

    def _run(self, burst: bool) -> None:
        if settings.HAVEN_TASKS_BACKEND == "redis":
            call_command(
                "rqworker",
                "default",
                job_class="django_tasks_rq.Job",
                burst=burst,
                with_scheduler=False,
            )
            return
        call_command("db_worker", batch=burst, reload=False, startup_delay=False)
