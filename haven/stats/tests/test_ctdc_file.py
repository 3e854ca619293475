"""The fast CTDC writer gives the very bytes of the plain one: csv.DictWriter over
kanon.anonymise(ctdc.rows(...))."""

import csv
import io
import json
from typing import Any

from haven.stats import ctdc, ctdc_file, kanon, synthetic
from haven.stats.ctdc import Source


def _stored(source: Source, n: int) -> tuple[object, ...]:
    """As the database gives it: lists as JSON text; every third case without a victim
    context (its columns NULL), some lists as Python lists (as some drivers give them)."""
    if n % 3 == 0:
        return (source.year, source.gender, None, source.citizenship, None, None, None, None,
                None, None)  # fmt: skip
    listed = list if n % 2 else json.dumps
    return (source.year, source.gender or None, source.age, source.citizenship,
            source.exploitation_country, listed(list(source.methods_of_control)),
            listed(list(source.types_of_exploitation)), source.labour_industry,
            listed(list(source.types_of_sex)), source.relation)  # fmt: skip


def _filled(stored: tuple[object, ...]) -> Source:
    # A row holds what the database gives back: any type, as Source takes it.
    values: list[Any] = list(stored)
    year, gender, age, nationality, country, control, types, industry, sex, relation = values

    def listed(raw: Any) -> list[str]:
        return json.loads(raw) if isinstance(raw, str) else list(raw or [])

    return Source(year, gender or "", age, nationality or "", country or "",
                  listed(control), listed(types), industry or "", listed(sex),
                  relation or "")  # fmt: skip


def test_the_fast_writer_writes_what_the_plain_path_writes():
    stored = [_stored(s, n) for n, s in enumerate(synthetic.sources(20_000, seed=3))]
    fast = io.StringIO()
    report = ctdc_file.write(stored, 11, fast)
    rows, plain_report = kanon.anonymise(ctdc.rows([_filled(s) for s in stored]), 11)
    plain = io.StringIO()
    writer = csv.DictWriter(plain, fieldnames=ctdc.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    assert fast.getvalue() == plain.getvalue()
    assert report.as_json() == plain_report.as_json()


def test_a_country_with_fewer_cases_than_k_writes_only_the_header():
    out = io.StringIO()
    stored = [_stored(s, 1) for s in synthetic.sources(5)]
    report = ctdc_file.write(stored, 11, out)
    assert out.getvalue() == ",".join(ctdc.COLUMNS) + "\r\n" and report.suppressed == 5


def test_the_year_is_read_from_the_stored_time_in_the_active_zone():
    import datetime
    import zoneinfo

    utc = ctdc_file.Coder()
    auckland = ctdc_file.Coder(zoneinfo.ZoneInfo("Pacific/Auckland"))
    late = datetime.datetime(2023, 12, 31, 20, 0)  # as SQLite gives it: UTC, no zone
    assert utc._year(late) == utc._year("2023-12-31 20:00:00") == "2023"
    assert auckland._year(late) == auckland._year(late.replace(tzinfo=datetime.UTC)) == "2024"
    assert utc._year(2021) == "2021"
