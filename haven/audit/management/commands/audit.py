"""`haven audit verify [--json] [--checkpoint FILE [--verifying-key KEY]]`, `haven audit seal`,
`haven audit checkpoint [--output FILE]` and `haven audit signing-key`.

`seal` chains the events written since the last pass (docs/audit.md); `verify` seals first.

`verify` exits 0 when the chain is intact and 1 when it is not, so cron or monitoring can
alert on it. `checkpoint` writes a signed checkpoint (JSON) for the operator to ship off the
server; `verify --checkpoint` then proves the trail still holds what it signed, which catches
truncation, a rewound head, a rewritten chain and an emptied table. `signing-key` creates the
Ed25519 signing key at HAVEN_AUDIT_SIGNING_KEY_FILE (outside the data directory) and prints
the verifying key to publish. See docs/security.md.
"""

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.audit.actions import do_take_checkpoint
from haven.audit.checkpoint import (
    CheckpointError,
    create_signing_key,
    public_text,
    read_checkpoint,
    signing_key_path,
    trusted_verifying_key,
)
from haven.audit.models import AuditEvent
from haven.audit.seal import SealError, seal_pending
from haven.audit.verify import VerifyResult, verify_chain
from haven.crypto.keys import KeyringError


class Command(BaseCommand):
    help = "Work with the audit trail."

    def add_arguments(self, parser: CommandParser) -> None:
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        verify = subcommands.add_parser("verify", help="check the hash chain of every event")
        verify.add_argument("--json", action="store_true", help="print the result as JSON")
        verify.add_argument("--checkpoint", type=Path, help="a signed checkpoint kept elsewhere")
        verify.add_argument("--verifying-key", default="", help="the published key (base64)")
        subcommands.add_parser("seal", help="chain the events not sealed yet")
        point = subcommands.add_parser("checkpoint", help="write a signed checkpoint")
        point.add_argument("--output", type=Path, help="file to write (default: stdout)")
        subcommands.add_parser("signing-key", help="create the checkpoint signing key")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, "_" + options["subcommand"].replace("-", "_"))(options)
        except (KeyringError, CheckpointError) as error:
            raise CommandError(str(error)) from None

    def _verify(self, options: dict[str, Any]) -> None:
        point = None
        if options["checkpoint"]:
            key = trusted_verifying_key(options["verifying_key"])
            point = read_checkpoint(options["checkpoint"], key)
        result = verify_chain(point)
        self._report(result, as_json=options["json"])
        if not result.ok:
            raise SystemExit(1)

    def _seal(self, options: dict[str, Any]) -> None:
        try:
            sealed = seal_pending(wait=True)
        except SealError as error:
            raise CommandError(str(error)) from None
        left = AuditEvent.objects.filter(hash="").count()
        self.stdout.write(f"sealed {sealed} events; {left} not sealed")
        if left:
            self.stderr.write("some events could not be sealed: run `haven audit verify`")

    def _checkpoint(self, options: dict[str, Any]) -> None:
        text = json.dumps(do_take_checkpoint(), indent=2) + "\n"
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")

    def _signing_key(self, options: dict[str, Any]) -> None:
        path = signing_key_path()
        self.stdout.write(f"created {path}; verifying key (publish it):")
        self.stdout.write(public_text(create_signing_key(path)))

    def _report(self, result: VerifyResult, *, as_json: bool) -> None:
        if as_json:
            self.stdout.write(json.dumps(asdict(result)))
        elif result.ok:
            self.stdout.write(f"ok: {result.checked} events verified")
        else:
            self.stderr.write(f"TAMPERED: {result.problem}")
