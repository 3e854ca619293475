"""What each interface language's catalogs say about themselves, for an honest status.

Every app's catalog (`haven/<app>/locale/<dir>/LC_MESSAGES/django.po`) carries two header
fields: `X-Haven-Translated-By` (who or what produced it) and `X-Haven-Reviewed-By` (the fluent
reviewer who checked it; empty until one has). A language counts as reviewed only when every one
of its catalogs names a reviewer. The catalogs are read once per process (`is_reviewed` is
cached), so the notice in every page's header costs nothing per request.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.translation import to_locale

HAVEN_DIR = Path(__file__).resolve().parent.parent
TRANSLATED_BY = "X-Haven-Translated-By"
REVIEWED_BY = "X-Haven-Reviewed-By"
SOURCE_LANGUAGE = "en"


def locale_dir(language: str) -> str:
    """The catalog folder of a language code: zh-hans → zh_Hans."""
    return to_locale(language)


def app_catalogs(root: Path = HAVEN_DIR) -> Iterator[Path]:
    """Every shipped catalog under haven/ (one per app and language)."""
    yield from sorted(root.glob("*/locale/*/LC_MESSAGES/django.po"))


def catalogs_of(language: str, root: Path = HAVEN_DIR) -> list[Path]:
    folder = locale_dir(language)
    return [path for path in app_catalogs(root) if path.parent.parent.name == folder]


def read_header(path: Path) -> dict[str, str]:
    """The header fields of one .po file (`Language`, `Plural-Forms`, `X-Haven-…`)."""
    import polib

    return {name: value.strip() for name, value in polib.pofile(str(path)).metadata.items()}


def _app_of(path: Path) -> str:
    return path.parents[3].name


def reviewed(language: str, root: Path = HAVEN_DIR) -> bool:
    """True for English (the source), or when every app with catalogs has one for `language`
    and each of them names a reviewer."""
    if language.lower() == SOURCE_LANGUAGE:
        return True
    apps = {_app_of(path) for path in app_catalogs(root)}
    done = {_app_of(p) for p in catalogs_of(language, root) if read_header(p).get(REVIEWED_BY)}
    return bool(apps) and apps == done


@cache
def is_reviewed(language: str) -> bool:
    """`reviewed` for the shipped catalogs, read once per process (the notice on every page)."""
    return reviewed(language)


@dataclass
class LanguageStatus:
    code: str
    name: str
    translated_by: list[str] = field(default_factory=list)
    reviewed_by: list[str] = field(default_factory=list)
    reviewed: bool = False
    translated: int = 0
    total: int = 0

    @property
    def is_source(self) -> bool:
        return self.code == SOURCE_LANGUAGE

    @property
    def percent(self) -> int:
        return 100 if self.is_source or not self.total else self.translated * 100 // self.total


def _counts(path: Path) -> tuple[int, int]:
    """(translated, total) entries of one catalog; fuzzy ones are not translated."""
    import polib

    entries = [e for e in polib.pofile(str(path)) if not e.obsolete]
    return sum(1 for e in entries if e.translated()), len(entries)


def _app_totals(root: Path) -> dict[str, int]:
    """Per app, the most entries any of its catalogs has: a missing catalog counts as none done."""
    totals: dict[str, int] = {}
    for path in app_catalogs(root):
        app = _app_of(path)
        totals[app] = max(totals.get(app, 0), _counts(path)[1])
    return totals


def language_statuses(root: Path = HAVEN_DIR) -> list[LanguageStatus]:
    """One status per interface language, in the order of settings.LANGUAGES."""
    total = sum(_app_totals(root).values())
    statuses = []
    for code, name in settings.LANGUAGES:
        status = LanguageStatus(code=code, name=str(name), total=total)
        catalogs = [] if status.is_source else catalogs_of(code, root)
        for path in catalogs:
            header = read_header(path)
            _add_once(status.translated_by, header.get(TRANSLATED_BY, ""))
            _add_once(status.reviewed_by, header.get(REVIEWED_BY, ""))
            status.translated += _counts(path)[0]
        status.reviewed = reviewed(code, root)
        statuses.append(status)
    return statuses


def _add_once(values: list[str], value: str) -> None:
    if value and value not in values:
        values.append(value)
