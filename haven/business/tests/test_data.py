"""The risk, metric and procurement data files load, cite seed lines that exist, and carry
translations of their labels that are checked when loaded."""

import pytest

from haven.business.impactschema import DATA_DIR, load_metrics, load_procurement, load_risk
from haven.law.loader import LawDataError
from haven.law.seeds import seed_lines, seeds_dir
from haven.testing.shared import unavailable


def test_the_files_load():
    assert load_risk().channel and load_metrics().metric and load_procurement().requirement


def test_a_bad_weight_names_the_entry_and_field(tmp_path):
    path = tmp_path / "risk.toml"
    path.write_text((DATA_DIR / "risk.toml").read_text().replace("weight = 3", "weight = 99", 1))
    with pytest.raises(LawDataError, match=r"sector\[0\] \(labour_intensive\) > weight"):
        load_risk(path)


def test_every_cited_seed_line_exists():
    directory = seeds_dir()
    if not any(directory.glob("000_*.txt")):
        reason = f"seed documents not found in {directory.resolve()} (set HAVEN_SEEDS_DIR)"
        unavailable(reason)
    risk = load_risk()
    entries = [*risk.sector, *risk.channel, *risk.licence, *risk.migrants]
    entries += [*load_metrics().metric, *load_procurement().requirement]
    for entry in entries:
        for source in entry.sources:
            lines = seed_lines(directory, source.doc)
            assert lines and source.last_line <= len(lines), (entry, source)
            assert "".join(lines[source.first_line - 1 : source.last_line]).strip(), (entry, source)
