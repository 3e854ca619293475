"""`haven ingest PATH [--symbol SYMBOL] [--title TITLE] [--date YYYY-MM-DD] [--json]`,
`haven ingest PATH PATH ...` (several files as one operation: one transaction, all or none, and
one index commit), and `haven ingest --remove KEY` (a document out of the corpus, by symbol or
title)."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.corpus.actions import FileToIngest, Ingested, do_remove_document, ingest_files
from haven.corpus.text import IngestError
from haven.jobs.progress import progress_bar


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
        parser.add_argument("path", type=Path, nargs="*")
        parser.add_argument("--remove", default="", metavar="KEY", help="remove this document")
        parser.add_argument("--symbol", default="", help="UN symbol, e.g. A/70/260")
        parser.add_argument("--title", default="")
        parser.add_argument("--date", default="", help="YYYY-MM-DD")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["remove"]:
            self._remove(options["remove"])
            return
        paths: list[Path] = options["path"]
        if not paths:
            raise CommandError("give the PATH of a document to ingest (or --remove KEY)")
        given = [options["symbol"], options["title"], options["date"]]
        if len(paths) > 1 and any(given):
            raise CommandError("--symbol, --title and --date name one document: give one PATH")
        when = _date(options["date"]) if options["date"] else None
        files = [
            FileToIngest(
                path.name,
                _read(path),
                symbol=options["symbol"],
                title=options["title"],
                when=when,
            )
            for path in paths
        ]
        results = self._ingest(files)
        if options["json"]:
            summary: Any = [r.as_json() for r in results]
            one = summary[0] if len(paths) == 1 else summary  # one file: the object, as before
            self.stdout.write(json.dumps(one, indent=2, ensure_ascii=False))
            return
        for result in results:
            self.stdout.write(_line(result))

    def _ingest(self, files: list[FileToIngest]) -> list[Ingested]:
        earlier = [0]  # pages of the files already read
        with progress_bar("Reading pages", None) as bar:

            def progress(step: str, done: int, total: int) -> None:
                if step == "layout":
                    bar(earlier[0] + done)
                    earlier[0] += total if done == total else 0

            try:
                return ingest_files(files, acting_user=None, progress=progress)
            except IngestError as error:
                raise CommandError(str(error)) from None

    def _remove(self, key: str) -> None:
        try:
            paragraphs = do_remove_document(key, acting_user=None)
        except IngestError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Removed {key}: {paragraphs} paragraphs")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None


def _line(result: Ingested) -> str:
    verb = "Replaced" if result.replaced else "Ingested"
    return (
        f"{verb} {result.document.label}: {result.paragraphs} paragraphs, "
        f"{result.footnotes} footnotes, {result.guidance} guidance passages, "
        f"{result.rows} reference rows ({result.linked_rows} linked to ingested paragraphs)"
    )
