import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from haven.audit.models import AuditEvent
from haven.audit.tests.conftest import write_events

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def tamper(seq: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {AuditEvent._meta.db_table} SET action = %s WHERE seq = %s",  # noqa: S608
            ["case.closed", seq],
        )


def test_verify_reports_an_intact_chain(worker):
    write_events(worker, 3)
    assert run("verify") == (0, "ok: 3 events verified\n", "")


def test_verify_reports_tampering_and_fails(worker):
    write_events(worker, 3)
    tamper(2)
    status, _, err = run("verify")
    assert (status, err) == (1, "TAMPERED: event 2 was altered\n")


def test_verify_as_json(worker):
    write_events(worker, 2)
    status, out, _ = run("verify", "--json")
    expected = {"ok": True, "checked": 2, "problem": None, "seq": None}
    assert (status, json.loads(out)) == (0, expected)
    tamper(1)
    status, out, _ = run("verify", "--json")
    expected = {"ok": False, "checked": 0, "problem": "event 1 was altered", "seq": 1}
    assert (status, json.loads(out)) == (1, expected)


def test_a_subcommand_is_required():
    with pytest.raises(Exception, match="subcommand"):
        call_command("audit")
