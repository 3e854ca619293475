"""The one register of audit action names, each with its kind: "read" (someone saw records)
or "write" (something changed). Every haven app declares its own in
`haven/<app>/audit_names.py` as `AUDIT_ACTIONS: dict[str, str]`; the register collects them
from the installed apps when Django starts (AuditConfig.ready), and `record()` refuses a
name nobody declared. The case timeline and reports ask `kind()` instead of keeping lists.
"""

import importlib
import importlib.util
import re
from functools import cache

from django.apps import apps

READ, WRITE = "read", "write"
KINDS = (READ, WRITE)
NAME = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")


class UnknownAction(ValueError):
    """An audit action name that no installed app declares."""


class RegistryError(RuntimeError):
    """An app's AUDIT_ACTIONS is malformed or clashes with another app's."""


def _declared(app_name: str) -> dict[str, str]:
    module_name = f"{app_name}.audit_names"
    if importlib.util.find_spec(module_name) is None:
        return {}
    declared: dict[str, str] = importlib.import_module(module_name).AUDIT_ACTIONS
    return declared


def _haven_apps() -> list[str]:
    return [c.name for c in apps.get_app_configs() if c.name.startswith("haven.")]


def _add(names: dict[str, tuple[str, str]], owner: str, declared: dict[str, str]) -> None:
    for name, kind in declared.items():
        if not NAME.fullmatch(name) or len(name) > 100 or kind not in KINDS:
            raise RegistryError(f"{owner}: {name!r} -> {kind!r} is not 'area.verb' -> read|write")
        if name in names and names[name][1] != owner:
            raise RegistryError(f"{name!r} is declared by both {names[name][1]} and {owner}")
        names[name] = (kind, owner)


@cache
def registry() -> dict[str, tuple[str, str]]:
    """Every declared name -> (kind, declaring app)."""
    names: dict[str, tuple[str, str]] = {}
    for app_name in _haven_apps():
        _add(names, app_name, _declared(app_name))
    return names


def kind(action: str) -> str:
    """ "read" or "write"; UnknownAction for a name no app declares."""
    try:
        return registry()[action][0]
    except KeyError:
        raise UnknownAction(
            f"{action!r} is not a declared audit action: add it to AUDIT_ACTIONS in "
            "haven/<app>/audit_names.py"
        ) from None


def names_of_kind(wanted: str) -> frozenset[str]:
    return frozenset(name for name, (k, _) in registry().items() if k == wanted)
