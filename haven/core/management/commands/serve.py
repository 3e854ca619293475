"""`haven serve`: serve Haven with waitress, a production WSGI server that needs no compiler."""

from typing import Any

import waitress
from django.core.management.base import BaseCommand, CommandParser

from haven.wsgi import application


class Command(BaseCommand):
    help = "Serve Haven over HTTP (put a TLS-terminating proxy in front of it in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port = options["host"], options["port"]
        self.stdout.write(f"Haven is serving on http://{host}:{port}/ (Ctrl-C stops it)")
        waitress.serve(application, host=host, port=port, threads=options["threads"])
