"""Pages for proceedings, charges, remedy claims, the pre-return risk assessment and return.

Each view is declared `@signed_in` and gated by `access.py`/`access_case_by_id`: a case the user
may not read (another organisation's, or anything behind the enforcement firewall) is a 404,
the same as one that does not exist. Writing then needs `create_support_records` (403 without).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability, Role
from haven.cases.access import access_case_by_id
from haven.cases.models import Case
from haven.core.permissions import signed_in
from haven.core.request import signed_in_user
from haven.proceedings import actions, rules
from haven.proceedings.access import access_by_id
from haven.proceedings.forms import (
    ApprovalForm,
    ChargeForm,
    ClaimForm,
    KeptInformedForm,
    ProceedingForm,
    ReturnForm,
    RiskAssessmentForm,
)
from haven.proceedings.models import Charge, Proceeding, RemedyClaim, RiskAssessment

CASE_SECTION = "proceedings"


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _writer(user: User) -> None:
    if not user.can(Capability.CREATE_SUPPORT_RECORDS):
        raise PermissionDenied


def _case(request: HttpRequest, case_id: int, purpose: str) -> Case:
    user = _user(request)
    case = access_case_by_id(user, case_id, purpose=purpose)
    _writer(user)
    return case


def _back(case_id: int) -> HttpResponse:
    return redirect(reverse("cases:case", kwargs={"case_id": case_id}) + f"#{CASE_SECTION}")


def _page(request: HttpRequest, case: Case, form: Form, **context: Any) -> HttpResponse:
    return render(request, "proceedings/form.html", {"case": case, "form": form, **context})


def _refuse(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        known = {k: v for k, v in error.error_dict.items() if k in form.fields}
        for name, errors in known.items():
            for problem in errors:
                form.add_error(name, problem)
        rest = [m for k, v in error.error_dict.items() if k not in form.fields for m in v]
        for problem in rest:
            form.add_error(None, problem)
    else:
        form.add_error(None, error)


PROCEEDING_PAGE = {
    "title": _("Proceeding"),
    "button": _("Save the proceeding"),
    "basis_code": "participation_in_proceedings",
}


@signed_in
@require_http_methods(["GET", "POST"])
def proceeding_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "proceedings")
    form = ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_proceeding(
                case=case, acting_user=_user(request), **form.data_without_version()
            )
            return _back(case.pk)
        except ValidationError as error:
            _refuse(form, error)
    return _page(request, case, form, **_basis(PROCEEDING_PAGE))


def _basis(page: dict[str, Any]) -> dict[str, Any]:
    return {**page, "basis": rules.right_citations(page["basis_code"])}


@signed_in
@require_http_methods(["GET", "POST"])
def proceeding_edit(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    user = _user(request)
    proceeding = access_by_id(user, Proceeding, proceeding_id, purpose="proceedings")
    _writer(user)
    initial = {f: getattr(proceeding, f) for f in actions.PROCEEDING_FIELDS}
    form = ProceedingForm(request.POST or None, initial={**initial, "version": proceeding.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_proceeding(
                proceeding=proceeding,
                data=form.data_without_version(),
                expected_version=form.cleaned_data["version"] or 0,
                acting_user=user,
            )
            return _back(proceeding.case_id)
        except ValidationError as error:
            _refuse(form, error)
    context = {
        **_basis(PROCEEDING_PAGE),
        "proceeding": proceeding,
        "informed_form": KeptInformedForm(),
    }
    return _page(request, proceeding.case, form, **context)


@signed_in
@require_POST
def kept_informed(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    user = _user(request)
    proceeding = access_by_id(user, Proceeding, proceeding_id, purpose="proceedings")
    _writer(user)
    form = KeptInformedForm(request.POST)
    if form.is_valid():
        actions.do_record_kept_informed(
            proceeding=proceeding, acting_user=user, **form.cleaned_data
        )
        messages.success(request, _("Recorded what the person was told."))
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(
            request, " ".join([str(_("Give the date and what the person was told.")), *problems])
        )
    return redirect("proceedings:proceeding", proceeding_id=proceeding.pk)


CHARGE_PAGE = {
    "title": _("Charge against the person"),
    "button": _("Save the charge"),
    "basis_code": "non_punishment",
    "intro": _(
        "Non-punishment applies as soon as there are grounds to believe the person was "
        "trafficked, with no formal identification needed."
    ),
}


@signed_in
@require_http_methods(["GET", "POST"])
def charge_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "proceedings")
    form = ChargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_charge(
                case=case, acting_user=_user(request), **form.data_without_version()
            )
            return _back(case.pk)
        except ValidationError as error:
            _refuse(form, error)
    return _page(request, case, form, **_basis(CHARGE_PAGE))


@signed_in
@require_http_methods(["GET", "POST"])
def charge_edit(request: HttpRequest, charge_id: int) -> HttpResponse:
    user = _user(request)
    charge = access_by_id(user, Charge, charge_id, purpose="proceedings")
    _writer(user)
    initial = {f: getattr(charge, f) for f in actions.CHARGE_FIELDS}
    form = ChargeForm(request.POST or None, initial={**initial, "version": charge.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_charge(
                charge=charge,
                data=form.data_without_version(),
                expected_version=form.cleaned_data["version"] or 0,
                acting_user=user,
            )
            return _back(charge.case_id)
        except ValidationError as error:
            _refuse(form, error)
    return _page(request, charge.case, form, **_basis(CHARGE_PAGE))


CLAIM_PAGE = {
    "title": _("Remedy claim"),
    "button": _("Save the claim"),
    "basis_code": "remedies",
    "intro": _("Remedies are available whatever the person's presence or residence status."),
}


@signed_in
@require_http_methods(["GET", "POST"])
def claim_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "remedies")
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_claim(
                case=case, acting_user=_user(request), **form.data_without_version()
            )
            messages.success(request, _("The claim is recorded."))
            return _back(case.pk)
        except ValidationError as error:
            _refuse(form, error)
    return _page(request, case, form, **_basis(CLAIM_PAGE))


@signed_in
@require_http_methods(["GET", "POST"])
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    user = _user(request)
    claim = access_by_id(user, RemedyClaim, claim_id, purpose="remedies")
    _writer(user)
    initial = {f: getattr(claim, f) for f in actions.CLAIM_FIELDS}
    form = ClaimForm(request.POST or None, initial={**initial, "version": claim.version})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_claim(
                claim=claim,
                data=form.data_without_version(),
                expected_version=form.cleaned_data["version"] or 0,
                acting_user=user,
            )
            messages.success(request, _("The claim is saved."))
            return _back(claim.case_id)
        except ValidationError as error:
            _refuse(form, error)
    return _page(request, claim.case, form, **_basis(CLAIM_PAGE))


def _assessment_page(
    request: HttpRequest,
    case: Case,
    form: Form,
    assessment: RiskAssessment | None,
    childhood: rules.Childhood,
) -> HttpResponse:
    user = _user(request)
    may_approve = (
        assessment is not None
        and assessment.approved_by_id is None
        and Role.SUPERVISOR in user.role_names
        and user.pk not in (assessment.author_id, assessment.completed_by_id)
    )
    context = {
        "case": case,
        "form": form,
        "assessment": assessment,
        "childhood": childhood,
        "missing": rules.missing_for_return(assessment, child=childhood.child),
        "approval_form": ApprovalForm() if may_approve else None,
        "basis": rules.right_citations("return_risk_assessment"),
    }
    return render(request, "proceedings/assessment.html", context)


@signed_in
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "pre-return risk assessment")
    childhood = rules.childhood(case)
    form = RiskAssessmentForm(request.POST or None, child=childhood.child)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = actions.do_save_risk_assessment(
                case=case,
                parts=form.parts(),
                completed_on=form.cleaned_data["completed_on"],
                acting_user=_user(request),
            )
            messages.success(request, _("The risk assessment is saved."))
            return redirect("proceedings:assessment", assessment_id=assessment.pk)
        except ValidationError as error:
            _refuse(form, error)
    return _assessment_page(request, case, form, None, childhood)


@signed_in
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = _user(request)
    assessment = access_by_id(user, RiskAssessment, assessment_id, purpose="return")
    _writer(user)
    childhood = rules.childhood(assessment.case)
    initial = {f: getattr(assessment, f) for f in rules.ASSESSMENT_PARTS}
    initial.update(completed_on=assessment.completed_on, version=assessment.version)
    form = RiskAssessmentForm(request.POST or None, initial=initial, child=childhood.child)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_save_risk_assessment(
                case=assessment.case,
                assessment=assessment,
                parts=form.parts(),
                completed_on=form.cleaned_data["completed_on"],
                expected_version=form.cleaned_data["version"] or 0,
                acting_user=user,
            )
            messages.success(request, _("The risk assessment is saved."))
            return redirect("proceedings:assessment", assessment_id=assessment.pk)
        except ValidationError as error:
            _refuse(form, error)
    return _assessment_page(request, assessment.case, form, assessment, childhood)


@signed_in
@require_POST
def assessment_approve(request: HttpRequest, assessment_id: int) -> HttpResponse:
    user = _user(request)
    assessment = access_by_id(user, RiskAssessment, assessment_id, purpose="return")
    form = ApprovalForm(request.POST)
    if form.is_valid():
        try:
            actions.do_approve_risk_assessment(
                assessment=assessment, acting_user=user, **form.cleaned_data
            )
            messages.success(request, _("The risk assessment is approved."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect("proceedings:assessment", assessment_id=assessment.pk)


@signed_in
@require_http_methods(["GET", "POST"])
def return_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id, "return")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_return(case=case, acting_user=_user(request), **form.cleaned_data)
            messages.success(request, _("The return is recorded."))
            return _back(case.pk)
        except ValidationError as error:
            _refuse(form, error)
    assessment = rules.latest_assessment(case)
    context = {
        "case": case,
        "form": form,
        "assessment": assessment,
        "missing": rules.missing_for_return(assessment, child=rules.childhood(case).child),
        "open_proceedings": case.proceedings.filter(status__in=rules.OPEN_PROCEEDINGS),
        "basis": rules.right_citations("return_risk_assessment"),
    }
    return render(request, "proceedings/return.html", context)
