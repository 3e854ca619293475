"""Text at the edge: control characters (other than tab, newline and carriage return) have no
place in a name, a note or a JSON field. NUL is refused by PostgreSQL, the others break XLSX
exports and terminals. Refuse them where input arrives; clean them where output leaves."""

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first control character in `text`, as U+XXXX, or None."""
    found = CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def without_control_characters(text: str) -> str:
    return CONTROL.sub("", text)


class RefuseControlCharacters:
    """A form mixin: a text field holding a control character is a field error naming it,
    so it never reaches the database (PostgreSQL refuses NUL) or an export."""

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]  # a mixin for django.forms.Form
        data: dict[str, object] = self.cleaned_data  # type: ignore[attr-defined]  # a mixin for django.forms.Form, which has it
        bad = {
            name: control_character(value)
            for name, value in data.items()
            if isinstance(value, str) and control_character(value)
        }
        for name, character in bad.items():
            message = f"Remove the control character {character}."
            self.add_error(name, message)  # type: ignore[attr-defined]  # a mixin for django.forms.Form, which has it
