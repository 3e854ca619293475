"""`haven audit verify [--json]`: check the audit trail's hash chain.

Exit status 0 when the chain is intact and 1 when it is not, so cron or monitoring can
alert on it. Keep the `--json` output somewhere outside the database: comparing counts over
time is what catches someone who removes the newest events and rewinds the chain head.
"""

import json
from dataclasses import asdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.verify import VerifyResult, verify_chain
from haven.crypto.keys import KeyringError


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser("verify", help="check the hash chain of every event")
        verify.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = verify_chain()
        except KeyringError as error:
            raise CommandError(str(error)) from None
        self._report(result, as_json=options["json"])
        if not result.ok:
            raise SystemExit(1)

    def _report(self, result: VerifyResult, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(asdict(result)))
        elif result.ok:
            self.stdout.write(f"ok: {result.checked} events verified")
        else:
            self.stderr.write(f"TAMPERED: {result.problem}")
