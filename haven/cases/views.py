import datetime
import functools
import time
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.formats import get_format
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import Organisation, User
from haven.accounts.roles import ENFORCEMENT_ORG_TYPES, Capability, Role
from haven.audit.purposes import Purpose
from haven.cases import access, actions
from haven.cases.deadlines import DUE_SOON_DAYS
from haven.cases.forms import (
    CaseUpdateForm,
    ConsentForm,
    NoteForm,
    OpenCaseForm,
    PerpetratorForm,
    PersonSearchForm,
    PurposeForm,
    RetentionForm,
    TraffickingEventForm,
    VictimContextForm,
)
from haven.cases.models import Case, CaseStatus, RetentionPolicy
from haven.cases.timeline import case_timeline, phrase
from haven.core.permissions import requires
from haven.core.request import signed_in_user, whole_number
from haven.htcds.vulnerabilities import context_from_screening
from haven.referrals.access import senders_shared_now, shared_now_received


def _purpose_key(case_id: int) -> str:
    return f"purpose:case:{case_id}"


# The page shown right after a user's own save is not a second read: the save's write event
# already records that this user has the case in front of them. Honoured once, and only soon.
SAVED_SECONDS = 30
CONSENT_PURPOSE = "consent records"
CONTEXT_PURPOSE = "HTCDS case context"


def _saved_key(case_id: int) -> str:
    return f"saved:case:{case_id}"


def _open_case(request: HttpRequest, case_id: int, purpose: str) -> Case:
    """The case, with one audit event per request: a GET is a read (except the page right after
    this user's own save); a POST is recorded by the action it leads to, or by `_shown` when it
    writes nothing and shows the case again."""
    user = signed_in_user(request)
    saved_at = request.session.pop(_saved_key(case_id), None)
    just_saved = saved_at is not None and 0 <= time.time() - saved_at < SAVED_SECONDS
    if request.method == "POST" or just_saved:
        return access.case_for_action(user, case_id)
    return access.access_case_by_id(user, case_id, purpose=purpose)


def _after_save(request: HttpRequest, case: Case, to: str) -> HttpResponse:
    request.session[_saved_key(case.pk)] = time.time()
    return redirect(to, case_id=case.pk)


def _shown(request: HttpRequest, case: Case, purpose: str) -> None:
    """A POST that saved nothing shows the case again: that showing is the request's read."""
    if request.method == "POST":
        access.audit_read(signed_in_user(request), case, purpose=purpose)


@requires(Capability.READ_SUPPORT_RECORDS)
def case_list(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    status = request.GET.get("status", "")
    if status not in CaseStatus.values:
        status = ""
    page = whole_number(request, "page") or 1
    due = request.GET.get("due") == "1"
    due_by = timezone.localdate() + datetime.timedelta(days=DUE_SOON_DAYS) if due else None
    organisation = request.GET.get("organisation", "")
    # Referrals from one sender, or from all; an id not a number names no sender.
    sender = whole_number(request, "organisation") or 0 if organisation else None
    own = organisation in ("", str(user.organisation_id))
    cases = access.list_case_rows(user, status=status, page=page, due_by=due_by) if own else []
    context = {
        "rows": _rows(cases[: access.PAGE_SIZE]),
        **_referred_section(user, sender),
        "organisation": organisation,
        "statuses": CaseStatus.choices,
        "status": status,
        "due": due,
        "page": page,
        "next_page": page + 1 if len(cases) > access.PAGE_SIZE else None,
    }
    return render(request, "cases/case_list.html", context)


ROW = (
    '<tr><th scope="row"><a href="{}">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def _rows(cases: list[access.ListedCase]) -> SafeString:
    """The table's rows, built here rather than by the template language: 50 rows of URL tags,
    property chains and date filters were half of the page's time (bench/cases.py)."""
    statuses = dict(CaseStatus.choices)
    link = reverse("cases:case", args=[0]).removesuffix("0/")
    day = _day_formatter()
    return format_html_join(
        "\n",
        ROW,
        (
            (
                f"{link}{case.pk}/",
                case.reference,
                case.display_name,
                statuses.get(case.status, case.status),
                case.assigned_to,
                day(timezone.localtime(case.opened_at).date()),
            )
            for case in cases
        ),
    )


def _day_formatter() -> Callable[[datetime.date], str]:
    """DATE_FORMAT in the active language, each day formatted once: the newest cases share a
    few days, and formatting was two thirds of building the rows (bench/cases.py)."""
    shown_as = get_format("DATE_FORMAT")
    return functools.lru_cache(maxsize=None)(lambda day: dateformat.format(day, shown_as))


REFERRED_SHOWN = 50


def _referred_section(user: User, sender: int | None) -> dict[str, Any]:
    """The latest cases other organisations referred to ours whose shared sections we may see
    now, from one organisation or all; the referrals inbox lists every one."""
    referred = shared_now_received(user, limit=REFERRED_SHOWN + 1, sender=sender)
    shown = referred[:REFERRED_SHOWN]
    if shown:
        access.audit_listing(user, [r.case_id for r in shown], listed="referred_in")
    if sender is None and len(referred) <= REFERRED_SHOWN:  # the list names every sender
        senders = {(r.from_organisation_id, r.sender_name) for r in referred}
    else:
        senders = senders_shared_now(user)
    return {
        "referred": shown,
        "more_referred": len(referred) > REFERRED_SHOWN,
        "organisations": _organisation_choices(user, senders),
    }


def _organisation_choices(user: User, senders: set[tuple[int, str]]) -> list[tuple[str, str]]:
    """Ours, then every organisation whose referrals we may see, by name."""
    own = (
        [(str(user.organisation_id), _("%(name)s (ours)") % {"name": user.organisation})]
        if user.organisation
        else []
    )
    return own + sorted(((str(pk), name) for pk, name in senders), key=lambda item: item[1])


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest) -> HttpResponse:
    form = OpenCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        case = actions.do_open_case(acting_user=signed_in_user(request), **form.cleaned_data)
        request.session[_purpose_key(case.pk)] = Purpose.CONTINUING_SUPPORT.value
        messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
        return redirect("cases:case", case_id=case.pk)
    return render(request, "cases/case_open.html", {"form": form})


@requires(Capability.READ_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = access.cases_visible_to(user).filter(pk=case_id).first()
    needs_purpose = case is not None and not access.is_own_case(user, case)
    if needs_purpose and _purpose_key(case_id) not in request.session:
        assert case is not None
        return _ask_purpose(request, case)
    purpose = request.session.get(_purpose_key(case_id), "")
    case = _open_case(request, case_id, purpose)
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.do_add_support_note(case=case, text=form.cleaned_data["text"], acting_user=user)
        return _after_save(request, case, "cases:case")
    _shown(request, case, purpose)
    timeline = [(event, phrase(event.action)) for event in case_timeline(case)]
    context = {"case": case, "form": form, "timeline": timeline}
    return render(request, "cases/case_detail.html", context)


def _ask_purpose(request: HttpRequest, case: Case) -> HttpResponse:
    """Someone who is not this case's worker says why they open it: the read is audited with
    the purpose code, and their own words are kept encrypted with the case."""
    form = PurposeForm(request.POST if "purpose" in request.POST else None)
    if form.is_valid():
        purpose = form.stated_purpose()
        if form.cleaned_data["explanation"].strip():
            actions.do_explain_read(
                case=case,
                purpose=purpose,
                explanation=form.cleaned_data["explanation"],
                acting_user=signed_in_user(request),
            )
        request.session[_purpose_key(case.pk)] = purpose.value
        return redirect("cases:case", case_id=case.pk)
    return render(request, "cases/purpose.html", {"form": form, "case_id": case.pk})


@requires(Capability.SEARCH_PERSONS)
@require_http_methods(["GET", "POST"])
def person_search(request: HttpRequest) -> HttpResponse:
    """A POST, so names and dates of birth never appear in URLs, logs or browser history."""
    user = signed_in_user(request)
    form = PersonSearchForm(request.POST if request.method == "POST" else None)
    results = None
    if form.is_valid():
        data = form.cleaned_data
        results = access.search_cases_by_person(
            user, name=data["name"], birthdate=data["birthdate"], purpose=form.stated_purpose()
        )
        for case in results:
            request.session[_purpose_key(case.pk)] = form.stated_purpose().value
    duplicates = access.duplicates_among(results or [])
    rows = [(case, duplicates.get(case.pk, [])) for case in results or []]
    context = {"form": form, "results": results, "rows": rows}
    return render(request, "cases/person_search.html", context)


def _workers(user: User) -> Any:
    if user.organisation_id is None:
        return User.objects.none()
    return User.objects.filter(
        organisation_id=user.organisation_id,
        is_active=True,
        role_grants__role__in=[Role.FRONTLINE_WORKER, Role.CASE_MANAGER, Role.SUPERVISOR],
    ).distinct()


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    purpose = request.session.get(_purpose_key(case_id), "")
    case = _open_case(request, case_id, purpose)
    initial = {
        "status": case.status,
        "assigned_to": case.assigned_to,
        "closure_reason": case.closure_reason,
        "version": case.version,
    }
    form = CaseUpdateForm(request.POST or None, initial=initial, workers=_workers(user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_update_case(
                case=case,
                data=form.changes(),
                acting_user=user,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(
                request, _("Case %(reference)s saved.") % {"reference": case.reference}
            )
            return _after_save(request, case, "cases:case")
        except ValidationError as error:
            form.add_error(None, error)
    _shown(request, case, purpose)
    return render(request, "cases/case_edit.html", {"case": case, "form": form})


def _sharing_partners(user: User) -> Any:
    # Support records never go to enforcement, so consent to share with it is not offered.
    partners = Organisation.objects.exclude(org_type__in=ENFORCEMENT_ORG_TYPES)
    return partners.exclude(pk=user.organisation_id) if user.organisation_id else partners


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def consents(request: HttpRequest, case_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = _open_case(request, case_id, CONSENT_PURPOSE)
    form = ConsentForm(request.POST or None, organisations=_sharing_partners(user))
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_record_consent(case=case, acting_user=user, **form.cleaned_data)
            return _after_save(request, case, "cases:consents")
        except ValidationError as error:
            form.add_error(None, error)
    _shown(request, case, CONSENT_PURPOSE)
    context = {
        "case": case,
        "form": form,
        "consents": case.person.consents.select_related("organisation"),
    }
    return render(request, "cases/consents.html", context)


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_POST
def consent_withdraw(request: HttpRequest, case_id: int, consent_id: int) -> HttpResponse:
    user = signed_in_user(request)
    case = _open_case(request, case_id, CONSENT_PURPOSE)
    consent = case.person.consents.filter(pk=consent_id).first()
    if consent is None:
        raise Http404("No such consent")
    try:
        actions.do_withdraw_consent(
            case=case, consent=consent, withdrawn_on=timezone.localdate(), acting_user=user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:consents", case_id=case.pk)  # nothing saved: that page reads
    messages.success(request, _("The consent is withdrawn from today."))
    return _after_save(request, case, "cases:consents")


@requires(Capability.READ_SUPPORT_RECORDS)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Rights and procedures due within two weeks, and those already overdue."""
    user = signed_in_user(request)
    return render(request, "cases/deadlines.html", access.list_deadlines(user))


@requires(Capability.MANAGE_ORG_USERS)
@require_http_methods(["GET", "POST"])
def retention_policy(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    organisation = user.organisation
    if organisation is None:
        raise Http404("No organisation")
    current = RetentionPolicy.objects.filter(organisation=organisation).first()
    form = RetentionForm(
        request.POST or None,
        initial={"months_after_closure": current.months_after_closure if current else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_set_retention_policy(
                organisation=organisation, acting_user=user, **form.cleaned_data
            )
            messages.success(request, _("Retention policy saved."))
            return redirect("cases:retention")
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "cases/retention.html",
        {"form": form, "current": current, "organisation": organisation},
    )


@requires(Capability.CREATE_SUPPORT_RECORDS)
@require_http_methods(["GET", "POST"])
def context(request: HttpRequest, case_id: int) -> HttpResponse:
    """The HTCDS picture of the case: victim context, trafficking events, perpetrators' roles."""
    user = signed_in_user(request)
    case = _open_case(request, case_id, CONTEXT_PURPOSE)
    existing = access.victim_context_of(case)
    prefill = None if existing or request.method == "POST" else _from_screening(user, case)
    which = request.POST.get("form", "")
    forms_ = {
        "victim": VictimContextForm(
            request.POST if which == "victim" else None,
            instance=existing,
            initial={"version": existing.version if existing else None, **(prefill or {})},
        ),
        "event": TraffickingEventForm(request.POST if which == "event" else None, prefix="event"),
        "perpetrator": PerpetratorForm(
            request.POST if which == "perpetrator" else None, prefix="per"
        ),
    }
    if (
        request.method == "POST"
        and which in forms_
        and _save_context(forms_[which], which, case, user)
    ):
        messages.success(request, _("Saved."))
        return _after_save(request, case, "cases:context")
    _shown(request, case, CONTEXT_PURPOSE)
    prefilled_from = prefill["screening"] if prefill else None
    context = {"case": case, "prefilled_from": prefilled_from, **forms_}
    return render(request, "cases/context.html", context)


def _from_screening(user: User, case: Case) -> dict[str, Any] | None:
    """A first victim context starts from the case's latest interview (nothing typed twice):
    its vulnerability codes and notes; reading the interview record is audited as such."""
    from haven.screening.access import access_screening_by_id, screenings_visible_to
    from haven.screening.record import RecordError, parse_record
    from haven.screening.vocabulary import vocabulary

    visible = screenings_visible_to(user).filter(case=case)
    latest = visible.order_by("-encounter_date", "-created_at", "-pk").first()
    if latest is None:
        return None
    screening = access_screening_by_id(user, latest.pk, purpose=CONTEXT_PURPOSE)
    try:
        record = parse_record(screening.record)
    except RecordError:
        return None  # a record from an older contract: nothing to prefill, nothing guessed
    labels = {code: item.label for code, item in vocabulary().vulnerabilities.items()}
    return {"screening": screening, **context_from_screening(record, labels)}


def _save_context(form: Any, which: str, case: Any, user: User) -> bool:
    if not form.is_valid():
        return False
    try:
        if which == "victim":
            version = form.cleaned_data.get("version") or 0  # none shown: a first save
            actions.do_save_victim_context(
                case=case, data=form.data_to_save(), acting_user=user, expected_version=version
            )
        else:
            actions.do_add_case_item(case=case, item=form.save(commit=False), acting_user=user)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
