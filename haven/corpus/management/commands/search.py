"""`haven search QUERY [--topic T] [--limit N] [--json]`, `haven search --reindex`,
`haven search --check` / `--repair` (is the index in step with the database?), and
`haven search --catch-up` (apply the index changes made through other instances)."""

import json
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.corpus import index_outbox, search
from haven.corpus.serialize import search_json

TAG = re.compile(r"</?mark>")


class Command(BaseCommand):
    help = 'Search the corpus (BM25; "phrases", prefix*), or rebuild its index.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--topic", default="")
        parser.add_argument("--addressee", default="")
        parser.add_argument("--strength", default="")
        parser.add_argument("--document", default="")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--reindex", action="store_true", help="rebuild from the database")
        parser.add_argument("--check", action="store_true", help="compare index and database")
        parser.add_argument("--repair", action="store_true", help="rewrite what --check finds")
        parser.add_argument(
            "--catch-up", action="store_true", help="apply the index changes other instances made"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reindex"]:
            index_outbox.rebuild()
            self.stdout.write(f"Reindexed: {int(search.index().searcher().num_docs)} entries")
            return
        if options["catch_up"]:
            self._catch_up()
            return
        if options["check"] or options["repair"]:
            self._check(repair=options["repair"])
            return
        if not options["query"].strip() and not options["topic"]:
            raise CommandError("give a query (or --topic), or --reindex")
        if not 1 <= options["limit"] <= 1000:
            raise CommandError("--limit must be between 1 and 1000")
        filters = {name: options[name] for name in ("topic", "addressee", "strength", "document")}
        results = search.search(options["query"], filters=filters, limit=options["limit"])
        data = search_json(results.hits)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for item in data:
            self.stdout.write(
                f"{item['score']:7.3f}  {item['citation']}\n  {TAG.sub('*', item['snippet'])}"
            )

    def _catch_up(self) -> None:
        outcome = index_outbox.catch_up()
        if outcome.rebuilt:
            self.stdout.write(f"Rebuilt the index: {outcome.rebuilt}.")
        else:
            self.stdout.write(f"Applied {outcome.applied} changes.")
        self.stdout.write(f"The index is at outbox change {outcome.position.seq}.")

    def _check(self, *, repair: bool) -> None:
        report = search.repair() if repair else search.check()
        for line in report.lines():
            self.stdout.write(line)
        if report.ok:
            self.stdout.write("The search index is in step with the database.")
        elif repair:
            self.stdout.write("Repaired." if search.check().ok else "Still out of step.")
        else:
            raise CommandError("the search index is out of step; run `haven search --repair`")
