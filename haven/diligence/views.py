"""Pages of the implementation plan, the assessments and the public portal.

Every page declares its capability; reads go through `access.py` (audited, 404 for missing and
forbidden alike); writes through `actions.py`. The portal is the one `@public` page and shows
only what the plan manager published, with no user's name.
"""

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.countries import is_country_code
from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.core.permissions import public, requires
from haven.core.request import signed_in_user
from haven.corpus.models import Guidance
from haven.diligence import access, actions
from haven.diligence.compare import Side, compare
from haven.diligence.export import to_csv, to_xlsx
from haven.diligence.forms import (
    AssessmentForm,
    CompareForm,
    FilterForm,
    FindingForm,
    ImportForm,
    IndicatorForm,
    InstitutionForm,
    MeasureForm,
    RecommendationForm,
    ReportForm,
    StatusForm,
    TagsForm,
)
from haven.diligence.framework import framework
from haven.diligence.matrix import MatrixError, parse_matrix
from haven.diligence.models import Assessment, Finding, Institution
from haven.diligence.plan import Item, classify_due, clusters, due_dates
from haven.diligence.report import CONTENT_TYPE as DOCX
from haven.diligence.report import Row, assessment_docx
from haven.law.loader import law


def _me(request: HttpRequest) -> User:
    return signed_in_user(request)


def _fail(request: HttpRequest, error: Exception) -> None:
    text = "; ".join(error.messages) if isinstance(error, ValidationError) else str(error)
    messages.error(request, text)


@requires(Capability.READ_PLAN)
def index(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = access.list_recommendations(
        _me(request),
        state=data.get("state", ""), theme=data.get("theme", ""),
        position=data.get("position", ""), area=data.get("area", ""),
    )  # fmt: skip
    return render(request, "diligence/index.html", {"form": form, "rows": rows})


@requires(Capability.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def import_matrix(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            items = parse_matrix(upload.read(), name=upload.name)
            counts = actions.do_import_matrix(
                items, state=form.cleaned_data["state"], cycle=form.cleaned_data["cycle"],
                mechanism=form.cleaned_data["mechanism"], acting_user=_me(request),
            )  # fmt: skip
        except MatrixError as error:
            form.add_error("file", error.translated(gettext))
        else:
            said = ngettext(
                "%(total)s recommendation imported (%(created)s new, %(updated)s updated).",
                "%(total)s recommendations imported (%(created)s new, %(updated)s updated).",
                counts["total"],
            )
            messages.success(request, said % counts)
            return redirect(f"/diligence/?state={form.cleaned_data['state']}")
    return render(request, "diligence/import.html", {"form": form})


@requires(Capability.READ_PLAN)
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.access_recommendation(_me(request), pk)
    rights = [law().rights[c] for c in rec.rights if c in law().rights]
    areas = [framework().areas[c] for c in rec.areas if c in framework().areas]
    context = {
        "rec": rec, "areas": areas, "rights": rights, "measures": rec.measures.all(),
        "measure_form": MeasureForm(), "tags_form": TagsForm(initial={"areas": rec.areas,
                                                                      "rights": rec.rights}),
    }  # fmt: skip
    return render(request, "diligence/recommendation.html", context)


@requires(Capability.MANAGE_PLAN)
@require_POST
def create_measure(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.access_recommendation(_me(request), pk)
    chosen = [int(x) for x in request.POST.getlist("also") if x.isdigit()]
    others = [r for r in access.list_clusters_source(_me(request), rec.state) if r.pk in chosen]
    form = MeasureForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("The measure needs a title and a responsible institution."))
        return redirect("diligence:recommendation", pk=rec.pk)
    measure = actions.do_create_measure(
        [rec, *others],
        acting_user=_me(request),
        **form.cleaned_data,
    )
    return redirect("diligence:measure", pk=measure.pk)


@requires(Capability.MANAGE_PLAN)
@require_POST
def correct_tags(request: HttpRequest, pk: int) -> HttpResponse:
    rec = access.access_recommendation(_me(request), pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        actions.do_correct_tags(rec, acting_user=_me(request), **form.cleaned_data)
        messages.success(request, gettext("Tags corrected."))
    return redirect("diligence:recommendation", pk=rec.pk)


@requires(Capability.MANAGE_PLAN)
@require_POST
def publish(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    if kind not in actions.PUBLISHABLE:
        raise Http404("Not found")
    item = actions.do_publish(
        kind,
        pk,
        published=request.POST.get("published") == "1",
        acting_user=_me(request),
    )
    said = gettext("Published.") if item.published else gettext("Withdrawn from the portal.")
    messages.success(request, said)
    return redirect(_local_next(request) or "diligence:index")


def _posted_id(request: HttpRequest, name: str) -> int:
    """A posted row id; a missing, non-numeric or out-of-range one matches no row (404)."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 18 else 0


def _local_next(request: HttpRequest) -> str:
    """The posted `next` if it is a path on this site; junk or another site's URL was a
    server error (or an open redirect) before the form fuzz found it (issue 16)."""
    target = request.POST.get("next", "")
    local = target.startswith("/") and not target.startswith("//")
    safe = url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    return target if local and safe else ""


@requires(Capability.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def institutions(request: HttpRequest) -> HttpResponse:
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_add_institution(acting_user=_me(request), **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        return redirect("diligence:institutions")
    rows = Institution.objects.all()
    return render(request, "diligence/institutions.html", {"form": form, "rows": rows})


@requires(Capability.READ_PLAN)
@require_http_methods(["GET", "POST"])
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.access_measure(_me(request), pk)
    form = IndicatorForm(request.POST or None)
    if request.method == "POST":
        if not _me(request).can(Capability.MANAGE_PLAN):
            raise PermissionDenied
        if form.is_valid():
            indicator = actions.do_add_indicator(
                measure, acting_user=_me(request), **form.cleaned_data
            )
            return redirect("diligence:indicator", pk=indicator.pk)
    context = {
        "measure": measure,
        "form": form,
        "status_form": StatusForm(initial={"status": measure.status}),
    }
    return render(request, "diligence/measure.html", context)


@requires(Capability.REPORT_PROGRESS)
@require_POST
def measure_status(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access.access_measure(_me(request), pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        actions.do_set_measure_status(
            measure, status=form.cleaned_data["status"], acting_user=_me(request)
        )
    return redirect("diligence:measure", pk=measure.pk)


@requires(Capability.READ_PLAN)
@require_http_methods(["GET", "POST"])
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = access.access_indicator(_me(request), pk)
    schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
    reports = {r.due_date: r for r in indicator.reports.all()}
    open_dates = [d.isoformat() for d in schedule if d not in reports]
    form = ReportForm(request.POST or None, due=open_dates)
    if request.method == "POST":
        if not _me(request).can(Capability.REPORT_PROGRESS):
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.do_report_progress(
                    indicator, due_date=date.fromisoformat(form.cleaned_data["due_date"]),
                    text=form.cleaned_data["text"], figures=form.cleaned_data["figures"],
                    evidence=form.cleaned_data["evidence"], acting_user=_me(request),
                )  # fmt: skip
            except (ValidationError, PermissionDenied) as error:
                _fail(request, error)
            return redirect("diligence:indicator", pk=indicator.pk)
    status = classify_due(schedule, set(reports), timezone.localdate())
    rows = [(d, reports.get(d), d in status["overdue"], d in status["due_soon"]) for d in schedule]
    context = {"indicator": indicator, "rows": rows, "form": form}
    return render(request, "diligence/indicator.html", context)


@requires(Capability.REPORT_PROGRESS)
def due(request: HttpRequest) -> HttpResponse:
    """What this user owes: reports overdue, and due in the next 30 days."""
    today = timezone.localdate()
    overdue, soon = [], []
    for indicator in access.list_indicators_for(_me(request)):
        schedule = due_dates(indicator.start, indicator.end, indicator.frequency_months)
        status = classify_due(schedule, {r.due_date for r in indicator.reports.all()}, today)
        overdue += [(d, indicator) for d in status["overdue"]]
        soon += [(d, indicator) for d in status["due_soon"]]
    context = {"overdue": sorted(overdue, key=_first), "soon": sorted(soon, key=_first)}
    return render(request, "diligence/due.html", context)


def _first(pair: tuple[date, Any]) -> date:
    return pair[0]


@requires(Capability.READ_PLAN)
def cluster_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")[:2]
    recs = access.list_clusters_source(_me(request), state) if state else []
    by_pk = {r.pk: r for r in recs}
    items = [Item(r.pk, r.themes[0] if r.themes else "", r.text) for r in recs]
    groups = [[by_pk[k] for k in group] for group in clusters(items)]
    context = {"groups": groups, "state": state, "measure_form": MeasureForm()}
    return render(request, "diligence/clusters.html", context)


@requires(Capability.READ_PLAN)
def export(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("state", "")[:2]
    rows = access.export_rows(_me(request), state)
    name = f"recommendations-{state or 'all'}"
    if request.GET.get("format") == "xlsx":
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        response = HttpResponse(to_xlsx(rows), content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(to_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@requires(Capability.ASSESS_DUE_DILIGENCE)
@require_http_methods(["GET", "POST"])
def assessments(request: HttpRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assessment = actions.do_start_assessment(acting_user=_me(request), **form.cleaned_data)
        return redirect("diligence:assessment", pk=assessment.pk)
    rows = access.list_assessments(_me(request))
    return render(request, "diligence/assessments.html", {"form": form, "rows": rows})


def _findings(assessment: Any) -> list[dict[str, Any]]:
    base = framework()
    out = []
    for finding in assessment.findings.all():
        found = base.criterion(finding.criterion)
        out.append({"finding": finding, "obligation": found[0] if found else None,
                    "criterion": found[1] if found else None})  # fmt: skip
    return out


def _basis(obligation: Any) -> list[str]:
    base = law()
    cited = []
    for instrument, article in obligation.basis:
        short = base.instruments[instrument].short_name
        cited.append(f"{short}, art. {article}" if article[0].isdigit() else f"{short}, {article}")
    return cited


@requires(Capability.ASSESS_DUE_DILIGENCE)
@require_http_methods(["GET", "POST"])
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.access_assessment(_me(request), pk)
    if request.method == "POST":
        finding = get_object_or_404(assessment.findings, pk=_posted_id(request, "finding"))
        if "attach" in request.POST:
            _attach(request, finding, request.POST["attach"])
        else:
            _save_finding(request, finding)
        return redirect(f"{reverse('diligence:assessment', args=[assessment.pk])}"
                        f"#criterion-{finding.criterion}")  # fmt: skip
    answers = access.data_answers(_me(request), assessment)
    rows = _findings(assessment)
    for row in rows:
        f = row["finding"]
        evidence = "\n".join(
            f"{e['kind']} | {e['citation']} | {e.get('note', '')}" for e in f.evidence
        )
        row["form"] = FindingForm(
            prefix=f"f{f.pk}",
            initial={"result": f.result, "narrative": f.narrative, "evidence": evidence},
        )
        row["basis"] = _basis(row["obligation"]) if row["obligation"] else []
        row["answers"] = [
            (a, a.evidence() in f.evidence) for a in answers.get(f.criterion, [])
        ]  # each with whether it is attached already
        row["data"] = bool(row["criterion"] and row["criterion"].data)
    context = {"assessment": assessment, "rows": rows, "area": framework().areas[assessment.area]}
    return render(request, "diligence/assessment.html", context)


def _save_finding(request: HttpRequest, finding: Finding) -> None:
    form = FindingForm(request.POST, prefix=f"f{finding.pk}")
    if not form.is_valid():
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
        return
    try:
        actions.do_record_finding(finding, acting_user=_me(request), **form.cleaned_data)
    except ValidationError as error:
        _fail(request, error)


def _attach(request: HttpRequest, finding: Finding, source: str) -> None:
    try:
        actions.do_attach_data_evidence(finding, source=source[:120], acting_user=_me(request))
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
    else:
        messages.success(request, gettext("The answer from Haven's data was attached as evidence."))


@requires(Capability.ASSESS_DUE_DILIGENCE)
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = access.access_assessment(_me(request), pk)
    try:
        actions.do_sign_off(assessment, acting_user=_me(request))
        messages.success(request, gettext("Signed off."))
    except (ValidationError, PermissionDenied) as error:
        _fail(request, error)
    return redirect("diligence:assessment", pk=assessment.pk)


@requires(Capability.ASSESS_DUE_DILIGENCE)
@require_POST
def open_recommendation(request: HttpRequest, pk: int, finding: int) -> HttpResponse:
    assessment = access.access_assessment(_me(request), pk)
    try:
        actions.do_open_recommendation(
            assessment.findings.get(pk=finding), acting_user=_me(request)
        )
        messages.success(request, gettext("A recommendation was opened for the plan."))
    except (ValidationError, Finding.DoesNotExist) as error:
        _fail(request, error)
    return redirect("diligence:assessment", pk=assessment.pk)


@requires(Capability.ASSESS_DUE_DILIGENCE)
def assessment_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable report; `?format=docx`, the same as a Word document (a download)."""
    if request.GET.get("format") == "docx":
        return _docx(access.download_assessment(_me(request), pk))
    assessment = access.access_assessment(_me(request), pk)
    rows = _findings(assessment)
    for row in rows:
        row["basis"] = _basis(row["obligation"]) if row["obligation"] else []
    context = {"assessment": assessment, "rows": rows, "area": framework().areas[assessment.area],
               "document": framework().document}  # fmt: skip
    return render(request, "diligence/assessment_print.html", context)


def _docx(assessment: Assessment) -> HttpResponse:
    rows = [
        Row(r["finding"], r["obligation"], r["criterion"],
            _basis(r["obligation"]) if r["obligation"] else [])
        for r in _findings(assessment)
    ]  # fmt: skip
    base = framework()
    content = assessment_docx(assessment, base.areas[assessment.area], rows, document=base.document)
    response = HttpResponse(content, content_type=DOCX)
    a = assessment
    name = f"assessment-{a.state}-{a.area}-{a.year}-v{a.version}"
    response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    return response


@requires(Capability.ASSESS_DUE_DILIGENCE)
def assessment_compare(request: HttpRequest) -> HttpResponse:
    """Two years of one State's area side by side: what changed per criterion."""
    form = CompareForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        first, second = access.compare_years(_me(request), **data)
        order = [c.code for o in framework().obligations_for(data["area"]) for c in o.criteria]
        changes = compare(_sides(first), _sides(second), order)
        questions = {c.code: c for o in framework().obligations for c in o.criteria}
        context.update(
            compared=True, first=first, second=second, area=framework().areas[data["area"]],
            years=data,
            changes=[(c, questions.get(c.criterion)) for c in changes],
        )  # fmt: skip
    return render(request, "diligence/compare.html", context)


def _sides(assessment: Assessment | None) -> dict[str, Side]:
    if assessment is None:
        return {}
    return {
        f.criterion: Side(f.result, f.narrative, tuple(e["citation"] for e in f.evidence))
        for f in assessment.findings.all()
    }


@public
def portal(request: HttpRequest) -> HttpResponse:
    """Published recommendations, their positions, measures and progress; nothing else."""
    state = request.GET.get("state", "")[:2]
    entries = []
    for rec in access.published_recommendations(state):
        measures = [(m, access.published_reports(m)) for m in access.published_measures(rec)]
        entries.append((rec, measures))
    return render(request, "diligence/portal.html", {"entries": entries, "state": state})


@requires(Capability.MANAGE_PLAN)
def guidance_list(request: HttpRequest) -> HttpResponse:
    """Corpus guidance that mentions trafficking, to adopt as recommendations."""
    words = request.GET.get("q", "traffick")[:100]
    rows = Guidance.objects.filter(text__icontains=words).select_related("document")[:200]
    return render(request, "diligence/guidance.html", {"rows": rows, "q": words})


@requires(Capability.MANAGE_PLAN)
@require_POST
def adopt_guidance(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        guidance = Guidance.objects.select_related("document", "paragraph").get(pk=pk)
    except Guidance.DoesNotExist:
        raise Http404("Not found") from None
    state = request.POST.get("state", "").upper()
    if not is_country_code(state):
        messages.error(request, gettext("Choose the State the recommendation is addressed to."))
        return redirect("diligence:guidance")
    rec = actions.do_adopt_guidance(guidance, state=state, acting_user=_me(request))
    return redirect("diligence:recommendation", pk=rec.pk)


@requires(Capability.MANAGE_PLAN)
@require_http_methods(["GET", "POST"])
def new_recommendation(request: HttpRequest) -> HttpResponse:
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rec = actions.do_create_recommendation(acting_user=_me(request), **form.cleaned_data)
        except ValidationError as error:
            _fail(request, error)
        else:
            return redirect("diligence:recommendation", pk=rec.pk)
    return render(request, "diligence/new_recommendation.html", {"form": form})
