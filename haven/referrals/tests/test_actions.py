"""The referral procedure: consent or a supervisor's stated override, the firewall, the minimum
sections, and the statuses sent → accepted | declined | withdrawn, accepted → completed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.actions import do_withdraw_consent
from haven.core.versioning import EditConflict
from haven.referrals import actions
from haven.referrals.access import shared_view
from haven.referrals.models import Referral, Status
from haven.referrals.tests.conftest import DAY, consent_to
from haven.testing.fixtures import make_user


def refer(case, to, user, **extra):
    arguments = {"reason": "AdditionalServicesRequired", "sections": ["person"], **extra}
    return actions.do_refer_case(case, to, acting_user=user, **arguments)


def test_a_referral_without_recorded_consent_is_refused_naming_what_is_missing(
    case, other_ngo, frontline
):
    with pytest.raises(ValidationError, match="No consent of the person to sharing with Second"):
        refer(case, other_ngo, frontline)
    assert not Referral.objects.exists()


def test_consent_to_another_organisation_or_withdrawn_consent_does_not_count(
    case, other_ngo, abroad, frontline
):
    consent_to(case, abroad, frontline)
    with pytest.raises(ValidationError):
        refer(case, other_ngo, frontline)
    consent = consent_to(case, other_ngo, frontline)
    do_withdraw_consent(case=case, consent=consent, withdrawn_on=DAY, acting_user=frontline)
    with pytest.raises(ValidationError):
        refer(case, other_ngo, frontline)


def test_a_referral_with_consent_is_sent_and_audited_with_ids_and_codes_only(
    referral, consented, other_ngo
):
    assert referral.status == Status.SENT
    assert referral.consent == consented
    assert referral.sections == ["person", "events"]
    assert not referral.cross_border
    event = AuditEvent.objects.get(action="referral.sent")
    assert event.details == {
        "case_id": referral.case_id,
        "to_organisation_id": other_ngo.pk,
        "reason": "AdditionalServicesRequired",
        "sections": ["person", "events"],
        "cross_border": False,
        "consent_id": consented.pk,
        "consent_override": False,
    }
    assert event.purpose == ""
    assert "shelter" not in str(event.details)


def test_a_supervisor_override_with_a_reason_is_audited(case, other_ngo, supervisor):
    referral = refer(case, other_ngo, supervisor, override_reason="Urgent medical care tonight")
    assert referral.consent is None
    assert referral.override_by == supervisor
    assert referral.consent_override_reason == "Urgent medical care tonight"
    event = AuditEvent.objects.get(action="referral.sent")
    assert event.purpose == "consent_override"  # the reason itself stays with the referral
    assert event.details["consent_override"] is True
    assert "Urgent" not in str(event.details)


def test_a_supervisor_override_without_a_reason_is_refused(case, other_ngo, supervisor):
    with pytest.raises(ValidationError, match="stating the reason"):
        refer(case, other_ngo, supervisor, override_reason="   ")


@pytest.mark.parametrize("persona", ["frontline", "case_manager"])
def test_a_non_supervisor_override_is_refused(request, case, other_ngo, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        refer(case, other_ngo, user, override_reason="I think it is urgent")
    assert not Referral.objects.exists()


@pytest.mark.parametrize("enforcement", ["police", "immigration"])
def test_support_records_never_go_to_enforcement_even_with_consent_or_override(
    request, case, supervisor, enforcement
):
    organisation = request.getfixturevalue(enforcement)
    consent_to(case, organisation, supervisor)
    with pytest.raises(ValidationError, match="never go to enforcement"):
        refer(case, organisation, supervisor, override_reason="asked to")
    assert not Referral.objects.exists()


def test_a_case_is_not_referred_to_its_own_organisation(case, ngo, frontline):
    with pytest.raises(ValidationError, match="not to its own"):
        refer(case, ngo, frontline)


def test_the_sections_must_be_chosen_and_known(case, other_ngo, frontline, consented):
    with pytest.raises(ValidationError, match="at least one"):
        refer(case, other_ngo, frontline, sections=[])
    with pytest.raises(ValidationError, match="Unknown sections"):
        refer(case, other_ngo, frontline, sections=["everything"])
    with pytest.raises(ValidationError, match="cas_ReasonForOutgoingReferral"):
        refer(case, other_ngo, frontline, reason="Because")


def test_a_cross_border_referral_is_marked(case, abroad, frontline):
    consent_to(case, abroad, frontline)
    referral = refer(case, abroad, frontline)
    assert referral.cross_border
    assert AuditEvent.objects.get(action="referral.sent").details["cross_border"] is True


def test_a_worker_who_cannot_see_the_case_cannot_refer_it(case, ngo, other_ngo, consented):
    colleague = make_user(ngo, Role.FRONTLINE_WORKER)
    with pytest.raises(PermissionDenied):
        refer(case, other_ngo, colleague)


def test_a_second_open_referral_to_the_same_organisation_is_refused(
    referral, case, other_ngo, frontline
):
    with pytest.raises(ValidationError, match="already has an open referral"):
        refer(case, other_ngo, frontline)


def test_the_receiver_accepts_then_completes(referral, receiver):
    actions.do_accept_referral(referral=referral, acting_user=receiver, expected_version=1)
    assert (referral.status, referral.answered_by, referral.version) == (
        Status.ACCEPTED,
        receiver,
        2,
    )
    actions.do_complete_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )
    assert referral.status == Status.COMPLETED and referral.completed_at
    assert list(
        AuditEvent.objects.filter(action__startswith="referral.")
        .exclude(action="referral.sent")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["referral.accepted", "referral.completed"]


def test_declining_needs_a_reason_which_is_kept_encrypted_not_audited(referral, receiver):
    with pytest.raises(ValidationError, match="reason for declining"):
        actions.do_decline_referral(
            referral=referral, reason=" ", acting_user=receiver, expected_version=referral.version
        )
    actions.do_decline_referral(
        referral=referral,
        reason="No beds left",
        acting_user=receiver,
        expected_version=referral.version,
    )
    assert referral.status == Status.DECLINED and referral.answer_reason == "No beds left"
    assert "beds" not in str(AuditEvent.objects.get(action="referral.declined").details)


def test_only_the_receiver_answers_and_only_the_sender_withdraws(
    referral, frontline, receiver, other_ngo
):
    with pytest.raises(PermissionDenied):
        actions.do_accept_referral(
            referral=referral, acting_user=frontline, expected_version=referral.version
        )
    enforcement_minded = make_user(other_ngo, Role.FRONTLINE_WORKER, Role.ENFORCEMENT_OFFICER)
    with pytest.raises(PermissionDenied):
        actions.do_accept_referral(
            referral=referral, acting_user=enforcement_minded, expected_version=referral.version
        )
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_referral(
            referral=referral, reason="no", acting_user=receiver, expected_version=referral.version
        )
    actions.do_withdraw_referral(
        referral=referral,
        reason="Person moved",
        acting_user=frontline,
        expected_version=referral.version,
    )
    assert referral.status == Status.WITHDRAWN


@pytest.mark.parametrize(
    ("setup", "step"),
    [
        ([], "complete"),
        (["accept"], "accept"),
        (["accept"], "decline"),
        (["decline"], "accept"),
        (["decline"], "withdraw"),
        (["withdraw"], "accept"),
        (["accept", "complete"], "withdraw"),
        (["accept", "complete"], "complete"),
    ],
)
def test_invalid_transitions_are_refused_with_a_clear_message(
    referral, frontline, receiver, setup, step
):
    def run(name):
        if name in ("accept", "complete"):
            user = receiver
        else:
            user = frontline if name == "withdraw" else receiver
        kwargs = {"reason": "a reason"} if name in ("decline", "withdraw") else {}
        getattr(actions, f"do_{name}_referral")(
            referral=referral, acting_user=user, expected_version=referral.version, **kwargs
        )

    for name in setup:
        run(name)
    before = referral.status
    with pytest.raises(ValidationError, match=f"A referral that is {before} cannot be"):
        run(step)
    referral.refresh_from_db()
    assert referral.status == before


def test_a_stale_answer_is_refused_and_nothing_is_overwritten(referral, receiver, frontline):
    stale = Referral.objects.get(pk=referral.pk)
    actions.do_withdraw_referral(
        referral=referral, reason="Person moved", acting_user=frontline, expected_version=1
    )
    with pytest.raises(EditConflict, match="Someone else saved"):
        actions.do_accept_referral(referral=stale, acting_user=receiver, expected_version=1)
    referral.refresh_from_db()
    assert referral.status == Status.WITHDRAWN and referral.answered_by is None
    assert not AuditEvent.objects.filter(action="referral.accepted").exists()


def test_the_override_view_closes_nothing_but_a_withdrawn_consent_closes_the_shared_view(
    referral, consented, receiver, frontline, case
):
    actions.do_accept_referral(
        referral=referral, acting_user=receiver, expected_version=referral.version
    )
    assert shared_view(receiver, referral).person
    do_withdraw_consent(case=case, consent=consented, withdrawn_on=DAY, acting_user=frontline)
    with pytest.raises(Http404):
        shared_view(receiver, referral)
