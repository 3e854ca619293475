"""Texts a pure engine composes, kept translatable: a msgid with its parameters.

The engines (applicability, procurement) write English for their JSON and CLI output, which
must not change with the reader's language; beside it they keep the same text as a `said`
structure that a page renders in the active language (templatetags.business_i18n.said).
A said is {"text": msgid, "params": {name: value}}, where a value is a plain value, another
said, {"join": separator, "items": [said, ...]}, or a data-file label with its translations
{"label": english, "label_i18n": {...}} (haven.core.i18n). No Django here.
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


def label(english: str, translations: Mapping[str, str]) -> dict[str, Any]:
    return {"label": english, "label_i18n": dict(translations)}


def _english(english: str, translations: Mapping[str, str]) -> str:
    return english


def render(
    value: Any,
    translate: Callable[[str], str] = str,
    localize: Callable[[str, Mapping[str, str]], str] = _english,
) -> str:
    """The text, each msgid passed through `translate` and each data-file label through
    `localize` (by default: the English)."""
    if isinstance(value, Mapping) and "join" in value:
        items = value["items"]
        return str(value["join"]).join(render(i, translate, localize) for i in items)
    if isinstance(value, Mapping) and "text" in value:
        params = {k: render(v, translate, localize) for k, v in value.get("params", {}).items()}
        return translate(value["text"]) % params
    if isinstance(value, Mapping) and "label" in value:
        return localize(str(value["label"]), value.get("label_i18n", {}))
    return str(value)
