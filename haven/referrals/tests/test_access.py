"""Each organisation sees only its own and shared data: the receiver sees only the sections shared
and only while it has accepted; nobody behind the firewall sees anything."""

import datetime

import pytest
from django.http import Http404

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.cases.access import cases_visible_to
from haven.cases.actions import do_add_support_note, do_open_case
from haven.cases.models import TraffickingEvent, VictimContext
from haven.referrals import actions
from haven.referrals.access import (
    access_referral_by_id,
    inbox_for,
    referrals_sent_by,
    shared_view,
)
from haven.referrals.models import Referral, Status
from haven.testing.fixtures import make_organisation, make_user, unsaved_referral

R = Role
READERS = {R.FRONTLINE_WORKER, R.CASE_MANAGER, R.SUPERVISOR, R.DECISION_TEAM}
ALL_ORG_READERS = {R.CASE_MANAGER, R.SUPERVISOR, R.DECISION_TEAM}
ORGANISATIONS = ["ngo", "other_ngo", "bystander", "police", "immigration"]


@pytest.fixture
def bystander(db):
    return make_organisation("Unrelated Aid", OrgType.NGO)


@pytest.fixture
def full_case(case, frontline):
    """A case with something in every section, to prove what is not shared stays hidden."""
    VictimContext.objects.create(case=case, trafficking_status="Victim")
    TraffickingEvent.objects.create(case=case, event_type="Recruitment", city="Porto")
    do_add_support_note(case=case, text="Private note about the family", acting_user=frontline)
    return case


@pytest.fixture
def accepted(referral, receiver):
    return actions.do_accept_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )


@pytest.mark.parametrize("org_name", ORGANISATIONS)
@pytest.mark.parametrize("role", list(Role))
def test_each_organisation_sees_only_its_own_and_shared_data(
    request, client, accepted, role, org_name
):
    case, receiver = accepted.case, request.getfixturevalue("receiver")
    own_case = do_open_case(first_name="Own", acting_user=receiver)
    forced = Referral.objects.create(  # a row the actions refuse: it must still stay unseen
        case=case,
        from_organisation=case.organisation,
        to_organisation=request.getfixturevalue("police"),
        reason="Other",
        sections=["person"],
        status=Status.ACCEPTED,
        cross_border=False,
        sent_by=receiver,
        sent_at=accepted.sent_at,
    )
    organisation = request.getfixturevalue(org_name)
    user = make_user(organisation, role)
    receives = org_name == "other_ngo" and role in READERS
    sends = org_name == "ngo" and role in ALL_ORG_READERS

    assert set(inbox_for(user)) == ({accepted} if receives else set())
    assert set(referrals_sent_by(user)) == ({accepted, forced} if sends else set())
    visible_cases = set(cases_visible_to(user))
    assert case not in visible_cases or org_name == "ngo"
    assert own_case not in visible_cases or org_name == "other_ngo"
    if receives:
        assert shared_view(user, accepted).person["name"] == "Lan Tran"
    else:
        with pytest.raises(Http404):
            shared_view(user, accepted)
    for referral in (accepted, forced):
        if referral in set(inbox_for(user)) | set(referrals_sent_by(user)):
            continue
        with pytest.raises(Http404):
            access_referral_by_id(user, referral.pk)

    client.force_login(user)
    status = client.get(f"/referrals/{accepted.pk}/shared/").status_code
    reads = role in READERS and org_name not in ("police", "immigration")
    assert status == (200 if receives else 404 if reads else 403)


@pytest.mark.parametrize("org_name", ["police", "immigration"])
@pytest.mark.parametrize("role", list(Role))
def test_enforcement_users_see_an_empty_inbox_whatever_their_role(
    request, client, case, role, org_name
):
    frontline = request.getfixturevalue("frontline")
    organisation = request.getfixturevalue(org_name)
    Referral.objects.create(  # even a row the firewall would have refused stays unseen
        case=case,
        from_organisation=case.organisation,
        to_organisation=organisation,
        reason="Other",
        sections=["person"],
        status=Status.ACCEPTED,
        cross_border=False,
        sent_by=frontline,
        sent_at="2026-02-01T00:00:00Z",
    )
    user = make_user(organisation, role)
    assert not inbox_for(user).exists()
    assert not referrals_sent_by(user).exists()
    client.force_login(user)
    assert client.get("/referrals/").status_code == 403


def test_the_receiver_sees_only_the_shared_sections_and_only_once_accepted(
    client, full_case, referral, receiver
):
    client.force_login(receiver)
    with pytest.raises(Http404):
        shared_view(receiver, referral)
    assert client.get(f"/referrals/{referral.pk}/shared/").status_code == 404
    assert "See what was shared" not in client.get(f"/referrals/{referral.pk}/").content.decode()

    actions.do_accept_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )
    shared = shared_view(receiver, referral)
    assert shared.sections == ["person", "events"]
    assert shared.person == {
        "name": "Lan Tran",
        "birthdate": None,
        "gender": "Not specified / unknown",
        "nationality": "Viet Nam",
    }
    assert [e.city for e in shared.events] == ["Porto"]
    assert shared.victim_context is None and shared.screening is None
    assert shared.support_notes == [] and shared.consents == []
    event = AuditEvent.objects.filter(action="referral.shared_read").last()
    assert event.details == {"case_id": full_case.pk, "sections": ["person", "events"]}

    page = client.get(f"/referrals/{referral.pk}/shared/").content.decode()
    assert "Lan Tran" in page and "Porto" in page
    assert "Private note" not in page and "Support notes" not in page
    assert "Victim context" not in page
    assert client.get(f"/cases/{full_case.pk}/").status_code == 404
    assert full_case not in set(cases_visible_to(receiver))


@pytest.mark.parametrize(
    "steps",
    [
        [("decline", "receiver")],
        [("withdraw", "frontline")],
        [("accept", "receiver"), ("withdraw", "frontline")],
        [("accept", "receiver"), ("complete", "receiver")],
    ],
    ids=["declined", "withdrawn", "withdrawn_after_acceptance", "completed"],
)
@pytest.mark.usefixtures("full_case")
def test_declined_withdrawn_or_completed_hides_everything(request, client, referral, steps):
    receiver = request.getfixturevalue("receiver")
    for name, persona in steps:
        kwargs = {"reason": "A stated reason"} if name in ("decline", "withdraw") else {}
        getattr(actions, f"do_{name}_referral")(
            referral=referral,
            acting_user=request.getfixturevalue(persona),
            expected_version=referral.version,
            **kwargs,
        )
    with pytest.raises(Http404):
        shared_view(receiver, referral)
    client.force_login(receiver)
    assert client.get(f"/referrals/{referral.pk}/shared/").status_code == 404
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert "See what was shared" not in page and "Lan Tran" not in page
    assert "Needs a shelter place" not in page


def test_a_supervisor_override_shares_while_accepted(case, other_ngo, supervisor, receiver):
    referral = actions.do_refer_case(
        case,
        other_ngo,
        reason="Other",
        sections=["support_notes"],
        acting_user=supervisor,
        override_reason="Life-threatening situation",
    )
    actions.do_accept_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )
    assert shared_view(receiver, referral).sections == ["support_notes"]


CONSENTS = {  # how the person's consent to sharing with the receiver stands today
    "none": None,
    "active": (-10, None),
    "withdrawn": (-10, -1),
    "withdrawn today": (-10, 0),
    "to be withdrawn": (-10, 5),
    "not yet given": (3, None),
    "for another organisation": (-10, None),
}


def test_the_list_query_shares_exactly_what_the_one_referral_check_shares(
    other_ngo, bystander_org, frontline, receiver
):
    from django.utils import timezone

    from haven.cases.models import Consent, ConsentPurpose
    from haven.referrals.access import is_shared_now, senders_shared_now, shared_now_received

    today = timezone.localdate()
    made = []
    for status in (Status.SENT, Status.ACCEPTED, Status.DECLINED):
        for name, days in CONSENTS.items():
            for override in ("", "Life-threatening situation"):
                case = do_open_case(first_name="Kim", acting_user=frontline)  # one person each
                consent = None
                if days is not None:
                    consent = Consent.objects.create(
                        person=case.person,
                        purpose=ConsentPurpose.SHARING,
                        organisation=bystander_org if name.startswith("for another") else other_ngo,
                        given_on=today + datetime.timedelta(days=days[0]),
                        withdrawn_on=None
                        if days[1] is None
                        else today + datetime.timedelta(days=days[1]),
                        recorded_by=frontline,
                    )
                made.append(
                    unsaved_referral(
                        case,
                        other_ngo,
                        frontline,
                        status=status,
                        consent=consent,
                        consent_override_reason=override,
                    )
                )
                made[-1].save()
    elsewhere = unsaved_referral(case, bystander_org, frontline, status=Status.ACCEPTED)
    elsewhere.save()  # shared now, but with another organisation
    listed = shared_now_received(receiver, limit=len(made) + 1)
    expected = {r.pk for r in made if is_shared_now(Referral.objects.get(pk=r.pk))}
    assert {r.pk for r in listed} == expected and elsewhere.pk not in expected
    assert senders_shared_now(receiver) == {(case.organisation_id, case.organisation.name)}
    assert {r.sender_name for r in listed} == {case.organisation.name}
    from_them = shared_now_received(receiver, limit=100, sender=case.organisation_id)
    assert from_them == listed and not shared_now_received(receiver, limit=100, sender=0)
    # Accepted, and: consent active or to be withdrawn (with or without an override), or no
    # consent but an override.
    assert len(expected) == 2 * 2 + 1
