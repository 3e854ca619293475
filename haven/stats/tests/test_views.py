"""The dashboards, downloads and the yearly report, for each role including those refused."""

import csv
import io

import pytest
from openpyxl import load_workbook

from haven.audit.models import AuditEvent
from haven.cases.models import Case
from haven.stats import synthetic
from haven.stats.indicators import indicators

pytestmark = pytest.mark.django_db


def test_a_supervisor_sees_exact_figures_and_the_reading_is_audited(client, supervisor, cases):
    client.force_login(supervisor)
    page = client.get("/stats/").content.decode()
    female = Case.objects.filter(
        organisation=supervisor.organisation, person__gender="Feminine"
    ).count()
    assert "Exact figures" in page and f'<td class="shown">{female}</td>' in page
    assert "fewer than 11" not in page and "<svg" in page
    event = AuditEvent.objects.get(action="stats.viewed")
    assert event.details == {"page": "dashboard", "exact": True, "year": None}


def test_a_coordinator_sees_suppressed_and_complementary_cells(client, coordinator, cases):
    client.force_login(coordinator)
    page = client.get("/stats/").content.decode()
    assert "fewer than 11" in page and "suppressed (complementary)" in page
    assert "all organisations in GB" in page


def test_an_organisation_filter_that_leaves_out_few_persons_is_refused(
    client, coordinator, ngo, other_ngo, supervisor
):
    synthetic.populate([ngo], supervisor, 120, seed=3)
    synthetic.populate([other_ngo], supervisor, 4, seed=4)
    client.force_login(coordinator)
    page = client.get(f"/stats/?organisation={ngo.pk}").content.decode()
    case_level = [i for i in indicators() if i.records == "cases"]
    assert page.count("Not shown for this filter") == len(case_level)
    assert client.get(f"/stats/?organisation={other_ngo.pk}").status_code == 200
    assert client.get("/stats/?organisation=999999").status_code == 404
    assert client.get("/stats/?year=20x4").status_code == 404


def test_enforcement_and_front_line_workers_are_refused(
    client, frontline, police_coordinator, cases
):
    client.force_login(frontline)
    assert client.get("/stats/").status_code == 403
    client.force_login(police_coordinator)
    assert client.get("/stats/").status_code == 403


def test_csv_and_xlsx_carry_the_same_figures_as_the_page(client, coordinator, cases):
    client.force_login(coordinator)
    rows = list(
        csv.reader(io.StringIO(client.get("/stats/download.csv").content.decode("utf-8-sig")))
    )
    assert rows[0][:3] == ["Indicator", "Category", "Count"]
    notes = {row[4] for row in rows[1:]}
    assert "suppressed: fewer than k" in notes
    sheet = load_workbook(io.BytesIO(client.get("/stats/download.xlsx").content)).active
    assert [c.value for c in sheet[1]][:3] == ["Indicator", "Category", "Count"]
    assert sheet.max_row == len(rows)
    assert client.get("/stats/download.pdf").status_code == 404


def test_the_yearly_report_prints_figures_definitions_and_the_suppression_note(
    client, coordinator, cases
):
    client.force_login(coordinator)
    page = client.get("/stats/report/?year=2020").content.decode()
    assert "Report on trafficking in persons, 2020" in page
    assert "Counts from 1 to 10" in page and "CTDC variable gender" in page
    assert "Legal context" in page
