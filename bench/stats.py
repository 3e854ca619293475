"""Statistics benchmark: the national dashboard and the CTDC export, beside a peer k-anonymiser.

    .venv/bin/python bench/stats.py [--cases 100000] [--organisations 50] [--peer-cases 20000]
        [--data-dir DIR] [--export-only | --dashboard-only]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Generates --cases synthetic
cases (haven.stats.synthetic) across --organisations organisations of one country (a million
take minutes: --data-dir DIR keeps the data directory, and a later run given the same DIR, and
the same HAVEN_DATABASE_URL if any, reuses the cases generated there instead of generating
again; --export-only skips the dashboard, part 1; --dashboard-only skips the export), then times:
1. the national coordinator's dashboard: every indicator counted live and disclosure-
   controlled, and the raw GROUP BY queries for the case-level indicators (the baselines);
   then the snapshots (haven/stats/snapshot.py): the job counting every organisation, the
   whole page through the Django test client (first view, next view, one organisation and
   year), as a ratio to the live count, a view after one organisation's records changed
   (that organisation counted again), and whether the summed figures equal the live ones;
2. `haven stats export --format ctdc` of every case (statutory basis, so all are exported),
   split into the query and the rest (coding, k-anonymisation, writing), beside the plain
   path (ORM values, a dict per row, csv.DictWriter) on 20,000 cases;
3. on the first --peer-cases CTDC rows, Haven's k-anonymiser beside anonypy's Mondrian (same
   quasi-identifiers, same k): time, records suppressed, cells generalised, the average
   normalised certainty penalty (NCP, 0 = exact, 1 = nothing left; a Haven value stands for
   every value of the data its hierarchy puts under it, a Mondrian cell for the set it lists)
   and the discernibility metric (sum of squared group sizes, a suppressed record counting as
   the whole table).
It prints figures; it asserts nothing (timings vary by machine).
"""

import argparse
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import setup  # noqa: E402


def generate(cases: int, organisations: int) -> tuple[object, object]:
    from haven.accounts.roles import OrgType, Role
    from haven.stats import synthetic
    from haven.testing.fixtures import make_organisation, make_user

    orgs = [make_organisation(f"Bench NGO {i:02d}", OrgType.NGO) for i in range(organisations)]
    writer = make_user(orgs[0], Role.SUPERVISOR, username="bench-supervisor")
    ministry = make_organisation("Bench Ministry", OrgType.CENTRAL_GOVERNMENT)
    coordinator = make_user(ministry, Role.NATIONAL_COORDINATOR, username="bench-coordinator")
    synthetic.populate(orgs[:1], writer, 1)  # one case through the ORM: the rows to copy
    _copy_rows(orgs, cases - 1)
    from django.db import connection

    if connection.vendor == "postgresql":
        # As autovacuum would on a live database: without statistics PostgreSQL plans for
        # 2,000 cases instead of 1,000,000 (nested loops: 9 s an indicator, 0.6 s after).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return coordinator, orgs


def _template(cursor, table: str) -> tuple[list[str], list[object]]:  # type: ignore[no-untyped-def]
    cursor.execute(f"SELECT * FROM {table} ORDER BY id DESC LIMIT 1")  # noqa: S608
    return [c[0] for c in cursor.description], list(cursor.fetchone())


def _copy_rows(orgs: list, count: int, batch: int = 20_000) -> None:  # type: ignore[type-arg]
    """Raw inserts copying the ORM-made rows (encrypted columns included), varying only what
    statistics read: the ORM's 3 ms per case would make a million cases take an hour."""
    import datetime
    import json
    import random

    from django.db import connection, transaction

    from haven.stats import synthetic

    rng = random.Random(13)  # noqa: S311
    tables = ("cases_person", "cases_case", "cases_victimcontext")
    with connection.cursor() as cursor:
        templates = {t: _template(cursor, t) for t in tables}
        next_id = {t: templates[t][1][0] + 1 for t in tables}
        sql = {
            t: f"INSERT INTO {t} ({', '.join(cols)}) VALUES ({', '.join(['%s'] * len(cols))})"  # noqa: S608  (our own table names)
            for t, (cols, _) in templates.items()
        }
        done = 0
        while done < count:
            size = min(batch, count - done)
            rows: dict[str, list[list[object]]] = {t: [] for t in tables}
            for _ in range(size):
                s, org = synthetic.source(rng), rng.choice(orgs).pk
                pid, cid, vid = (next_id[t] + len(rows[t]) for t in tables)
                opened = datetime.datetime(s.year, 6, 1, tzinfo=datetime.UTC)
                person = _row(
                    templates["cases_person"],
                    id=pid,
                    organisation_id=org,
                    gender=s.gender,
                    nationality=s.citizenship,
                )
                case = _row(
                    templates["cases_case"],
                    id=cid,
                    organisation_id=org,
                    person_id=pid,
                    status=rng.choice(["Active", "FollowUp", "Closed", "ClosedReferred"]),
                    opened_at=connection.ops.adapt_datetimefield_value(opened),
                )
                context = _row(templates["cases_victimcontext"], id=vid, case_id=cid,
                               age_when_trafficked=s.age,
                               exploitation_country=s.exploitation_country,
                               methods_of_control=json.dumps(list(s.methods_of_control)),
                               types_of_exploitation=json.dumps(list(s.types_of_exploitation)),
                               forced_labour_industry=s.labour_industry,
                               types_of_sex_exploitation=json.dumps(list(s.types_of_sex)),
                               relationship_to_trafficker=s.relation)  # fmt: skip
                for t, r in zip(tables, (person, case, context), strict=True):
                    rows[t].append(r)
            with transaction.atomic():
                for t in tables:
                    cursor.executemany(sql[t], rows[t])
                    next_id[t] += size
            done += size


def _row(template: tuple[list[str], list[object]], **values: object) -> list[object]:
    columns, row = template
    out = list(row)
    for name, value in values.items():
        out[columns.index(name)] = value
    return out


CPU = {"last": 0.0}  # the CPU seconds of the last timed call: on a loaded machine wall time
# mostly measures the queue for a processor (on SQLite the database's work is ours too)


def timed(function, *args, **kwargs):  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), time.process_time()
    result = function(*args, **kwargs)
    CPU["last"] = time.process_time() - cpu
    return time.perf_counter() - start, result


def dashboard(coordinator, orgs) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from haven.stats import snapshot
    from haven.stats.access import stats_scope_for
    from haven.stats.dashboard import figures_for
    from haven.stats.indicators import indicators

    scope = stats_scope_for(coordinator)
    settings.HAVEN_STATS_CACHE_SECONDS = 0
    live_s, live = timed(figures_for, dataclasses.replace(scope, summed=None))
    live_cpu = CPU["last"]
    job_s, _ = timed(snapshot.refresh, full=True)
    client = Client(HTTP_HOST="localhost")
    client.force_login(coordinator)
    # The process's first request loads the URLs, templates and catalogues (about 1 s of
    # CPU whatever the data): made on the home page, so the dashboard's time is its own.
    warm_s, _ = timed(client.get, "/")
    page_s, response = timed(client.get, "/stats/")
    page_cpu = CPU["last"]
    assert response.status_code == 200
    next_s, _ = timed(client.get, "/stats/")
    org = scope.organisations[0].pk if scope.organisations else None
    filtered_s, _ = timed(client.get, f"/stats/?organisation={org}&year=2022")
    summed_s, summed = timed(figures_for, scope)
    same = [s.figures for s in summed] == [s.figures for s in live] and [
        (s.rows, s.records, s.counted, s.missing, s.median_days) for s in summed
    ] == [(s.rows, s.records, s.counted, s.missing, s.median_days) for s in live]
    _copy_rows(orgs[:1], 1)  # one organisation's records change: counted again on the next view
    changed_s, response = timed(client.get, "/stats/")
    assert response.status_code == 200
    columns = {
        "opened_at__year": "strftime('%Y', c.opened_at)"
        if connection.vendor == "sqlite"
        else "extract(year from c.opened_at)",
        "person__gender": "p.gender",
        "person__nationality": "p.nationality",
        "status": "c.status",
        "victim_context__age_when_trafficked": "v.age_when_trafficked",
        "victim_context__exploitation_country": "v.exploitation_country",
        "victim_context__types_of_exploitation": "v.types_of_exploitation",
        "victim_context__forced_labour_industry": "v.forced_labour_industry",
        "victim_context__methods_of_control": "v.methods_of_control",
        "victim_context__relationship_to_trafficker": "v.relationship_to_trafficker",
    }
    raw = [columns[i.source] for i in indicators() if i.records == "cases" and i.source in columns]
    sql = (
        "SELECT {0}, count(*) FROM cases_case c JOIN cases_person p ON p.id = c.person_id "
        "LEFT JOIN cases_victimcontext v ON v.case_id = c.id GROUP BY {0}"
    )

    def run_raw() -> None:
        with connection.cursor() as cursor:
            for column in raw:
                cursor.execute(sql.format(column))
                cursor.fetchall()

    raw_s, _ = timed(run_raw)
    raw_cpu = CPU["last"]
    print(f"national dashboard, live (every indicator counted, disclosure-controlled): "
          f"{live_s:.2f} s ({live_cpu:.2f} s CPU); raw GROUP BY for the {len(raw)} case-level "
          f"indicators {raw_s:.2f} s ({raw_cpu:.2f} s CPU)")  # fmt: skip
    print(f"snapshots (haven/stats/snapshot.py): the job counting every organisation "
          f"{job_s:.2f} s; the process's first request (home page) {warm_s:.2f} s; "
          f"first view {page_s:.3f} s ({page_cpu:.3f} s CPU; "
          f"page/live {page_s / live_s:.4f}x, page/raw {page_s / raw_s:.4f}x), "
          f"next view {next_s:.3f} s, one organisation and year {filtered_s:.3f} s, "
          f"figures alone {summed_s:.3f} s; after one organisation's records changed "
          f"{changed_s:.2f} s (changed/live {changed_s / live_s:.3f}x); "
          f"summed figures identical to live: {'yes' if same else 'NO'}")  # fmt: skip


def export(cases: int, peer_cases: int) -> list[dict[str, str]]:
    import io

    from django.conf import settings

    from haven.stats import ctdc, ctdc_file, kanon
    from haven.stats.export import cases_for_export, export_ctdc, sources, stored

    settings.HAVEN_STATS_LEGAL_BASIS = "statutory"
    query_s, raw = timed(lambda: list(stored(cases_for_export(None))))
    write_s, report = timed(ctdc_file.write, raw, 11, io.StringIO())
    del raw
    with tempfile.TemporaryDirectory() as folder:
        waited = _queue_wait()
        whole_s, _ = timed(export_ctdc, Path(folder) / "ctdc.csv", k=11, country=None, user=None)
        whole_cpu, waited = CPU["last"], _queue_wait() - waited
        megabytes = (Path(folder) / "ctdc.csv").stat().st_size / 1e6
    print(f"CTDC export of {cases} cases: {whole_s:.1f} s in all ({whole_cpu:.1f} s CPU, "
          f"{waited:.1f} s waiting for a processor; "
          f"{cases / whole_s:,.0f} cases/s); "
          f"query {query_s:.1f} s, coding + k-anonymisation + writing {write_s:.1f} s; "
          f"{report.method} recoding, {report.suppressed} records suppressed, "
          f"{sum(report.cells_generalised.values())} cells generalised, "
          f"average NCP {report.average_ncp:.3f}, {report.equivalence_classes} groups; "
          f"{megabytes:.0f} MB")  # fmt: skip
    # The plain path (ORM values, a dict per row) on the peers' sample only: it is the baseline.
    every = cases_for_export(None)
    last = every.order_by("pk").values_list("pk", flat=True)[peer_cases - 1 : peer_cases]
    sample = every.filter(pk__lte=last[0]) if last else every
    plain_s, rows = timed(lambda: ctdc.rows(sources(sample)))
    anon_s, _ = timed(kanon.anonymise, rows, 11)
    print(f"  baseline, the plain path on {len(rows)} cases: ORM query + a dict per row "
          f"{plain_s:.2f} s, kanon.anonymise {anon_s:.2f} s")  # fmt: skip
    return rows


def _queue_wait() -> float:
    """Seconds this process has waited, runnable, for a processor (Linux schedstat): on the
    shared machine most of the export's wall time beyond its CPU time (docs/statistics.md)."""
    try:
        return int(Path("/proc/self/schedstat").read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def metrics(
    original: list[tuple[str, ...]],
    published: list[tuple[frozenset[str], ...] | None],
    groups: list[tuple[str, ...] | None] | None = None,
) -> dict[str, float]:
    """Shared measures: each published cell is the set of original values it may stand for;
    `groups`: what each row is published as, when that is not the cells themselves."""
    n, width = len(original), len(original[0])
    domains = [len({row[i] for row in original}) for i in range(width)]
    suppressed = sum(p is None for p in published)
    generalised = sum(len(cell) > 1 for p in published if p for cell in p)
    ncp = sum(
        1.0 * width
        if p is None
        else sum((len(c) - 1) / max(d - 1, 1) for c, d in zip(p, domains, strict=True))
        for p in published
    ) / (n * width)
    sizes = Counter(p for p in (groups if groups is not None else published) if p is not None)
    discernibility = sum(size * size for size in sizes.values()) + suppressed * n
    return {"suppressed": suppressed, "generalised": generalised, "ncp": ncp, "dm": discernibility}


def haven_peer(rows: list[dict[str, str]], k: int) -> tuple[float, dict[str, float]]:
    from haven.stats import kanon
    from haven.stats.ctdc import QUASI_IDENTIFIERS

    original = [tuple(r[q] for q in QUASI_IDENTIFIERS) for r in rows]
    seconds, (published, _) = timed(kanon.plan, original, k)
    # A published value stands for every value of the data that its hierarchy puts under it
    # (a region for all the region's countries present, not only those in the group): what a
    # reader can tell. A value published as it was stands for itself.
    domain = kanon.Domain.of(Counter(original))
    under: list[dict[str, set[str]]] = [defaultdict(set) for _ in QUASI_IDENTIFIERS]
    for a, qi in enumerate(QUASI_IDENTIFIERS):
        for leaf, chain in domain.chains[a].items():
            fixed = (kanon.generalise(leaf, qi, lv) for lv in range(kanon.HEIGHTS[a] + 1))
            for value in {*chain, *fixed}:
                under[a][value].add(leaf)
    cells = [
        None
        if out is None
        else tuple(frozenset({v}) if v == o else frozenset(under[a][v])
                   for a, (o, v) in enumerate(zip(combo, out, strict=True)))
        for combo, out in zip(original, published, strict=True)
    ]  # fmt: skip
    result = metrics(original, cells, groups=published)
    # Measured as Mondrian's cells are: each cell the set of values within its own group.
    within: dict[tuple[str, ...], list[set[str]]] = defaultdict(
        lambda: [set() for _ in QUASI_IDENTIFIERS]
    )
    for combo, out in zip(original, published, strict=True):
        if out is not None:
            for a, v in enumerate(combo):
                within[out][a].add(v)
    grouped = [None if out is None else tuple(frozenset(c) for c in within[out])
               for out in published]  # fmt: skip
    result["ncp_group"] = metrics(original, grouped, groups=published)["ncp"]
    return seconds, result


def mondrian_peer(rows: list[dict[str, str]], k: int) -> tuple[float, dict[str, float]]:
    import pandas as pd
    from anonypy import mondrian

    from haven.stats.ctdc import QUASI_IDENTIFIERS

    original = [tuple(r[q] for q in QUASI_IDENTIFIERS) for r in rows]
    frame = pd.DataFrame(original, columns=list(QUASI_IDENTIFIERS)).astype("category")
    start = time.perf_counter()
    partitions = mondrian.Mondrian(frame, list(QUASI_IDENTIFIERS)).partition(k)
    published: list[tuple[frozenset[str], ...] | None] = [None] * len(rows)
    for partition in partitions:
        part = frame.loc[partition]
        cell = tuple(frozenset(part[q].astype(str).unique()) for q in QUASI_IDENTIFIERS)
        for index in partition:
            published[index] = cell
    seconds = time.perf_counter() - start
    result = metrics(original, published)
    result["ncp_group"] = result["ncp"]  # its cells are the sets within each group already
    return seconds, result


def _generated():  # type: ignore[no-untyped-def]
    """The coordinator of cases an earlier run generated in this data directory, if any."""
    from haven.accounts.models import User

    return User.objects.filter(username="bench-coordinator").first()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--organisations", type=int, default=50)
    parser.add_argument("--peer-cases", type=int, default=20_000)
    parser.add_argument("--data-dir", type=Path, help="keep the data here; reuse it if there")
    parser.add_argument("--export-only", action="store_true", help="skip the dashboard")
    parser.add_argument("--dashboard-only", action="store_true", help="skip the CTDC export")
    args = parser.parse_args()
    setup(args.data_dir)
    from django.db import connection

    coordinator = _generated()
    if coordinator is None:
        generate_s, (coordinator, orgs) = timed(generate, args.cases, args.organisations)
        print(f"{connection.vendor}: generated {args.cases} cases across {args.organisations} "
              f"organisations in {generate_s:.0f} s")  # fmt: skip
    else:
        from haven.accounts.models import Organisation
        from haven.cases.models import Case

        args.cases = Case.objects.count()
        orgs = list(Organisation.objects.filter(name__startswith="Bench NGO").order_by("name"))
        print(f"{connection.vendor}: reusing the {args.cases} cases of {args.data_dir}")
    if not args.export_only:
        dashboard(coordinator, orgs)
    if args.dashboard_only:
        return
    rows = export(args.cases, args.peer_cases)
    print(f"k-anonymisers on the same {len(rows)} CTDC rows, k = 11, 5 quasi-identifiers:")
    print(
        f"{'':10} {'time s':>8} {'suppressed':>10} {'generalised':>11} {'avg NCP':>8} "
        f"{'NCP in group':>12} {'discernibility':>15}"
    )
    for name, peer in (("Haven", haven_peer), ("Mondrian", mondrian_peer)):
        seconds, m = peer(rows, 11)
        print(
            f"{name:10} {seconds:8.2f} {m['suppressed']:10.0f} {m['generalised']:11.0f} "
            f"{m['ncp']:8.3f} {m['ncp_group']:12.3f} {m['dm']:15,.0f}"
        )


if __name__ == "__main__":
    main()
