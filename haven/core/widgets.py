"""Form widgets every app shares."""

from __future__ import annotations

from typing import Any

from django import forms


class IsoDateInput(forms.DateInput):
    """A browser date picker: its value must be ISO whatever the page's language.

    Django renders a DateInput's value in the active locale's format ("02/12/2026" in French),
    which `<input type="date">` cannot read: the browser empties the field and a required date
    fails on submit.
    """

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")
