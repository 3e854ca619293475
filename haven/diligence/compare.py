"""What changed between two years' findings of one State and area, per criterion. No Django.

Each side is the latest signed-off version of its year; a criterion only one side has (the
framework grew) is shown with the other side empty rather than left out.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Side:
    result: str
    narrative: str
    citations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Change:
    criterion: str
    before: Side | None
    after: Side | None
    added: tuple[str, ...] = field(default=())  # evidence citations new in the later year
    removed: tuple[str, ...] = field(default=())

    @property
    def result_changed(self) -> bool:
        return _result(self.before) != _result(self.after)

    @property
    def narrative_changed(self) -> bool:
        return _narrative(self.before) != _narrative(self.after)

    @property
    def changed(self) -> bool:
        return self.result_changed or self.narrative_changed or bool(self.added or self.removed)


def _result(side: Side | None) -> str | None:
    return side.result if side else None


def _narrative(side: Side | None) -> str:
    return " ".join(side.narrative.split()) if side else ""


def compare(
    before: Mapping[str, Side], after: Mapping[str, Side], order: Iterable[str] = ()
) -> list[Change]:
    """One change per criterion, in the framework's `order`, then any others by code."""
    codes = list(dict.fromkeys([*order, *sorted(set(before) | set(after))]))
    changes = []
    for code in codes:
        old, new = before.get(code), after.get(code)
        if old is None and new is None:
            continue
        had, has = (old.citations if old else ()), (new.citations if new else ())
        added = tuple(c for c in has if c not in had)
        removed = tuple(c for c in had if c not in has)
        changes.append(Change(code, old, new, added, removed))
    return changes
