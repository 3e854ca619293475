"""Cases benchmark: the case list's latency and the HTCDS export's throughput.

    .venv/bin/python bench/cases.py [--cases 100000] [--requests 100]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Generates --cases synthetic
cases in one organisation (persons with encrypted names and blind indexes, as Haven stores them,
and one deadline each, most of them met),
then times:
1. the case list page through the Django test client, signed in as a case manager (access
   check, query, decryption of the names shown, audit event, template), beside the raw SQL
   query for the same rows, as a ratio;
2. the HTCDS JSON export of every case (`haven htcds export`), in cases per second, beside the
   same rows read with a plain cursor in chunks and json.dumps'ed as tuples, as a ratio; then
   the export's peak traced memory (tracemalloc) for a fifth of the cases and for all of them,
   which stay alike when the export streams. --profile adds a cProfile of the export, --old
   times the export's code before issue 17 (kept in haven/htcds/tests/legacy_export.py).
Beside each wall-clock figure it prints the CPU time this process spent (time.process_time): on
a machine shared with other work that figure moves less, and on SQLite it includes the
database's own work. It prints figures; it asserts nothing (timings vary by machine). Run it
with --cases 1000000 for the issue's target scale.
"""

import argparse
import cProfile
import datetime
import io
import json
import pstats
import random
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup  # noqa: E402

FIRST = ["Ana", "Mai", "Ion", "Lan", "Amara", "Zainab", "Tomas", "Ilinca", "Nadia", "Chen"]
SECOND = ["Pop", "Tran", "Okafor", "Haddad", "Novak", "Radu", "Silva", "Nguyen", "Diallo"]
BATCH = 5000


def generate(count: int) -> object:
    from django.db import transaction

    from haven.accounts.roles import OrgType, Role
    from haven.cases.models import Case, CaseStatus, Deadline, Person
    from haven.testing.fixtures import make_organisation, make_user

    ngo = make_organisation("Bench NGO", OrgType.NGO)
    worker = make_user(ngo, Role.CASE_MANAGER, username="bench")
    rng = random.Random(11)
    statuses = [CaseStatus.ACTIVE] * 6 + [CaseStatus.FOLLOW_UP, CaseStatus.CLOSED]
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                Person(
                    organisation=ngo,
                    first_name=rng.choice(FIRST),
                    second_name=rng.choice(SECOND),
                    birthdate=datetime.date(1960, 1, 1)
                    + datetime.timedelta(days=rng.randrange(20000)),
                )
                for _ in range(size)
            )
            made = Case.objects.bulk_create(
                Case(
                    organisation=ngo,
                    person=p,
                    opened_by=worker,
                    assigned_to=worker,
                    status=rng.choice(statuses),
                )
                for p in persons
            )
            Deadline.objects.bulk_create(deadline(case, rng) for case in made)
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(f"generated {count} cases in {elapsed:.1f} s ({rate:.0f} cases/s, names encrypted)")
    analyse()
    return worker


def analyse() -> None:
    """Planner statistics, as a live database has them (PostgreSQL's autovacuum; SQLite's
    refresh in haven.core.sqlite): right after a bulk insert PostgreSQL has none, and the home
    page's deadline query took 0.6 s instead of 1 ms at 1,000,000 cases."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def deadline(case: object, rng: random.Random) -> object:
    """One deadline a case: most met long ago, a few open (the home page counts those)."""
    from haven.cases.models import Deadline

    today = datetime.date.today()
    due = today + datetime.timedelta(days=rng.randrange(-400, 60))
    done = due if rng.random() < 0.95 and due < today else None
    return Deadline(
        case=case,
        organisation_id=case.organisation_id,  # type: ignore[attr-defined]  # bulk_create skips save()
        code="reflection_period_end",
        title="Reflection period ends",
        due_on=due,
        source="screening",
        done_on=done,
    )


def time_case_list(worker: object, requests: int) -> None:
    from django.db import connection
    from django.test import Client

    from haven.testing.fixtures import verify_second_factor

    client = Client(HTTP_HOST="localhost")
    client.force_login(worker)  # type: ignore[arg-type]
    verify_second_factor(client, worker)  # type: ignore[arg-type]  # a case manager needs one
    assert client.get("/cases/").status_code == 200, "the bench user could not open the list"
    page, cpu = [], []
    for _ in range(requests):
        started, used = time.perf_counter(), time.process_time()
        response = client.get("/cases/")
        page.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
        assert response.status_code == 200
    raw = []
    sql = (
        "SELECT c.id, c.status, c.opened_at, p.first_name, p.second_name FROM cases_case c "
        "JOIN cases_person p ON p.id = c.person_id WHERE c.organisation_id = %s "
        "ORDER BY c.opened_at DESC, c.id DESC LIMIT 51"
    )
    with connection.cursor() as cursor:
        for _ in range(requests):
            started = time.perf_counter()
            cursor.execute(sql, [worker.organisation_id])  # type: ignore[attr-defined]
            cursor.fetchall()
            raw.append((time.perf_counter() - started) * 1000)
    for share, name in ((0.5, "p50"), (0.95, "p95")):
        ours, theirs = percentile(page, share), percentile(raw, share)
        ratio = ours / theirs
        figures = f"haven {ours:7.2f} ms   raw SQL {theirs:7.2f} ms   ratio {ratio:5.1f}x"
        print(
            f"case list {name}: {figures}   (CPU of this process {percentile(cpu, share):.2f} ms)"
        )


class Sink(io.TextIOBase):
    """A text stream that keeps only the count of characters written: the export's output
    would otherwise sit in memory and swamp the memory figures."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, text: str) -> int:
        self.size += len(text)
        return len(text)


def raw_export(chunk: int = 2000) -> tuple[int, int]:
    """The export's rows read with a plain cursor, CHUNK cases at a time by primary key, with
    the chunk's events and perpetrator contexts, each row json.dumps'ed as a tuple (nothing
    decrypted). Returns (cases, characters)."""
    from django.db import connection

    case_sql = (
        "SELECT c.id, o.name, p.first_name, p.middle_name, p.second_name, p.birthdate, "
        "p.gender, p.nationality, c.status, c.closure_reason, u.username, v.* "
        "FROM cases_case c JOIN accounts_organisation o ON o.id = c.organisation_id "
        "JOIN cases_person p ON p.id = c.person_id JOIN accounts_user u ON u.id = c.assigned_to_id "
        "LEFT JOIN cases_victimcontext v ON v.case_id = c.id "
        "WHERE c.id > %s ORDER BY c.id LIMIT %s"
    )
    child_sql = "SELECT * FROM {table} WHERE case_id >= %s AND case_id <= %s ORDER BY case_id, id"
    sink, cases, last = Sink(), 0, 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(case_sql, [last, chunk])
            rows = cursor.fetchall()
            if not rows:
                return cases, sink.size
            for table in ("cases_traffickingevent", "cases_perpetratorcontext"):
                cursor.execute(child_sql.format(table=table), [rows[0][0], rows[-1][0]])
                for child in cursor.fetchall():
                    sink.write(json.dumps(child, default=str))
            for row in rows:
                sink.write(json.dumps(row, default=str))
            cases += len(rows)
            last = rows[-1][0]


def _json_to_sink(cases: object) -> None:
    from haven.htcds.export import write_json_array

    write_json_array(cases, Sink())  # type: ignore[arg-type]


def _csv_to_sink(cases: object) -> None:
    from haven.htcds.export import columns_of, iter_records, write_csv

    write_csv(iter_records(cases), columns_of(cases), Sink())  # type: ignore[arg-type]


def old_export() -> int:
    """The export as it was before issue 17 (haven/htcds/tests/legacy_export.py), streamed the
    way write_json_array streamed it. Returns the characters written."""
    from haven.htcds.tests import legacy_export

    sink = Sink()
    sink.write("[")
    for number, record in enumerate(legacy_export.iter_records(legacy_export.cases_to_export())):
        text = json.dumps(record, indent=2, ensure_ascii=False)
        sink.write(("," if number else "") + "\n" + text)
    sink.write("\n]\n")
    return sink.size


def time_old_export(count: int) -> None:
    started, used = time.perf_counter(), time.process_time()
    old_export()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - used
    print(f"htcds export, old code: {count / elapsed:.0f} cases/s (CPU {count / cpu:.0f} cases/s)")


def time_export(count: int, profile: bool = False) -> None:
    """The command's JSON export of every case beside the raw read of the same rows, then the
    export's peak traced memory for the first fifth of the cases and for all of them."""
    from django.core.management import call_command

    from haven.cases.models import Case
    from haven.htcds.export import cases_to_export, write_json_array

    sink = Sink()
    started, used = time.perf_counter(), time.process_time()
    try:
        call_command("htcds", "export", "--format", "json", stdout=sink)
    except Exception as error:  # noqa: BLE001 - report and go on: the export is optional here
        print(f"htcds export: not measured ({error})")
        return
    elapsed, cpu = time.perf_counter() - started, time.process_time() - used
    started, used = time.perf_counter(), time.process_time()
    raw_cases, raw_size = raw_export()
    raw, raw_cpu = time.perf_counter() - started, time.process_time() - used
    assert raw_cases == count, (raw_cases, count)
    print(
        f"htcds export (json): {count} cases in {elapsed:.1f} s = {count / elapsed:.0f} cases/s "
        f"(CPU {count / cpu:.0f} cases/s), {sink.size / 1e6:.1f} MB; raw rows + json.dumps "
        f"{raw:.1f} s = {count / raw:.0f} cases/s (CPU {count / raw_cpu:.0f} cases/s), "
        f"{raw_size / 1e6:.1f} MB; ratio {elapsed / raw:.1f}x"
    )
    fifth = Case.objects.order_by("pk").values_list("pk", flat=True)[max(count // 5 - 1, 0)]
    for name, write in (("json", _json_to_sink), ("csv", _csv_to_sink)):
        peaks = []
        for cases in (cases_to_export().filter(pk__lte=fifth), cases_to_export()):
            tracemalloc.start()
            write(cases)
            peaks.append(tracemalloc.get_traced_memory()[1] / 1e6)
            tracemalloc.stop()
        print(
            f"htcds export ({name}) peak traced memory: {peaks[0]:.1f} MB for {count // 5} cases, "
            f"{peaks[1]:.1f} MB for {count} cases (process max RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
        )
    if profile:
        profiler = cProfile.Profile()
        profiler.runcall(write_json_array, cases_to_export(), Sink())
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", action="store_true", help="cProfile the export once more")
    parser.add_argument("--old", action="store_true", help="time the export's old code too")
    options = parser.parse_args()
    setup()
    worker = generate(options.cases)
    time_case_list(worker, options.requests)
    time_export(options.cases, options.profile)
    if options.old:
        time_old_export(options.cases)


if __name__ == "__main__":
    main()
