"""`haven ingest PATH [--symbol SYMBOL] [--title TITLE] [--date YYYY-MM-DD] [--json]`, and
`haven ingest --remove KEY` (a document out of the corpus, by symbol or title)."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.corpus.actions import do_ingest_file, do_remove_document
from haven.corpus.text import IngestError


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date: {value!r} is not a date like 2015-08-03") from None


class Command(BaseCommand):
    help = (
        "Add a document (.txt .md .pdf .docx .html) to the corpus, replacing one with its symbol."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, nargs="?")
        parser.add_argument("--remove", default="", metavar="KEY", help="remove this document")
        parser.add_argument("--symbol", default="", help="UN symbol, e.g. A/70/260")
        parser.add_argument("--title", default="")
        parser.add_argument("--date", default="", help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            self._remove(options["remove"])
            return
        path: Path | None = options["path"]
        if path is None:
            raise CommandError("give the PATH of a document to ingest (or --remove KEY)")
        when = _date(options["date"]) if options["date"] else None
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror}") from None
        try:
            result = do_ingest_file(
                path.name,
                data,
                symbol=options["symbol"],
                title=options["title"],
                when=when,
                acting_user=None,
            )
        except IngestError as error:
            raise CommandError(str(error)) from None
        summary = result.as_json()
        if options["json"]:
            self.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False))
            return
        verb = "Replaced" if result.replaced else "Ingested"
        self.stdout.write(
            f"{verb} {result.document.label}: {result.paragraphs} paragraphs, "
            f"{result.footnotes} footnotes, {result.guidance} guidance passages, "
            f"{result.rows} reference rows ({result.linked_rows} linked to ingested paragraphs)"
        )

    def _remove(self, key: str) -> None:
        try:
            paragraphs = do_remove_document(key, acting_user=None)
        except IngestError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Removed {key}: {paragraphs} paragraphs")
