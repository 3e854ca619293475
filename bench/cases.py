"""Cases benchmark: the case list's latency and the HTCDS export's throughput.

    .venv/bin/python bench/cases.py [--cases 100000] [--requests 100]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Generates --cases synthetic
cases in one organisation (persons with encrypted names and blind indexes, as Haven stores them),
then times:
1. the case list page through the Django test client, signed in as a case manager (access
   check, query, decryption of the names shown, audit event, template), beside the raw SQL
   query for the same rows, as a ratio;
2. the HTCDS JSON export of every case, in cases per second.
Beside each wall-clock figure it prints the CPU time this process spent (time.process_time): on
a machine shared with other work that figure moves less, and on SQLite it includes the
database's own work. It prints figures; it asserts nothing (timings vary by machine). Run it
with --cases 1000000 for the issue's target scale.
"""

import argparse
import datetime
import random
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup  # noqa: E402

FIRST = ["Ana", "Mai", "Ion", "Lan", "Amara", "Zainab", "Tomas", "Ilinca", "Nadia", "Chen"]
SECOND = ["Pop", "Tran", "Okafor", "Haddad", "Novak", "Radu", "Silva", "Nguyen", "Diallo"]
BATCH = 5000


def generate(count: int) -> object:
    from django.db import transaction

    from haven.accounts.roles import OrgType, Role
    from haven.cases.models import Case, CaseStatus, Person
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
            Case.objects.bulk_create(
                Case(
                    organisation=ngo,
                    person=p,
                    opened_by=worker,
                    assigned_to=worker,
                    status=rng.choice(statuses),
                )
                for p in persons
            )
    elapsed = time.perf_counter() - started
    rate = count / elapsed
    print(f"generated {count} cases in {elapsed:.1f} s ({rate:.0f} cases/s, names encrypted)")
    return worker


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


def time_export(count: int) -> None:
    from django.core.management import call_command

    out = StringIO()
    started = time.perf_counter()
    try:
        call_command("htcds", "export", "--format", "json", stdout=out)
    except Exception as error:  # noqa: BLE001 - report and go on: the export is optional here
        print(f"htcds export: not measured ({error})")
        return
    elapsed = time.perf_counter() - started
    print(
        f"htcds export (json): {count} cases in {elapsed:.1f} s = {count / elapsed:.0f} cases/s, "
        f"{len(out.getvalue()) / 1e6:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=100)
    options = parser.parse_args()
    setup()
    worker = generate(options.cases)
    time_case_list(worker, options.requests)
    time_export(options.cases)


if __name__ == "__main__":
    main()
