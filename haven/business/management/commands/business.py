"""`haven business laws COMPANY.json [--on DATE] [--json]` (which laws apply and why) and
`haven business escalate [--json]` (escalate overdue grievances). See docs/business.md."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import Organisation
from haven.business.actions import (
    do_load_company_data,
    do_register_revoked_licences,
    escalate_overdue,
)
from haven.business.applicability import CompanyInputError, assess, parse_company
from haven.business.companydata import DataError, parse
from haven.business.figures import by_company, by_sector
from haven.business.models import Company
from haven.business.statement import DRAFTABLE, draft
from haven.law.loader import LawDataError


class Command(BaseCommand):
    help = "Business due diligence: which laws apply to a company; escalate overdue grievances."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        laws = sub.add_parser("laws", help="which transparency and due-diligence laws apply")
        laws.add_argument("company", type=Path)
        laws.add_argument("--on", type=dt.date.fromisoformat, help="date to judge (YYYY-MM-DD)")
        laws.add_argument("--json", action="store_true")
        load = sub.add_parser("load", help="load a company-data file for an organisation")
        load.add_argument("data", type=Path)
        load.add_argument("--organisation", type=int, required=True, help="organisation id")
        revoked = sub.add_parser("revoked", help="add rows to the register of revoked licences")
        revoked.add_argument("register", type=Path, help="JSON list of revocations")
        draft = sub.add_parser("statement", help="draft statement or vigilance plan from the data")
        draft.add_argument("--organisation", type=int, required=True)
        draft.add_argument("--law", required=True, choices=DRAFTABLE)
        draft.add_argument("--json", action="store_true")
        figures = sub.add_parser("figures", help="remedy figures per company and sector")
        figures.add_argument("--outside", action="store_true", help="disclosure-controlled")
        figures.add_argument("--json", action="store_true")
        escalate = sub.add_parser("escalate", help="escalate grievances open past their deadline")
        escalate.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(**options)
        except (CompanyInputError, LawDataError, DataError, ValidationError) as error:
            raise CommandError(str(error)) from None

    def _laws(self, *, company: Path, on: dt.date | None, json: bool, **_: Any) -> None:
        result = assess(parse_company(_read_json(company), str(company)), on)
        self.stdout.write(_dumps(result) if json else _laws_text(result))

    def _load(self, *, data: Path, organisation: int, **_: Any) -> None:
        company = do_load_company_data(
            _organisation(organisation), parse(_read_json(data), str(data)), acting_user=None
        )
        self.stdout.write(
            f"loaded: {company.sites.count()} sites, {company.suppliers.count()} suppliers"
        )

    def _revoked(self, *, register: Path, **_: Any) -> None:
        rows = _read_json(register)
        keys = ("country", "licence_number", "agency_name", "revoked_on", "authority")
        for i, row in enumerate(rows if isinstance(rows, list) else [None]):
            missing = [k for k in keys if not isinstance(row, dict) or not row.get(k)]
            if missing:
                raise CommandError(f"{register}: entry {i}: missing {', '.join(missing)}")
        added = do_register_revoked_licences(rows, acting_user=None)
        self.stdout.write(f"{added} revocation(s) added")

    def _statement(self, *, organisation: int, law: str, json: bool, **_: Any) -> None:
        company = Company.objects.filter(organisation_id=organisation).first()
        if company is None:
            raise CommandError(f"organisation {organisation} has no company data")
        result = draft(company, law)
        lines = [f"{c['status']:<12} {c['code']}" for c in result["criteria"]]
        self.stdout.write(_dumps(result) if json else "\n".join(lines))

    def _figures(self, *, outside: bool, json: bool, **_: Any) -> None:
        data = {"companies": by_company(outside), "sectors": by_sector(outside)}
        lines = [
            f"{r['company']}: filed {r['filed']}, resolved {r['resolved']}"
            for r in data["companies"]
        ]
        self.stdout.write(_dumps(data) if json else "\n".join(lines))

    def _escalate(self, *, json: bool, **_: Any) -> None:
        escalated = escalate_overdue()
        data = {"escalated": [g.pk for g in escalated]}
        self.stdout.write(_dumps(data) if json else f"{len(escalated)} grievance(s) escalated")


def _organisation(pk: int) -> Organisation:
    found = Organisation.objects.filter(pk=pk).first()
    if found is None:
        raise CommandError(f"no organisation {pk}")
    return found


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
