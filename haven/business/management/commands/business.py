"""`haven business laws COMPANY.json [--on DATE] [--json]` (which laws apply and why) and
`haven business escalate [--json]` (escalate overdue grievances). See docs/business.md."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.business.actions import escalate_overdue
from haven.business.applicability import CompanyInputError, assess, parse_company
from haven.law.loader import LawDataError


class Command(BaseCommand):
    help = "Business due diligence: which laws apply to a company; escalate overdue grievances."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        laws = sub.add_parser("laws", help="which transparency and due-diligence laws apply")
        laws.add_argument("company", type=Path)
        laws.add_argument("--on", type=dt.date.fromisoformat, help="date to judge (YYYY-MM-DD)")
        laws.add_argument("--json", action="store_true")
        escalate = sub.add_parser("escalate", help="escalate grievances open past their deadline")
        escalate.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(**options)
        except (CompanyInputError, LawDataError) as error:
            raise CommandError(str(error)) from None

    def _laws(self, *, company: Path, on: dt.date | None, json: bool, **_: Any) -> None:
        result = assess(parse_company(_read_json(company), str(company)), on)
        self.stdout.write(_dumps(result) if json else _laws_text(result))

    def _escalate(self, *, json: bool, **_: Any) -> None:
        escalated = escalate_overdue()
        data = {"escalated": [g.pk for g in escalated]}
        self.stdout.write(_dumps(data) if json else f"{len(escalated)} grievance(s) escalated")


def _dumps(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: not valid JSON: {error}") from None


def _laws_text(data: dict[str, Any]) -> str:
    lines = [f"{data['company']}, as of {data['as_of']}"]
    for law in data["laws"]:
        verdict = "APPLIES" if law["applies"] else "undetermined" if not law["determined"] else "no"
        lines.append(f"- {law['code']:<13} {verdict:<12} {law['reason']}")
        lines += [f"    basis: {b['citation']}" for b in law["basis"]]
    return "\n".join(lines)
