"""Published statistics (docs/statistics.md): a country's disclosure-controlled figures, the
same as `haven stats summary` prints. Only these: never the exact figures an organisation sees
of its own cases, whoever the client acts for, so every cell below the threshold stays
suppressed and a year filter that would single anyone out is refused, as on the pages."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from haven.accounts.roles import Capability
from haven.api.auth import Scoped
from haven.api.routes.common import acting, responses
from haven.api.schemas import StatisticsOut
from haven.stats.access import national_scope
from haven.stats.actions import do_record_stats_read
from haven.stats.dashboard import Filters, figures_for, rules_for
from haven.stats.serialize import indicator_json

router = Router(tags=["statistics"])


class StatisticsFilter(Schema):
    country: str = Field("", pattern="^([A-Z]{2})?$", description="ISO 3166 alpha-2; default: own")
    year: int | None = Field(None, ge=1900, le=2999, description="Cases opened in this year")
    group: str = Field("", max_length=60, description="Only the indicators of this group")


@router.get(
    "/statistics/published",
    auth=Scoped("statistics:read", Capability.VIEW_AGGREGATES),
    response=responses(200, StatisticsOut),
    summary="A country's published, disclosure-controlled figures (suppressed cells stay null)",
)
def published(request: HttpRequest, filters: Query[StatisticsFilter]) -> dict[str, Any]:
    user = acting(request)
    own = user.organisation.country if user.organisation else ""
    country = filters.country or own
    scope = national_scope(country)
    do_record_stats_read(user, page="api", exact=False, year=filters.year)
    shown = figures_for(scope, Filters(year=filters.year), filters.group)
    return {
        "country": country,
        "scope": scope.label,
        "k": rules_for(scope).k,
        "rounding": rules_for(scope).rounding,
        "legal_basis": settings.HAVEN_STATS_LEGAL_BASIS,
        "year": filters.year,
        "indicators": [indicator_json(item) for item in shown],
    }
