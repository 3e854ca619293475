from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from haven.inbox import actions
from haven.inbox.access import muted_kinds
from haven.inbox.audit_names import AUDIT_ACTIONS

pytestmark = pytest.mark.django_db


def test_a_kind_not_offered_is_refused(worker):
    with pytest.raises(ValidationError, match="screenings"):
        actions.do_choose_notifications(user=worker, receive=["screenings"], offered=["deadlines"])
    assert muted_kinds(worker) == frozenset()


def test_choosing_again_replaces_the_choice(worker):
    offered = ["deadlines", "services"]
    actions.do_choose_notifications(user=worker, receive=[], offered=offered)
    actions.do_choose_notifications(user=worker, receive=["services"], offered=offered)
    assert muted_kinds(worker) == {"deadlines"}


def test_every_writer_is_an_action_and_every_audit_name_is_recorded():
    writers = [getattr(actions, n) for n in dir(actions) if n.startswith("do_")]
    assert writers and all(getattr(w, "__haven_action__", False) for w in writers)
    source = Path(actions.__file__).read_text(encoding="utf-8")
    assert all(f'"{name}"' in source for name in AUDIT_ACTIONS)
