"""Issue 6, first part: duplicates, versioned case updates, consents by purpose, HTCDS contexts."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import actions
from haven.cases.consent import has_consent
from haven.cases.models import Case, CaseStatus, PossibleDuplicate, VictimContext
from haven.core.versioning import EditConflict
from haven.testing.fixtures import make_user

DAY = datetime.date(2026, 3, 1)


@pytest.fixture
def case(frontline):
    return actions.do_open_case(
        first_name="Ana",
        second_name="Pop",
        birthdate=datetime.date(1999, 1, 2),
        acting_user=frontline,
    )


def test_a_new_person_matching_an_earlier_one_of_the_organisation_is_flagged(case, frontline):
    again = actions.do_open_case(
        first_name=" ana ",
        second_name="POP",
        birthdate=datetime.date(1999, 1, 2),
        acting_user=frontline,
    )
    flag = PossibleDuplicate.objects.get(person=again.person)
    assert flag.matches == case.person and flag.reason == "same name and date of birth"


def test_a_different_birthdate_is_not_a_duplicate_and_other_organisations_are_never_compared(
    case, frontline, other_ngo
):
    actions.do_open_case(
        first_name="Ana",
        second_name="Pop",
        birthdate=datetime.date(2000, 1, 2),
        acting_user=frontline,
    )
    elsewhere = make_user(other_ngo, Role.FRONTLINE_WORKER)
    actions.do_open_case(
        first_name="Ana",
        second_name="Pop",
        birthdate=datetime.date(1999, 1, 2),
        acting_user=elsewhere,
    )
    assert not PossibleDuplicate.objects.exists()


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_overwritten(case, frontline):
    first_view = Case.objects.get(pk=case.pk)
    second_view = Case.objects.get(pk=case.pk)
    actions.do_update_case(
        case=first_view,
        data={"status": CaseStatus.FOLLOW_UP},
        expected_version=1,
        acting_user=frontline,
    )
    with pytest.raises(EditConflict, match="Someone else saved this record"):
        actions.do_update_case(
            case=second_view,
            data={"status": CaseStatus.ACTIVE},
            expected_version=1,
            acting_user=frontline,
        )
    assert Case.objects.get(pk=case.pk).status == CaseStatus.FOLLOW_UP


def test_the_conflict_is_shown_on_the_page(client, case, frontline):
    actions.do_update_case(
        case=case, data={"status": CaseStatus.FOLLOW_UP}, expected_version=1, acting_user=frontline
    )
    client.force_login(frontline)
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {"status": "Active", "assigned_to": frontline.pk, "closure_reason": "", "version": "1"},
    )
    assert "Someone else saved this record" in response.content.decode()


def test_closing_a_case_needs_a_reason(case, frontline):
    with pytest.raises(ValidationError, match="needs a reason"):
        actions.do_update_case(
            case=case, data={"status": CaseStatus.CLOSED}, expected_version=1, acting_user=frontline
        )
    actions.do_update_case(
        case=case,
        data={"status": CaseStatus.CLOSED, "closure_reason": "Moved abroad safely."},
        expected_version=1,
        acting_user=frontline,
    )
    assert AuditEvent.objects.filter(action="case.updated").exists()


def test_consent_to_sharing_names_one_organisation_and_can_be_withdrawn(case, frontline, other_ngo):
    with pytest.raises(ValidationError, match="names one organisation"):
        actions.do_record_consent(case=case, purpose="sharing", given_on=DAY, acting_user=frontline)
    consent = actions.do_record_consent(
        case=case, purpose="sharing", organisation=other_ngo, given_on=DAY, acting_user=frontline
    )
    assert has_consent(case.person, "sharing", organisation=other_ngo, on=DAY)
    assert not has_consent(case.person, "research", on=DAY)
    actions.do_withdraw_consent(
        case=case,
        consent=consent,
        withdrawn_on=DAY + datetime.timedelta(days=5),
        acting_user=frontline,
    )
    assert has_consent(
        case.person, "sharing", organisation=other_ngo, on=DAY + datetime.timedelta(days=4)
    )
    assert not has_consent(
        case.person, "sharing", organisation=other_ngo, on=DAY + datetime.timedelta(days=5)
    )
    assert AuditEvent.objects.filter(action="consent.withdrawn").exists()


def test_the_consents_page_never_offers_enforcement(client, case, frontline, police):
    client.force_login(frontline)
    page = client.get(f"/cases/{case.pk}/consents/").content.decode()
    assert police.name not in page


def test_victim_context_takes_only_htcds_value_names(case):
    context = VictimContext(
        case=case,
        methods_of_control=["DebtBondage", "WithholdsDocuments"],
        types_of_exploitation=["ForcedLabour"],
        trafficking_status="PossibleVictimOfTrafficking",
    )
    context.full_clean()
    context.methods_of_control = ["Debt bondage"]
    with pytest.raises(ValidationError, match="methods_of_control"):
        context.full_clean()


def test_a_screening_puts_its_dated_rights_on_the_tracker_and_lists_what_is_due(
    client, frontline, case
):
    import json

    from haven.law.actions import do_load_builtin_jurisdictions
    from haven.screening.actions import do_record_screening
    from haven.screening.record import Record

    do_load_builtin_jurisdictions()
    today = datetime.date.today()
    record = Record.model_validate_json(
        json.dumps(
            {
                "jurisdiction": "GB",
                "encounter": {"date": (today - datetime.timedelta(days=40)).isoformat()},
                "person": {"age": 30},
                "facts": {"acts": ["receipt"], "means": ["force"], "purposes": ["slavery"]},
            }
        )
    )
    do_record_screening(case=case, record=record, acting_user=frontline)
    reflection = case.deadlines.get(code="reflection_period")
    assert reflection.due_on == today + datetime.timedelta(days=5) and "art. 13" in reflection.basis
    client.force_login(frontline)
    page = client.get("/cases/deadlines/").content.decode()
    assert "Recovery and reflection period" in page.split("Due in the next two weeks")[1]


def test_the_context_page_records_the_victim_context_events_and_roles_in_htcds_terms(
    client, case, frontline
):
    client.force_login(frontline)
    url = f"/cases/{case.pk}/context/"
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "form": "victim",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "methods_of_control": ["DebtBondage", "WithholdsDocuments"],
            "types_of_exploitation": ["ForcedLabour"],
            "agreement_to_manage_personal_data": "true",
            "vulnerability_details": "Owed a recruiter.",
        },
    )
    context = VictimContext.objects.get(case=case)
    assert (
        context.methods_of_control == ["DebtBondage", "WithholdsDocuments"] and context.version == 1
    )
    client.post(
        url,
        {
            "form": "event",
            "event-event_type": "Recruitment",
            "event-country": "RO",
            "event-city": "Iasi",
            "event-date": "2025-05-01",
            "event-description": "",
        },
    )
    client.post(
        url,
        {"form": "perpetrator", "per-roles": ["RecruiterOrIntermediary"], "per-role_details": ""},
    )
    assert case.events.get().city == "Iasi" and case.perpetrators.get().roles == [
        "RecruiterOrIntermediary"
    ]
    assert AuditEvent.objects.filter(action="case.event_added").exists()


def test_a_stale_victim_context_edit_is_refused(client, case, frontline):
    actions.do_save_victim_context(
        case=case,
        data={"trafficking_status": "PossibleVictimOfTrafficking"},
        acting_user=frontline,
        expected_version=0,
    )
    actions.do_save_victim_context(
        case=case,
        data={"trafficking_status": "ActualVictimOfTrafficking"},
        acting_user=frontline,
        expected_version=1,
    )
    with pytest.raises(EditConflict):
        actions.do_save_victim_context(
            case=case,
            data={"trafficking_status": "NotAVictimOfTrafficking"},
            acting_user=frontline,
            expected_version=1,
        )


def test_the_case_list_filters_cases_with_deadlines_due(client, case, frontline):
    from haven.cases.models import Deadline

    other = actions.do_open_case(first_name="Bea", acting_user=frontline)
    Deadline.objects.create(
        case=other, code="appeal", title="Appeal", due_on=datetime.date.today(), source="manual"
    )
    client.force_login(frontline)
    page = client.get("/cases/?due=1").content.decode()
    assert other.reference in page and case.reference not in page


def test_the_case_list_shows_cases_referred_to_us_and_filters_by_organisation(
    client, case, frontline, other_ngo
):
    from haven.referrals.actions import do_accept_referral, do_refer_case

    receiver = make_user(other_ngo, Role.FRONTLINE_WORKER)
    own_case = actions.do_open_case(first_name="Own", acting_user=receiver)
    actions.do_record_consent(
        case=case, purpose="sharing", organisation=other_ngo, given_on=DAY, acting_user=frontline
    )
    referral = do_refer_case(
        case,
        other_ngo,
        reason="AdditionalServicesRequired",
        sections=["person"],
        acting_user=frontline,
    )
    client.force_login(receiver)
    assert referral.reference not in client.get("/cases/").content.decode()  # not yet accepted
    do_accept_referral(referral=referral, acting_user=receiver, expected_version=referral.version)
    everything = client.get("/cases/").content.decode()
    assert referral.reference in everything and own_case.reference in everything
    assert "Ana" not in everything  # the list shows no shared data; the shared page does, audited
    only_theirs = client.get(f"/cases/?organisation={case.organisation_id}").content.decode()
    assert referral.reference in only_theirs and own_case.reference not in only_theirs
    only_ours = client.get(f"/cases/?organisation={other_ngo.pk}").content.decode()
    assert referral.reference not in only_ours and own_case.reference in only_ours
