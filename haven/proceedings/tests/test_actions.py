import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from haven.audit.models import AuditEvent
from haven.cases.models import Deadline
from haven.core.versioning import EditConflict
from haven.proceedings import actions, rules
from haven.proceedings.models import KeptInformed, ReturnRecord

from .conftest import DAY, screen

FULL = {
    "re_trafficking": "Recruiters still active in the home town.",
    "reprisal": "Threats made to the family.",
    "family_situation": "Mother supportive; lives alone.",
    "non_refoulement": "No asylum claim; no risk of torture found.",
}


def assess(case, user, completed_on=DAY, **parts):
    return actions.do_save_risk_assessment(
        case=case, parts={**FULL, **parts}, completed_on=completed_on, acting_user=user
    )


def test_the_person_is_not_recorded_as_a_witness_without_consent_to_proceedings(case, frontline):
    with pytest.raises(ValidationError, match="without their informed consent") as refused:
        actions.do_record_proceeding(
            case=case, kind="criminal", person_role="witness", acting_user=frontline
        )
    assert "consent to taking part in proceedings" in str(refused.value)
    assert not case.proceedings.exists()


def test_a_proceeding_without_the_person_taking_part_needs_no_consent(case, frontline):
    proceeding = actions.do_record_proceeding(case=case, kind="criminal", acting_user=frontline)
    assert proceeding.person_role == "none"


def test_participation_is_recorded_once_the_person_consents_and_they_are_kept_informed(
    case, frontline, consent_to_proceedings
):
    proceeding = actions.do_record_proceeding(
        case=case, kind="criminal", person_role="witness", acting_user=frontline
    )
    actions.do_record_kept_informed(
        proceeding=proceeding,
        told_on=DAY,
        what_was_told="Trial set for June; you may give evidence by video.",
        acting_user=frontline,
    )
    assert KeptInformed.objects.get().what_was_told.startswith("Trial set")
    events = AuditEvent.objects.filter(action__startswith="proceeding.").order_by("seq")
    assert [e.action for e in events] == ["proceeding.recorded", "proceeding.kept_informed"]
    assert "Trial" not in str([e.details for e in events])


def test_changing_a_role_to_witness_later_also_needs_consent(case, frontline):
    proceeding = actions.do_record_proceeding(case=case, kind="labour", acting_user=frontline)
    with pytest.raises(ValidationError, match="as injured party without"):
        actions.do_update_proceeding(
            proceeding=proceeding,
            data={"person_role": "injured_party"},
            expected_version=1,
            acting_user=frontline,
        )


def test_a_payment_larger_than_the_award_is_refused_with_a_clear_message(case, frontline):
    with pytest.raises(ValidationError) as refused:
        actions.do_record_claim(
            case=case,
            form="compensation",
            channel="criminal",
            currency="EUR",
            amount_awarded=Decimal("1000.00"),
            amount_paid=Decimal("1500.00"),
            acting_user=frontline,
        )
    assert refused.value.message_dict["amount_paid"] == [
        "The amount paid (1500.00) is more than the amount awarded (1000.00). "
        "Check both: a payment cannot exceed the award."
    ]
    assert not case.remedy_claims.exists()


def test_amounts_need_an_iso_4217_currency(case, frontline):
    with pytest.raises(ValidationError, match="ISO 4217"):
        actions.do_record_claim(
            case=case,
            form="compensation",
            channel="civil",
            currency="EUROS",
            amount_claimed=Decimal(10),
            acting_user=frontline,
        )


def test_a_claim_limitation_date_goes_on_the_rights_tracker_with_its_basis(case, frontline):
    due = datetime.date(2026, 9, 30)
    claim = actions.do_record_claim(
        case=case,
        form="compensation",
        channel="state_fund",
        currency="GBP",
        amount_claimed=Decimal("5000.00"),
        limitation_on=due,
        acting_user=frontline,
    )
    deadline = Deadline.objects.get(case=case, code="claim_limitation")
    assert deadline.due_on == due and deadline.source == "remedy_claim"
    assert "State compensation fund" in deadline.title
    assert "Council of Europe Anti-Trafficking Convention, art. 15" in deadline.basis
    event = AuditEvent.objects.get(action="remedy_claim.recorded")
    assert event.details == {
        "case_id": case.pk,
        "form": "compensation",
        "channel": "state_fund",
        "deadlines_added": 1,
    }
    actions.do_update_claim(
        claim=claim,
        data={"amount_awarded": Decimal("4000.00"), "status": "awarded"},
        expected_version=1,
        acting_user=frontline,
    )
    assert Deadline.objects.filter(case=case, code="claim_limitation").count() == 1
    later = datetime.date(2026, 12, 31)
    actions.do_update_claim(
        claim=claim,
        data={"limitation_on": later, "filed_on": datetime.date(2026, 3, 1)},
        expected_version=2,
        acting_user=frontline,
    )
    moved = Deadline.objects.get(case=case, code="claim_limitation")
    assert (moved.due_on, moved.done_on) == (later, datetime.date(2026, 3, 1))


def test_the_second_of_two_editors_of_a_claim_is_refused(case, frontline, case_manager):
    claim = actions.do_record_claim(
        case=case, form="restitution", channel="civil", acting_user=frontline
    )
    actions.do_update_claim(
        claim=claim, data={"status": "filed"}, expected_version=1, acting_user=frontline
    )
    with pytest.raises(EditConflict):
        actions.do_update_claim(
            claim=claim, data={"status": "withdrawn"}, expected_version=1, acting_user=case_manager
        )
    claim.refresh_from_db()
    assert claim.status == "filed"


def test_a_charge_needs_a_screening_offence_code(case, frontline):
    with pytest.raises(ValidationError, match="not an offence code"):
        actions.do_record_charge(case=case, offence="jaywalking", acting_user=frontline)


def test_a_charge_without_non_punishment_request_is_flagged_when_there_are_grounds(
    case, frontline, jurisdictions
):
    charge = actions.do_record_charge(
        case=case, offence="irregular_entry", charged_on=DAY, acting_user=frontline
    )
    assert not rules.needs_non_punishment_request(
        charge, grounds=rules.has_reasonable_grounds(case)
    )
    screen(case, frontline, age=30)
    assert rules.needs_non_punishment_request(charge, grounds=rules.has_reasonable_grounds(case))
    actions.do_update_charge(
        charge=charge,
        data={"non_punishment_requested_on": DAY},
        expected_version=1,
        acting_user=frontline,
    )
    assert not rules.needs_non_punishment_request(charge, grounds=True)


def test_a_return_is_refused_naming_each_missing_part_until_completed_and_approved(
    child_case, frontline, supervisor
):
    def refusal():
        with pytest.raises(ValidationError) as refused:
            actions.do_record_return(
                case=child_case,
                returned_on=DAY,
                country="VN",
                kind="state_assisted",
                acting_user=frontline,
            )
        return refused.value.messages[0]

    assert refusal() == (
        "A return organised or assisted by the State cannot be recorded yet. Missing: an "
        "individual pre-return risk assessment; supervisor approval."
    )
    draft = assess(child_case, frontline, completed_on=None, reprisal="")
    assert refusal() == (
        "A return organised or assisted by the State cannot be recorded yet. Missing: risk of "
        "reprisal; best interests of the child; completion date; supervisor approval."
    )
    with pytest.raises(ValidationError, match="Missing: risk of reprisal; best interests"):
        assess(child_case, frontline, reprisal="")
    actions.do_save_risk_assessment(
        case=child_case,
        assessment=draft,
        parts={**FULL, "best_interests_of_child": "Guardian agrees; school place found."},
        completed_on=DAY,
        expected_version=draft.version,
        acting_user=frontline,
    )
    assert refusal() == (
        "A return organised or assisted by the State cannot be recorded yet. "
        "Missing: supervisor approval."
    )
    actions.do_approve_risk_assessment(assessment=draft, approved_on=DAY, acting_user=supervisor)
    returned = actions.do_record_return(
        case=child_case,
        returned_on=DAY,
        country="VN",
        kind="state_assisted",
        acting_user=frontline,
    )
    assert returned.assessment == draft
    assert AuditEvent.objects.get(action="return.recorded").details == {
        "case_id": child_case.pk,
        "assessment_id": draft.pk,
        "country": "VN",
        "kind": "state_assisted",
        "voluntary": True,
    }


@pytest.mark.parametrize("with_draft", [False, True])
def test_the_person_s_own_departure_is_never_refused(child_case, frontline, with_draft):
    draft = assess(child_case, frontline, completed_on=None, reprisal="") if with_draft else None
    returned = actions.do_record_return(
        case=child_case,
        returned_on=DAY,
        country="VN",
        kind="own_departure",
        acting_user=frontline,
    )
    assert returned.kind == "own_departure" and returned.voluntary
    assert returned.assessment == draft
    assert AuditEvent.objects.get(action="return.recorded").details["kind"] == "own_departure"


def test_a_removal_needs_the_approved_assessment_like_any_state_return(case, frontline):
    with pytest.raises(ValidationError, match="organised or assisted by the State"):
        actions.do_record_return(
            case=case, returned_on=DAY, country="VN", kind="removal", acting_user=frontline
        )
    assert not ReturnRecord.objects.exists()


def test_an_adult_needs_no_best_interests_assessment(case, frontline, supervisor):
    assessment = assess(case, frontline)
    actions.do_approve_risk_assessment(
        assessment=assessment, approved_on=DAY, acting_user=supervisor
    )
    actions.do_record_return(
        case=case, returned_on=DAY, country="VN", kind="removal", acting_user=frontline
    )
    assert ReturnRecord.objects.get().voluntary is False


def test_a_disputed_age_at_screening_is_presumed_a_child_whatever_the_birthdate(
    case, frontline, jurisdictions
):
    assert not rules.childhood(case).child
    screen(case, frontline, age=25, age_disputed=True)
    assert rules.childhood(case).child


def test_the_latest_screening_age_comes_before_the_date_of_birth(
    child_case, frontline, jurisdictions
):
    assert rules.childhood(child_case).child
    screen(child_case, frontline, age=19)
    assert not rules.childhood(child_case).child
    screen(child_case, frontline, age=16)
    assert rules.childhood(child_case).reason == "age 16 at the screening interview"


def test_the_author_cannot_approve_their_own_assessment(ngo, case, supervisor, second_supervisor):
    assessment = assess(case, supervisor)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        actions.do_approve_risk_assessment(
            assessment=assessment, approved_on=DAY, acting_user=supervisor
        )
    actions.do_approve_risk_assessment(
        assessment=assessment, approved_on=DAY, acting_user=second_supervisor
    )
    assessment.refresh_from_db()
    assert assessment.approved_by == second_supervisor


def test_only_a_supervisor_approves(case, frontline, case_manager):
    assessment = assess(case, frontline)
    with pytest.raises(PermissionDenied, match="Only a supervisor"):
        actions.do_approve_risk_assessment(
            assessment=assessment, approved_on=DAY, acting_user=case_manager
        )


def test_changing_an_approved_assessment_withdraws_the_approval(case, frontline, supervisor):
    assessment = assess(case, frontline)
    actions.do_approve_risk_assessment(
        assessment=assessment, approved_on=DAY, acting_user=supervisor
    )
    actions.do_save_risk_assessment(
        case=case,
        assessment=assessment,
        parts={**FULL, "reprisal": "New threats reported."},
        completed_on=DAY,
        expected_version=assessment.version,
        acting_user=frontline,
    )
    assert assessment.approved_by is None
    assert rules.missing_for_return(assessment, child=False) == ["supervisor approval"]


def test_another_organisation_cannot_write_to_the_case(case, other_ngo, user_factory):
    from haven.accounts.roles import Role

    outsider = user_factory(other_ngo, Role.SUPERVISOR)
    with pytest.raises(PermissionDenied):
        actions.do_record_claim(
            case=case, form="compensation", channel="civil", acting_user=outsider
        )
