"""The referral pages: refer a case, the inbox, answering, the stale-form conflict."""

import datetime
import re

import pytest

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.referrals import access, actions
from haven.referrals.models import Referral, Status


def refer_form(organisation, **changes):
    form = {
        "to_organisation": str(organisation.pk),
        "reason": "AdditionalServicesRequired",
        "sections": ["person", "screening"],
        "details": "",
    }
    form.update(changes)
    return form


@pytest.mark.usefixtures("abroad", "immigration", "consented")
def test_the_refer_page_offers_no_enforcement_nor_own_organisation_and_ticks_nothing(
    client, frontline, case, police
):
    client.force_login(frontline)
    page = client.get(f"/referrals/case/{case.pk}/new/").content.decode()
    assert "Second Shelter: consent to sharing on record" in page
    assert "Hope Across Borders (other country): no consent to sharing on record" in page
    for name in ("City Police", "Border Agency", "Safe Harbour NGO:"):
        assert f">{name}" not in page
    assert "checked" not in page
    assert "override_reason" not in page
    response = client.post(f"/referrals/case/{case.pk}/new/", refer_form(police))
    assert "Select a valid choice" in response.content.decode()
    assert not Referral.objects.exists()


def test_refusal_without_consent_is_shown_on_the_page(client, frontline, case, other_ngo):
    client.force_login(frontline)
    response = client.post(f"/referrals/case/{case.pk}/new/", refer_form(other_ngo))
    assert response.status_code == 200
    assert "No consent of the person to sharing with Second Shelter" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_supervisor_sees_the_override_field_and_overrides_with_a_reason(
    client, supervisor, case, other_ngo
):
    client.force_login(supervisor)
    assert "override_reason" in client.get(f"/referrals/case/{case.pk}/new/").content.decode()
    response = client.post(
        f"/referrals/case/{case.pk}/new/",
        refer_form(other_ngo, override_reason="Immediate danger"),
    )
    referral = Referral.objects.get()
    assert response["Location"] == f"/referrals/{referral.pk}/"
    assert AuditEvent.objects.get(action="referral.sent").purpose == "consent_override"


@pytest.mark.usefixtures("consented")
def test_a_worker_refers_and_the_receiver_answers_through_the_pages(
    client, frontline, receiver, case, other_ngo
):
    client.force_login(frontline)
    response = client.post(f"/referrals/case/{case.pk}/new/", refer_form(other_ngo))
    referral = Referral.objects.get()
    assert referral.sections == ["person", "screening"]
    assert (
        f"{referral.reference} to Second Shelter"
        in client.get(f"/cases/{case.pk}/").content.decode()
    )
    assert "Withdraw the referral" in client.get(response["Location"]).content.decode()

    client.force_login(receiver)
    inbox = client.get("/referrals/").content.decode()
    assert re.search(rf"{referral.reference}: case {case.reference}, from Safe Harbour NGO", inbox)
    detail = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "Accept the referral" in detail and "Withdraw the referral" not in detail
    client.post(f"/referrals/{referral.pk}/decline/", {"reason": "", "version": "1"})
    referral.refresh_from_db()
    assert referral.status == Status.SENT
    client.post(f"/referrals/{referral.pk}/accept/", {"version": "1"})
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert "See what was shared" in client.get(f"/referrals/{referral.pk}/").content.decode()


def test_a_stale_form_is_refused_with_the_conflict_message(client, frontline, receiver, referral):
    actions.do_withdraw_referral(
        referral=referral,
        reason="Moved away",
        acting_user=frontline,
        expected_version=referral.version,
    )
    client.force_login(receiver)
    response = client.post(f"/referrals/{referral.pk}/accept/", {"version": "1"}, follow=True)
    assert "Someone else saved this record after you opened it" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN


def test_the_sender_cannot_accept_and_strangers_get_404(
    client, frontline, referral, user_factory, bystander_org
):
    client.force_login(frontline)
    response = client.post(f"/referrals/{referral.pk}/accept/", {"version": "1"}, follow=True)
    assert "Only the receiving organisation" in response.content.decode()
    client.force_login(user_factory(bystander_org, Role.CASE_MANAGER))
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"/referrals/{referral.pk}/accept/", {"version": "1"}).status_code == 404


def _copies(referral, count, status):
    """`count` more referrals like `referral`, sent after it (test set-up, not an action)."""
    fields = {f.attname: getattr(referral, f.attname) for f in Referral._meta.concrete_fields}
    fields.pop("id")
    made = Referral.objects.bulk_create(
        Referral(**{**fields, "status": status}) for _ in range(count)
    )
    for offset, copy in enumerate(made, start=1):
        Referral.objects.filter(pk=copy.pk).update(
            sent_at=referral.sent_at + datetime.timedelta(minutes=offset)
        )
    return made


def test_a_referral_waiting_for_an_answer_is_never_hidden_behind_newer_closed_ones(
    client, receiver, referral
):
    _copies(referral, access.INBOX_PAGE * 4 + 10, Status.COMPLETED)
    client.force_login(receiver)
    inbox = client.get("/referrals/").content.decode()
    waiting = inbox.split('id="waiting"')[1].split('id="accepted"')[0]
    assert referral.reference in waiting


def test_each_list_of_the_referrals_page_pages_on_its_own(client, receiver, referral):
    newer = _copies(referral, access.INBOX_PAGE, Status.SENT)
    client.force_login(receiver)
    first = client.get("/referrals/").content.decode()
    assert newer[-1].reference in first and referral.reference not in first
    assert "?waiting=2#waiting" in first and "closed=2" not in first
    second = client.get("/referrals/?waiting=2").content.decode()
    assert referral.reference in second and newer[-1].reference not in second
    assert "?waiting=1#waiting" in second
    shown = AuditEvent.objects.filter(action="referral.listed").order_by("seq")
    assert shown.last().details == {"referral_ids": [referral.pk]}


@pytest.mark.parametrize("value", ["²", "9" * 5000, "x"])
def test_a_referrals_page_number_that_is_not_a_number_shows_the_first_page(
    client, receiver, referral, value
):
    client.force_login(receiver)
    inbox = client.get("/referrals/", {"waiting": value})
    assert inbox.status_code == 200 and referral.reference in inbox.content.decode()
