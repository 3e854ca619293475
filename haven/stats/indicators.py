"""The indicators, as defined once in data/indicators.toml, and the pure mappings from stored
values to CTDC's categories. No Django.

Each text shown on a page (name, definition, numerator, denominator, basis) has its
translations beside it in the data file (``name_i18n`` ...), checked when loaded; a basis that
is only citations has none (citations read the same in every language); pages show them through
``Indicator.text``, downloads keep the English. ``vocabulary`` names the HTCDS picklist whose
labels show an indicator's categories (haven.htcds.vocabulary_label).
"""

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from haven.core.i18n import check_translations, localized

DATA = Path(__file__).parent / "data" / "indicators.toml"
KINDS = ("distribution", "multi", "days", "amounts")
TRANSLATED = ("name", "definition", "numerator", "denominator", "basis")
AGE_BANDS = ((0, 8), (9, 17), (18, 20), (21, 23), (24, 26), (27, 29), (30, 38), (39, 47))
CTDC_GENDER = {
    "Feminine": "Female",
    "Masculine": "Male",
    "TransgenderFeminine": "Transgender/NonConforming",
    "TransgenderMasculine": "Transgender/NonConforming",
    "NonConforming": "Transgender/NonConforming",
}


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    kind: str
    records: str
    source: str
    name: str
    definition: str
    numerator: str
    denominator: str
    basis: str
    transform: str = ""
    end: str = ""
    categories: tuple[str, ...] = ()
    missing: tuple[str, ...] = field(default=())
    vocabulary: str = ""
    translations: dict[str, dict[str, str]] = field(default_factory=dict, compare=False)

    def text(self, name: str, language: str | None = None) -> str:
        """One of the TRANSLATED texts in the active language (or ``language``)."""
        english: str = getattr(self, name)
        return localized(english, self.translations.get(name, {}), language)

    @property
    def local_name(self) -> str:
        return self.text("name")

    @property
    def local_definition(self) -> str:
        return self.text("definition")

    @property
    def local_numerator(self) -> str:
        return self.text("numerator")

    @property
    def local_denominator(self) -> str:
        return self.text("denominator")

    @property
    def local_basis(self) -> str:
        return self.text("basis")


class IndicatorError(ValueError):
    pass


@functools.cache
def indicators() -> tuple[Indicator, ...]:
    with DATA.open("rb") as handle:
        entries = tomllib.load(handle)["indicator"]
    return parse_indicators(entries)


def parse_indicators(entries: list[dict[str, Any]]) -> tuple[Indicator, ...]:
    """Indicators from the data file's entries; IndicatorError or ValueError names the entry."""
    return tuple(_indicator(n, entry) for n, entry in enumerate(entries, start=1))


def _translations(number: int, entry: dict[str, Any]) -> dict[str, dict[str, str]]:
    where = f"{DATA.name}: indicator {entry.get('id', number)}"
    return {
        name: check_translations(entry[f"{name}_i18n"], where=f"{where}: {name}_i18n")
        for name in TRANSLATED
        if f"{name}_i18n" in entry
    }


def _indicator(number: int, entry: dict[str, Any]) -> Indicator:
    lists = {key: tuple(entry[key]) for key in ("categories", "missing") if key in entry}
    translations = _translations(number, entry)
    plain = {k: v for k, v in entry.items() if not k.endswith("_i18n")}
    try:
        indicator = Indicator(**(plain | lists), translations=translations)
    except TypeError as error:
        raise IndicatorError(f"{DATA.name}: indicator {number}: {error}") from None
    if indicator.kind not in KINDS:
        raise IndicatorError(
            f"{DATA.name}: indicator {indicator.id}: unknown kind {indicator.kind!r}"
        )
    return indicator


def by_id(indicator_id: str) -> Indicator:
    for indicator in indicators():
        if indicator.id == indicator_id:
            return indicator
    raise KeyError(indicator_id)


def age_band(age: int) -> str:
    if age < 0:
        raise ValueError(f"an age cannot be negative ({age})")
    return next((f"{lo}--{hi}" for lo, hi in AGE_BANDS if lo <= age <= hi), "48+")


def category(indicator: Indicator, raw: object) -> str | None:
    """The category a stored value counts under, or None when the record lacks a value."""
    if raw is None or raw == "" or str(raw) in indicator.missing:
        return None if indicator.transform != "present" else "No"
    return _TRANSFORMS.get(indicator.transform, str)(raw)


_TRANSFORMS: dict[str, Callable[[Any], str | None]] = {
    "ctdc_gender": lambda raw: CTDC_GENDER.get(str(raw)),
    "ctdc_age_band": lambda raw: age_band(int(raw)),
    "ctdc_majority": lambda raw: "Minor" if int(raw) < 18 else "Adult",
    "yes_no": lambda raw: "Yes" if raw else "No",
    "present": lambda raw: "Yes",
}
