"""A grievance referred with the worker's consent becomes a screening at the support
organisation: its case and support workers see it, open a case in their own organisation from
it, and find the worker's words on the case and the recorded indicators in their screening
draft. Everyone else gets 404; nothing reaches the enforcement side; no consent, no case."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.business import actions
from haven.business.intake import SCREENING_DRAFT, draft_payload
from haven.business.models import Grievance, Stage
from haven.cases.models import Case, SupportNote
from haven.drafts.models import Draft
from haven.screening.forms import InterviewForm
from haven.screening.views import INTERVIEW_DRAFT
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db(transaction=True)

INDICATORS = ["destination_documents_confiscated", "wages_withheld"]


@pytest.fixture
def referred(filed, officer, ngo):
    """A grievance the company's officer triaged, naming two indicators, and referred."""
    grievance, _ = filed
    actions.do_worker_update(grievance, message="They also keep our passports")
    actions.do_record_step(
        grievance,
        Stage.TRIAGE,
        note="Internal: the supervisor denies it",
        message="We are looking into it",
        indicators=list(reversed(INDICATORS)),
        acting_user=officer,
    )
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    return Grievance.objects.get(pk=grievance.pk)


@pytest.fixture
def caseworker(ngo):
    return make_user(ngo, Role.FRONTLINE_WORKER, username="caseworker")


@pytest.fixture
def supervisor(ngo):
    return make_user(ngo, Role.SUPERVISOR, username="supervisor")


def open_case(grievance, user, first_name="Amina", second_name=""):
    given = actions.WorkerGiven(first_name=first_name, second_name=second_name)
    return actions.do_open_case_from_grievance(grievance, given=given, acting_user=user)


def test_the_officer_names_indicators_in_the_screening_vocabulary(referred):
    assert referred.indicator_codes == INDICATORS  # the vocabulary's order
    assert referred.trafficking_indicators


def test_an_indicator_the_screening_does_not_know_is_refused(filed, officer):
    grievance, _ = filed
    with pytest.raises(ValidationError, match="not_a_code"):
        actions.do_record_step(
            grievance, Stage.TRIAGE, indicators=["not_a_code"], acting_user=officer
        )
    assert Grievance.objects.get(pk=grievance.pk).indicator_codes == []


def test_a_caseworker_opens_a_case_in_their_own_organisation(referred, caseworker, ngo):
    case = open_case(referred, caseworker, second_name="K.")
    assert case.organisation == ngo and case.assigned_to == caseworker
    assert case.person.organisation == ngo
    assert (case.person.first_name, case.person.second_name) == ("Amina", "K.")
    assert Grievance.objects.get(pk=referred.pk).support_case == case


def test_a_supervisor_opens_one_too(referred, supervisor):
    assert open_case(referred, supervisor).assigned_to == supervisor


def test_the_workers_own_words_go_on_the_case_and_the_companys_notes_do_not(referred, caseworker):
    case = open_case(referred, caseworker)
    note = SupportNote.objects.get(case=case).text
    for given in ("Two months of overtime unpaid", "Shed 4", "They also keep our passports"):
        assert given in note
    assert "Identity or travel papers taken away" in note and "Wages held back" in note
    assert "Anonymous: the worker left no contact." in note
    for internal in ("supervisor denies", "We are looking into it"):
        assert internal not in note


def test_the_indicators_become_the_openers_screening_draft(referred, caseworker):
    case = open_case(referred, caseworker)
    draft = Draft.objects.get(case=case)
    assert draft.author == caseworker and draft.form == SCREENING_DRAFT == INTERVIEW_DRAFT
    assert json.loads(draft.payload) == {
        "setting": ["hotline"],
        "ind_destination_documents_confiscated": ["yes"],
        "ind_wages_withheld": ["yes"],
    }


def test_the_draft_fits_the_interview_form_and_leaves_consent_to_be_asked(referred):
    form = InterviewForm()
    payload = draft_payload(referred)
    for name, values in payload.items():
        choices = [str(code) for code, _ in form.fields[name].choices]  # type: ignore[attr-defined]  # every pre-filled field is a choice field
        assert set(values) <= set(choices), name
    assert "consent_to_record" not in payload and "encounter_date" not in payload


def test_the_interview_page_offers_the_draft_back_to_the_opener(client, referred, caseworker):
    case = open_case(referred, caseworker)
    client.force_login(caseworker)
    loaded = client.get("/drafts/load/", {"form": SCREENING_DRAFT, "case": case.pk}).json()
    assert loaded["draft"]["payload"]["ind_wages_withheld"] == ["yes"]
    page = client.get(reverse("screening:interview", args=[case.pk]))
    assert page.status_code == 200


def test_opening_records_one_event_of_its_own_naming_ids_and_codes(referred, caseworker):
    case = open_case(referred, caseworker)
    event = AuditEvent.objects.get(action="grievance.case_opened")
    assert event.actor == caseworker and event.target_id == str(referred.pk)
    assert event.organisation_id == caseworker.organisation_id
    assert event.details["case_id"] == case.pk and event.details["indicators"] == INDICATORS
    assert "overtime" not in json.dumps(event.details)
    # The case, its note and the draft are each their own action's event.
    for nested in ("case.opened", "case.note_added", "draft.saved"):
        assert AuditEvent.objects.filter(action=nested).count() == 1


def test_a_second_try_answers_with_the_case_already_opened(referred, caseworker, supervisor):
    case = open_case(referred, caseworker)
    with pytest.raises(actions.AlreadyOpened) as raised:
        open_case(referred, supervisor)
    assert raised.value.case == case and Case.objects.count() == 1


def test_no_case_is_opened_without_the_workers_consent(referred, caseworker):
    Grievance.objects.filter(pk=referred.pk).update(referral_consent=False)
    with pytest.raises(ValidationError, match="not consented"):
        open_case(referred, caseworker)
    assert not Case.objects.exists() and not Draft.objects.exists()


def test_a_name_is_needed_because_the_grievance_holds_none(referred, caseworker):
    with pytest.raises(ValidationError, match="first name"):
        open_case(referred, caseworker, first_name="  ")
    assert not Case.objects.exists()


@pytest.mark.parametrize("kind", [OrgType.LAW_ENFORCEMENT, OrgType.IMMIGRATION_SERVICE])
def test_a_grievance_is_never_referred_to_enforcement_or_immigration(filed, officer, kind):
    grievance, _ = filed
    target = make_organisation(f"Enforcement {kind}", kind)
    with pytest.raises(ValidationError, match="enforcement side"):
        actions.do_refer_grievance(grievance, target, acting_user=officer)
    assert Grievance.objects.get(pk=grievance.pk).referred_to is None


@pytest.mark.parametrize("kind", [OrgType.LAW_ENFORCEMENT, OrgType.IMMIGRATION_SERVICE])
def test_an_organisation_that_turned_enforcement_opens_nothing(referred, caseworker, ngo, kind):
    ngo.org_type = kind
    ngo.save()
    with pytest.raises((PermissionDenied, ValidationError)):
        open_case(referred, caseworker)
    assert not Case.objects.exists()


def test_an_enforcement_officer_in_the_receiving_organisation_opens_nothing(referred, ngo):
    insider = make_user(ngo, Role.FRONTLINE_WORKER, Role.ENFORCEMENT_OFFICER)
    with pytest.raises(PermissionDenied):
        open_case(referred, insider)


def test_the_companys_officer_cannot_open_a_case_from_it(referred, officer):
    with pytest.raises(PermissionDenied):
        open_case(referred, officer)


def test_another_support_organisation_cannot_open_a_case_from_it(referred, other_ngo):
    with pytest.raises(PermissionDenied):
        open_case(referred, make_user(other_ngo, Role.FRONTLINE_WORKER))


# The pages.


def test_the_receiving_organisation_lists_what_was_referred_to_it(client, referred, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("business:referred"))
    assert page.status_code == 200
    assert reverse("business:referred_grievance", args=[referred.pk]).encode() in page.content
    event = AuditEvent.objects.get(action="grievance.referred_listed")
    assert event.actor == caseworker and event.details == {"grievance_ids": [referred.pk]}


def test_a_case_manager_reads_it_with_the_read_audited(client, referred, ngo):
    reader = make_user(ngo, Role.CASE_MANAGER)
    client.force_login(reader)
    page = client.get(reverse("business:referred_grievance", args=[referred.pk]))
    content = page.content.decode()
    assert page.status_code == 200 and "Two months of overtime unpaid" in content
    assert "Identity or travel papers taken away" in content
    assert "supervisor denies" not in content  # the company's internal note stays there
    assert AuditEvent.objects.filter(
        action="grievance.read", actor=reader, target_id=str(referred.pk)
    ).exists()


def test_opening_from_the_page_goes_to_the_screening(client, referred, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("business:open_case", args=[referred.pk]), {"first_name": "Amina"}
    )
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("screening:interview", args=[case.pk])
    again = client.post(reverse("business:open_case", args=[referred.pk]), {"first_name": "A"})
    assert again["Location"] == reverse("business:referred_grievance", args=[referred.pk])
    assert Case.objects.count() == 1
    page = client.get(again["Location"])
    assert case.reference.encode() in page.content and b"Open a case and" not in page.content
    assert b"already opened" in page.content
    assert response["Location"].encode() in page.content  # the link to its screening


def test_another_front_line_worker_is_told_of_the_case_without_a_link_to_it(
    client, referred, caseworker, ngo
):
    case = open_case(referred, caseworker)
    colleague = make_user(ngo, Role.FRONTLINE_WORKER)
    client.force_login(colleague)
    page = client.get(reverse("business:referred_grievance", args=[referred.pk]))
    assert case.reference.encode() in page.content
    assert reverse("screening:interview", args=[case.pk]).encode() not in page.content


def test_the_page_asks_again_for_a_missing_name(client, referred, caseworker):
    client.force_login(caseworker)
    response = client.post(reverse("business:open_case", args=[referred.pk]), {})
    assert response.status_code == 200 and not Case.objects.exists()


@pytest.fixture
def refused_personas(*, company, ngo, other_ngo, police, immigration, ombuds):
    """Everyone but the receiving organisation's case and support workers."""
    return {
        "the company's grievance officer": make_user(company, Role.GRIEVANCE_OFFICER),
        "the company's due-diligence officer": make_user(company, Role.COMPANY_OFFICER),
        "the independent body's officer": make_user(ombuds, Role.GRIEVANCE_OFFICER),
        "another NGO's caseworker": make_user(other_ngo, Role.FRONTLINE_WORKER),
        "the NGO's own grievance officer": make_user(ngo, Role.GRIEVANCE_OFFICER),
        "the NGO's decision team": make_user(ngo, Role.DECISION_TEAM),
        "an enforcement officer in the NGO": make_user(
            ngo, Role.CASE_MANAGER, Role.ENFORCEMENT_OFFICER
        ),
        "a police officer": make_user(police, Role.ENFORCEMENT_OFFICER, Role.CASE_MANAGER),
        "an immigration officer": make_user(immigration, Role.SUPERVISOR),
    }


def test_everyone_else_gets_404_and_opens_nothing(client, referred, refused_personas):
    personas = refused_personas
    detail = reverse("business:referred_grievance", args=[referred.pk])
    opening = reverse("business:open_case", args=[referred.pk])
    for who, user in personas.items():
        client.force_login(user)
        assert client.get(detail).status_code == 404, who
        assert client.post(opening, {"first_name": "X"}).status_code == 404, who
        listed = client.get(reverse("business:referred"))
        assert str(referred.pk).encode() not in _rows(listed.content), who
    assert not Case.objects.exists()


def _rows(content: bytes) -> bytes:
    return content.split(b"<tbody>")[1] if b"<tbody>" in content else b""


def test_a_grievance_without_consent_is_404_to_the_organisation_named(client, referred, caseworker):
    Grievance.objects.filter(pk=referred.pk).update(referral_consent=False)
    client.force_login(caseworker)
    assert client.get(reverse("business:referred_grievance", args=[referred.pk])).status_code == 404
    page = client.post(reverse("business:open_case", args=[referred.pk]), {"first_name": "A"})
    assert page.status_code == 404 and not Case.objects.exists()


def test_the_company_sees_nothing_of_the_case(client, referred, caseworker, officer):
    case = open_case(referred, caseworker)
    client.force_login(officer)
    page = client.get(reverse("business:grievance", args=[referred.pk]))
    assert page.status_code == 200 and case.reference.encode() not in page.content


def test_two_workers_opening_at_once_get_one_case(referred, caseworker, supervisor):
    """The grievance row is locked for the action: the second opener waits, then is answered
    with the first one's case (PostgreSQL; SQLite's single writer serialises anyway)."""
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the race needs a server database: run with HAVEN_DATABASE_URL=postgres://…")
    barrier, outcomes = threading.Barrier(2), []

    def run(user):
        barrier.wait()
        try:
            outcomes.append(open_case(referred, user).pk)
        except actions.AlreadyOpened as opened:
            outcomes.append(("already", opened.case.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(u,)) for u in (caseworker, supervisor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    case = Case.objects.get()
    assert sorted(outcomes, key=str) == sorted([case.pk, ("already", case.pk)], key=str)


def test_the_receiving_case_managers_hear_of_the_referral_without_its_content(filed, officer, ngo):
    from django.core import mail

    lead = make_user(ngo, Role.CASE_MANAGER, username="lead")
    lead.email = "lead@example.org"
    lead.save()
    insider = make_user(ngo, Role.SUPERVISOR, Role.ENFORCEMENT_OFFICER, username="insider")
    insider.email = "insider@example.org"
    insider.save()
    grievance, code = filed
    mail.outbox.clear()
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    (sent,) = mail.outbox
    assert sent.to == ["lead@example.org"]  # never the enforcement officer
    for secret in ("overtime", "Shed 4", code, "wages"):
        assert secret not in sent.body and secret not in sent.subject
