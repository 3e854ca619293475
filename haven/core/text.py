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
