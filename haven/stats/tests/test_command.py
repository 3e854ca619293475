"""`haven stats summary` and `haven stats export --format ctdc`."""

import csv
import json
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from haven.audit.models import AuditEvent
from haven.cases.models import Case
from haven.stats.models import StatisticsSnapshot
from haven.stats.tests.conftest import consent

pytestmark = pytest.mark.django_db


def test_the_summary_gives_the_published_figures_as_json(capsys, cases):
    call_command("stats", "summary", "--country", "gb", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["country"] == "GB" and data["k"] == 11
    gender = next(i for i in data["indicators"] if i["id"] == "gender")
    assert gender["records"]["count"] == 400
    suppressed = [r for i in data["indicators"] for r in i["rows"] if r["suppressed"]]
    assert suppressed and all(r["count"] is None for r in suppressed)


def test_an_unknown_country_is_named(cases):
    with pytest.raises(CommandError, match="'QQ' is not an ISO 3166"):
        call_command("stats", "summary", "--country", "QQ")


def test_the_export_is_k_anonymous_consented_and_audited(tmp_path, capsys, supervisor, cases):
    for case in Case.objects.all()[:300]:
        consent(case, withdrawn=False, user=supervisor)
    out = tmp_path / "ctdc.csv"
    call_command(
        "stats", "export", "--format", "ctdc", "--k", "5", "--country", "GB", "--output", str(out)
    )
    report = json.loads(capsys.readouterr().out)
    rows = list(csv.DictReader(out.open()))
    assert report["records_in"] == 300 and report["records_out"] == len(rows)
    keys = (
        "yearOfRegistration",
        "gender",
        "ageBroad",
        "majorityStatusAtExploit",
        "citizenship",
        "CountryOfExploitation",
    )
    assert min(Counter(tuple(r[c] for c in keys) for r in rows).values()) >= 5
    event = AuditEvent.objects.get(action="stats.exported")
    assert event.details["records"] == len(rows) and event.details["k"] == 5
    assert list(tmp_path.iterdir()) == [out]


def test_an_export_to_a_missing_folder_writes_nothing(tmp_path, cases):
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "stats", "export", "--format", "ctdc", "--output", str(tmp_path / "no" / "x.csv")
        )
    assert not AuditEvent.objects.filter(action="stats.exported").exists()


def test_the_snapshot_command_counts_every_organisation(capsys, cases):
    call_command("stats", "snapshot")
    assert capsys.readouterr().out.strip() == "2 organisations counted."  # the two NGOs
    assert StatisticsSnapshot.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_enqueued_snapshot_is_counted_by_the_worker(capsys, cases):
    call_command("stats", "snapshot", "--enqueue")
    assert StatisticsSnapshot.objects.count() == 0
    call_command("worker", "--burst")
    assert StatisticsSnapshot.objects.count() == 2
    assert AuditEvent.objects.filter(action="stats.snapshots_stored").count() == 1
