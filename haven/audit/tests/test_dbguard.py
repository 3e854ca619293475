"""The database guard and the @action contract catch a writer that breaks the rules: no
decorator, no audit event, or a write outside any action."""

import importlib
import inspect

import pytest
from django.db import transaction

from haven.audit.action import ActionError
from haven.cases import actions as case_actions
from haven.cases.actions import do_add_support_note, do_open_case
from haven.cases.models import SupportNote
from haven.testing.dbguard import WriteOutsideAction, guarded

ACTION_MODULES = [
    "haven.cases.actions",
    "haven.referrals.actions",
    "haven.support.actions",
]


@pytest.mark.parametrize("module_name", ACTION_MODULES)
def test_every_public_writer_is_an_action(module_name):
    """Removing @action (and with it the transaction) from any writer fails here."""
    module = importlib.import_module(module_name)
    writers = [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("do_") and function.__module__ == module_name
    ]
    assert writers
    assert [w for w in writers if not getattr(getattr(module, w), "__haven_action__", False)] == []


def test_a_write_outside_an_action_fails_under_the_guard(frontline):
    case = do_open_case(first_name="Ana", acting_user=frontline)
    with (
        guarded(),
        pytest.raises(WriteOutsideAction, match="cases_supportnote"),
        transaction.atomic(),
    ):
        SupportNote.objects.create(case=case, author=frontline, text="no action")
    with guarded():
        do_add_support_note(case=case, text="through the action", acting_user=frontline)
    assert [n.text for n in SupportNote.objects.all()] == ["through the action"]


def test_an_action_whose_audit_event_is_removed_fails_and_commits_nothing(frontline, monkeypatch):
    case = do_open_case(first_name="Ana", acting_user=frontline)
    monkeypatch.setattr(case_actions, "record", lambda **kwargs: None)
    with pytest.raises(ActionError, match="recorded 0 audit events"):
        do_add_support_note(case=case, text="unaudited", acting_user=frontline)
    assert not SupportNote.objects.exists()
