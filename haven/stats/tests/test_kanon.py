"""k-anonymity of the CTDC export, checked by a group-by written apart from the exporter, on
generated data of 50,000 cases."""

import csv
import io
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.stats import ctdc, kanon, synthetic
from haven.stats.ctdc import MISSING

# Every column a quasi-identifier can be written to, including the one an age generalised to
# majority status goes to.
LINKABLE = ("yearOfRegistration", "gender", "ageBroad", "majorityStatusAtExploit", "citizenship",
            "CountryOfExploitation")  # fmt: skip


@pytest.fixture(scope="module")
def export_50k():
    rows = ctdc.rows(list(synthetic.sources(50_000, seed=7)))
    out, report = kanon.anonymise(rows, 11)
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=ctdc.COLUMNS)
    writer.writeheader()
    writer.writerows(out)
    return rows, text.getvalue(), report


def test_every_combination_of_linkable_values_is_shared_by_at_least_k_records(export_50k):
    _, text, _ = export_50k
    written = list(csv.DictReader(io.StringIO(text)))
    groups = Counter(tuple(r[c] for c in LINKABLE) for r in written)
    assert written and min(groups.values()) >= 11


def test_the_report_accounts_for_every_record(export_50k):
    rows, text, report = export_50k
    written = text.count("\n") - 1
    assert report.records_in == len(rows) == 50_000
    assert report.records_out == written == report.records_in - report.suppressed
    assert report.suppressed < report.records_in * 0.2


def test_the_local_recoding_loses_no_more_than_the_best_full_domain_generalisation(export_50k):
    rows, _, report = export_50k
    combos = Counter(tuple(r[qi] for qi in ctdc.QUASI_IDENTIFIERS) for r in rows)
    losses = [loss for loss, _, _ in kanon._search(combos, 11)]
    assert report.nodes_tried == len(losses) == 162
    assert report.method == "local" and report.loss <= min(losses)
    # The full-domain method lost 0.42 of every quasi-identifier cell on such data.
    assert report.average_ncp < 0.15 < min(losses) / (len(rows) * 5)


def test_values_are_kept_where_enough_records_share_them(export_50k):
    _, text, _ = export_50k
    written = list(csv.DictReader(io.StringIO(text)))
    kept = Counter(r["citizenship"] for r in written)
    assert kept["NG"] > 1000 and kept["VN"] > 1000  # the common countries stay countries


def test_an_age_published_as_a_run_of_bands_keeps_its_majority_status(export_50k):
    _, text, _ = export_50k
    written = list(csv.DictReader(io.StringIO(text)))
    runs = {r["ageBroad"]: r["majorityStatusAtExploit"] for r in written}
    assert any(band.endswith("+") and band != "48+" for band in runs)  # e.g. "30+"
    for band, status in runs.items():
        if band != MISSING:
            low = int(band.split("--")[0].rstrip("+"))
            assert status == ("Minor" if low < 18 else "Adult")


LINKABLE_VALUES = {
    "yearOfRegistration": ["2015", "2016", "2019", "2020", "2024"],
    "gender": ["Female", "Male", MISSING],
    "ageBroad": ["0--8", "9--17", "18--20", "30--38", "48+", MISSING],
    "citizenship": ["NG", "VN", "TH", "FJ", MISSING],
    "CountryOfExploitation": ["GB", "FR", "NG", MISSING],
}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(*(st.sampled_from(v) for v in LINKABLE_VALUES.values())), max_size=300),
    st.integers(2, 12),
)
def test_any_data_and_any_k_give_groups_of_at_least_k(combos, k):
    rows = []
    for combo in combos:
        row = dict(zip(ctdc.QUASI_IDENTIFIERS, combo, strict=True))
        age = row["ageBroad"]
        row["majorityStatusAtExploit"] = (
            MISSING if age == MISSING else ("Minor" if age in ("0--8", "9--17") else "Adult")
        )
        rows.append(row)
    out, report = kanon.anonymise(rows, k)
    groups = Counter(tuple(r[c] for c in LINKABLE) for r in out)
    assert not groups or min(groups.values()) >= k
    assert report.records_out == len(out) == len(rows) - report.suppressed


def test_generalisation_climbs_each_hierarchy():
    assert kanon.generalise("2023", "yearOfRegistration", 1) == "2020--2024"
    assert kanon.generalise("21--23", "ageBroad", 1) == "Adult"
    assert kanon.generalise("9--17", "ageBroad", 1) == "Minor"
    assert kanon.generalise("VN", "citizenship", 1) == "South-eastern Asia"
    assert kanon.generalise("VN", "citizenship", 2) == MISSING


def test_a_dataset_of_identical_records_loses_nothing():
    row = ctdc.row(next(synthetic.sources(1)))
    out, report = kanon.anonymise([row] * 20, 11)
    assert len(out) == 20 and report.suppressed == 0 and report.loss == 0


def test_fewer_records_than_k_are_all_suppressed():
    rows = ctdc.rows(list(synthetic.sources(5)))
    out, report = kanon.anonymise(rows, 11)
    assert out == [] and report.suppressed == 5
