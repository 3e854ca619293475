"""The OpenAPI schema is kept in the repository; a change to the API that is not committed
there fails here. Regenerate with `haven openapi > haven/api/openapi.json`."""

import json
from pathlib import Path

from haven.api.management.commands.openapi import schema_text

COMMITTED = Path(__file__).resolve().parents[1] / "openapi.json"


def test_the_committed_schema_is_the_one_the_api_generates():
    assert COMMITTED.read_text() == schema_text(), "run: haven openapi > haven/api/openapi.json"


def test_the_schema_is_served_at_the_versioned_address(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json() == json.loads(COMMITTED.read_text())


def test_every_operation_needs_a_token():
    schema = json.loads(COMMITTED.read_text())
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations and all(op.get("security") for op in operations)


def test_the_interview_record_contract_is_in_the_schema():
    schema = json.loads(COMMITTED.read_text())
    assert {"Record", "Encounter", "Facts"} <= set(schema["components"]["schemas"])
