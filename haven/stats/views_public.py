"""Published releases: the public pages, and the coordinator's page that publishes them.

The public pages (`@public`, no sign-in) read only `StatisticsRelease` snapshots: figures
already disclosure-controlled and frozen when published, with no user's name and no
organisation's figure. Like the due-diligence portal they are not audited reads: anyone may
read published material, and the reading tells nothing about a person. Publishing and
withdrawing are actions (haven/stats/actions.py), each with its audit event.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.core.permissions import public, requires
from haven.core.request import signed_in_user
from haven.stats import tables
from haven.stats.actions import do_publish_release, do_withdraw_release
from haven.stats.models import StatisticsRelease
from haven.stats.present import Rules
from haven.stats.publish import definitions_version, publisher_country, restore
from haven.stats.svg import bar_chart


class PublishForm(forms.Form):
    year = forms.IntegerField(
        label=gettext_lazy("Year of registration"),
        min_value=1901,
        help_text=gettext_lazy("A year that has ended. Each year is published once."),
    )


def _published() -> models.QuerySet[StatisticsRelease]:
    return StatisticsRelease.objects.filter(withdrawn_at__isnull=True)


def _release(country: str, year: int) -> StatisticsRelease:
    try:
        return _published().get(country=country, year=year)
    except StatisticsRelease.DoesNotExist:
        raise Http404("No such release") from None  # withdrawn ones look missing too


@public
def public_releases(request: HttpRequest) -> HttpResponse:
    rows = _published().only("country", "year", "published_at")
    return render(request, "stats/public_list.html", {"releases": rows})


@public
def public_release(request: HttpRequest, country: str, year: int) -> HttpResponse:
    release = _release(country, year)
    shown = restore(release.tables)
    charts = [(item, mark_safe(bar_chart(item))) for item in shown]  # noqa: S308  (escaped in svg.py)
    context = {
        "release": release,
        "charts": charts,
        "rules": Rules(exact=False, k=release.k, rounding=release.rounding),
        "scope": {"label": _label(release), "country": release.country},
        "definitions_changed": release.definitions_version != definitions_version(),
    }
    return render(request, "stats/public_release.html", context)


def _label(release: StatisticsRelease) -> str:
    return gettext("%(country)s, cases registered in %(year)s") % {
        "country": release.country,
        "year": release.year,
    }


@public
def public_release_csv(request: HttpRequest, country: str, year: int) -> HttpResponse:
    release = _release(country, year)
    body = tables.to_csv(restore(release.tables))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"haven-statistics-{release.country}-{release.year}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _publisher(request: HttpRequest) -> tuple[User, str]:
    user = signed_in_user(request)
    country = publisher_country(user)
    if country is None:
        raise PermissionDenied  # a supervisor views aggregates too, but publishes nothing
    return user, country


@requires(Capability.VIEW_AGGREGATES)
@require_http_methods(["GET", "POST"])
def releases(request: HttpRequest) -> HttpResponse:
    """The coordinator's releases (withdrawn ones too) and the form that publishes a year."""
    user, country = _publisher(request)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            release = do_publish_release(year=form.cleaned_data["year"], acting_user=user)
        except ValidationError as error:
            form.add_error("year", error)
        else:
            messages.success(request, gettext("Published."))
            return redirect("stats:public_release", country=release.country, year=release.year)
    rows = StatisticsRelease.objects.filter(country=country)
    context = {"form": form, "releases": rows, "country": country, "now": timezone.now()}
    return render(request, "stats/releases.html", context)


@requires(Capability.VIEW_AGGREGATES)
@require_POST
def withdraw(request: HttpRequest, release_id: int) -> HttpResponse:
    user, _ = _publisher(request)
    try:
        release = StatisticsRelease.objects.get(pk=release_id)
        do_withdraw_release(release, acting_user=user)
    except StatisticsRelease.DoesNotExist:
        raise Http404("No such release") from None
    messages.success(request, gettext("Withdrawn: the release is no longer public."))
    return redirect("stats:releases")
