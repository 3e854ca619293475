"""The CTDC-format export: cases whose consent or legal basis allows it, as k-anonymised
microdata, written whole or not at all, and audited."""

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import QuerySet, TextField
from django.db.models.functions import Cast
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


# The time of opening, not its year: SQLite computes a year by calling back into Python for
# every row (3.5 of the 6 CPU seconds of the query at 1,000,000 cases); ctdc_file reads it.
STORED_FIELDS = ("opened_at", *SOURCE_FIELDS[1:])


def stored(cases: QuerySet[Case]) -> Iterator[tuple[Any, ...]]:
    """STORED_FIELDS of each case, in case order, as the database gives them: the ORM's
    conversion of every value (JSON decoding of three lists a row) took longer than all the
    rest of a million-case export; ctdc_file decodes each distinct list once."""
    fields: tuple[Any, ...] = STORED_FIELDS
    if connection.vendor == "sqlite":
        # The stored text itself: Django's converter parsed a datetime from every row (1.3 s
        # a million), and ctdc_file reads the year from the text.
        cases = cases.annotate(opened_text=Cast("opened_at", TextField()))
        fields = ("opened_text", *STORED_FIELDS[1:])
    sql, params = cases.order_by("pk").values_list(*fields).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(20_000):
            yield from batch


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
