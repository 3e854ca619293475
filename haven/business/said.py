"""Texts a pure engine composes, kept translatable: a msgid with its parameters.

The engines (applicability, procurement) write English for their JSON and CLI output, which
must not change with the reader's language; beside it they keep the same text as a `said`
structure that a page renders in the active language (templatetags.business_i18n.said).
A said is {"text": msgid, "params": {name: value}}, where a value is a plain value, another
said, {"join": separator, "items": [said, ...]}, or a data-file label with its translations
{"label": english, "label_i18n": {...}} (haven.core.i18n), a date {"date": iso} or an amount
{"amount": digits, "currency": code}. No Django here.
"""

import datetime as dt
from collections.abc import Callable, Mapping
from decimal import Decimal
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


def day(value: dt.date) -> dict[str, str]:
    """A date, written the reader's way where shown (ISO in the English)."""
    return {"date": value.isoformat()}


def amount(value: Decimal, currency: str | None = None) -> dict[str, str]:
    """A whole amount or count, grouped the reader's way where shown."""
    return {"amount": str(value.quantize(Decimal(1))), "currency": currency or ""}


def english(value: Mapping[str, Any]) -> str:
    """A label, date or amount as the JSON and the command line write it."""
    if "label" in value:
        return str(value["label"])
    if "date" in value:
        return str(value["date"])
    number = f"{Decimal(value['amount']):,.0f}"
    return f"{value['currency']} {number}" if value.get("currency") else number


def render(
    value: Any,
    translate: Callable[[str], str] = str,
    localize: Callable[[Mapping[str, Any]], str] = english,
) -> str:
    """The text, each msgid passed through `translate` and each label, date or amount through
    `localize` (by default: the English)."""
    if isinstance(value, Mapping) and "join" in value:
        items = value["items"]
        return str(value["join"]).join(render(i, translate, localize) for i in items)
    if isinstance(value, Mapping) and "text" in value:
        params = {k: render(v, translate, localize) for k, v in value.get("params", {}).items()}
        return translate(value["text"]) % params
    if isinstance(value, Mapping) and ({"label", "date", "amount"} & set(value)):
        return localize(value)
    return str(value)
