"""Bad input to the JSON APIs and paged lists is a clear 4xx that writes nothing (issue 16,
F8-F10): deep nesting, invalid UTF-8, control characters, an enormous page number."""

import json
import re

import pytest

from haven.audit.models import AuditEvent
from haven.core.jsonbody import MAX_DEPTH, BadJSONBody, json_body_value
from haven.core.text import control_character, without_control_characters


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "nests deeper"),
        ("[" * 100_000, "nests deeper"),
        ('{"a": "\\u0000"}', "U+0000"),
        ('{"name": "Ana\\u001b[31m"}', "U+001B"),
        ("{", "not valid JSON"),
    ],
)
def test_the_body_reader_names_what_is_wrong(text, reason):
    with pytest.raises(BadJSONBody, match=re.escape(reason)):
        json_body_value(text)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"a": "[" * 100 + '\\"{{{', "b": [[1]]})
    assert json_body_value(text)["b"] == [[1]]


def test_control_characters_are_found_and_cleaned():
    assert control_character("tab\tand\nnewline") is None
    assert control_character("bell\x07") == "U+0007"
    assert without_control_characters("A\x00na\x1f") == "Ana"


@pytest.fixture
def api(client, frontline):
    client.force_login(frontline)
    return client


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 50_000,
        b'{"facts": ' + b"[" * 5000 + b"]" * 5000 + b"}",
        b"\xff\xfe not utf-8",
        b'{"jurisdiction": "GB\\u0000"}',
    ],
    ids=["deep", "deep-inside", "not-utf8", "nul"],
)
@pytest.mark.parametrize("name", ["law", "screening"])
def test_the_two_json_apis_answer_bad_bodies_with_400(api, name, body):
    url = {"law": "/law/api/check/", "screening": "/screening/api/screen/"}[name]
    before = AuditEvent.objects.count()
    response = api.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert AuditEvent.objects.count() == before


def test_an_enormous_page_number_is_a_page_not_a_server_error(client, frontline):
    client.force_login(frontline)
    response = client.get("/cases/?page=9223372036854775807")
    assert response.status_code == 200
