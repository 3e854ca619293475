"""Forms as a browser sees them: the POST forms of a rendered page, with each field's name,
kind and offered choices, so tests can fill them (haven/core/tests/test_fuzz_every_form.py)."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "reset", "image"}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, "select" or "textarea"
    choices: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    def key(self, page: str) -> tuple[str, tuple[str, ...]]:
        return (self.action or page, tuple(sorted(self.fields)))


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form" and found.get("method", "get").lower() == "post":
            self._form = Form(found.get("action", ""), found.get("enctype", ""))
            self.forms.append(self._form)
        elif self._form is not None:
            self._field(tag, found)

    def _field(self, tag: str, found: dict[str, str]) -> None:
        assert self._form is not None
        name = found.get("name", "")
        if tag == "option" and self._select is not None:
            self._select.choices.append(found.get("value", ""))
        elif not name:
            return
        elif tag == "input" and found.get("type", "text").lower() not in SKIPPED_INPUTS:
            self._input(name, found)
        elif tag in ("select", "textarea"):
            self._form.fields[name] = Field(name, tag)
            self._select = self._form.fields[name] if tag == "select" else None

    def _input(self, name: str, found: dict[str, str]) -> None:
        assert self._form is not None
        kind = found.get("type", "text").lower()
        existing = self._form.fields.setdefault(
            name, Field(name, kind, value=found.get("value", ""))
        )
        if kind in ("checkbox", "radio"):
            existing.choices.append(found.get("value", "on"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def post_forms(html: str) -> list[Form]:
    """Every <form method="post"> in the page, with its fields."""
    parser = _Parser()
    parser.feed(html)
    return parser.forms
