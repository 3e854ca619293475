"""Grievance pages. The worker's pages are public (no account) and phone-first; the officer's
pages need `handle_grievances`, and a support organisation sees what was referred to it."""

import csv
import datetime as dt
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.log import record
from haven.business import access, actions, intake, throttle
from haven.business.applicability import CompanyInputError, assess, parse_company
from haven.business.companydata import DataError, parse
from haven.business.forms import (
    ChannelForm,
    CompanyFileForm,
    FileForm,
    FollowForm,
    MetricsForm,
    OpenCaseForm,
    ReferForm,
    ResolveForm,
    RetaliationForm,
    SiteForm,
    StepForm,
    SupplierForm,
    TenderForm,
    UpdateForm,
    metrics_initial,
    site_initial,
    supplier_initial,
)
from haven.business.impact import grievance_figures, site_report
from haven.business.models import (
    Company,
    Grievance,
    GrievanceChannel,
    Site,
    SiteMetric,
    Stage,
    Tender,
)
from haven.business.risk import rank
from haven.business.statement import DRAFTABLE, site_facts, suppliers_ended
from haven.business.statement import draft as statement_draft
from haven.business.texts import WORKER_LANGUAGES, choose
from haven.cases.access import cases_visible_to
from haven.core.permissions import public, requires, requires_any, signed_in
from haven.core.request import signed_in_user


def _user(request: HttpRequest) -> User:
    return signed_in_user(request)


def _address(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _worker_lang(request: HttpRequest) -> str:
    """The worker's language: chosen on the form or by a link, else the browser's, else English.
    Never the staff's: a worker's pages do not depend on who else uses Haven."""
    return choose(
        request.POST.get("language"),
        request.POST.get("lang"),
        request.GET.get("lang"),
        getattr(request, "LANGUAGE_CODE", None),
    )


def _public(
    request: HttpRequest, template: str, lang: str, status: int = 200, **context: Any
) -> HttpResponse:
    chosen = bool(request.POST.get("lang") or request.GET.get("lang"))
    context |= {"lang": lang, "languages": WORKER_LANGUAGES, "chosen": chosen}
    with translation.override(lang):
        response = render(request, f"business/{template}", context, status=status)
    response["Cache-Control"] = "no-store"  # a shared phone must not keep a report in its cache
    response["Referrer-Policy"] = "same-origin"  # no-referrer would send Origin: null
    response["Content-Language"] = lang
    return response


def in_worker_language(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Run a public grievance view in the worker's language: labels, errors, messages."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        lang = _worker_lang(request)
        with translation.override(lang):
            return view(request, lang, *args, **kwargs)

    return wrapper


@public
@require_http_methods(["GET", "POST"])
@in_worker_language
def file_grievance(request: HttpRequest, lang: str, slug: str) -> HttpResponse:
    channel = GrievanceChannel.objects.filter(slug=slug).first()
    if channel is None:
        raise Http404("No such channel")
    form = FileForm(request.POST or None, initial={"language": lang})
    page: dict[str, Any] = {"form": form, "channel": channel}
    if request.method == "POST":
        # Answered before the form is checked; the action's own check, under the address's
        # lock, is the one that holds when requests from one address arrive together.
        if throttle.is_limited("file", _address(request), timezone.now()):
            return _too_many(request, lang, page, channel)
        if form.is_valid():
            data = {**form.cleaned_data, "language": form.cleaned_data["language"] or lang}
            try:
                grievance, code = actions.do_file_grievance(
                    channel=channel, address=_address(request), **data
                )
            except access.TooManyAttempts:
                return _too_many(request, lang, page, channel)
            said = grievance.steps.get(stage=Stage.ACKNOWLEDGEMENT).message
            return _public(
                request, "filed.html", grievance.language, code=code, acknowledgement=said
            )
    return _public(request, "file.html", lang, **page)


def _too_many(
    request: HttpRequest, lang: str, page: dict[str, Any], channel: GrievanceChannel
) -> HttpResponse:
    actions.note_refused_attempt("file", _address(request), organisation=channel.organisation)
    error = gettext("Too many tries. Please wait an hour and try again.")
    return _public(request, "file.html", lang, error=error, status=429, **page)


def _no_code() -> str:
    return gettext("We could not find a report with that code. Check it and try again.")


@public
@require_http_methods(["GET", "POST"])
@in_worker_language
def follow(request: HttpRequest, lang: str) -> HttpResponse:
    form = FollowForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _show(request, lang, form.cleaned_data["code"], form)
    return _public(request, "follow.html", lang, form=form)


def _show(
    request: HttpRequest, lang: str, code: str, form: FollowForm, sent: bool = False
) -> HttpResponse:
    try:
        grievance = access.follow_by_code(code, _address(request))
    except access.TooManyAttempts:
        actions.note_refused_attempt("lookup", _address(request))
        error = gettext("Too many tries. Please wait an hour and try again.")
        return _public(request, "follow.html", lang, form=form, error=error)
    except access.NoSuchCode:
        return _public(request, "follow.html", lang, form=form, error=_no_code())
    if not (request.POST.get("lang") or request.GET.get("lang")):
        lang = choose(grievance.language)  # the language the worker filed in
    context: dict[str, Any] = {
        "grievance": grievance,
        "update": UpdateForm(initial={"code": code}),
        "sent": sent,
    }
    replies = [s for s in grievance.steps.all() if s.message]
    return _public(request, "status.html", lang, replies=replies, **context)


@public
@require_POST
@in_worker_language
def follow_update(request: HttpRequest, lang: str) -> HttpResponse:
    form = UpdateForm(request.POST)
    if not form.is_valid():
        return _public(request, "follow.html", lang, form=FollowForm(), error=_no_code())
    code = form.cleaned_data["code"]
    try:
        grievance = access.follow_by_code(code, _address(request))
    except access.TooManyAttempts:
        actions.note_refused_attempt("lookup", _address(request))
        return _public(request, "follow.html", lang, form=FollowForm(), error=_no_code())
    except access.NoSuchCode:
        return _public(request, "follow.html", lang, form=FollowForm(), error=_no_code())
    actions.do_worker_update(
        grievance,
        message=form.cleaned_data["message"],
        retaliation=form.cleaned_data["retaliation"],
    )
    return _show(request, lang, code, FollowForm(), sent=True)


@requires_any(Capability.HANDLE_GRIEVANCES, Capability.CREATE_SUPPORT_RECORDS)
def grievance_list(request: HttpRequest) -> HttpResponse:
    handled, referred = access.list_grievances(_user(request))
    context = {
        "open": [g for g in handled if g.is_open],
        "closed": [g for g in handled if not g.is_open],
        "referred": referred,
    }
    return render(request, "business/list.html", context)


def _may_handle(user: User, grievance: Grievance) -> bool:
    return access.grievances_visible_to(user).filter(pk=grievance.pk).exists()


@requires_any(Capability.HANDLE_GRIEVANCES, Capability.CREATE_SUPPORT_RECORDS)
def grievance_detail(request: HttpRequest, grievance_id: int) -> HttpResponse:
    user = _user(request)
    if (
        not access.grievances_visible_to(user).filter(pk=grievance_id).exists()
        and access.referred_to(user).filter(pk=grievance_id).exists()
    ):
        # The organisation it was referred to reads what the worker gave, not the company's
        # handling, on the page from which it opens a case.
        return redirect("business:referred_grievance", grievance_id=grievance_id)
    grievance = access.access_grievance_by_id(user, grievance_id)
    handles = _may_handle(user, grievance)
    context = {
        "grievance": grievance,
        "steps": list(grievance.steps.select_related("actor")),
        "handles": handles,
        "step_form": StepForm(
            initial={
                "trafficking_indicators": grievance.trafficking_indicators,
                "indicators": grievance.indicator_codes,
                "site": grievance.site_id,
            },
            auto_id="step_%s",
            organisation_id=grievance.channel.organisation_id,
        ),
        "resolve_form": ResolveForm(auto_id="resolve_%s"),
        "refer_form": ReferForm(auto_id="refer_%s"),
    }
    return render(request, "business/detail.html", context)


def _act(request: HttpRequest, grievance_id: int, form_class: type, run: Any) -> HttpResponse:
    user = _user(request)
    grievance = access.access_grievance_by_id(user, grievance_id)
    if not _may_handle(user, grievance):
        raise Http404("No such grievance")
    extra = {"organisation_id": grievance.channel.organisation_id} if form_class is StepForm else {}
    form = form_class(request.POST, **extra)
    if form.is_valid():
        try:
            run(grievance, user, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, gettext("Saved."))
    else:
        problems = "; ".join(
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        messages.error(request, gettext("Check the form: %(problems)s") % {"problems": problems})
    return redirect("business:grievance", grievance_id=grievance_id)


@requires(Capability.HANDLE_GRIEVANCES)
@require_POST
def record_step(request: HttpRequest, grievance_id: int) -> HttpResponse:
    def run(grievance: Grievance, user: User, data: dict[str, Any]) -> None:
        actions.do_record_step(grievance, data.pop("stage"), acting_user=user, **data)

    return _act(request, grievance_id, StepForm, run)


@requires(Capability.HANDLE_GRIEVANCES)
@require_POST
def resolve(request: HttpRequest, grievance_id: int) -> HttpResponse:
    def run(grievance: Grievance, user: User, data: dict[str, Any]) -> None:
        actions.do_resolve(grievance, acting_user=user, **data)

    return _act(request, grievance_id, ResolveForm, run)


@requires(Capability.HANDLE_GRIEVANCES)
@require_POST
def flag_retaliation(request: HttpRequest, grievance_id: int) -> HttpResponse:
    def run(grievance: Grievance, user: User, data: dict[str, Any]) -> None:
        actions.do_flag_retaliation(grievance, acting_user=user, **data)

    return _act(request, grievance_id, RetaliationForm, run)


@requires(Capability.HANDLE_GRIEVANCES)
@require_POST
def refer(request: HttpRequest, grievance_id: int) -> HttpResponse:
    def run(grievance: Grievance, user: User, data: dict[str, Any]) -> None:
        actions.do_refer_grievance(grievance, data["organisation"], acting_user=user)

    return _act(request, grievance_id, ReferForm, run)


# The receiving organisation's pages. Declared @signed_in so that everyone else — the
# company's own officers, other organisations, anyone behind the firewall — gets the same 404
# from access.py as for a grievance that does not exist, never a 403 that says it does.
@signed_in
def referred_list(request: HttpRequest) -> HttpResponse:
    referred = access.list_referred(_user(request))
    return render(request, "business/referred_list.html", {"referred": referred})


@signed_in
def referred_detail(request: HttpRequest, grievance_id: int) -> HttpResponse:
    user = _user(request)
    grievance = access.access_referred_grievance(user, grievance_id)
    return _referred_page(request, grievance, OpenCaseForm(auto_id="open_%s"))


def _referred_page(request: HttpRequest, grievance: Grievance, form: OpenCaseForm) -> HttpResponse:
    context = {
        "grievance": grievance,
        "additions": intake.worker_additions(grievance),
        "indicators": intake.indicator_labels(grievance.indicator_codes),
        "form": form,
        "case_visible": grievance.support_case_id is not None
        and cases_visible_to(_user(request)).filter(pk=grievance.support_case_id).exists(),
    }
    return render(request, "business/referred_detail.html", context)


@signed_in
@require_POST
def open_case(request: HttpRequest, grievance_id: int) -> HttpResponse:
    """Open a case in the user's organisation from the grievance and go to its screening."""
    user = _user(request)
    grievance = access.referred_for_action(user, grievance_id)
    form = OpenCaseForm(request.POST, auto_id="open_%s")
    if not form.is_valid():
        return _referred_page(request, grievance, form)
    given = actions.WorkerGiven(**form.cleaned_data)
    try:
        case = actions.do_open_case_from_grievance(grievance, given=given, acting_user=user)
    except actions.AlreadyOpened as opened:
        # Back to the grievance, which names the case: a front-line worker other than its
        # opener may not see the case itself.
        messages.info(request, " ".join(opened.messages))
        return redirect("business:referred_grievance", grievance_id=grievance.pk)
    except (ValidationError, PermissionDenied) as error:
        said = error.messages if isinstance(error, ValidationError) else [str(error)]
        form.add_error(None, " ".join(said))
        return _referred_page(request, grievance, form)
    messages.success(
        request,
        gettext(
            "Case %(case)s opened. The worker's words are on the case as a note; the indicators "
            "are ticked in your screening draft below: ask the person's consent first."
        )
        % {"case": case.reference},
    )
    return redirect("screening:interview", case_id=case.pk)


@requires(Capability.HANDLE_GRIEVANCES)
@require_http_methods(["GET", "POST"])
def channels(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = ChannelForm(request.POST or None, exclude=user.organisation_id)
    if request.method == "POST" and form.is_valid() and user.organisation is not None:
        try:
            actions.do_open_channel(
                organisation=user.organisation, acting_user=user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, gettext("Channel opened."))
            return redirect("business:channels")
    return render(
        request, "business/channels.html", {"form": form, "channels": access.channels_of(user)}
    )


def company_laws(company: Company) -> dict[str, Any] | None:
    """Which laws apply, from the company's recorded figures; None when figures are missing."""
    figures = {
        "name": company.organisation.name,
        "country": company.organisation.country,
        "countries_of_operation": company.countries,
        "employees": {
            "in_country": company.employees_in_country,
            "worldwide": company.employees_worldwide,
        },
        "turnover": {"amount": company.turnover_amount, "currency": company.turnover_currency},
    }
    try:
        return assess(parse_company(figures))
    except CompanyInputError:
        return None


@requires(Capability.MANAGE_COMPANY_DATA)
def company_overview(request: HttpRequest) -> HttpResponse:
    if not access.has_company_data(_user(request)):
        # A company with no data yet starts from its file; anyone else got a 404 above.
        return render(request, "business/company_empty.html", {"form": CompanyFileForm()})
    company = access.company_of(_user(request))
    sites = company.sites.select_related("recruiter", "supplier")
    context = {
        "company": company,
        "laws": company_laws(company),
        "screenings": rank([site_facts(s) for s in sites]),
        "impact": site_report(company),
        "grievances": grievance_figures(company),
        "suppliers": company.suppliers.order_by("tier", "name"),
        "ended": suppliers_ended(company),
        "drafts": DRAFTABLE,
        "sites": sites.order_by("name"),
        "upload_form": CompanyFileForm(),
    }
    return render(request, "business/company.html", context)


@requires(Capability.MANAGE_COMPANY_DATA)
def company_statement(request: HttpRequest, law: str) -> HttpResponse:
    if law not in DRAFTABLE:
        raise Http404("No such draft")
    company = access.company_of(_user(request))
    result = statement_draft(company, law)
    if request.GET.get("format") == "json":
        return JsonResponse(result, json_dumps_params={"indent": 2, "ensure_ascii": False})
    return render(request, "business/statement.html", {"draft": result})


@requires_any(Capability.RUN_PROCUREMENT, Capability.MANAGE_COMPANY_DATA)
@require_http_methods(["GET", "POST"])
def tenders(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    buyer = user.can(Capability.RUN_PROCUREMENT)
    form = TenderForm(request.POST or None) if buyer else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            tender = actions.do_open_tender(acting_user=user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            return redirect("business:tender", tender_id=tender.pk)
    mine = Tender.objects.filter(buyer_id=user.organisation_id) if buyer else Tender.objects.none()
    context = {
        "form": form,
        "mine": mine,
        "open": Tender.objects.order_by("-created_at")[:100],
        "buyer": buyer,
    }
    return render(request, "business/tenders.html", context)


def _own_tender(user: User, tender_id: int) -> Tender:
    tender = Tender.objects.filter(pk=tender_id, buyer_id=user.organisation_id).first()
    if tender is None or user.organisation_id is None:
        raise Http404("No such tender")
    return tender


@requires(Capability.RUN_PROCUREMENT)
def tender_detail(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _own_tender(_user(request), tender_id)
    bids = list(
        tender.bids.select_related("company__organisation").order_by("company__organisation__name")
    )
    if request.GET.get("format") in ("json", "csv"):
        return _export(_user(request), tender, bids, request.GET["format"])
    return render(request, "business/tender.html", {"tender": tender, "bids": bids})


def _export(user: User, tender: Tender, bids: list[Any], kind: str) -> HttpResponse:
    rows = export_rows(tender, bids)
    with transaction.atomic():
        record(
            actor=user,
            action="procurement.exported",
            target=tender,
            details={"format": kind, "bids": len(bids)},
        )
    if kind == "json":
        return JsonResponse(
            {"tender": tender.reference, "bids": rows}, json_dumps_params={"indent": 2}
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tender-{tender.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(["tender", "bidder", "outcome", "requirement", "met", "reason"])
    for row in rows:
        for r in row["results"] or [{"requirement": "", "met": "", "reason": ""}]:
            writer.writerow(
                [
                    tender.reference,
                    row["bidder"],
                    row["outcome"],
                    r["requirement"],
                    r["met"],
                    r["reason"],
                ]
            )
    return response


def export_rows(tender: Tender, bids: list[Any]) -> list[dict[str, Any]]:
    return [
        {"bidder": b.company.organisation.name, "outcome": b.outcome, "results": b.reasons}
        for b in bids
    ]


@requires(Capability.RUN_PROCUREMENT)
@require_POST
def tender_evaluate(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = _own_tender(_user(request), tender_id)
    try:
        actions.do_evaluate_tender(tender, acting_user=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("business:tender", tender_id=tender.pk)


@requires(Capability.MANAGE_COMPANY_DATA)
@require_POST
def tender_bid(request: HttpRequest, tender_id: int) -> HttpResponse:
    tender = Tender.objects.filter(pk=tender_id).first()
    if tender is None:
        raise Http404("No such tender")
    try:
        actions.do_submit_bid(tender, acting_user=_user(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        said = {"reference": tender.reference}
        messages.success(request, gettext("Bid submitted for %(reference)s.") % said)
    return redirect("business:tenders")


# The company officer keeps the company's data from the page (docs/business.md, "Keeping the
# data from the page"). A GET reads through access.company_of (audited); a POST goes to one
# action, whose event is the only one written; a refused POST writes nothing.


def _form_page(request: HttpRequest, title: str, form: Any, **context: Any) -> HttpResponse:
    return render(request, "business/company_form.html", {"title": title, "form": form, **context})


def _refused(form: Any, error: ValidationError) -> None:
    """The action's reasons on the form's fields (a field the form lacks: on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, said in error.message_dict.items():
        form.add_error(field if field in form.fields else None, said)


@requires(Capability.MANAGE_COMPANY_DATA)
@require_http_methods(["GET", "POST"])
def company_upload(request: HttpRequest) -> HttpResponse:
    """The company-data file, checked whole by the CLI's parser; every problem is shown, each
    naming its entry and field, and nothing is written unless all is well."""
    user = _user(request)
    organisation = access.company_organisation(user)
    form = CompanyFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["data_file"]
        try:
            data = parse(_read_upload(upload), upload.name[-100:] or "company data")
            actions.do_load_company_data(organisation, data, acting_user=user)
        except DataError as error:
            for problem in str(error).splitlines():
                form.add_error("data_file", problem)
        except ValidationError as error:
            form.add_error("data_file", error)
        else:
            messages.success(request, gettext("Company data loaded from the file."))
            return redirect("business:company")
    title = gettext("Upload the company data file")
    return _form_page(request, title, form, multipart=True)


def _read_upload(upload: Any) -> Any:
    """The file's JSON; a file that is not JSON fails with its name, as on the command line."""
    name = upload.name[-100:]
    try:
        return json.loads(upload.read().decode("utf-8"), parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:  # JSON, UTF-8 and too-long-integer errors
        raise DataError(f"{name}: not valid JSON: {str(error)[:200]}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a figure")


@requires(Capability.MANAGE_COMPANY_DATA)
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, site_id: int | None = None) -> HttpResponse:
    """Add a site (no id) or change one of the company's own (another's: 404)."""
    user = _user(request)
    posted = request.method == "POST"
    company = access.company_for_action(user) if posted else access.company_of(user)
    site = access.site_of(company, site_id) if site_id is not None else None
    initial = site_initial(site) if site else None
    form = SiteForm(request.POST or None, initial=initial, company_id=company.pk)
    if posted and form.is_valid():
        try:
            actions.do_save_site(company, site=site, fields=form.to_fields(), acting_user=user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, gettext("Site saved."))
            return redirect("business:company")
    title = gettext("Change the site %(name)s") % {"name": site.name} if site else None
    return _form_page(request, title or gettext("Add a site"), form)


@requires(Capability.MANAGE_COMPANY_DATA)
@require_http_methods(["GET", "POST"])
def supplier_edit(request: HttpRequest, supplier_id: int | None = None) -> HttpResponse:
    """Add a supplier (no id) or change one of the company's own (another's: 404)."""
    user = _user(request)
    posted = request.method == "POST"
    company = access.company_for_action(user) if posted else access.company_of(user)
    supplier = access.supplier_of(company, supplier_id) if supplier_id is not None else None
    initial = supplier_initial(supplier) if supplier else None
    form = SupplierForm(
        request.POST or None, initial=initial, company_id=company.pk, exclude=supplier_id
    )
    if posted and form.is_valid():
        try:
            actions.do_save_supplier(
                company, supplier=supplier, fields=form.to_fields(), acting_user=user
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, gettext("Supplier saved."))
            return redirect("business:company")
    said = {"name": supplier.name} if supplier else {}
    title = gettext("Change the supplier %(name)s") % said if supplier else None
    return _form_page(request, title or gettext("Add a supplier"), form)


@requires(Capability.MANAGE_COMPANY_DATA)
@require_http_methods(["GET", "POST"])
def site_metrics(request: HttpRequest, site_id: int) -> HttpResponse:
    """A period's impact figures for one of the company's sites; `?start=&end=` (ISO dates)
    opens a period already recorded, to change it."""
    user = _user(request)
    posted = request.method == "POST"
    company = access.company_for_action(user) if posted else access.company_of(user)
    site = access.site_of(company, site_id)
    form = MetricsForm(request.POST or None, initial=_period_initial(request, site))
    if posted and form.is_valid():
        try:
            actions.do_save_site_metrics(
                site, period=form.period(), figures=form.figures(), acting_user=user
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, gettext("Impact figures saved."))
            return redirect("business:company")
    title = gettext("Impact figures for %(site)s") % {"site": site.name}
    return _form_page(request, title, form, periods=_periods(site))


def _period_initial(request: HttpRequest, site: Site) -> dict[str, Any] | None:
    try:
        start = dt.date.fromisoformat(request.GET.get("start", ""))
        end = dt.date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return None  # no period asked for (or not a date): a new one
    return metrics_initial(site, start, end)


def _periods(site: Site) -> list[tuple[dt.date, dt.date]]:
    found = SiteMetric.objects.filter(site=site).values_list("period_start", "period_end")
    return sorted(set(found))
