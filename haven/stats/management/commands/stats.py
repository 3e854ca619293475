"""`haven stats summary --country XX [--json]`,
`haven stats export --format ctdc [--k 11] [--country XX] --output FILE` and
`haven stats snapshot [--enqueue]` (run it nightly from cron). See docs/statistics.md."""

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.countries import is_country_code
from haven.stats import snapshot
from haven.stats.access import national_scope
from haven.stats.dashboard import figures_for, rules_for
from haven.stats.export import export_ctdc
from haven.stats.serialize import indicator_json


class Command(BaseCommand):
    help = "Statistics: a country's disclosure-controlled summary, or a k-anonymised CTDC export."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="command", required=True)
        summary = sub.add_parser("summary", help="the published figures of a country")
        summary.add_argument("--country", required=True, help="ISO 3166 alpha-2")
        summary.add_argument("--json", action="store_true")
        export = sub.add_parser("export", help="k-anonymised microdata in CTDC's variables")
        export.add_argument("--format", required=True, choices=["ctdc"])
        export.add_argument("--k", type=int, default=None, help="default HAVEN_STATS_K (11)")
        export.add_argument("--country", help="ISO 3166 alpha-2; default every country")
        export.add_argument("--output", required=True, type=Path)
        snap = sub.add_parser("snapshot", help="count every organisation's snapshot again")
        snap.add_argument("--enqueue", action="store_true", help="run it as a background job")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["command"] == "summary":
            return self._summary(_country(options["country"]), as_json=options["json"])
        if options["command"] == "snapshot":
            return self._snapshot(enqueue=options["enqueue"])
        return self._export(options)

    def _snapshot(self, *, enqueue: bool) -> None:
        if enqueue:
            from haven.stats.tasks import refresh_snapshots

            refresh_snapshots.enqueue()
            self.stdout.write("Queued; `haven worker` counts the snapshots.")
            return
        self.stdout.write(f"{snapshot.refresh(full=True)} organisations counted.")

    def _summary(self, country: str, *, as_json: bool) -> None:
        scope = national_scope(country)
        rules = rules_for(scope)
        shown = figures_for(scope)
        indicators = [indicator_json(item) for item in shown]
        data = {
            "country": country,
            "scope": scope.label,
            "k": rules.k,
            "rounding": rules.rounding,
            "legal_basis": settings.HAVEN_STATS_LEGAL_BASIS,
            "indicators": indicators,
        }
        if as_json:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for item in indicators:
            rows = ", ".join(
                f"{r['category']} {r['count'] if r['count'] is not None else 'suppressed'}"
                for r in item["rows"]
            )
            self.stdout.write(
                f"{item['name']}: {rows or '-'} (without a value: {item['without_value']['count']})"
            )

    def _export(self, options: dict[str, Any]) -> None:
        k = options["k"] or settings.HAVEN_STATS_K
        if k < 2:
            raise CommandError(f"--k must be at least 2, not {k}")
        country = _country(options["country"]) if options["country"] else None
        output: Path = options["output"]
        if not output.parent.is_dir():
            raise CommandError(f"{output}: the folder {output.parent} does not exist")
        report = export_ctdc(output, k=k, country=country, user=None)
        self.stdout.write(json.dumps({"output": str(output), **report.as_json()}, indent=2))


def _country(code: str) -> str:
    code = code.upper()
    if not is_country_code(code):
        raise CommandError(f"--country: {code!r} is not an ISO 3166 alpha-2 country code")
    return code
