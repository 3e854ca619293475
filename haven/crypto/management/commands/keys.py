"""`haven keys rotate` and `haven keys status`: key ids and counts only, never key material."""

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from haven.crypto.keys import KeyringError, read_keyring
from haven.crypto.rotation import (
    UNREADABLE,
    RotationError,
    RotationReport,
    key_usage,
    keys_file,
    rotate_keys,
)


class Command(BaseCommand):
    help = "Rotate the data-encryption key, or show which keys stored values use."

    def add_arguments(self, parser: ArgumentParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="{rotate,status}")
        rotate = actions.add_parser("rotate", help="re-encrypt every value under a new key")
        status = actions.add_parser("status", help="list key ids and how many values use each")
        for subparser in (rotate, status):
            subparser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "rotate":
                self._rotate(as_json=options["json"])
            else:
                self._status(as_json=options["json"])
        except (KeyringError, RotationError) as error:
            raise CommandError(str(error)) from None

    def _rotate(self, *, as_json: bool) -> None:
        report = rotate_keys()
        if as_json:
            self.stdout.write(json.dumps(report.as_dict(), indent=2))
        else:
            self.stdout.write(_describe(report))

    def _status(self, *, as_json: bool) -> None:
        path = keys_file()
        keyring = read_keyring(path)
        usage = key_usage()
        key_ids = sorted({*keyring.encryption, *usage})
        status = {
            "keys_file": str(path),
            "primary": keyring.primary,
            "keys": [
                _key_status(kid, keyring.encryption, keyring.primary, usage) for kid in key_ids
            ],
        }
        if as_json:
            self.stdout.write(json.dumps(status, indent=2))
        else:
            self.stdout.write(_describe_status(status))


def _key_status(
    kid: str, known: dict[str, bytes], primary: str, usage: dict[str, int]
) -> dict[str, Any]:
    return {
        "id": kid,
        "primary": kid == primary,
        "in_keys_file": kid in known,
        "values": usage.get(kid, 0),
    }


def _describe(report: RotationReport) -> str:
    lines = [
        f"{context}: {count} re-encrypted" for context, count in sorted(report.reencrypted.items())
    ]
    retired = ", ".join(report.retired_key_ids) or "none"
    lines.append(f"{report.total} values now use key {report.new_key_id}; removed keys: {retired}")
    return "\n".join(lines)


def _describe_status(status: dict[str, Any]) -> str:
    lines = [f"keys file: {status['keys_file']}"]
    for key in status["keys"]:
        notes = ["primary"] if key["primary"] else []
        if key["id"] == UNREADABLE:
            notes.append("cannot be decrypted")
        elif not key["in_keys_file"]:
            notes.append("NOT IN THE KEYS FILE: these values cannot be decrypted")
        suffix = f" ({'; '.join(notes)})" if notes else ""
        lines.append(f"{key['id']}: {key['values']} values{suffix}")
    return "\n".join(lines)
