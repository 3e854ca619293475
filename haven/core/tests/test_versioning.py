"""update_audited and its helpers: validated, only allowed fields, auto_now set, the expected
version required (0 for a record that must not exist yet), races a clear conflict."""

import pytest
from django.core.exceptions import ValidationError

from haven.audit.models import AuditEvent
from haven.cases import actions
from haven.cases.actions import do_open_case
from haven.cases.models import Case, VictimContext
from haven.core.versioning import EditConflict, create_versioned, save_versioned, update_audited


@pytest.fixture
def case(frontline) -> Case:
    return do_open_case(first_name="Ana", acting_user=frontline)


def _edit(case: Case, frontline, data, version=1, **kwargs):
    return update_audited(
        case, data, expected_version=version, acting_user=frontline, action="case.updated", **kwargs
    )


def test_an_invalid_value_is_refused_not_stored(case, frontline):
    with pytest.raises(ValidationError, match="Bogus"):
        _edit(case, frontline, {"status": "Bogus"})
    case.refresh_from_db()
    assert (case.status, case.version) == ("Active", 1)
    assert not AuditEvent.objects.filter(action="case.updated").exists()


def test_only_allowed_fields_are_written(case, frontline):
    with pytest.raises(ValidationError, match="opened_by"):
        _edit(case, frontline, {"opened_by": frontline}, allowed=("status",))
    with pytest.raises(ValidationError, match="version"):
        _edit(case, frontline, {"version": 7})
    with pytest.raises(ValidationError, match="no_such_field"):
        _edit(case, frontline, {"no_such_field": 1})


def test_auto_now_fields_move_with_the_edit(case, frontline):
    before = case.updated_at
    _edit(case, frontline, {"status": "FollowUp"})
    assert case.updated_at > before and case.version == 2


def test_the_expected_version_is_required(case, frontline):
    with pytest.raises(TypeError, match="expected_version"):
        _edit(case, frontline, {"status": "FollowUp"}, version=None)
    with pytest.raises(EditConflict):
        _edit(case, frontline, {"status": "FollowUp"}, version=0)  # 0: "must not exist"


def test_a_second_first_save_is_a_conflict_not_a_server_error(case, frontline):
    data = {"trafficking_status": "PossibleVictimOfTrafficking"}
    actions.do_save_victim_context(case=case, data=data, acting_user=frontline, expected_version=0)
    with pytest.raises(EditConflict, match="Someone else"):
        actions.do_save_victim_context(
            case=case,
            data={"trafficking_status": "NotAVictimOfTrafficking"},
            acting_user=frontline,
            expected_version=0,
        )
    assert VictimContext.objects.get(case=case).trafficking_status == data["trafficking_status"]


def test_a_creation_that_loses_the_race_at_the_insert_is_a_conflict(case):
    create_versioned(VictimContext, {"case": case}, 0)
    with pytest.raises(EditConflict):
        create_versioned(VictimContext, {"case": case}, 0)
    with pytest.raises(EditConflict):
        save_versioned(VictimContext.objects.get(case=case), {}, 5)


def test_the_context_form_posted_twice_as_new_shows_the_conflict(client, case, frontline):
    client.force_login(frontline)
    form = {"form": "victim", "trafficking_status": "PossibleVictimOfTrafficking"}
    assert client.post(f"/cases/{case.pk}/context/", form).status_code == 302
    second = client.post(f"/cases/{case.pk}/context/", form)
    assert second.status_code == 200
    assert "Someone else" in second.content.decode()
