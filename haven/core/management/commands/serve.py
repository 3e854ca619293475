"""`haven serve`: several worker processes under gunicorn on Linux, so a national referral
mechanism's many caseworkers are not queued behind one Python process (one process uses one
core). gunicorn is well kept, pure Python, and restarts its workers gracefully on SIGHUP.
Where gunicorn cannot run (it needs `fork`, so not on Windows) Haven falls back to waitress in
one process."""

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    return os.cpu_count() or 1


def gunicorn_options(*, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn settings: threaded workers, each importing Haven itself (no preload), so no
    database connection or key cache is shared across a fork."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": False,
        # A long ingest or export may hold a request; a stuck worker is still replaced.
        "timeout": 120,
        "graceful_timeout": 30,
        "accesslog": None,
        "errorlog": "-",
        # Haven does not use gunicorn's control socket; by default it sits in $HOME, where two
        # instances on one machine would share it.
        "control_socket_disable": True,
    }


def run_gunicorn(options: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]  # gunicorn ships no type hints

    class HavenServer(BaseApplication):
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from haven.wsgi import application

            return application

    HavenServer().run()


def run_waitress(*, host: str, port: int, threads: int) -> None:
    import waitress

    from haven.wsgi import application

    waitress.serve(application, host=host, port=port, threads=threads)


class Command(BaseCommand):
    help = "Serve Haven over HTTP (put a TLS-terminating proxy in front of it in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=4)

    def handle(self, *args: Any, **options: Any) -> None:
        host, port, workers = options["host"], options["port"], options["workers"]
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.stdout.write(
            f"Haven is serving on http://{host}:{port}/ with {workers} worker(s) (Ctrl-C stops it)"
        )
        self.stdout.flush()
        if sys.platform.startswith("win"):
            run_waitress(host=host, port=port, threads=options["threads"])
            return
        run_gunicorn(
            gunicorn_options(host=host, port=port, workers=workers, threads=options["threads"])
        )
