"""`haven paragraphs SYMBOL [--json]`: a document's citable paragraphs."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from haven.corpus.models import Document
from haven.corpus.serialize import paragraphs_json


class Command(BaseCommand):
    help = "List a document's paragraphs with their citations and footnotes."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("symbol", help="the document's symbol, or its title if it has none")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["symbol"]
        document = Document.objects.filter(Q(key=key) | Q(symbol=key)).first()
        if document is None:
            raise CommandError(f"no document {key!r} in the corpus; ingest it first")
        data = paragraphs_json(document)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for item in data:
            notes = f"  [{len(item['footnotes'])} footnotes]" if item["footnotes"] else ""
            self.stdout.write(f"{item['citation']}{notes}\n  {item['text'][:200]}")
