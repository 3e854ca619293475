"""`haven guidance [--document SYMBOL] [--topic T] [--addressee A] [--strength S] [--position P]
[--json]`."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from haven.corpus.serialize import filter_guidance, guidance_json


class Command(BaseCommand):
    help = "List guidance with its addressee, strength and topics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--document", default="")
        parser.add_argument("--topic", default="")
        parser.add_argument("--addressee", default="")
        parser.add_argument("--strength", default="")
        parser.add_argument(
            "--position",
            default="",
            choices=["", "supported", "noted", "partially_supported"],
            help="a recommendation table's position of the State under review",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        rows = filter_guidance(
            document=options["document"],
            topic=options["topic"],
            addressee=options["addressee"],
            strength=options["strength"],
            position=options["position"],
        )
        data = guidance_json(rows)
        if options["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for item in data:
            self.stdout.write(
                f"{item['citation']} [{item['strength']}; {', '.join(item['addressee'])}; "
                f"{', '.join(item['topics'][:6])}]{_recommendation(item)}\n  {item['text'][:200]}"
            )


def _recommendation(item: dict[str, Any]) -> str:
    if not item["state_position"]:
        return ""
    return f" {item['state_position']} ({', '.join(item['recommending_states'])})"
