"""Inbox benchmark: what the navigation's counts and the home page's queues cost.

    .venv/bin/python bench/inbox.py [--cases 20000] [--requests 200]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL). Generates --cases cases in one
NGO, each with a tracked deadline (a third of them due within the fortnight) and a support plan
with a proposed service, and as many screenings submitted to a civil authority, then times:
1. the navigation's counts (`waiting.total`, a fresh request each time) for a case manager and
   for a decision-team member, beside the same COUNT queries in raw SQL, as a ratio;
2. the home page (`/`) through the Django test client for the case manager.
It prints figures; it asserts nothing (timings vary by machine).
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import percentile, setup  # noqa: E402

BATCH = 5000


def generate(count: int) -> tuple[object, object]:
    from django.db import transaction
    from django.utils import timezone

    from haven.accounts.roles import OrgType, Role
    from haven.cases.models import Case, Deadline, Person
    from haven.screening.models import Screening
    from haven.support.models import Service, SupportPlan
    from haven.testing.fixtures import make_organisation, make_user

    ngo = make_organisation("Bench NGO", OrgType.NGO)
    authority = make_organisation("Bench Authority", OrgType.CENTRAL_GOVERNMENT)
    manager = make_user(ngo, Role.CASE_MANAGER, username="bench-manager")
    member = make_user(authority, Role.DECISION_TEAM, username="bench-member")
    today, now = timezone.localdate(), timezone.now()
    started = time.perf_counter()
    for start in range(0, count, BATCH):
        size = min(BATCH, count - start)
        with transaction.atomic():
            persons = Person.objects.bulk_create(
                Person(organisation=ngo, first_name="Ana", second_name="Pop") for _ in range(size)
            )
            cases = Case.objects.bulk_create(
                Case(organisation=ngo, person=p, opened_by=manager, assigned_to=manager)
                for p in persons
            )
            Deadline.objects.bulk_create(
                Deadline(
                    case=c,
                    organisation=ngo,  # bulk_create skips save(), which copies the case's
                    code="reflection_period",
                    title="Recovery and reflection period",
                    due_on=today + datetime.timedelta(days=(i % 45) - 5),
                    source="manual",
                )
                for i, c in enumerate(cases)
            )
            plans = SupportPlan.objects.bulk_create(
                SupportPlan(case=c, goals="Safety", created_by=manager) for c in cases
            )
            Service.objects.bulk_create(
                Service(plan=p, organisation=ngo, kind="accommodation") for p in plans
            )
            Screening.objects.bulk_create(
                Screening(
                    case=c,
                    interviewer=manager,
                    jurisdiction="GB",
                    encounter_date=today,
                    record="{}",
                    result="{}",
                    reasonable_grounds=True,
                    early_support_recommended=True,
                    submitted_to=authority,
                    submitted_at=now,
                )
                for c in cases
            )
    print(f"generated {count} cases with deadlines, services and screenings in "
          f"{time.perf_counter() - started:.1f} s")  # fmt: skip
    return manager, member


RAW = {
    "manager": [
        "SELECT COUNT(*) FROM referrals_referral WHERE to_organisation_id = %(org)s "
        "AND status = 'sent'",
        "SELECT COUNT(*) FROM cases_deadline d JOIN cases_case c ON c.id = d.case_id "
        "WHERE c.organisation_id = %(org)s AND d.done_on IS NULL AND d.due_on <= %(horizon)s",
        "SELECT COUNT(*) FROM support_service s JOIN support_supportplan p ON p.id = s.plan_id "
        "JOIN cases_case c ON c.id = p.case_id WHERE c.organisation_id = %(org)s "
        "AND s.status = 'proposed' AND s.consent_given_on IS NULL",
    ],
}
# The decision team counts the same three kinds for its own organisation, and two more.
RAW["member"] = [
    *RAW["manager"],
    "SELECT COUNT(*) FROM screening_screening s WHERE s.submitted_to_id = %(org)s "
    "AND NOT EXISTS (SELECT 1 FROM screening_decision d WHERE d.screening_id = s.id)",
    "SELECT COUNT(*) FROM screening_appeal a JOIN screening_decision d ON d.id = a.decision_id "
    "JOIN screening_screening s ON s.id = d.screening_id WHERE s.submitted_to_id = %(org)s "
    "AND NOT EXISTS (SELECT 1 FROM screening_decision e WHERE e.appeal_id = a.id)",
]


def _time(run: object, requests: int) -> list[float]:
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def time_counts(name: str, user: object, requests: int) -> None:
    from django.db import connection
    from django.test.client import RequestFactory
    from django.utils import timezone

    from haven.inbox.context_processors import waiting

    assert user.capabilities  # type: ignore[attr-defined]  # loaded by every page already

    def ours() -> None:
        request = RequestFactory().get("/")
        request.user = user  # type: ignore[assignment]
        waiting(request)["waiting"]["total"]

    horizon = timezone.localdate() + datetime.timedelta(days=14)
    params = {"org": user.organisation_id, "horizon": horizon}  # type: ignore[attr-defined]

    def raw() -> None:
        with connection.cursor() as cursor:
            for sql in RAW[name]:
                cursor.execute(sql, params)
                cursor.fetchall()

    _report(f"nav counts ({name})", _time(ours, requests), _time(raw, requests))


def time_home(user: object, requests: int) -> None:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)  # type: ignore[arg-type]
    client.get("/")
    timings = _time(lambda: client.get("/"), requests)
    print(f"home page (case manager): p50 {percentile(timings, 0.5):7.2f} ms   "
          f"p95 {percentile(timings, 0.95):7.2f} ms")  # fmt: skip


def _report(label: str, ours: list[float], raw: list[float]) -> None:
    for share, name in ((0.5, "p50"), (0.95, "p95")):
        mine, theirs = percentile(ours, share), percentile(raw, share)
        print(f"{label} {name}: haven {mine:7.2f} ms   raw SQL {theirs:7.2f} ms   "
              f"ratio {mine / theirs:5.1f}x")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200)
    options = parser.parse_args()
    setup()
    manager, member = generate(options.cases)
    time_counts("manager", manager, options.requests)
    time_counts("member", member, options.requests)
    time_home(manager, max(options.requests // 10, 5))


if __name__ == "__main__":
    main()
