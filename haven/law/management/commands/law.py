"""`haven law check FACTS.json [--jurisdiction XX] [--json]`, `haven law gaps XX [--json]` and
`haven law validate [--seeds DIR]`. See docs/law.md for the formats."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.law import serialize
from haven.law.api import check_facts
from haven.law.gaps import find_gaps
from haven.law.loader import LawDataError, load_law
from haven.law.profiles import UnknownProfile, jurisdiction, jurisdiction_settings
from haven.law.seeds import check_sources


class Command(BaseCommand):
    help = "Check facts against the definition of trafficking, report legal gaps, validate data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        check = sub.add_parser("check", help="element-by-element finding for a facts file")
        check.add_argument("facts", type=Path)
        check.add_argument("--jurisdiction", default="INTL")
        check.add_argument("--json", action="store_true")
        gaps = sub.add_parser("gaps", help="where a jurisdiction falls short")
        gaps.add_argument("jurisdiction")
        gaps.add_argument("--json", action="store_true")
        validate = sub.add_parser("validate", help="check the data files (and seed citations)")
        validate.add_argument(
            "--seeds", type=Path, help="seed directory to check citations against"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['subcommand']}")(**options)
        except (UnknownProfile, LawDataError, ValueError) as error:
            raise CommandError(str(error)) from None

    def _check(self, *, facts: Path, jurisdiction: str, json: bool, **_: Any) -> None:
        result = check_facts(_read_json(facts), jurisdiction)
        self._print(result, json, _check_text)

    def _gaps(self, *, jurisdiction: str, json: bool, **_: Any) -> None:
        profile = _jurisdiction(jurisdiction)
        findings = find_gaps(jurisdiction_settings(profile))
        self._print(
            serialize.gaps_json(profile.code, profile.definition_profile, findings),
            json,
            _gaps_text,
        )

    def _validate(self, *, seeds: Path | None, **_: Any) -> None:
        base = load_law()
        problems = check_sources(base, seeds) if seeds else []
        if problems:
            raise CommandError("\n".join(problems))
        checked = f"; every citation found in {seeds}" if seeds else ""
        counts = f"{len(base.instruments)} instruments, {len(base.provisions)} provisions"
        self.stdout.write(f"ok: {counts}, {len(base.rights)} rights{checked}")

    def _print(self, data: dict[str, Any], as_json: bool, text: Any) -> None:
        self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) if as_json else text(data))


def _jurisdiction(code: str) -> Any:
    return jurisdiction(code)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CommandError(f"{path}: file not found") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{path}: not valid JSON: {error}") from None


def _check_text(data: dict[str, Any]) -> str:
    where = f"Jurisdiction {data['jurisdiction']}, definition profile {data['profile']}"
    lines = [f"{where}; child: {data['child']}"]
    for name, element in data["elements"].items():
        lines.append(f"  {name:<16} {element['status']:<13} {element['reason']}")
        lines += [f"  {'':<30} basis: {b['citation']}" for b in element["basis"]]
    lines.append(f"Overall: {data['overall']}")
    return "\n".join(lines)


def _gaps_text(data: dict[str, Any]) -> str:
    where = f"Jurisdiction {data['jurisdiction']} (definition profile {data['definition_profile']})"
    lines = [f"{where}: {len(data['gaps'])} gap(s)"]
    for gap in data["gaps"]:
        lines.append(
            f"- GAP {gap['title']} [{gap['strength']}, against {gap['against']}]: {gap['detail']}"
        )
        lines += [f"    basis: {b['citation']}" for b in gap["basis"]]
    if data["not_assessed"]:
        lines.append(
            "Not assessed (settings not entered): "
            + ", ".join(g["code"] for g in data["not_assessed"])
        )
    return "\n".join(lines)
