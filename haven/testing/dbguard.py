"""The test-time database guard: every write made while a request or a management command
runs must come from inside an `@action` (haven.audit.action), or the test fails.

It wraps each request (Django's handler, so the test client and the browser tests' live
server alike) and each management command in `connection.execute_wrapper`, and refuses an
INSERT, UPDATE or DELETE outside an action unless its table is on the allow-list below.
Test set-up (fixtures creating users with the ORM) runs outside any request and is not
checked. Set HAVEN_DBGUARD_REPORT=FILE to list violations instead of failing (for audits).
"""

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.handlers.base import BaseHandler
from django.core.management.base import BaseCommand
from django.db import connections

from haven.audit.action import in_action

WRITE = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?(\w+)"?', re.I)

# Writes that are not records of anyone's work, so they are no action's business:
ALLOWED = {
    "audit_auditevent": "the trail itself; record() has its own rules (inside a transaction)",
    "audit_chainhead": "moved by record() with every event",
    "django_session": "sessions: signing in, the purpose asked before a read",
    "accounts_loginfailure": "the login throttle counts failures before anyone is signed in",
    "accounts_user": "last_login, set by django.contrib.auth on sign-in",
    "django_admin_log": "the admin site's own log (system administrators only)",
    "django_tasks_database_dbtaskresult": "the job queue's own rows (django-tasks), not a record",
    "api_ratewindow": "API rate counters (docs/api.md): counted before the call's own action",
    "jobs_job": "a running job's progress ticks (docs/jobs.md); its request and end are actions",
}


class WriteOutsideAction(AssertionError):
    """A write to the database that no `@action` made."""


def _allowed(table: str) -> bool:
    return table in ALLOWED


def _guard(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
    found = WRITE.match(sql)
    if found and not in_action() and not _allowed(found.group(2)):
        _violation(found.group(2), sql)
    return execute(sql, params, many, context)


def _violation(table: str, sql: str) -> None:
    report = os.environ.get("HAVEN_DBGUARD_REPORT")
    message = f"write to {table} outside an @action: {sql[:120]}"
    if report:
        with open(report, "a", encoding="utf-8") as out:
            out.write(f"{os.environ.get('PYTEST_CURRENT_TEST', '?')}\t{message}\n")
        return
    raise WriteOutsideAction(message)


@contextmanager
def guarded() -> Iterator[None]:
    with _wrapped(list(connections.all())):
        yield


@contextmanager
def _wrapped(remaining: list[Any]) -> Iterator[None]:
    if not remaining:
        yield
        return
    with remaining[0].execute_wrapper(_guard), _wrapped(remaining[1:]):
        yield


def _around(original: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        with guarded():
            return original(*args, **kwargs)

    return run


@pytest.fixture(autouse=True)
def database_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: requests and management commands write only through actions."""
    monkeypatch.setattr(BaseHandler, "get_response", _around(BaseHandler.get_response))
    monkeypatch.setattr(BaseCommand, "execute", _around(BaseCommand.execute))
