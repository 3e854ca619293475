"""An HTCDS case form sent from the field, confirmed by its worker on the drafts page into a new
case or onto one of their cases, through the HTCDS importer's own mapping and checks."""

import pytest

from haven.accounts.roles import Role
from haven.api import xforms
from haven.api.actions import do_confirm_htcds_draft, do_receive_submission
from haven.api.models import DraftStatus, SubmissionDraft
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.cases.models import Case, Person, TraffickingEvent, VictimContext
from haven.htcds.importer import HOLDS_ANOTHER, DraftRefused
from haven.testing.fixtures import make_user

from .conftest import issue_token
from .test_openrosa import basic, filled, htcds_or_skip, submit

pytestmark = pytest.mark.django_db

ANSWERS = {
    "prs_First_Name": "Lan",
    "prs_Second_Name": "Tran",
    "prs_Gender": "Feminine",
    "prs_Citizenship": "VN",
    "prs_Birthdate": "1999-04-02",
    "vic_Methods_of_Control": "DebtBondage TakesEarnings",
    "vic_TraffickingStatus": "PossibleVictimOfTrafficking",
}


@pytest.fixture
def send(client, org_admin, frontline):
    """Send the HTCDS XLSForm filled with `answers`, as ODK Collect does; the draft made."""
    form = htcds_or_skip()
    token = issue_token(org_admin, frontline, ["submissions:write"], name="ODK Collect")[1]

    def sending(answers):
        response = submit(client, filled(form, answers), basic("frontline", token))
        assert response.status_code == 201, response.content
        return SubmissionDraft.objects.latest("pk")

    return sending


def confirm(client, user, draft, case=None):
    client.force_login(user)
    return client.post(f"/integrations/drafts/{draft.pk}/", {"case": case.pk if case else ""})


def refusals(response):
    return list(response.context["form"].non_field_errors())


def test_the_sender_confirms_an_htcds_form_into_a_new_case(client, frontline, send):
    draft = send(ANSWERS)
    response = confirm(client, frontline, draft)
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == f"/cases/{case.pk}/"
    person = case.person
    assert (person.first_name, person.second_name, person.gender, person.nationality) == (
        "Lan",
        "Tran",
        "Feminine",
        "VN",
    )
    assert str(person.birthdate) == "1999-04-02"
    context = VictimContext.objects.get(case=case)
    assert context.methods_of_control == ["DebtBondage", "TakesEarnings"]
    assert context.trafficking_status == "PossibleVictimOfTrafficking"
    assert (case.opened_by, case.assigned_to) == (frontline, frontline)
    assert SubmissionDraft.objects.get().status == DraftStatus.CONFIRMED
    event = AuditEvent.objects.get(action="openrosa.confirmed")
    assert event.details["case_id"] == case.pk and event.details["new_case"] is True


def test_questions_left_unanswered_stay_unknown_never_no(client, frontline, send):
    confirm(client, frontline, send({"prs_First_Name": "Lan"}))
    case = Case.objects.get()
    assert case.person.gender == Person._meta.get_field("gender").default
    assert case.person.birthdate is None and case.person.nationality == ""
    assert not VictimContext.objects.filter(case=case).exists()


def test_the_sender_confirms_onto_an_existing_case_filling_only_what_it_lacks(
    client, frontline, send
):
    case = do_open_case(first_name="Lan", acting_user=frontline)
    draft = send({k: v for k, v in ANSWERS.items() if k != "prs_First_Name"})
    response = confirm(client, frontline, draft, case)
    assert response.url == f"/cases/{case.pk}/"
    case.refresh_from_db()
    person = case.person
    assert (person.first_name, person.second_name, person.nationality) == ("Lan", "Tran", "VN")
    assert VictimContext.objects.get(case=case).trafficking_status == "PossibleVictimOfTrafficking"
    assert Case.objects.count() == 1
    details = AuditEvent.objects.get(action="openrosa.confirmed").details
    assert details["new_case"] is False and "prs_SecondName" in details["fields"]


def test_a_value_the_case_holds_differently_is_refused_and_nothing_written(client, frontline, send):
    case = do_open_case(first_name="Lan", nationality="TH", acting_user=frontline)
    response = confirm(client, frontline, send(ANSWERS), case)
    assert response.status_code == 200
    assert refusals(response) == ["prs_Citizenship: " + str(HOLDS_ANOTHER)]
    case.refresh_from_db()
    assert case.person.nationality == "TH" and case.person.second_name == ""
    assert not VictimContext.objects.filter(case=case).exists()
    assert SubmissionDraft.objects.get().status == DraftStatus.DRAFT
    assert not AuditEvent.objects.filter(action="openrosa.confirmed").exists()


def test_an_invalid_value_is_refused_naming_the_field_and_writes_nothing(client, frontline, send):
    draft = send(ANSWERS | {"vic_TraffickingStatus": "Sometimes"})
    response = confirm(client, frontline, draft)
    assert response.status_code == 200
    [refusal] = refusals(response)
    assert refusal.startswith("vic_TraffickingStatus: 'Sometimes' is not one of its values")
    assert refusal in response.content.decode().replace("&#x27;", "'")
    assert not Case.objects.exists() and not Person.objects.exists()
    assert not TraffickingEvent.objects.exists()
    assert SubmissionDraft.objects.get().status == DraftStatus.DRAFT
    assert not AuditEvent.objects.filter(action="openrosa.confirmed").exists()


def test_another_worker_gets_the_same_404_and_cannot_confirm(client, frontline, ngo, send):
    draft = send(ANSWERS)
    colleague = make_user(ngo, Role.FRONTLINE_WORKER, username="colleague")
    assert confirm(client, colleague, draft).status_code == 404
    assert client.get("/integrations/drafts/999999/").status_code == 404
    assert not Case.objects.exists()


def test_a_case_the_worker_may_not_write_to_is_not_offered(client, frontline, ngo, send):
    colleague = make_user(ngo, Role.FRONTLINE_WORKER, username="colleague")
    theirs = do_open_case(first_name="Mai", acting_user=colleague)
    response = confirm(client, frontline, send(ANSWERS), theirs)
    assert response.status_code == 200
    assert "case" in response.context["form"].errors
    assert not VictimContext.objects.exists()
    assert SubmissionDraft.objects.get().status == DraftStatus.DRAFT


def test_a_confirmed_draft_is_not_confirmed_twice(client, frontline, send):
    draft = send(ANSWERS)
    confirm(client, frontline, draft)
    confirm(client, frontline, draft)
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(action="openrosa.confirmed").count() == 1


def test_a_repeated_submission_is_refused_before_it_becomes_a_second_draft(
    client, org_admin, frontline
):
    form = htcds_or_skip()
    token = issue_token(org_admin, frontline, ["submissions:write"], name="ODK Collect")[1]
    xml = filled(form, ANSWERS)
    assert submit(client, xml, basic("frontline", token)).status_code == 201
    assert submit(client, xml, basic("frontline", token)).status_code == 409
    assert SubmissionDraft.objects.count() == 1


def test_an_event_answer_is_refused_rather_than_lost(frontline):
    draft = do_receive_submission(
        worker=frontline,
        form_id=xforms.HTCDS_ID,
        instance_id="uuid:with-event",
        xml="<data/>",
        answers={"prs_First_Name": "Lan", "hte_Type": "Exploitation"},
    )
    with pytest.raises(DraftRefused) as refused:
        do_confirm_htcds_draft(draft=draft, acting_user=frontline)
    assert [p.field for p in refused.value.problems] == ["hte_Type"]
    assert not Case.objects.exists()
