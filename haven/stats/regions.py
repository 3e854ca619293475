"""ISO 3166 alpha-2 country → UN M49 region, the CTDC export's first generalisation of a
country. Read from the table that ships with country_converter (coco), a maintained package
of country classifications; its own converter is not used (it does not load under pandas 3)."""

import csv
import functools
import importlib.util
from pathlib import Path

MISSING = "-99"


@functools.cache
def _regions() -> dict[str, str]:
    # Found without importing the package, which would import pandas.
    spec = importlib.util.find_spec("country_converter")
    assert spec is not None and spec.submodule_search_locations, "country_converter is missing"
    table = Path(spec.submodule_search_locations[0]) / "country_data.tsv"
    with table.open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t") if row["UNregion"]]
    # The table's ISO2 column is a pattern of alternatives, such as ^GB$|^UK$.
    return {_code(alt): row["UNregion"] for row in rows for alt in row["ISO2"].split("|") if alt}


def _code(alternative: str) -> str:
    return alternative.strip("^$")


def un_region(alpha2: str) -> str:
    """The UN region of a country, or -99 (CTDC's missing) when there is none to give."""
    return _regions().get(alpha2, MISSING) if alpha2 and alpha2 != MISSING else MISSING
