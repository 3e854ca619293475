"""`@action`: the one shape of a writer. The function runs in one transaction and must append
exactly one audit event of its own (or at least one, for a batch); otherwise it raises before
anything commits, so a writer that forgets its event, or its transaction, cannot pass a test.

Nested actions check their own events; an outer action counts only the events it records
itself, outside any action it calls.
"""

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

# One counter per running action, innermost last.
_frames: ContextVar[tuple[list[int], ...]] = ContextVar("haven_action_frames", default=())


class ActionError(RuntimeError):
    """An action broke its contract (no audit event, or too many)."""


def in_action() -> bool:
    """True while an `@action` function is running (the database guard asks this)."""
    return bool(_frames.get())


def count_event() -> None:
    """Called by `audit.log.record` for every event appended."""
    frames = _frames.get()
    if frames:
        frames[-1][0] += 1


def action(*, batch: bool = False) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Mark a writer: one transaction, exactly one audit event (`batch`: one or more)."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            counter = [0]
            token = _frames.set((*_frames.get(), counter))
            try:
                with transaction.atomic():
                    result = function(*args, **kwargs)
                    _check(function.__qualname__, counter[0], batch=batch)
            finally:
                _frames.reset(token)
            return result

        run.__haven_action__ = True  # type: ignore[attr-defined]  # read by the AST/lint tests
        return run

    return decorate


def _check(name: str, events: int, *, batch: bool) -> None:
    if events == 1 or (batch and events > 1):
        return
    wanted = "one or more audit events" if batch else "exactly one audit event"
    raise ActionError(f"action {name} recorded {events} audit events; it must record {wanted}")
