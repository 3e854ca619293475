"""The business-law data files load, and a bad file is refused naming file, entry and field."""

import pytest

from haven.business.lawdata import DATA_DIR, load_laws, load_rates
from haven.law.loader import LawDataError
from haven.law.seeds import seed_lines, seeds_dir
from haven.testing.shared import unavailable


def test_the_shipped_files_load_with_every_law_once():
    assert [law.code for law in load_laws().law] == [
        "uk_msa_s54",
        "au_msa",
        "ca_tisca",
        "fr_vigilance",
        "eu_csddd",
    ]
    assert load_rates().rate


def test_a_turnover_threshold_without_a_currency_names_the_law_and_field(tmp_path):
    text = (DATA_DIR / "laws.toml").read_text().replace(', currency = "GBP"', "", 1)
    path = tmp_path / "laws.toml"
    path.write_text(text)
    with pytest.raises(LawDataError) as error:
        load_laws(path)
    assert f"{path}: law[0] (uk_msa_s54) > scope[0] > criteria[0]" in str(error.value)
    assert "needs a currency" in str(error.value)


def test_an_unknown_country_is_refused(tmp_path):
    text = (DATA_DIR / "laws.toml").read_text().replace('countries = ["AU"]', 'countries = ["QQ"]')
    path = tmp_path / "laws.toml"
    path.write_text(text)
    with pytest.raises(LawDataError, match="au_msa: 'QQ' is neither"):
        load_laws(path)


def test_a_missing_law_is_refused(tmp_path):
    text = (DATA_DIR / "laws.toml").read_text().replace('code = "au_msa"', 'code = "uk_msa_s54"')
    path = tmp_path / "laws.toml"
    path.write_text(text)
    with pytest.raises(LawDataError, match="exactly"):
        load_laws(path)


def test_rates_must_be_positive_and_name_the_block(tmp_path):
    path = tmp_path / "rates.toml"
    path.write_text((DATA_DIR / "rates.toml").read_text().replace('USD = "1.0389"', 'USD = "-1"'))
    with pytest.raises(LawDataError, match=r"rate\[0\] > per_eur > USD"):
        load_rates(path)


def test_every_seed_citation_exists_and_is_not_blank():
    directory = seeds_dir()
    if not any(directory.glob("000_*.txt")):
        reason = f"seed documents not found in {directory.resolve()} (set HAVEN_SEEDS_DIR)"
        unavailable(reason)
    for law in load_laws().law:
        for source in law.sources:
            lines = seed_lines(directory, source.doc)
            assert lines and source.last_line <= len(lines), (law.code, source)
            assert "".join(lines[source.first_line - 1 : source.last_line]).strip()
