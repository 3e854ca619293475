"""Compiled catalogs before the first test: `make test` compiles them (`make catalogs`); this
covers a bare `pytest` too, compiling any .mo that is missing or older than its .po, so a
translation test never passes or fails on a stale file. Needs GNU gettext's msgfmt."""

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

HAVEN = Path(__file__).resolve().parent.parent


def stale_catalogs(root: Path = HAVEN) -> list[Path]:
    found = []
    for po in sorted(root.glob("*/locale/*/LC_MESSAGES/django.po")):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            found.append(po)
    return found


def compile_catalogs(paths: list[Path]) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        raise pytest.UsageError("GNU gettext's msgfmt is missing: run `make test`")
    for po in paths:
        # The catalogs are the project's own files; the command is fixed, without a shell.
        subprocess.run(  # noqa: S603
            [msgfmt, "--check-format", "-o", str(po.with_suffix(".mo")), str(po)], check=True
        )


def pytest_sessionstart(session: pytest.Session) -> None:
    stale = stale_catalogs()
    if stale:
        compile_catalogs(stale)


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A request with a language cookie leaves its language active in the thread (Django's
    LocaleMiddleware activates and never deactivates); each test starts in English again."""
    yield
    translation.deactivate()
