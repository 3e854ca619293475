"""Every audit action name the app records is declared, with its kind, in audit_names.py, and
every writer in actions.py is an `@action()`."""

from pathlib import Path

from haven.drafts import actions
from haven.drafts.audit_names import AUDIT_ACTIONS
from haven.testing.audit_names import recorded_names, undecorated_writers

APP = Path(actions.__file__).resolve().parent


def test_every_recorded_action_name_is_declared_with_its_kind():
    assert recorded_names(APP) <= set(AUDIT_ACTIONS)
    assert set(AUDIT_ACTIONS.values()) <= {"read", "write"}


def test_every_writer_is_an_action():
    assert undecorated_writers(actions) == []


def test_the_declared_names_are_the_ones_recorded():
    assert recorded_names(APP) == set(AUDIT_ACTIONS)
