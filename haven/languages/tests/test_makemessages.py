"""The catalogs are up to date with the code: `makemessages`, run on a copy of each app, finds
no marked string that its catalogs lack and none that the code has dropped. (An unmarked string
is what test_marked_strings finds; this test finds a marked one nobody translated.)"""

import os
import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command

from haven.languages import catalogs
from haven.languages.tests.test_marked_strings import NOT_YET_MARKED

APPS = sorted(
    {p.parents[3] for p in catalogs.app_catalogs()}
    - {catalogs.HAVEN_DIR / a for a in NOT_YET_MARKED}
)


def _keys(entries) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in entries if e.msgid and not e.obsolete}


@pytest.fixture(autouse=True)
def _xgettext():
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("GNU gettext's xgettext is missing (make gettext installs it)")
        pytest.skip("GNU gettext's xgettext is missing: run `make test`")


@pytest.mark.parametrize("app", APPS, ids=lambda app: app.name)
def test_makemessages_would_change_nothing(app: Path, tmp_path, monkeypatch):
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], keep_pot=True, verbosity=0)
    wanted = _keys(polib.pofile(str(copy / "locale" / "django.pot")))
    for path in (app / "locale").glob("*/LC_MESSAGES/django.po"):
        shipped = _keys(polib.pofile(str(path)))
        where = path.relative_to(catalogs.HAVEN_DIR)
        assert not wanted - shipped, f"{where} lacks {sorted(wanted - shipped)} (make messages)"
        assert not shipped - wanted, f"{where} keeps dropped {sorted(shipped - wanted)}"
