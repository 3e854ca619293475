"""No user-facing English escapes translation: every template and Python module of haven/
(not its tests) is scanned (haven/languages/unmarked.py); a hard-coded string fails here with
its file and line. The allow-list holds only what is not language."""

from pathlib import Path

import pytest

from haven.languages import unmarked

HAVEN = Path(unmarked.__file__).resolve().parent.parent
# Not language: names, symbols and codes that read the same in every language.
ALLOWED = frozenset(
    {
        "Haven",  # the product's name
        "HTCDS",  # the Human Trafficking Case Data Standard's own symbol
        "CTDC",
        "OpenRosa",
        "XLSForm",
        "ISO 3166",
        "TOTP",
        "CSV",
        "JSON",
        "XLSX",
        "PDF",
        "ID",
    }
)
# Apps whose strings other helpers of issue 12 are marking now; the lead empties this set when
# their work merges. accounts, core, jobs and languages must never be here.
NOT_YET_MARKED = frozenset(
    {
        "screening",
        "cases",
        "law",
        "referrals",
        "proceedings",
        "support",
        "inbox",
        "audit",
        "drafts",
    }
)
ALWAYS_CHECKED = ("accounts", "core", "jobs", "languages")
# Parts of haven/ that speak to no one through a page or an e-mail: the command line, settings,
# test helpers (log lines and CLI output stay English: I18N_CONVENTIONS.md).
NOT_USER_FACING = frozenset({"testing"})


def checked_apps() -> list[Path]:
    apps = [p for p in sorted(HAVEN.iterdir()) if (p / "apps.py").exists()]
    return [p for p in apps if p.name not in NOT_YET_MARKED | NOT_USER_FACING]


def test_the_apps_of_helper_w1_are_always_checked():
    assert not NOT_YET_MARKED & set(ALWAYS_CHECKED)
    names = {app.name for app in checked_apps()}
    assert set(ALWAYS_CHECKED) <= names


@pytest.mark.parametrize("app", checked_apps(), ids=lambda app: app.name)
def test_no_unmarked_user_facing_string(app):
    found = unmarked.findings(app, ALLOWED)
    assert not found, "Mark these for translation (docs/languages.md):\n" + "\n".join(
        str(f) for f in found
    )
