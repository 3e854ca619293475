"""Django merges every app's catalog into one per language, and for an English text several
apps carry, the first installed app's translation is the one every page shows. So what
screening and cases translate must be what their pages really show: where an app installed
before them carries the same English, their translation agrees with it (or takes a context, as
a case's status does). An app installed after them that translates it otherwise is overridden
by ours: the report at merge lists those."""

from collections import defaultdict
from pathlib import Path

import polib
import pytest
from django.conf import settings

HAVEN = Path(__file__).resolve().parents[2]
OURS = ("screening", "cases")
LANGUAGES = ("ar", "es", "fr", "ru", "zh_Hans")


def _app_order() -> list[str]:
    return [app.split(".")[-1] for app in settings.INSTALLED_APPS if app.startswith("haven.")]


def _translations(language: str) -> dict[tuple[str | None, str], dict[str, str]]:
    found: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    for path in sorted(HAVEN.glob(f"*/locale/{language}/LC_MESSAGES/django.po")):
        app = path.parents[3].name
        for entry in polib.pofile(str(path)):
            if entry.msgid and not entry.obsolete:
                plural = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
                found[(entry.msgctxt, entry.msgid)][app] = entry.msgstr or " | ".join(plural)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_our_pages_show_the_translation_we_wrote(language):
    order = _app_order()
    differ = []
    for (_, msgid), apps in _translations(language).items():
        shown = apps[min(apps, key=order.index)]  # the first installed app's
        differ += [
            f"{app}: {msgid!r} is shown as {shown!r}"
            for app in OURS
            if apps.get(app, shown) != shown
        ]
    assert differ == []
