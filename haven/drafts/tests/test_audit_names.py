"""The names declared in audit_names.py are exactly the ones the app records (that each recorded
name is declared, and each writer an `@action()`, is checked for every app in
haven/audit/tests/test_every_app_audit_names.py)."""

from pathlib import Path

from haven.drafts import actions
from haven.drafts.audit_names import AUDIT_ACTIONS
from haven.testing.audit_names import recorded_names

APP = Path(actions.__file__).resolve().parent


def test_the_declared_names_are_the_ones_recorded():
    assert recorded_names(APP) == set(AUDIT_ACTIONS)
