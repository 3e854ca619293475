"""`haven recommendations import FILE --state XX --mechanism UPR --cycle N --user U [--json]`
and `haven recommendations list --state XX [--theme T] [--position P] [--json]`.
See docs/diligence.md."""

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from haven.accounts.countries import is_country_code
from haven.accounts.models import User
from haven.diligence.access import filter_recommendations
from haven.diligence.actions import do_import_matrix
from haven.diligence.matrix import MatrixError, read_matrix
from haven.diligence.models import Recommendation
from haven.diligence.serialize import recommendation_json

POSITIONS = [code for code, _ in Recommendation.POSITIONS]


class Command(BaseCommand):
    help = "Import an OHCHR thematic-list matrix of recommendations, or list recommendations."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        imp = sub.add_parser("import", help="read a thematic-list matrix (.docx)")
        imp.add_argument("file", type=Path)
        imp.add_argument("--state", required=True, help="ISO 3166-1 alpha-2 code of the State")
        imp.add_argument("--mechanism", default="UPR")
        imp.add_argument("--cycle", type=int, required=True)
        imp.add_argument("--user", required=True, help="the acting user (username)")
        imp.add_argument("--json", action="store_true")
        lst = sub.add_parser("list", help="list recommendations")
        lst.add_argument("--state", required=True)
        lst.add_argument("--theme", default="")
        lst.add_argument("--position", default="", choices=["", *POSITIONS])
        lst.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        state = options["state"].upper()
        if not is_country_code(state):
            raise CommandError(f"--state {options['state']!r} is not an ISO 3166-1 alpha-2 code")
        if options["subcommand"] == "import":
            self._import(state, options)
        else:
            self._list(state, options)

    def _import(self, state: str, options: dict[str, Any]) -> None:
        user = _user(options["user"])
        try:
            items = read_matrix(options["file"])
            counts = do_import_matrix(
                items, state=state, mechanism=options["mechanism"], cycle=options["cycle"],
                acting_user=user,
            )  # fmt: skip
        except (MatrixError, PermissionDenied) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            rows = [recommendation_json(r) for r in _imported(state, options, items)]
            self.stdout.write(json.dumps({**counts, "recommendations": rows}, ensure_ascii=False))
            return
        self.stdout.write(
            f"{options['file']}: {counts['total']} recommendations "
            f"({counts['created']} new, {counts['updated']} updated)"
        )

    def _list(self, state: str, options: dict[str, Any]) -> None:
        rows = filter_recommendations(
            Recommendation.objects.all(), state, options["theme"], options["position"]
        )
        if options["json"]:
            data = [recommendation_json(r) for r in rows]
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
            return
        for rec in rows:
            who = ", ".join(rec.recommending_states)
            self.stdout.write(f"{rec.number} [{rec.position}; {who}] {rec.text[:160]}")


def _user(username: str) -> User:
    try:
        return User.objects.get(username=username)
    except User.DoesNotExist:
        raise CommandError(f"no user {username!r}") from None


def _imported(state: str, options: dict[str, Any], items: list[Any]) -> list[Recommendation]:
    numbers = {item.number for item in items}
    rows = Recommendation.objects.filter(
        state=state, mechanism=options["mechanism"], cycle=options["cycle"], number__in=numbers
    )
    order = {item.number: index for index, item in enumerate(items)}
    return sorted(rows, key=lambda rec: order[rec.number])
