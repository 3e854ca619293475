"""Every writer in accounts/actions.py is an @action, and every audit action name the accounts
app records is listed, with its kind, in accounts/audit_names.py."""

import ast
import inspect
from pathlib import Path

from haven.accounts import actions
from haven.accounts.audit_names import AUDIT_ACTIONS

APP = Path(actions.__file__).parent


def _recorded_names() -> set[str]:
    names = set()
    for path in APP.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "record":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        names |= {
                            c.value
                            for c in ast.walk(keyword.value)
                            if isinstance(c, ast.Constant) and isinstance(c.value, str)
                        }
    return names


def test_every_recorded_action_name_is_listed_with_a_kind():
    recorded = _recorded_names()
    assert len(recorded) > 10
    assert recorded == set(AUDIT_ACTIONS)
    assert set(AUDIT_ACTIONS.values()) <= {"read", "write"}


def test_every_writer_is_an_action():
    writers = [
        name
        for name, function in inspect.getmembers(actions, inspect.isfunction)
        if name.startswith("do_") and function.__module__ == actions.__name__
    ]
    assert len(writers) > 10
    assert [w for w in writers if not getattr(getattr(actions, w), "__haven_action__", False)] == []
