"""What a draft may hold: a form's fields as `{name: [value, ...]}`, bounded, so that a bad or
hostile autosave is a clear refusal naming the problem and never a huge or odd row."""

import re
from typing import Any

from haven.core.text import control_character

MAX_FIELDS = 600
MAX_VALUES = 200
MAX_VALUE_CHARS = 10_000
NAME = re.compile(r"^[A-Za-z][\w.-]{0,99}$")
# Never kept, whatever a page sends: the CSRF token is no answer, and a draft is no password store.
NEVER_KEPT = ("csrfmiddlewaretoken", "password")
FORM_KEY = re.compile(r"^[a-z][a-z_]{0,28}\.[a-z][a-z_]{0,28}$")

Payload = dict[str, list[str]]


class PayloadError(ValueError):
    """The draft is not acceptable; the message says why."""


def clean_form_key(value: Any) -> str:
    if not isinstance(value, str) or not FORM_KEY.match(value):
        raise PayloadError("form: expected a form key such as 'screening.interview'")
    return value


def clean_payload(value: Any) -> Payload:
    if not isinstance(value, dict):
        raise PayloadError("payload: expected an object of field names to lists of values")
    if len(value) > MAX_FIELDS:
        raise PayloadError(f"payload: at most {MAX_FIELDS} fields")
    return {name: _values(name, values) for name, values in value.items() if _kept(name)}


def _kept(name: Any) -> bool:
    if not isinstance(name, str) or not NAME.match(name):
        raise PayloadError(f"payload: {str(name)[:40]!r} is not a field name")
    return not any(word in name.lower() for word in NEVER_KEPT)


def _values(name: str, values: Any) -> list[str]:
    if not isinstance(values, list) or len(values) > MAX_VALUES:
        raise PayloadError(f"payload.{name}: expected a list of at most {MAX_VALUES} values")
    for value in values:
        if not isinstance(value, str) or len(value) > MAX_VALUE_CHARS:
            raise PayloadError(f"payload.{name}: values are texts of {MAX_VALUE_CHARS} at most")
        if control_character(value):
            raise PayloadError(f"payload.{name}: a value holds a control character")
    return list(values)
