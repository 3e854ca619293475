"""Dashboards, downloads and the printable yearly report."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import mark_safe

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.core.permissions import requires
from haven.core.request import signed_in_user
from haven.stats import tables
from haven.stats.access import Scope, stats_scope_for
from haven.stats.actions import do_record_stats_read
from haven.stats.dashboard import Filters, figures_for, page_for, rules_for
from haven.stats.svg import bar_chart

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: HttpRequest) -> tuple[User, Scope]:
    user = signed_in_user(request)
    scope = stats_scope_for(user)
    if scope is None:
        raise PermissionDenied
    return user, scope


def _filters(request: HttpRequest, scope: Scope) -> Filters:
    year = request.GET.get("year", "")
    organisation = request.GET.get("organisation", "")
    allowed = {str(o.pk) for o in scope.organisations}
    if (year and not (year.isdigit() and len(year) == 4)) or (
        organisation and organisation not in allowed
    ):
        raise Http404("Unknown year or organisation")
    return Filters(int(year) if year else None, int(organisation) if organisation else None)


def _context(scope: Scope, filters: Filters, group: str = "") -> dict[str, object]:
    page = page_for(scope, filters, group)
    charts = [(item, mark_safe(bar_chart(item))) for item in page.shown]  # noqa: S308  (escaped in svg.py)
    context = {"scope": scope, "charts": charts, "filters": filters, "rules": rules_for(scope)}
    return context | {"as_of": page.as_of}


@requires(Capability.VIEW_AGGREGATES)
def dashboard(request: HttpRequest) -> HttpResponse:
    user, scope = _scope(request)
    filters = _filters(request, scope)
    do_record_stats_read(user, page="dashboard", exact=scope.exact, year=filters.year)
    context = _context(scope, filters) | {"query": request.GET.urlencode()}
    return render(request, "stats/dashboard.html", context)


@requires(Capability.VIEW_AGGREGATES)
def download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("Download as csv or xlsx")
    user, scope = _scope(request)
    filters = _filters(request, scope)
    do_record_stats_read(user, page=fmt, exact=scope.exact, year=filters.year)
    shown = figures_for(scope, filters)
    if fmt == "csv":
        response = HttpResponse(tables.to_csv(shown), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(tables.to_xlsx(shown), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="haven-statistics.{fmt}"'
    return response


@requires(Capability.VIEW_AGGREGATES)
def report(request: HttpRequest) -> HttpResponse:
    user, scope = _scope(request)
    year = request.GET.get("year") or str(timezone.now().year)
    filters = _filters(request, scope) if "year" in request.GET else Filters(int(year))
    do_record_stats_read(user, page="report", exact=scope.exact, year=filters.year)
    context = _context(scope, filters) | {"year": filters.year, "gaps": _gaps(scope.country)}
    return render(request, "stats/report.html", context)


def _gaps(country: str) -> list[object]:
    """The legal context of the report: the gap findings for the country's jurisdiction."""
    from haven.law.gaps import find_gaps
    from haven.law.profiles import UnknownProfile, jurisdiction, jurisdiction_settings

    try:
        profile = jurisdiction(country)
    except UnknownProfile:
        return []
    return [f for f in find_gaps(jurisdiction_settings(profile)) if f.outcome != "ok"]
