"""`haven screen RECORD.json [--jurisdiction XX] [--json]` and `haven screen --vocabulary --json`.
Formats: docs/screening.md."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.law.profiles import UnknownProfile, jurisdiction, jurisdiction_settings
from haven.screening.engine import screen
from haven.screening.record import RecordError, parse_record
from haven.screening.serialize import screening_json
from haven.screening.vocabulary import codes_by_field


class Command(BaseCommand):
    help = "Screen an interview record: legal elements, grounds, early support, rights, alerts."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("record", nargs="?", type=Path)
        parser.add_argument("--jurisdiction", help="overrides the record's own jurisdiction")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--vocabulary", action="store_true", help="print every accepted code")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["vocabulary"]:
            return self._print(codes_by_field(), as_json=True)
        if options["record"] is None:
            raise CommandError("give a RECORD.json file, or --vocabulary")
        result = screen_file(options["record"], options["jurisdiction"])
        return self._print(result, as_json=options["json"])

    def _print(self, data: dict[str, Any], *, as_json: bool) -> None:
        self.stdout.write(
            json.dumps(data, indent=2, ensure_ascii=False) if as_json else _text(data)
        )


def screen_file(path: Path, code: str | None) -> dict[str, Any]:
    try:
        record = parse_record(path.read_bytes())
        profile = jurisdiction(code or record.jurisdiction or "INTL")
    except FileNotFoundError:
        raise CommandError(f"{path}: file not found") from None
    except (RecordError, UnknownProfile) as error:
        raise CommandError(f"{path}: {error}") from None
    return screening_json(screen(record, jurisdiction_settings(profile)), profile.code)


def _text(data: dict[str, Any]) -> str:
    legal = data["legal_elements"]
    lines = [
        f"Jurisdiction {data['jurisdiction']}. Legal elements: act {legal['act']}, "
        f"means {legal['means']}, purpose {legal['purpose']}; overall {legal['overall']}; "
        f"child: {legal['child_status']}",
        f"Reasonable grounds: {'yes' if data['reasonable_grounds'] else 'not yet'}",
        *[f"  - {reason}" for reason in data["reasons"]],
        f"Early support: {'recommended' if data['early_support']['recommended'] else 'not yet'}",
        *[f"  - {reason}" for reason in data["early_support"]["reasons"]],
        "Rights:",
        *[_right_line(right) for right in data["rights"]],
        "Alerts:",
        *[f"  ! {a['code']}: {a['message']}" for a in data["alerts"]],
    ]
    return "\n".join(lines)


def _right_line(right: dict[str, Any]) -> str:
    until = f" until {right['ends']} ({right['days']} days)" if right["ends"] else ""
    basis = "; ".join(b["citation"] for b in right["basis"])
    return f"  * {right['title']}{until} [{basis}]"
