"""Django merges every app's catalog into one per language, the first installed app winning: an
English text that screening or cases translates one way and another app another way would show
one app's words on the other's page. So a text both carry must read the same in both (or take
a context, as a case's status does)."""

from collections import defaultdict
from pathlib import Path

import polib
import pytest

HAVEN = Path(__file__).resolve().parents[2]
OURS = ("screening", "cases")
LANGUAGES = ("ar", "es", "fr", "ru", "zh_Hans")


def _translations(language: str) -> dict[tuple[str | None, str], dict[str, str]]:
    found: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in sorted(HAVEN.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        app = path.parents[3].name
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                text = entry.msgstr or " | ".join(
                    entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)
                )
                found[(entry.msgctxt, entry.msgid)][app] = text
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_text_shared_with_another_app_is_translated_the_same(language):
    disagreements = [
        f"{msgid!r}: {apps}"
        for (_, msgid), apps in _translations(language).items()
        if set(apps) & set(OURS) and len(set(apps.values())) > 1
    ]
    assert disagreements == []
