"""Checks shared by the apps' tests of their `audit_names.py` and their writers."""

import ast
import inspect
from pathlib import Path
from types import ModuleType

NAME = r"^[a-z_]+\.[a-z_]+$"


def recorded_names(app_dir: Path) -> set[str]:
    """Action names an app's code passes to `record(...)`: literal `action=` arguments and
    names assigned to a variable called `action` (f-strings are checked by the caller)."""
    names: set[str] = set()
    for path in app_dir.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names |= _from_call(node) | _from_assignment(node)
    return names


def _from_call(node: ast.AST) -> set[str]:
    if not isinstance(node, ast.Call):
        return set()
    name = getattr(node.func, "id", getattr(node.func, "attr", ""))
    if name not in {"record", "audit", "update_audited"}:
        return set()
    return {
        k.value.value
        for k in node.keywords
        if k.arg == "action"
        and isinstance(k.value, ast.Constant)
        and isinstance(k.value.value, str)
    }


def _from_assignment(node: ast.AST) -> set[str]:
    if not isinstance(node, ast.Assign):
        return set()
    targets = [t for target in node.targets for t in getattr(target, "elts", [target])]
    values = list(getattr(node.value, "elts", [node.value]))
    return {
        value.value
        for target, value in zip(targets, values, strict=False)
        if getattr(target, "id", "") == "action"
        and isinstance(value, ast.Constant)
        and isinstance(value.value, str)
    }


def undecorated_writers(module: ModuleType) -> list[str]:
    """Public `do_*` functions of an actions module without `@action()`."""
    return [
        name
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.startswith("do_")
        and function.__module__ == module.__name__
        and not getattr(function, "__haven_action__", False)
    ]
