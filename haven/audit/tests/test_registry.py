"""One register of audit action names with their kind, and a trail that holds no free text."""

import ast
from pathlib import Path

import pytest
from django.db import transaction

from haven.audit import registry as registry_module
from haven.audit.log import record
from haven.audit.purposes import Purpose, UnknownPurpose, purpose_code
from haven.audit.registry import READ, WRITE, RegistryError, UnknownAction, kind, registry

HAVEN = Path(__file__).resolve().parents[2]
WRITERS = {"record", "update_audited"}


def _literal_actions() -> list[tuple[str, int, str]]:
    found = []
    for path in HAVEN.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in WRITERS:
                found += [
                    (str(path.relative_to(HAVEN)), node.lineno, part.value)
                    for kw in node.keywords
                    if kw.arg == "action"
                    for part in _arms(kw.value)
                    if isinstance(part, ast.Constant) and isinstance(part.value, str)
                ]
    return found


def _arms(value: ast.expr) -> list[ast.expr]:
    """Both arms of `a if x else b`; f-strings are checked by the test after this one."""
    if isinstance(value, ast.IfExp):
        return [*_arms(value.body), *_arms(value.orelse)]
    return [value]


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def test_every_action_name_written_in_the_code_is_registered():
    literals = _literal_actions()
    assert len(literals) > 40  # the walk really finds the writers
    unknown = [f"{path}:{line} {name}" for path, line, name in literals if name not in registry()]
    assert unknown == [], "declare these in their app's audit_names.py"


def test_names_built_at_run_time_are_registered_too():
    from haven.cases.actions import _ITEM_ACTIONS
    from haven.law import models as law_models
    from haven.referrals.models import Status

    built = [f"referral.{status.value}" for status in Status]
    built += list(_ITEM_ACTIONS.values())
    built += [
        f"law.{model.audit_name}_saved"
        for model in vars(law_models).values()
        if isinstance(getattr(model, "audit_name", None), str)
    ]
    assert [name for name in built if name not in registry()] == []


def test_every_name_has_a_kind_and_reads_are_reads():
    assert {k for k, _ in registry().values()} == {READ, WRITE}
    for name in ("case.read", "case.listed", "person.searched", "proceedings.read"):
        assert kind(name) == READ
    assert kind("case.opened") == WRITE


def test_record_refuses_a_name_nobody_declared(db):
    with transaction.atomic(), pytest.raises(UnknownAction, match="audit_names.py"):
        record(actor=None, action="case.teleported")


@pytest.mark.parametrize("text", ["supervision: monthly review", "Mira Novak", "consent override"])
def test_record_refuses_free_text_as_a_purpose(db, text):
    with transaction.atomic(), pytest.raises(UnknownPurpose):
        record(actor=None, action="case.read", purpose=text)


def test_a_purpose_is_stored_as_its_code_whichever_spelling_the_caller_used(db):
    assert purpose_code(Purpose.SCREENING_INTERVIEW) == "screening_interview"
    assert purpose_code("screening interview") == "screening_interview"
    with transaction.atomic():
        event = record(actor=None, action="case.read", purpose="person's copy")
    assert event.purpose == "persons_copy"


def test_a_malformed_or_clashing_declaration_fails_at_start():
    names: dict[str, tuple[str, str]] = {}
    registry_module._add(names, "haven.cases", {"case.read": "read"})
    with pytest.raises(RegistryError, match="both"):
        registry_module._add(names, "haven.support", {"case.read": "read"})
    with pytest.raises(RegistryError, match="read|write"):
        registry_module._add(names, "haven.support", {"support.seen": "looked"})
    with pytest.raises(RegistryError):
        registry_module._add(names, "haven.support", {"NoDot": "read"})
