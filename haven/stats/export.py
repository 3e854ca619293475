"""The CTDC-format export: cases whose consent or legal basis allows it, as k-anonymised
microdata, written whole or not at all, and audited."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import Case as Choose
from django.db.models import Expression, IntegerField, QuerySet, TextField, When
from django.db.models.functions import Cast, ExtractYear, Substr
from django.db.models.lookups import In
from django.utils import timezone

from haven.accounts.models import User
from haven.cases.models import Case
from haven.stats import ctdc_file, kanon
from haven.stats.access import exportable
from haven.stats.actions import do_record_ctdc_export

SOURCE_FIELDS = (
    "opened_at__year",
    "person__gender",
    "victim_context__age_when_trafficked",
    "person__nationality",
    "victim_context__exploitation_country",
    "victim_context__methods_of_control",
    "victim_context__types_of_exploitation",
    "victim_context__forced_labour_industry",
    "victim_context__types_of_sex_exploitation",
    "victim_context__relationship_to_trafficker",
)


LISTS = {
    "victim_context__methods_of_control",
    "victim_context__types_of_exploitation",
    "victim_context__types_of_sex_exploitation",
}


def cases_for_export(country: str | None) -> QuerySet[Case]:
    cases = Case.objects.all()
    if country:
        cases = cases.filter(organisation__country=country)
    return exportable(cases)


def sources(cases: QuerySet[Case]) -> list[tuple[object, ...]]:
    rows = cases.order_by("pk").values_list(*SOURCE_FIELDS).iterator(chunk_size=5000)
    return [_filled(row) for row in rows]


def _filled(row: tuple[object, ...]) -> tuple[object, ...]:
    # A case without a victim context joins to NULLs: read them as "no value".
    year, gender, age, nationality, country, control, types, industry, sex, relation = row
    return (year, gender or "", age, nationality or "", country or "", control or [],
            types or [], industry or "", sex or [], relation or "")  # fmt: skip


def stored(cases: QuerySet[Case]) -> Iterator[tuple[Any, ...]]:
    """SOURCE_FIELDS of each case, in case order, as the database gives them (the year as
    _year_key gives it): the ORM's conversion of every value (JSON decoding of three lists a
    row) took longer than all the rest of a million-case export; ctdc_file decodes each
    distinct list once."""
    # The lists as JSON text on every database (PostgreSQL's driver would decode each into a
    # list, which cannot be looked up: ctdc_file codes each distinct text once).
    lists = {f"list_{i}": Cast(f, TextField()) for i, f in enumerate(SOURCE_FIELDS) if f in LISTS}
    cases = cases.annotate(year_key=_year_key(), **lists)
    fields = [f"list_{i}" if f in LISTS else f for i, f in enumerate(SOURCE_FIELDS)]
    fields[0] = "year_key"
    sql, params = cases.order_by("pk").values_list(*fields).query.sql_with_params()
    # A server-side cursor on PostgreSQL: a plain one holds every row in the client (610 MB
    # at a million cases); SQLite's cursor steps through the table as it is read anyway.
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            yield from batch


def _year_key() -> Expression:
    """The year of opening in the active time zone, or on SQLite what ctdc_file reads it from:
    the stored UTC text's year, or the whole text on the first and last day of a year (the
    only days a zone can move into another year). SQLite computes `opened_at__year` by calling
    back into Python for every row (3.5 of the 6 CPU seconds of the query at a million cases),
    and a datetime parsed from every row took 1.3 s more."""
    if connection.vendor != "sqlite":
        return Cast(ExtractYear("opened_at"), IntegerField())  # a number: Decimal otherwise
    text = Cast("opened_at", TextField())
    turn_of_the_year: In[str] = In(Substr(text, 6, 5), ["12-31", "01-01"])
    return Choose(
        When(turn_of_the_year, then=text), default=Substr(text, 1, 4), output_field=TextField()
    )


def export_ctdc(path: Path, *, k: int, country: str | None, user: User | None) -> kanon.Report:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            rows = stored(cases_for_export(country))
            report = ctdc_file.write(rows, k, out, zone=timezone.get_current_timezone())
        _publish(user, Path(temporary), path, country or "all", report)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return report


def _publish(
    user: User | None, temporary: Path, path: Path, country: str, report: kanon.Report
) -> None:
    do_record_ctdc_export(
        user,
        country=country,
        k=report.k,
        records=report.records_out,
        suppressed=report.suppressed,
        path_name=path.name,
        publish=lambda: temporary.replace(path),
    )
