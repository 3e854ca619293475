import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases import access
from haven.cases.actions import do_add_support_note, do_open_case
from haven.cases.models import Case
from haven.testing.fixtures import make_user, unsaved_referral


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Mira",
        second_name="Novak",
        birthdate=datetime.date(2001, 4, 5),
        acting_user=frontline,
    )


def test_opening_a_case_registers_the_person_in_the_worker_s_organisation(case, frontline, ngo):
    assert case.organisation == ngo and case.person.organisation == ngo
    assert case.assigned_to == frontline
    assert AuditEvent.objects.filter(action="case.opened", target_id=str(case.pk)).exists()


def test_a_role_without_the_capability_cannot_open_a_case(org_admin):
    with pytest.raises(PermissionDenied):
        do_open_case(first_name="X", acting_user=org_admin)


def test_a_frontline_worker_sees_only_their_own_cases(case, frontline, ngo):
    other_worker = make_user(ngo, Role.FRONTLINE_WORKER)
    assert list(access.cases_visible_to(frontline)) == [case]
    assert not access.cases_visible_to(other_worker).exists()


def test_a_case_manager_sees_every_case_of_the_organisation_and_no_other(
    case, case_manager, other_ngo
):
    stranger = make_user(other_ngo, Role.CASE_MANAGER)
    assert list(access.cases_visible_to(case_manager)) == [case]
    assert not access.cases_visible_to(stranger).exists()


def test_missing_and_forbidden_cases_are_the_same_404(case, other_ngo):
    stranger = make_user(other_ngo, Role.CASE_MANAGER)
    with pytest.raises(Http404) as forbidden:
        access.access_case_by_id(stranger, case.pk)
    with pytest.raises(Http404) as missing:
        access.access_case_by_id(stranger, case.pk + 1000)
    assert str(forbidden.value) == str(missing.value)


def test_every_read_of_a_case_is_audited_with_its_purpose(case, case_manager):
    access.access_case_by_id(case_manager, case.pk, purpose="supervision")
    event = AuditEvent.objects.get(action="case.read")
    assert (event.actor, event.target_id, event.purpose) == (
        case_manager,
        str(case.pk),
        "supervision",
    )


def test_listing_cases_is_audited_with_the_ids_shown(case, case_manager):
    access.list_cases(case_manager)
    assert AuditEvent.objects.get(action="case.listed").details == {"case_ids": [case.pk]}


@pytest.mark.parametrize("status", ["", "Active", "Closed"])
@pytest.mark.parametrize("page", [1, 2])
def test_the_case_list_rows_are_the_cases_listed_with_what_the_list_shows(
    frontline, case_manager, status, page
):
    for number in range(access.PAGE_SIZE + 7):
        opened = do_open_case(
            first_name=f"Mira{number}", second_name="Novak", acting_user=frontline
        )
        if number % 3 == 0:
            Case.objects.filter(pk=opened.pk).update(status="Closed")
    cases = access.list_cases(case_manager, status=status, page=page)
    rows = access.list_case_rows(case_manager, status=status, page=page)
    shown = [
        (c.pk, c.reference, c.person.display_name, c.status, c.assigned_to.username, c.opened_at)
        for c in cases
    ]
    assert shown == [
        (r.pk, r.reference, r.display_name, r.status, r.assigned_to, r.opened_at) for r in rows
    ]
    events = AuditEvent.objects.filter(action="case.listed").order_by("seq")
    assert events[0].details == events[1].details


def test_a_person_is_found_by_exact_name_without_decrypting_the_table(case, case_manager):
    found = access.search_cases_by_person(
        case_manager,
        name=" mira  NOVAK",
        birthdate=None,
        purpose="duplicate_check",
    )
    assert found == [case]
    wrong_birthdate = access.search_cases_by_person(
        case_manager,
        name="Mira Novak",
        birthdate=datetime.date(2001, 4, 6),
        purpose="duplicate_check",
    )
    assert wrong_birthdate == []
    assert (
        AuditEvent.objects.filter(action="person.searched", purpose="duplicate_check").count() == 2
    )


def test_a_search_without_a_purpose_is_refused(case, case_manager):
    with pytest.raises(ValueError, match="purpose"):
        access.search_cases_by_person(case_manager, name="Mira", birthdate=None, purpose=" ")


def test_notes_can_only_be_added_to_a_case_the_writer_may_read(case, other_ngo):
    stranger = make_user(other_ngo, Role.CASE_MANAGER)
    with pytest.raises(PermissionDenied):
        do_add_support_note(case=case, text="hello", acting_user=stranger)


def test_a_colleague_states_a_purpose_before_reading_a_case_not_assigned_to_them(
    client, case, case_manager
):
    client.force_login(case_manager)
    asked = client.get(f"/cases/{case.pk}/")
    assert "Why are you opening this record?" in asked.content.decode()
    assert "Mira" not in asked.content.decode()
    client.post(f"/cases/{case.pk}/", {"purpose": "supervision", "explanation": "monthly review"})
    shown = client.get(f"/cases/{case.pk}/")
    assert "Mira Novak" in shown.content.decode()
    assert AuditEvent.objects.get(action="case.read").purpose == "supervision"
    explained = AuditEvent.objects.get(action="case.read_explained")
    assert (explained.purpose, explained.details) == (
        "supervision",
        {"explanation_id": case.read_explanations.get().pk},
    )
    assert case.read_explanations.get().text == "monthly review"
    assert not AuditEvent.objects.filter(purpose__contains="monthly").exists()


def test_the_assigned_worker_reads_and_adds_notes_without_a_purpose_prompt(client, case, frontline):
    client.force_login(frontline)
    client.post(f"/cases/{case.pk}/", {"text": "Found safe accommodation."})
    assert "Found safe accommodation." in client.get(f"/cases/{case.pk}/").content.decode()


def test_the_open_case_page_creates_a_case(client, frontline):
    client.force_login(frontline)
    response = client.post(
        "/cases/new/",
        {
            "first_name": "Tomas",
            "second_name": "",
            "birthdate": "",
            "gender": "NonSpecifiedUnknown",
            "nationality": "RO",
        },
    )
    case = Case.objects.get()
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.person.nationality == "RO"


def test_a_decision_team_member_reads_but_does_not_write_notes(case, ngo):
    member = make_user(ngo, Role.DECISION_TEAM)
    assert access.access_case_by_id(member, case.pk) == case
    with pytest.raises(PermissionDenied):
        do_add_support_note(case=case, text="x", acting_user=member)


def test_a_case_cannot_be_assigned_to_someone_who_cannot_read_it(frontline, org_admin):
    with pytest.raises(ValidationError, match="support worker"):
        do_open_case(first_name="Eva", acting_user=frontline, assigned_to=org_admin)


def test_the_case_page_shows_a_timeline_of_what_happened_but_not_of_reads(client, case, frontline):
    do_add_support_note(case=case, text="Called the shelter.", acting_user=frontline)
    client.force_login(frontline)
    client.get(f"/cases/{case.pk}/")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    timeline = page.split("<h2>Timeline</h2>")[1]
    assert "Case opened" in timeline and "Support note added" in timeline
    assert "read" not in timeline.split("</ol>")[0].lower()


def test_person_search_is_a_post_so_names_never_reach_a_url(client, case, case_manager):
    client.force_login(case_manager)
    ignored = client.get("/cases/search/?name=Mira+Novak&purpose=safeguarding")
    assert "C-" not in ignored.content.decode()
    assert not AuditEvent.objects.filter(action="person.searched").exists()
    found = client.post("/cases/search/", {"name": "Mira Novak", "purpose": "safeguarding"})
    assert case.reference in found.content.decode()
    assert 'method="post"' in found.content.decode()
    assert AuditEvent.objects.get(action="person.searched").purpose == "safeguarding"


def test_the_deadlines_page_shows_case_references_and_is_audited(client, case, frontline):
    from django.utils import timezone

    from haven.cases.models import Deadline

    Deadline.objects.create(
        case=case,
        code="reflection",
        title="Reflection period ends",
        due_on=timezone.localdate(),
        source="manual",
    )
    client.force_login(frontline)
    page = client.get("/cases/deadlines/").content.decode()
    assert case.reference in page
    event = AuditEvent.objects.get(action="case.listed")
    assert event.details == {"case_ids": [case.pk], "list": "deadlines"}


@pytest.mark.parametrize("character", ["\x1b", "\x07", "\x0c"])
def test_a_control_character_in_a_form_is_a_field_error_and_writes_nothing(
    client, case, frontline, character
):
    client.force_login(frontline)
    response = client.post(f"/cases/{case.pk}/", {"text": f"note{character}[31m"})
    assert response.status_code == 200
    assert "Remove the control character U+00" in response.content.decode()
    assert not case.notes.exists()
    opened = client.post("/cases/new/", {"first_name": f"An{character}a", "gender": "Feminine"})
    assert opened.status_code == 200 and Case.objects.count() == 1


def _referred_to(receiver_org, sender, count, *, accepted_at_day=0):
    """`count` accepted referrals of `sender`'s new cases to `receiver_org`, shared under a
    supervisor's override (no consent needed), oldest first."""
    from django.utils import timezone

    from haven.referrals.models import Status

    start = timezone.now() - datetime.timedelta(days=accepted_at_day + count)
    made = []
    for number in range(count):
        case = do_open_case(first_name=f"P{number}", acting_user=sender)
        referral = unsaved_referral(
            case,
            receiver_org,
            sender,
            status=Status.ACCEPTED,
            sent_at=start,
            answered_at=start + datetime.timedelta(days=number),
        )
        referral.save()
        made.append(referral)
    return made


def test_the_case_list_shows_the_latest_fifty_referrals_received_and_points_to_the_rest(
    client, ngo, other_ngo, case_manager
):
    from haven.cases.views import REFERRED_SHOWN

    sender = make_user(other_ngo, Role.FRONTLINE_WORKER, username="sender")
    referrals = _referred_to(ngo, sender, REFERRED_SHOWN + 2)
    client.force_login(case_manager)
    page = client.get("/cases/").content.decode()
    shown = page.count("/shared/")
    assert shown == REFERRED_SHOWN
    assert f"/referrals/{referrals[-1].pk}/shared/" in page  # the newest
    assert f"/referrals/{referrals[0].pk}/shared/" not in page  # the oldest
    assert "the referrals page</a> lists every one" in page
    event = AuditEvent.objects.filter(action="case.listed", details__list="referred_in").last()
    assert event is not None and len(event.details["case_ids"]) == REFERRED_SHOWN


def test_the_case_list_filters_referrals_by_sender_and_offers_every_sender(
    client, ngo, other_ngo, case_manager
):
    from haven.accounts.roles import OrgType
    from haven.cases.views import REFERRED_SHOWN
    from haven.testing.fixtures import make_organisation

    third = make_organisation("Third Shelter", OrgType.NGO)
    early = _referred_to(ngo, make_user(third, Role.FRONTLINE_WORKER), 1, accepted_at_day=400)
    _referred_to(ngo, make_user(other_ngo, Role.FRONTLINE_WORKER), REFERRED_SHOWN + 1)
    client.force_login(case_manager)
    page = client.get("/cases/").content.decode()
    assert f'<option value="{third.pk}">Third Shelter</option>' in page  # beyond the latest 50
    only_third = client.get(f"/cases/?organisation={third.pk}").content.decode()
    assert only_third.count("/shared/") == 1 and f"/referrals/{early[0].pk}/shared/" in only_third
    assert client.get("/cases/?organisation=nonsense").status_code == 200


@pytest.mark.parametrize("value", ["²", "٣", "9" * 5000, "-1", "x"])
def test_a_page_or_organisation_that_is_not_a_number_shows_the_first_page(
    client, case, case_manager, value
):
    client.force_login(case_manager)
    assert client.get("/cases/", {"page": value}).status_code == 200
    listed = client.get("/cases/", {"organisation": value})
    assert listed.status_code == 200 and case.reference not in listed.content.decode()
