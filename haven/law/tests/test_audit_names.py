"""Every audit action name the app records is declared, with its kind, in audit_names.py, and
every writer in actions.py is an `@action()`."""

from pathlib import Path

from haven.law import actions
from haven.law.audit_names import AUDIT_ACTIONS
from haven.testing.audit_names import recorded_names, undecorated_writers

APP = Path(actions.__file__).resolve().parent


def test_every_recorded_action_name_is_declared_with_its_kind():
    assert recorded_names(APP) <= set(AUDIT_ACTIONS)
    assert set(AUDIT_ACTIONS.values()) <= {"read", "write"}


def test_every_writer_is_an_action():
    assert undecorated_writers(actions) == []


def test_the_profile_save_names_built_from_each_model_are_declared():
    from haven.law.models import JurisdictionProfile, NationalDefinitionProfile

    for model in (JurisdictionProfile, NationalDefinitionProfile):
        assert f"law.{model.audit_name}_saved" in AUDIT_ACTIONS
