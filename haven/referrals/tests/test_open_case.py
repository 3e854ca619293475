"""The receiving organisation opens its own case from an accepted referral: only the shared
sections travel, the person is registered anew (encrypted) in the receiver's organisation, once
only, audited; everyone who may not answer the referral for the receiver is refused."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.actions import (
    do_add_case_item,
    do_add_support_note,
    do_open_case,
    do_save_victim_context,
    do_withdraw_consent,
)
from haven.cases.models import Case, Deadline, Person, SupportNote, TraffickingEvent, VictimContext
from haven.referrals import actions
from haven.referrals.models import Referral, Section
from haven.referrals.tests.conftest import DAY, consent_to
from haven.testing.fixtures import make_user

EVENT_DAY = datetime.date(2025, 6, 1)


def accept(referral, receiver):
    actions.do_accept_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )


def open_from(referral, user, **given):
    return actions.do_open_case_from_referral(
        referral=referral, acting_user=user, given=actions.PersonGiven(**given)
    )


@pytest.fixture
def full_case(case, frontline):
    """A referred case with something in every section."""
    do_save_victim_context(
        case=case,
        data={"vulnerabilities": [], "vulnerability_details": "Debt to the recruiter"},
        acting_user=frontline,
        expected_version=0,
    )
    event = TraffickingEvent(event_type="Exploitation", country="GB", city="Leeds", date=EVENT_DAY)
    do_add_case_item(case=case, item=event, acting_user=frontline)
    do_add_support_note(case=case, text="Prefers a female worker.", acting_user=frontline)
    return case


def refer_sections(case, organisation, user, sections):
    return actions.do_refer_case(
        case,
        organisation,
        reason="AdditionalServicesRequired",
        sections=sections,
        acting_user=user,
    )


@pytest.fixture
def accepted(referral, receiver):
    accept(referral, receiver)
    return referral


def test_the_receiver_opens_its_own_case_with_the_person_and_events_shared(
    accepted, receiver, other_ngo, full_case
):
    case = open_from(accepted, receiver)
    assert case.organisation == other_ngo and case.pk != accepted.case_id
    assert case.assigned_to == receiver
    assert case.person.organisation == other_ngo
    assert (case.person.first_name, case.person.second_name) == ("Lan", "Tran")
    assert case.person.nationality == "VN"
    assert [(e.event_type, e.city, e.date) for e in case.events.all()] == [
        ("Exploitation", "Leeds", EVENT_DAY)
    ]
    accepted.refresh_from_db()
    assert accepted.receiver_case == case


def test_sections_not_shared_do_not_travel(accepted, receiver, full_case):
    case = open_from(accepted, receiver)  # shared: person and events only
    assert not VictimContext.objects.filter(case=case).exists()
    assert not SupportNote.objects.filter(case=case).exists()
    assert not Deadline.objects.filter(case=case).exists()
    assert not case.person.consents.exists()


def test_the_identifiers_are_stored_encrypted_and_found_by_blind_index(accepted, receiver):
    case = open_from(accepted, receiver)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT first_name, second_name FROM cases_person WHERE id = %s", [case.person_id]
        )
        raw = cursor.fetchone()
    assert "Lan" not in str(raw) and "Tran" not in str(raw)
    assert case.person.name_index
    source = Person.objects.get(pk=accepted.case.person_id)
    assert case.person.name_index == source.name_index  # same key, so search finds both


def test_opening_is_audited_once_with_ids_and_codes_only(accepted, receiver):
    case = open_from(accepted, receiver)
    event = AuditEvent.objects.get(action="referral.case_opened")
    assert event.actor == receiver
    assert event.target_id == str(accepted.pk)
    assert event.details == {
        "case_id": case.pk,
        "referred_case_id": accepted.case_id,
        "carried": ["person", "events"],
    }
    assert AuditEvent.objects.filter(action="case.opened", target_id=str(case.pk)).count() == 1


def test_a_second_try_leads_to_the_case_already_opened(accepted, receiver, other_ngo):
    first = open_from(accepted, receiver)
    colleague = make_user(other_ngo, Role.CASE_MANAGER, username="colleague")
    with pytest.raises(actions.AlreadyOpened, match=first.reference) as refused:
        open_from(accepted, colleague)
    assert refused.value.case == first
    assert Case.objects.filter(organisation=other_ngo).count() == 1
    assert AuditEvent.objects.filter(action="referral.case_opened").count() == 1


@pytest.mark.parametrize("answer", ["not yet accepted", "declined", "withdrawn", "completed"])
def test_only_an_accepted_referral_opens_a_case(referral, receiver, frontline, answer):
    version = referral.version
    if answer == "declined":
        actions.do_decline_referral(
            referral=referral, reason="Full", acting_user=receiver, expected_version=version
        )
    elif answer == "withdrawn":
        actions.do_withdraw_referral(
            referral=referral, reason="Moved", acting_user=frontline, expected_version=version
        )
    elif answer == "completed":
        accept(referral, receiver)
        actions.do_complete_referral(
            referral=referral, acting_user=receiver, expected_version=referral.version
        )
    with pytest.raises(ValidationError, match="only from an accepted referral"):
        open_from(referral, receiver)
    assert not Case.objects.filter(organisation=referral.to_organisation).exists()


def test_a_withdrawn_consent_stops_anything_being_carried(accepted, receiver, frontline, consented):
    do_withdraw_consent(
        case=accepted.case, consent=consented, withdrawn_on=DAY, acting_user=frontline
    )
    with pytest.raises(ValidationError, match="no longer on record"):
        open_from(accepted, receiver)
    assert not Case.objects.filter(organisation=accepted.to_organisation).exists()


@pytest.mark.parametrize(
    "persona",
    [
        "sender's front-line worker",
        "worker of an unrelated organisation",
        "enforcement officer of the receiver",
        "receiver's decision-team member (cannot open cases)",
        "receiver's auditor",
    ],
)
def test_anyone_who_may_not_answer_for_the_receiver_is_refused(
    accepted, frontline, other_ngo, bystander_org, persona
):
    users = {
        "sender's front-line worker": lambda: frontline,
        "worker of an unrelated organisation": lambda: make_user(
            bystander_org, Role.FRONTLINE_WORKER
        ),
        "enforcement officer of the receiver": lambda: make_user(
            other_ngo, Role.FRONTLINE_WORKER, Role.ENFORCEMENT_OFFICER
        ),
        "receiver's decision-team member (cannot open cases)": lambda: make_user(
            other_ngo, Role.DECISION_TEAM
        ),
        "receiver's auditor": lambda: make_user(other_ngo, Role.AUDITOR),
    }
    with pytest.raises(PermissionDenied):
        open_from(accepted, users[persona]())
    assert accepted.receiver_case_id is None
    assert not Case.objects.filter(organisation=other_ngo).exists()


def test_without_the_person_section_the_receiver_gives_the_name_the_person_gave(
    case, other_ngo, frontline, receiver, consented
):
    referral = refer_sections(case, other_ngo, frontline, ["events"])
    accept(referral, receiver)
    with pytest.raises(ValidationError, match="give the first name"):
        open_from(referral, receiver)
    opened = open_from(referral, receiver, first_name=" Mai ", second_name="")
    assert opened.person.first_name == "Mai"
    assert opened.person.birthdate is None and opened.person.nationality == ""


def test_a_failure_half_way_leaves_nothing_written(accepted, receiver, monkeypatch, full_case):
    def broken(**kwargs):
        raise ValidationError("the events could not be copied")

    monkeypatch.setattr(actions, "do_add_case_item", broken)
    with pytest.raises(ValidationError):
        open_from(accepted, receiver)
    accepted.refresh_from_db()
    assert accepted.receiver_case_id is None
    assert not Case.objects.filter(organisation=accepted.to_organisation).exists()
    written = AuditEvent.objects.filter(
        actor=receiver, action__in=["case.opened", "case.note_added"]
    )
    assert not written and not AuditEvent.objects.filter(action="referral.case_opened")


def test_every_section_shared_travels_where_it_has_a_place(
    full_case, other_ngo, frontline, receiver, consented
):
    referral = refer_sections(full_case, other_ngo, frontline, Section.values)
    accept(referral, receiver)
    case = open_from(referral, receiver)
    assert VictimContext.objects.get(case=case).vulnerability_details == "Debt to the recruiter"
    note = SupportNote.objects.get(case=case)
    assert note.text.endswith("Prefers a female worker.")
    assert note.text.startswith(f"From Safe Harbour NGO, {datetime.date.today().isoformat()}")
    assert referral.reference in note.text
    assert not case.person.consents.exists()  # consent is given to each organisation anew


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(shared=st.sets(st.sampled_from(Section.values), min_size=1))
def test_what_travels_is_exactly_the_shared_sections_that_have_a_place(
    frontline, other_ngo, receiver, shared
):
    case = do_open_case(first_name="Ana", second_name="Pop", acting_user=frontline)
    do_add_case_item(
        case=case, item=TraffickingEvent(event_type="Recruitment"), acting_user=frontline
    )
    do_add_support_note(case=case, text="A note.", acting_user=frontline)
    consent_to(case, other_ngo, frontline)
    referral = refer_sections(case, other_ngo, frontline, shared)
    accept(referral, receiver)
    opened = open_from(referral, receiver, first_name="Ana")
    assert opened.events.exists() == (Section.EVENTS in shared)
    assert opened.notes.exists() == (Section.SUPPORT_NOTES in shared)
    carried = (
        AuditEvent.objects.filter(action="referral.case_opened")
        .order_by("pk")
        .last()
        .details["carried"]
    )
    assert set(carried) == shared - {Section.CONSENTS}
    assert Referral.objects.get(pk=referral.pk).receiver_case == opened


def test_the_receiver_opens_the_case_from_the_referral_page_and_a_second_post_leads_to_it(
    client, accepted, receiver
):
    client.force_login(receiver)
    page = client.get(f"/referrals/{accepted.pk}/").content.decode()
    assert "Open our own case from this referral" in page
    assert 'name="first_name"' not in page  # the person section was shared: nothing asked
    response = client.post(f"/referrals/{accepted.pk}/open-case/")
    case = Case.objects.get(organisation=accepted.to_organisation)
    assert response["Location"] == f"/cases/{case.pk}/"
    again = client.post(f"/referrals/{accepted.pk}/open-case/")
    assert again["Location"] == f"/cases/{case.pk}/"
    page = client.get(f"/referrals/{accepted.pk}/").content.decode()
    assert f"Case {case.reference}, opened from this referral" in page
    assert "Open our own case from this referral" not in page


@pytest.mark.usefixtures("consented")
def test_the_page_asks_for_the_name_when_the_person_was_not_shared(
    client, case, other_ngo, frontline, receiver
):
    referral = refer_sections(case, other_ngo, frontline, ["events"])
    accept(referral, receiver)
    client.force_login(receiver)
    assert 'name="first_name"' in client.get(f"/referrals/{referral.pk}/").content.decode()
    response = client.post(f"/referrals/{referral.pk}/open-case/", {"first_name": ""}, follow=True)
    assert "This field is required." in response.content.decode()
    assert not Case.objects.filter(organisation=other_ngo).exists()


def test_the_sender_and_outsiders_are_refused_on_the_page(
    client, accepted, frontline, bystander_org
):
    client.force_login(frontline)
    assert "Open our own case" not in client.get(f"/referrals/{accepted.pk}/").content.decode()
    response = client.post(f"/referrals/{accepted.pk}/open-case/", follow=True)
    assert "Only the receiving organisation" in response.content.decode()
    client.force_login(make_user(bystander_org, Role.FRONTLINE_WORKER))
    assert client.post(f"/referrals/{accepted.pk}/open-case/").status_code == 404
    assert not Case.objects.filter(organisation=accepted.to_organisation).exists()


def test_a_waiting_referral_offers_no_case_to_open(client, referral, receiver):
    client.force_login(receiver)
    assert "Open our own case" not in client.get(f"/referrals/{referral.pk}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_workers_opening_at_once_give_one_case_and_one_link_to_it(
    accepted, receiver, other_ngo
):
    """A real race on PostgreSQL: the referral's row lock makes the second wait and then see
    the first's case. SQLite serialises writers, so there the check alone is what is proved."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent connections (PostgreSQL); SQLite serialises writers")
    colleague = make_user(other_ngo, Role.CASE_MANAGER, username="racing-colleague")
    barrier, outcomes = threading.Barrier(2), []

    def attempt(user):
        try:
            barrier.wait()
            open_from(Referral.objects.get(pk=accepted.pk), user)
            outcomes.append("opened")
        except actions.AlreadyOpened:
            outcomes.append("already opened")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (receiver, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already opened", "opened"]
    assert Case.objects.filter(organisation=other_ngo).count() == 1


def test_the_include_for_the_case_page_links_back_to_the_referral(accepted, receiver, case):
    from django.template.loader import render_to_string

    opened = open_from(accepted, receiver)
    shown = render_to_string("referrals/_opened_from.html", {"case": opened})
    assert f"Opened from referral {accepted.reference} of Safe Harbour NGO." in shown
    assert f'href="/referrals/{accepted.pk}/"' in shown
    assert render_to_string("referrals/_opened_from.html", {"case": case}).strip() == ""


def test_a_shared_screening_brings_its_dated_rights_to_the_new_case(
    case, other_ngo, frontline, receiver, consented
):
    import json

    from haven.law.actions import do_load_builtin_jurisdictions
    from haven.screening.actions import do_record_screening
    from haven.screening.record import Record

    do_load_builtin_jurisdictions()
    record = {
        "jurisdiction": "GB",
        "encounter": {"date": DAY.isoformat(), "setting": "labour_inspection"},
        "person": {"age": 30},
        "facts": {"acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"]},
        "consent_to_record": True,
    }
    do_record_screening(
        case=case, record=Record.model_validate_json(json.dumps(record)), acting_user=frontline
    )
    dated = set(Deadline.objects.filter(case=case).values_list("code", "due_on"))
    assert dated, "the screening should give at least one dated right"
    referral = refer_sections(case, other_ngo, frontline, ["person", "screening"])
    accept(referral, receiver)
    opened = open_from(referral, receiver)
    carried = Deadline.objects.filter(case=opened)
    assert set(carried.values_list("code", "due_on")) == dated
    assert set(carried.values_list("source", flat=True)) == {"referral"}
    assert not opened.screenings.exists()  # the interview record stays with the referrer
