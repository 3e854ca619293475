"""Retention erases expired personal data, keeps what anonymous counts need, and audits the
erasure without keeping what was erased."""

import datetime
import json
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection

from haven.audit.models import AuditEvent
from haven.cases import actions
from haven.cases.models import Case, CaseStatus, Person
from haven.cases.retention import add_months, do_apply_retention

CLOSED = datetime.date(2025, 1, 31)


@pytest.fixture
def closed_case(frontline, org_admin, ngo):
    case = actions.do_open_case(
        first_name="Ilinca",
        second_name="Radu",
        birthdate=datetime.date(1990, 5, 6),
        nationality="RO",
        acting_user=frontline,
    )
    actions.do_add_support_note(
        case=case, text="Moved to a safe house in the north.", acting_user=frontline
    )
    actions.do_update_case(
        case=case,
        data={"status": CaseStatus.CLOSED, "closure_reason": "Returned home safely."},
        expected_version=1,
        acting_user=frontline,
    )
    Case.objects.filter(pk=case.pk).update(closed_on=CLOSED)
    actions.do_set_retention_policy(
        organisation=ngo, months_after_closure=12, acting_user=org_admin
    )
    return Case.objects.get(pk=case.pk)


def test_nothing_is_erased_before_the_period_ends(closed_case):
    assert do_apply_retention(today=datetime.date(2026, 1, 30)).cases == []


def test_expired_personal_data_is_erased_and_anonymous_facts_kept(closed_case):
    report = do_apply_retention(today=datetime.date(2026, 1, 31))
    assert report.cases == [closed_case.pk]
    person = Person.objects.get(pk=closed_case.person_id)
    assert (person.first_name, person.second_name, person.birthdate, person.name_index) == (
        "",
        "",
        None,
        None,
    )
    assert person.nationality == "RO"
    case = Case.objects.get(pk=closed_case.pk)
    assert case.status == CaseStatus.CLOSED and case.erased_on == datetime.date(2026, 1, 31)
    assert not case.notes.exists() and case.closure_reason == ""


def test_the_erasure_is_audited_without_what_was_erased(closed_case):
    do_apply_retention(today=datetime.date(2026, 6, 1))
    event = AuditEvent.objects.get(action="retention.erased")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM audit_auditevent WHERE id = %s", [event.pk])
        raw = json.dumps([str(v) for v in cursor.fetchone()])
    assert "Ilinca" not in raw and "safe house" not in raw
    assert event.details["case_ids"] == [closed_case.pk]


def test_a_second_run_erases_nothing_more(closed_case):
    do_apply_retention(today=datetime.date(2026, 6, 1))
    assert do_apply_retention(today=datetime.date(2026, 7, 1)).cases == []


def test_a_dry_run_changes_nothing(closed_case):
    out = StringIO()
    call_command("retention", "apply", "--dry-run", "--today", "2026-06-01", stdout=out)
    assert "would erase the personal data of 1 case(s)" in out.getvalue()
    assert Person.objects.get(pk=closed_case.person_id).first_name == "Ilinca"


def test_without_a_policy_nothing_is_erased(frontline):
    case = actions.do_open_case(first_name="Kept", acting_user=frontline)
    Case.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=datetime.date(2000, 1, 1)
    )
    assert do_apply_retention(today=datetime.date(2026, 1, 1)).cases == []


def test_only_the_organisation_s_administrator_sets_its_policy(frontline, ngo):
    with pytest.raises(PermissionDenied):
        actions.do_set_retention_policy(
            organisation=ngo, months_after_closure=6, acting_user=frontline
        )


@pytest.mark.parametrize(
    "start, months, end",
    [
        (datetime.date(2025, 1, 31), 1, datetime.date(2025, 2, 28)),
        (datetime.date(2024, 11, 15), 14, datetime.date(2026, 1, 15)),
    ],
)
def test_months_are_calendar_months(start, months, end):
    assert add_months(start, months) == end


def test_every_app_holding_personal_data_about_a_case_registers_an_eraser():
    from haven.cases.retention import ERASERS

    assert {"cases", "screening", "referrals", "support", "proceedings"} <= set(ERASERS)


def test_erasing_a_person_s_names_erases_their_name_keys_and_search_no_longer_finds_them(
    closed_case, frontline
):
    from haven.cases.access import search_cases_by_person
    from haven.cases.models import PersonNameKey

    assert PersonNameKey.objects.filter(person_id=closed_case.person_id).exists()
    do_apply_retention(today=datetime.date(2026, 1, 31))
    assert not PersonNameKey.objects.filter(person_id=closed_case.person_id).exists()
    found = search_cases_by_person(
        frontline, name="Ilinca", birthdate=None, purpose="duplicate_check"
    )
    assert found == []
