"""Texts a pure engine composes, kept translatable: a msgid with its parameters.

The engines (applicability, procurement) write English for their JSON and CLI output, which
must not change with the reader's language; beside it they keep the same text as a `said`
structure that a page renders in the active language (templatetags.business_i18n.said).
A said is {"text": msgid, "params": {name: value}}, where a value is a plain value, another
said, or {"join": separator, "items": [said, ...]}. No Django here.
"""

from collections.abc import Callable, Mapping
from typing import Any

Said = dict[str, Any]


def gettext_noop(message: str) -> str:
    """Marks a msgid for the catalogs; it is translated where it is shown."""
    return message


def said(text: str, **params: Any) -> Said:
    return {"text": text, "params": params}


def joined(separator: str, items: list[Said]) -> dict[str, Any]:
    return {"join": separator, "items": items}


def render(value: Any, translate: Callable[[str], str] = str) -> str:
    """The text, each msgid passed through `translate` (identity: the English)."""
    if isinstance(value, Mapping) and "join" in value:
        return str(value["join"]).join(render(item, translate) for item in value["items"])
    if isinstance(value, Mapping) and "text" in value:
        params = {k: render(v, translate) for k, v in value.get("params", {}).items()}
        return translate(value["text"]) % params
    return str(value)
