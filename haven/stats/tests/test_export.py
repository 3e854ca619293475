"""The export read from the database gives the very bytes of the plain path (ORM values,
ctdc.rows, kanon.anonymise, csv.DictWriter) over the same cases, in any time zone."""

import csv
import datetime
import io
import zoneinfo

import pytest
from django.utils import timezone

from haven.cases.models import Case
from haven.stats import ctdc, kanon
from haven.stats.export import cases_for_export, export_ctdc, sources

pytestmark = pytest.mark.django_db


def _plain(k: int) -> str:
    rows, _ = kanon.anonymise(ctdc.rows(sources(cases_for_export(None))), k)
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=ctdc.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _at_the_turn_of_the_year(cases) -> None:  # type: ignore[no-untyped-def]  # a queryset
    """Some cases opened an hour either side of midnight UTC at New Year: their year
    depends on the zone."""
    utc = datetime.UTC
    for n, pk in enumerate(cases.order_by("pk").values_list("pk", flat=True)[:120]):
        when = (datetime.datetime(2022, 12, 31, 23, 30, tzinfo=utc),
                datetime.datetime(2023, 1, 1, 0, 30, tzinfo=utc))[n % 2]  # fmt: skip
        Case.objects.filter(pk=pk).update(opened_at=when)


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland", "America/Los_Angeles"])
def test_the_export_writes_what_the_plain_path_writes(tmp_path, settings, cases, zone):
    settings.HAVEN_STATS_LEGAL_BASIS = "statutory"
    _at_the_turn_of_the_year(cases)
    with timezone.override(zoneinfo.ZoneInfo(zone)):
        export_ctdc(tmp_path / "ctdc.csv", k=5, country=None, user=None)
        expected = _plain(5)
    written = (tmp_path / "ctdc.csv").read_bytes().decode("utf-8")
    assert written == expected and written.count("\r\n") > 300
