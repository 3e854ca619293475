"""Every app that audits declares each action name it records, with its kind, in its
`audit_names.py`, and every writer in its `actions.py` is an `@action()`. One test over every
app, so a new app is checked without anyone remembering to copy a test file."""

import importlib
from pathlib import Path

import pytest

from haven.testing.audit_names import recorded_names, undecorated_writers

HAVEN = Path(__file__).resolve().parents[2]
# haven/testing/audit_names.py holds the checks themselves, not an app's names.
APPS = sorted(p.parent.name for p in HAVEN.glob("*/audit_names.py") if p.parent.name != "testing")
# Public `do_*` functions that are not writers themselves, each with the reason.
NOT_WRITERS = {
    "do_ingest_file": "corpus: parses outside the transaction, then calls the do_ingest action",
}


def _declared(app: str) -> dict[str, str]:
    return importlib.import_module(f"haven.{app}.audit_names").AUDIT_ACTIONS  # type: ignore[no-any-return]  # import_module is untyped: AUDIT_ACTIONS is declared dict[str, str]


@pytest.mark.parametrize("app", APPS)
def test_every_recorded_action_name_is_declared_with_its_kind(app):
    declared = _declared(app)
    assert recorded_names(HAVEN / app) <= set(declared)
    assert set(declared.values()) <= {"read", "write"}


@pytest.mark.parametrize("app", [a for a in APPS if (HAVEN / a / "actions.py").exists()])
def test_every_writer_is_an_action(app):
    writers = undecorated_writers(importlib.import_module(f"haven.{app}.actions"))
    assert [name for name in writers if name not in NOT_WRITERS] == []
