"""`haven htcds export [--format json|csv|xlsx] [--output FILE] [--organisation NAME]` and
`haven htcds import FILE --user USERNAME [--organisation NAME] [--dry-run] [--partial]`.
The work is done in haven.htcds.export and haven.htcds.importer; formats: docs/htcds.md."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.models import Organisation, User
from haven.htcds import catalogue
from haven.htcds.export import FORMATS, cases_to_export, stream_file
from haven.htcds.importer import ImportRefused, import_file
from haven.jobs.progress import progress_bar


class Command(BaseCommand):
    help = "Export cases as HTCDS records, or import HTCDS records and XLSForm submissions."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="write every case (or one organisation's)")
        export.add_argument("--format", choices=FORMATS, default="json", dest="output_format")
        export.add_argument("--output", type=Path, help="file to write (default: stdout)")
        export.add_argument("--organisation", help="export only this organisation's cases")
        imp = sub.add_parser("import", help="import a JSON, CSV or XLSX file")
        imp.add_argument("file", type=Path)
        imp.add_argument("--user", required=True, help="the acting user (username)")
        imp.add_argument("--organisation", help="refuse unless this is the user's organisation")
        imp.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        imp.add_argument("--partial", action="store_true", help="import the valid rows only")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options: dict[str, Any]) -> None:
        output_format: str = options["output_format"]
        output: Path | None = options["output"]
        if output_format == "xlsx" and output is None:
            raise CommandError("--format xlsx needs --output FILE")
        organisation = _organisation(options["organisation"])
        total = cases_to_export(organisation).count()
        # Streamed record by record, in constant memory, whatever the format.
        with progress_bar("exporting cases", total) as bar:  # stderr, only on a terminal
            if output is None:
                # stdout adds a newline to a write not ending in one: JSON whitespace, and every
                # CSV row already ends in "\r\n".
                count = stream_file(organisation, output_format, self.stdout, bar)
            elif output_format == "xlsx":
                count = stream_file(organisation, output_format, output, bar)
            else:
                with output.open("w", encoding="utf-8", newline="") as handle:
                    count = stream_file(organisation, output_format, handle, bar)
        where = f" to {output}" if output else ""
        sys.stderr.write(f"exported {count} cases{where}\n{_credit()}\n")

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            user = User.objects.get(username=options["user"])
        except User.DoesNotExist:
            raise CommandError(f"no user {options['user']!r}") from None
        try:
            result = import_file(
                path,
                acting_user=user,
                organisation=_organisation(options["organisation"]),
                partial=options["partial"],
                dry_run=options["dry_run"],
            )
        except ImportRefused as refused:
            count = len(refused.problems)
            raise CommandError(
                f"{path}: nothing imported, {count} problem{'s' * (count != 1)}:\n"
                + "\n".join(f"  {path}: {p}" for p in refused.problems)
            ) from None
        except PermissionDenied as error:
            raise CommandError(f"{path}: {error}") from None
        verb = "would import" if result.dry_run else "imported"
        lines = [f"{path}: {verb} {result.imported} cases"]
        for row in result.skipped:
            found = "; ".join(f"{p.field}: {p.message}" for p in row.problems)
            lines.append(f"  skipped {_where(row.row)}: {found}")
        if result.plan.not_stored:
            held = ", ".join(f"{k} ({n} rows)" for k, n in sorted(result.plan.not_stored.items()))
            lines.append(f"  not imported (Haven does not hold these fields): {held}")
        if result.owners_defaulted:
            lines.append(
                f"  {result.owners_defaulted} cases assigned to {user.get_username()}:"
                " their cas_CaseOwner is blank or no support worker of the organisation"
            )
        self.stdout.write("\n".join(lines))


def _organisation(name: str | None) -> Organisation | None:
    if name is None:
        return None
    try:
        return Organisation.objects.get(name=name)
    except Organisation.DoesNotExist:
        raise CommandError(f"no organisation named {name!r}") from None


def _where(row: int | str) -> str:
    return f"row {row}" if isinstance(row, int) else str(row)


def _credit() -> str:
    return catalogue.attribution()["credit"]
