"""Load the business-law data files; a bad file fails naming the file, the entry and the field."""

import datetime as dt
from functools import cache
from pathlib import Path

from haven.business.lawschema import LawsFile, RateSet, RatesFile
from haven.law.loader import LawDataError, read_file

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_laws(path: Path = DATA_DIR / "laws.toml") -> LawsFile:
    return read_file(path, LawsFile)


def load_rates(path: Path = DATA_DIR / "rates.toml") -> RatesFile:
    rates = read_file(path, RatesFile)
    dates = [r.date for r in rates.rate]
    if len(set(dates)) != len(dates):
        raise LawDataError(f"{path}: two rate blocks share a date")
    return rates


@cache
def laws() -> LawsFile:
    return load_laws()


@cache
def rates() -> RatesFile:
    return load_rates()


def rates_on(on: dt.date, table: RatesFile | None = None) -> RateSet:
    """The latest rates dated on or before `on` (the earliest if `on` precedes them all)."""
    sets = sorted((table or rates()).rate, key=lambda r: r.date)
    earlier = [r for r in sets if r.date <= on]
    return earlier[-1] if earlier else sets[0]
