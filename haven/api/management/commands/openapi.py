"""`haven openapi`: print the API's OpenAPI 3 schema, as committed in haven/api/openapi.json."""

import json
from typing import Any

from django.core.management.base import BaseCommand

from haven.api.api import api

PREFIX = "/api/v1/"


def schema_text() -> str:
    schema = api.get_openapi_schema(path_prefix=PREFIX)
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Print the OpenAPI schema of /api/v1/ (commit it as haven/api/openapi.json)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(schema_text(), ending="")
