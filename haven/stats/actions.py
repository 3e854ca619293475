"""The statistics app's writers: audit events for reading figures and exporting microdata,
publishing or withdrawing a yearly release, and storing the organisations' snapshots."""

import datetime
from collections.abc import Callable, Collection
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.purposes import Purpose
from haven.stats.models import StatisticsRelease, StatisticsSnapshot


@action()
def do_record_stats_read(user: User, *, page: str, exact: bool, year: int | None) -> None:
    """A viewer read a page of figures (or downloaded its tables)."""
    name = "stats.downloaded" if page in ("csv", "xlsx") else "stats.viewed"
    details = {"page": page, "exact": exact, "year": year}
    record(actor=user, action=name, target_type="stats", target_id=page, details=details)


@action()
def do_record_ctdc_export(
    user: User | None,
    *,
    country: str,
    k: int,
    records: int,
    suppressed: int,
    path_name: str,
    publish: Callable[[], object],
) -> None:
    """The export's audit event; `publish` moves the finished file into place inside the same
    transaction, so there is no export without its event and no event without the file."""
    details = {"country": country, "k": k, "records": records, "suppressed": suppressed}
    record(
        actor=user,
        action="stats.exported",
        target_type="ctdc_export",
        target_id=path_name[:100],
        purpose=Purpose.STATISTICS_EXPORT,
        details=details,
    )
    publish()


def _may_publish(user: User) -> str:
    """The country a user may publish for; PermissionDenied for anyone else."""
    from django.core.exceptions import PermissionDenied

    from haven.stats.publish import publisher_country

    country = publisher_country(user)
    if country is None:
        raise PermissionDenied(gettext("You may not publish statistics."))
    return country


@action()
def do_publish_release(*, year: int, acting_user: User) -> StatisticsRelease:
    """Freeze the country's disclosure-controlled figures for one finished year."""
    from haven.stats.publish import definitions_version, published_figures, snapshot

    country = _may_publish(acting_user)
    if not 1900 < year < timezone.localdate().year:
        raise ValidationError(gettext("A release is of a year that has ended."))
    if StatisticsRelease.objects.select_for_update().filter(country=country, year=year).exists():
        # Even a withdrawn one: two releases of one year could be differenced.
        raise ValidationError(gettext("This year has been published already."))
    rules, shown = published_figures(country=country, year=year)
    release = StatisticsRelease.objects.create(
        country=country,
        year=year,
        published_at=timezone.now(),
        published_by=acting_user,
        k=rules.k,
        rounding=rules.rounding,
        definitions_version=definitions_version(),
        tables=snapshot(shown),
    )
    details = {"country": country, "year": year, "k": rules.k}
    record(actor=acting_user, action="stats.published", target=release, details=details)
    return release


@action()
def do_withdraw_release(release: StatisticsRelease, *, acting_user: User) -> StatisticsRelease:
    """Hide a release from the public pages; the snapshot is kept for the record."""
    country = _may_publish(acting_user)
    release = StatisticsRelease.objects.select_for_update().get(pk=release.pk)
    if release.country != country:
        raise StatisticsRelease.DoesNotExist
    if release.withdrawn_at is None:
        release.withdrawn_at, release.withdrawn_by = timezone.now(), acting_user
        release.save(update_fields=["withdrawn_at", "withdrawn_by"])
    details = {"country": release.country, "year": release.year}
    record(actor=acting_user, action="stats.withdrawn", target=release, details=details)
    return release


@action()
def do_store_snapshots(
    *,
    counted: dict[int, dict[str, Any]],
    checked: Collection[int],
    marker: dict[str, Any],
    started: datetime.datetime,
) -> None:
    """Store the cells counted again (haven/stats/snapshot.py refresh) and mark every checked
    snapshot as matching `marker`. A snapshot another refresh checked after this one started
    is newer than what this one holds, and is left as it is."""
    now = timezone.now()
    newer = set(
        StatisticsSnapshot.objects.select_for_update()
        .filter(organisation_id__in=list(checked), checked_at__gt=started)
        .values_list("organisation_id", flat=True)
    )
    for organisation, cells in counted.items():
        if organisation not in newer:
            StatisticsSnapshot.objects.update_or_create(
                organisation_id=organisation,
                defaults={"cells": cells, "marker": marker, "taken_at": now, "checked_at": now},
            )
    unchanged = set(checked) - set(counted) - newer
    StatisticsSnapshot.objects.filter(organisation_id__in=list(unchanged)).update(
        marker=marker, checked_at=now
    )
    details = {"recounted": len(set(counted) - newer), "checked": len(set(checked) - newer)}
    record(
        actor=None,
        action="stats.snapshots_stored",
        target_type="stats",
        target_id="snapshots",
        details=details,
    )
