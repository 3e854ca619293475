"""The one reader of JSON request bodies: bounded, so that bad input is a clear 400 and never a
server error. It refuses a body that is not UTF-8, nests deeper than MAX_DEPTH (Python's parser
would hit its recursion limit), is not JSON, or holds a control character in any string
(PostgreSQL refuses NUL in text; the others break exports and logs). Size is already bounded
by Django's DATA_UPLOAD_MAX_MEMORY_SIZE.

`BadJSONBody` is a ValueError (for callers that answer with their own JSON error) and a
Django BadRequest (for callers that do not: Django answers 400).
"""

import json
from typing import Any

from django.core.exceptions import BadRequest
from django.http import HttpRequest

from haven.core.text import control_character

MAX_DEPTH = 32


class BadJSONBody(BadRequest, ValueError):
    """The request body is not acceptable JSON; the message says why."""


def json_body_text(request: HttpRequest) -> str:
    """The body as checked JSON text (for parsers such as pydantic that take text)."""
    text = _text(request.body)
    json_body_value(text)
    return text


def json_body(request: HttpRequest, default: str = "{}") -> Any:
    """The body parsed, checked as above; an empty body is `default`."""
    return json_body_value(_text(request.body) or default)


def json_body_value(text: str) -> Any:
    _check_depth(text)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadJSONBody(f"not valid JSON: {error}") from None
    _check_strings(value, "body")
    return value


def _text(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadJSONBody(f"the body is not UTF-8 (byte {error.start})") from None


def _check_depth(text: str) -> None:
    depth, in_string, escaped = 0, False, False
    for char in text:
        if escaped:
            escaped = False
        elif in_string:
            escaped, in_string = char == "\\", char != '"'
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise BadJSONBody(f"the JSON nests deeper than {MAX_DEPTH} levels")
        elif char in "]}":
            depth -= 1


def _check_strings(value: Any, where: str) -> None:
    if isinstance(value, str):
        found = control_character(value)
        if found:
            raise BadJSONBody(f"{where} holds the control character {found}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_strings(key, where)
            _check_strings(item, f"{where}.{key}"[:200])
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{where}[{index}]"[:200])
