"""Risk screening of sites from country, sector, recruitment channel, recruiter licence and
migrant share: a pure function of a site's facts and data/risk.toml. Every point of the score
comes with its reason; unknown facts carry weight rather than counting as safe."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from haven.business.impactschema import RiskFile, risk_data


@dataclass(frozen=True)
class SiteFacts:
    name: str
    country: str
    isic: str
    recruitment_channel: str
    migrant_share: Decimal | None
    licence_status: str | None  # None: no recruiter involved


def gettext_noop(message: str) -> str:
    """Marks a built-in reason for the catalogs; it is translated where shown, not here."""
    return message


@dataclass(frozen=True)
class Reason:
    factor: str
    label: str  # English, as exported
    weight: int
    sources: tuple[str, ...]
    label_i18n: Mapping[str, str] = field(default_factory=dict)  # the data file's translations
    message: str = ""  # a built-in reason: its msgid, translated with `params` where shown
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Screening:
    site: str
    score: int
    level: str
    reasons: tuple[Reason, ...]


def _reason(factor: str, entry: object, weight: int) -> Reason:
    sources = tuple(f"{s.doc}:{s.lines}" for s in getattr(entry, "sources", ()))
    label_i18n = getattr(entry, "label_i18n", {})
    return Reason(factor, getattr(entry, "label", factor), weight, sources, label_i18n)


def screen(site: SiteFacts, data: RiskFile | None = None) -> Screening:
    data = data or risk_data()
    reasons = [r for r in (*_sector(site, data), _channel(site, data), *_rest(site, data)) if r]
    score = sum(r.weight for r in reasons)
    level = "high" if score >= data.high else "medium" if score >= data.medium else "low"
    ordered = tuple(sorted(reasons, key=lambda r: -r.weight))
    return Screening(site.name, score, level, ordered)


def _sector(site: SiteFacts, data: RiskFile) -> list[Reason]:
    return [_reason("sector", f, f.weight) for f in data.sector if site.isic[:2] in f.isic]


def _channel(site: SiteFacts, data: RiskFile) -> Reason | None:
    by_code = {c.code: c for c in data.channel}
    factor = by_code.get(site.recruitment_channel, by_code.get("unknown"))
    return (
        _reason("recruitment_channel", factor, factor.weight) if factor and factor.weight else None
    )


def _rest(site: SiteFacts, data: RiskFile) -> list[Reason | None]:
    return [_licence(site, data), _migrants(site, data), _country(site, data)]


def _licence(site: SiteFacts, data: RiskFile) -> Reason | None:
    factor = next((f for f in data.licence if f.status == site.licence_status), None)
    return _reason("recruiter_licence", factor, factor.weight) if factor else None


def _migrants(site: SiteFacts, data: RiskFile) -> Reason | None:
    if site.migrant_share is None:
        weight = data.unknown.migrants
        said = gettext_noop("Share of migrant workers not known")
        return Reason("migrant_share", said, weight, (), message=said)
    steps = sorted(data.migrants, key=lambda m: -m.at_least)
    factor = next((m for m in steps if site.migrant_share >= m.at_least), None)
    return _reason("migrant_share", factor, factor.weight) if factor else None


def _country(site: SiteFacts, data: RiskFile) -> Reason | None:
    factor = next((c for c in data.country if c.code == site.country), None)
    if factor is None:
        said = gettext_noop("Country %(country)s not assessed: add it to the country risk data")
        params = {"country": site.country}
        return Reason("country", said % params, data.unknown.country, (), {}, said, params)
    return _reason("country", factor, factor.weight) if factor.weight else None


def rank(sites: list[SiteFacts]) -> list[Screening]:
    """Screenings, the highest risk first (ties by name)."""
    return sorted((screen(s) for s in sites), key=lambda s: (-s.score, s.site))
