"""The only writers of proceedings, charges, remedy claims, risk assessments and returns; each
in one transaction with its audit event (ids and codes only, never what the person said).

The rules they hold (DOMAIN.md 3):
- the person is recorded as witness, injured party or claimant only with an active consent to
  take part in proceedings (003 L1160-1163, L3198-3225); support never depends on it;
- a claim's limitation date goes on the rights tracker (003 L1090-1091);
- a return is recorded only after an individual risk assessment, completed and approved by a
  supervisor who did not write it (002 L282-300; 003 L3878-4060).
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import User
from haven.accounts.roles import Capability, Role
from haven.audit.action import action
from haven.audit.log import record
from haven.cases.access import cases_visible_to
from haven.cases.consent import has_consent
from haven.cases.deadlines import add_deadlines
from haven.cases.models import Case, ConsentPurpose, Deadline
from haven.core.versioning import changes, save_versioned, update_audited
from haven.proceedings import rules
from haven.proceedings.models import (
    PARTICIPATING_ROLES,
    Charge,
    KeptInformed,
    PersonRole,
    Proceeding,
    RemedyChannel,
    RemedyClaim,
    RemedyForm,
    ReturnKind,
    ReturnRecord,
    RiskAssessment,
)
from haven.screening.vocabulary import vocabulary

PROCEEDING_FIELDS = frozenset({"kind", "person_role", "status", "next_hearing_on"})
CHARGE_FIELDS = frozenset({"offence", "charged_on", "non_punishment_requested_on", "outcome"})
CLAIM_FIELDS = frozenset(
    {
        "form",
        "channel",
        "currency",
        "amount_claimed",
        "amount_awarded",
        "amount_paid",
        "filed_on",
        "limitation_on",
        "status",
    }
)
ASSESSMENT_FIELDS = frozenset(rules.ASSESSMENT_PARTS)
LIMITATION = "claim_limitation"


def _require_writer(acting_user: User, case: Case) -> None:
    if not acting_user.can(Capability.CREATE_SUPPORT_RECORDS):
        raise PermissionDenied(gettext("Your roles do not allow writing support records."))
    if not cases_visible_to(acting_user).filter(pk=case.pk).exists():
        raise PermissionDenied(gettext("This case is not yours to write to."))


def _listed(parts: list[Any]) -> str:
    """The parts still missing, as one phrase (each part may be a lazy translation)."""
    return "; ".join(str(part) for part in parts)


def _only(data: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(data) - allowed
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s"),
            params={"fields": ", ".join(sorted(unknown))},
        )


def _check(instance: models.Model, data: dict[str, Any]) -> None:
    """Validate `data` as it would stand on `instance`, without touching the row."""
    candidate = type(instance)._default_manager.get(pk=instance.pk) if instance.pk else instance
    for name, value in data.items():
        setattr(candidate, name, value)
    candidate.full_clean()


def _require_participation_consent(case: Case, person_role: str) -> None:
    if person_role in PARTICIPATING_ROLES and not has_consent(
        case.person, ConsentPurpose.PROCEEDINGS
    ):
        role = PersonRole(person_role).label.lower()
        raise ValidationError(
            _(
                "The person cannot be recorded as %(role)s without their informed consent. "
                "Missing: an active consent to taking part in proceedings (record it under "
                "Consents). Their support does not depend on it."
            ),
            params={"role": role},
        )


@action()
def do_record_proceeding(
    *,
    case: Case,
    kind: str,
    acting_user: User,
    person_role: str = PersonRole.NONE,
    status: str = "",
    next_hearing_on: datetime.date | None = None,
) -> Proceeding:
    _require_writer(acting_user, case)
    _require_participation_consent(case, person_role)
    proceeding = Proceeding(
        case=case,
        kind=kind,
        person_role=person_role,
        next_hearing_on=next_hearing_on,
        recorded_by=acting_user,
    )
    if status:
        proceeding.status = status
    proceeding.full_clean()
    with transaction.atomic():
        proceeding.save()
        record(
            actor=acting_user,
            action="proceeding.recorded",
            target=proceeding,
            details={"case_id": case.pk, "kind": kind, "person_role": person_role},
        )
    return proceeding


@action()
def do_update_proceeding(
    *, proceeding: Proceeding, data: dict[str, Any], expected_version: int, acting_user: User
) -> Proceeding:
    _require_writer(acting_user, proceeding.case)
    _only(data, PROCEEDING_FIELDS)
    _require_participation_consent(proceeding.case, data.get("person_role", PersonRole.NONE))
    _check(proceeding, data)
    return update_audited(
        proceeding,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="proceeding.updated",
        describe=lambda p: {"case_id": p.case_id},
    )


@action()
def do_record_kept_informed(
    *, proceeding: Proceeding, told_on: datetime.date, what_was_told: str, acting_user: User
) -> KeptInformed:
    """The person was told about the proceeding's scope, timing or progress."""
    _require_writer(acting_user, proceeding.case)
    if not what_was_told.strip():
        raise ValidationError(_("Say what the person was told."))
    entry = KeptInformed(
        proceeding=proceeding, told_on=told_on, what_was_told=what_was_told, recorded_by=acting_user
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        record(
            actor=acting_user,
            action="proceeding.kept_informed",
            target=proceeding,
            details={"case_id": proceeding.case_id, "entry_id": entry.pk},
        )
    return entry


def _check_offence(offence: str) -> None:
    if offence not in vocabulary().offences:
        raise ValidationError(
            _("%(offence)s is not an offence code of the screening vocabulary."),
            params={"offence": repr(offence)},
        )


@action()
def do_record_charge(*, case: Case, offence: str, acting_user: User, **data: Any) -> Charge:
    """An offence the person is charged with; the non-punishment request and its outcome."""
    _require_writer(acting_user, case)
    _only(data, CHARGE_FIELDS - {"offence"})
    _check_offence(offence)
    charge = Charge(case=case, offence=offence, recorded_by=acting_user, **data)
    charge.full_clean()
    with transaction.atomic():
        charge.save()
        record(
            actor=acting_user,
            action="charge.recorded",
            target=charge,
            details={"case_id": case.pk, "offence": offence, "outcome": charge.outcome},
        )
    return charge


@action()
def do_update_charge(
    *, charge: Charge, data: dict[str, Any], expected_version: int, acting_user: User
) -> Charge:
    _require_writer(acting_user, charge.case)
    _only(data, CHARGE_FIELDS)
    if "offence" in data:
        _check_offence(data["offence"])
    _check(charge, data)
    return update_audited(
        charge,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="charge.updated",
        describe=lambda c: {"case_id": c.case_id, "outcome": c.outcome},
    )


def _track_limitation(claim: RemedyClaim) -> int:
    """Put the claim's limitation date on the rights tracker (idempotent)."""
    if claim.limitation_on is None:
        return 0
    form = RemedyForm(claim.form).label.lower()
    channel = RemedyChannel(claim.channel).label
    right = {
        "code": LIMITATION,
        # Stored on the tracker as written, in the language of the worker who recorded it.
        "title": gettext("Last day to file the %(form)s claim (%(channel)s)")
        % {"form": form, "channel": channel},
        "ends": claim.limitation_on.isoformat(),
        "basis": [{"citation": c} for c in rules.right_citations("compensation")],
    }
    added = add_deadlines(claim.case, [right], source="remedy_claim")
    if claim.filed_on is not None:
        _tracked(claim.case, claim.limitation_on).filter(done_on__isnull=True).update(
            done_on=claim.filed_on
        )
    return added


def _tracked(case: Case, due_on: datetime.date) -> Any:
    return Deadline.objects.filter(case=case, code=LIMITATION, due_on=due_on, source="remedy_claim")


def _untrack_old_limitation(claim: RemedyClaim, old: datetime.date | None) -> None:
    """A changed limitation date replaces the old one on the tracker, unless another claim of
    the case still has that date."""
    if old is None or old == claim.limitation_on:
        return
    shared = RemedyClaim.objects.filter(case=claim.case, limitation_on=old).exclude(pk=claim.pk)
    if not shared.exists():
        _tracked(claim.case, old).delete()


@action()
def do_record_claim(*, case: Case, acting_user: User, **data: Any) -> RemedyClaim:
    """A remedy claim by form and channel, with its amounts and deadlines."""
    _require_writer(acting_user, case)
    _only(data, CLAIM_FIELDS)
    claim = RemedyClaim(case=case, recorded_by=acting_user, **data)
    claim.full_clean()
    with transaction.atomic():
        claim.save()
        tracked = _track_limitation(claim)
        record(
            actor=acting_user,
            action="remedy_claim.recorded",
            target=claim,
            details={
                "case_id": case.pk,
                "form": claim.form,
                "channel": claim.channel,
                "deadlines_added": tracked,
            },
        )
    return claim


@action()
def do_update_claim(
    *, claim: RemedyClaim, data: dict[str, Any], expected_version: int, acting_user: User
) -> RemedyClaim:
    _require_writer(acting_user, claim.case)
    _only(data, CLAIM_FIELDS)
    _check(claim, data)
    old_limitation = claim.limitation_on

    def retrack(saved: RemedyClaim) -> dict[str, Any]:
        _untrack_old_limitation(saved, old_limitation)
        tracked = _track_limitation(saved)
        return {"case_id": saved.case_id, "status": saved.status, "deadlines_added": tracked}

    return update_audited(
        claim,
        data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="remedy_claim.updated",
        describe=retrack,
    )


def _completion(
    case: Case, parts: dict[str, str], completed_on: datetime.date | None, acting_user: User
) -> dict[str, Any]:
    """Marking the assessment complete needs every required part; refuse naming those blank."""
    if completed_on is None:
        return {"completed_on": None, "completed_by": None}
    child = rules.childhood(case).child
    blank = [
        label
        for field, label in rules.required_parts(child).items()
        if not parts.get(field, "").strip()
    ]
    if blank:
        raise ValidationError(
            _("The assessment cannot be marked complete yet. Missing: %(missing)s."),
            params={"missing": _listed(blank)},
        )
    return {"completed_on": completed_on, "completed_by": acting_user}


@action()
def do_save_risk_assessment(
    *,
    case: Case,
    parts: dict[str, str],
    acting_user: User,
    completed_on: datetime.date | None = None,
    assessment: RiskAssessment | None = None,
    expected_version: int = 1,
) -> RiskAssessment:
    """Write (or rewrite) the pre-return risk assessment. Changing an approved assessment
    withdraws its approval: a supervisor must approve what the return will rest on."""
    _require_writer(acting_user, case)
    _only(parts, ASSESSMENT_FIELDS)
    data: dict[str, Any] = {**parts, **_completion(case, parts, completed_on, acting_user)}
    with transaction.atomic():
        if assessment is None:
            assessment = RiskAssessment.objects.create(case=case, author=acting_user, **data)
            action, fields, unapproved = "risk_assessment.recorded", sorted(data), False
        else:
            if assessment.case_id != case.pk:
                raise ValidationError(_("This assessment belongs to another case."))
            changed = changes(assessment, data)
            unapproved = assessment.approved_by_id is not None and bool(changed)
            if unapproved:
                data.update(approved_by=None, approved_on=None)
            save_versioned(assessment, data, expected_version)
            action, fields = "risk_assessment.updated", sorted(changed)
        record(
            actor=acting_user,
            action=action,
            target=assessment,
            details={
                "case_id": case.pk,
                "fields": fields,
                "completed": assessment.completed_on is not None,
                "approval_withdrawn": unapproved,
            },
        )
    return assessment


@action()
def do_approve_risk_assessment(
    *, assessment: RiskAssessment, acting_user: User, approved_on: datetime.date
) -> RiskAssessment:
    """A supervisor who neither wrote nor completed the assessment approves it."""
    if Role.SUPERVISOR not in acting_user.role_names:
        raise PermissionDenied(gettext("Only a supervisor approves a pre-return risk assessment."))
    _require_writer(acting_user, assessment.case)
    if acting_user.pk in (assessment.author_id, assessment.completed_by_id):
        raise PermissionDenied(
            gettext("You wrote this assessment: another supervisor must approve it (four eyes).")
        )
    missing = rules.missing_parts(assessment, child=rules.childhood(assessment.case).child)
    if missing:
        raise ValidationError(
            _("Only a completed assessment can be approved. Missing: %(missing)s."),
            params={"missing": _listed(missing)},
        )
    if assessment.approved_by_id is not None:
        raise ValidationError(_("This assessment is already approved."))
    with transaction.atomic():
        updated = RiskAssessment.objects.filter(
            pk=assessment.pk, version=assessment.version
        ).update(approved_by=acting_user, approved_on=approved_on, version=F("version") + 1)
        if not updated:
            raise ValidationError(
                _("The assessment changed after you opened it. Read it again before approving.")
            )
        record(
            actor=acting_user,
            action="risk_assessment.approved",
            target=assessment,
            details={"case_id": assessment.case_id},
        )
    assessment.refresh_from_db()
    return assessment


@action()
def do_record_return(
    *,
    case: Case,
    returned_on: datetime.date,
    country: str,
    kind: str,
    acting_user: User,
) -> ReturnRecord:
    """The person's own departure is always recorded: they may leave of their own will
    (002 L300). A return the State organises or assists is refused until the latest pre-return
    risk assessment is complete and approved; the refusal names each part still missing."""
    _require_writer(acting_user, case)
    assessment = rules.latest_assessment(case)
    if rules.needs_assessment(kind):
        missing = rules.missing_for_return(assessment, child=rules.childhood(case).child)
        if missing or assessment is None:
            raise ValidationError(
                _(
                    "A return organised or assisted by the State cannot be recorded yet. "
                    "Missing: %(missing)s."
                ),
                params={"missing": _listed(missing)},
            )
    returned = ReturnRecord(
        case=case,
        assessment=assessment,
        returned_on=returned_on,
        country=country,
        kind=kind,
        voluntary=kind != ReturnKind.REMOVAL,
        recorded_by=acting_user,
    )
    returned.full_clean()
    with transaction.atomic():
        returned.save()
        record(
            actor=acting_user,
            action="return.recorded",
            target=returned,
            details={
                "case_id": case.pk,
                "assessment_id": assessment.pk if assessment else None,
                "country": country,
                "kind": kind,
                "voluntary": returned.voluntary,
            },
        )
    return returned
