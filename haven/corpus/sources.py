"""The `Source` cell of a reference table, and mandate names. Plain Python, no Django.

Grammar (DOMAIN.md section 7): `<mandate> (<year>), <symbol> (para.<locator>)`, e.g.
`SR trafficking (2015), A/70/260 (para.45)` (seed 004 line 44); locators such as `89`,
`93(d)` (line 33) or `II.F.43` (line 77). Treaty-body sources name a general comment before
the year; its body is the abbreviation that opens it (`CRC General comment No.6: ...`).
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from haven.core.i18n import check_translations, localized

DATA = Path(__file__).parent / "data" / "mandates.toml"
SOURCE = re.compile(
    r"^(?P<mandate>.+?)\s*\((?P<year>\d{4})\),\s*(?P<symbol>[^\s(]+)\s*"
    r"\(paras?\.\s*(?P<locator>.+)\)\s*$"
)
BASE_NUMBER = re.compile(r"(\d+)(?:\([a-z]{1,4}\))?$")


class SourceError(ValueError):
    """The cell does not follow the source grammar."""


@dataclass(frozen=True)
class Mandate:
    name: str
    abbreviations: tuple[str, ...]
    detect: tuple[str, ...]
    kind: str
    source: str
    name_i18n: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Source:
    raw: str
    mandate: str  # as written: an abbreviation, or a general comment's title
    mandate_name: str  # the full name of the body
    year: int
    symbol: str
    locator: str  # as written: 93(d), II.F.43

    @property
    def paragraph_number(self) -> str:
        """The paragraph the locator points into: `93` for `93(d)`, `43` for `II.F.43`."""
        found = BASE_NUMBER.search(self.locator.split(".")[-1])
        return found.group(1) if found else ""

    @property
    def citation(self) -> str:
        return f"{self.symbol}, para. {self.locator}"


@cache
def mandates() -> tuple[Mandate, ...]:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    return load_mandates(data)


def load_mandates(data: dict[str, list[dict[str, object]]]) -> tuple[Mandate, ...]:
    """Mandates from parsed TOML; a bad ``name_i18n`` table fails naming the entry."""
    return tuple(
        Mandate(
            name=str(entry["name"]),
            abbreviations=tuple(entry.get("abbreviations", [])),  # type: ignore[arg-type]  # the mandates file is TOML: these are lists of str
            detect=tuple(entry.get("detect", [])),  # type: ignore[arg-type]  # the mandates file is TOML: these are lists of str
            kind=str(entry["kind"]),
            source=str(entry["source"]),
            name_i18n=check_translations(
                entry.get("name_i18n", {}), where=f"{DATA.name}: {entry['name']}: name_i18n"
            ),
        )
        for entry in data["mandate"]
    )


def mandate_label(name: str, language: str | None = None) -> str:
    """A body's full name as stored (English) in the active language, where translated;
    any other text (a document's own body line) is returned as it is."""
    for mandate in mandates():
        if mandate.name == name:
            return localized(mandate.name, mandate.name_i18n, language)
    return name


def resolve_mandate(written: str) -> str:
    """The full name for an abbreviation or a name; a general comment resolves to the
    committee whose abbreviation opens it; anything unknown is returned as written."""
    text = " ".join(written.split())
    for mandate in mandates():
        if text.lower() == mandate.name.lower() or text in mandate.abbreviations:
            return mandate.name
    # Longest abbreviation first, so "CMW / CRC ..." is not taken for "CRC ...".
    pairs = sorted(
        ((a, m.name) for m in mandates() for a in m.abbreviations), key=lambda p: -len(p[0])
    )
    for abbreviation, name in pairs:
        if text.startswith(abbreviation + " "):
            return name
    return text


def parse_source(raw: str) -> Source:
    found = SOURCE.match(" ".join(raw.split()))
    if not found:
        raise SourceError(f"not a source like 'SR trafficking (2015), A/70/260 (para.45)': {raw}")
    return Source(
        raw=raw,
        mandate=found.group("mandate"),
        mandate_name=resolve_mandate(found.group("mandate")),
        year=int(found.group("year")),
        symbol=found.group("symbol").rstrip(","),
        locator=found.group("locator").strip(),
    )


def detect_body(front_text: str) -> str:
    """The mandate or body a document's front page names, or ""."""
    for mandate in mandates():
        if any(phrase in front_text for phrase in mandate.detect):
            return mandate.name
    return ""
