"""Two first saves of one case's victim context at the same moment, on a real database: one
wins, the other gets the edit-conflict message, never an IntegrityError (issue 16, F4: 4 of 6
creation races gave HTTP 500). SQLite serialises writers at BEGIN, so only PostgreSQL can race."""

import threading

import pytest
from django.db import connection, connections

from haven.audit.models import AuditEvent
from haven.cases import actions
from haven.cases.models import VictimContext
from haven.core.versioning import EditConflict

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (run on PostgreSQL)"
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_saves_give_one_winner_and_one_conflict(frontline):
    case = actions.do_open_case(first_name="Ana", acting_user=frontline)
    start, outcomes = threading.Barrier(2), []

    def save(status: str) -> None:
        try:
            start.wait()
            actions.do_save_victim_context(
                case=case,
                data={"trafficking_status": status},
                acting_user=frontline,
                expected_version=0,
            )
            outcomes.append("saved")
        except EditConflict:
            outcomes.append("conflict")
        except Exception as error:  # noqa: BLE001  # any other outcome is the failure we test for
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(status,))
        for status in ("PossibleVictimOfTrafficking", "NotAVictimOfTrafficking")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert VictimContext.objects.filter(case=case).count() == 1
    assert AuditEvent.objects.filter(action="case.victim_context_saved").count() == 1
