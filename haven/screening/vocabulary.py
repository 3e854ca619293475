"""The screening vocabularies, loaded and checked once: codes the interview accepts, each with
its sources, and alert bases that must exist in the legal knowledge base."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from haven.law.loader import LawDataError, law, read_file
from haven.screening import vocabulary_schema as v

DATA_DIR = Path(__file__).resolve().parent / "data"
# prs_Gender value names of HTCDS, with plain words accepted for them.
GENDERS = {
    "Feminine": "Feminine",
    "Masculine": "Masculine",
    "TransgenderFeminine": "TransgenderFeminine",
    "TransgenderMasculine": "TransgenderMasculine",
    "NonConforming": "NonConforming",
    "NonSpecifiedUnknown": "NonSpecifiedUnknown",
    "female": "Feminine",
    "male": "Masculine",
    "transgender_female": "TransgenderFeminine",
    "transgender_male": "TransgenderMasculine",
    "non_conforming": "NonConforming",
    "unknown": "NonSpecifiedUnknown",
}


@dataclass(frozen=True)
class Vocabulary:
    vulnerabilities: dict[str, v.Vulnerability]
    categories: dict[str, v.IndicatorCategory]
    indicators: dict[str, v.IndicatorCategory]  # indicator code → its category
    indicator_labels: dict[str, str]
    settings: dict[str, v.Setting]
    offences: dict[str, v.Offence]
    alerts: dict[str, v.Alert]


def _unique(codes: list[str], what: str) -> None:
    repeated = sorted({c for c in codes if codes.count(c) > 1})
    if repeated:
        raise LawDataError(f"{DATA_DIR}: {what} codes repeated: {', '.join(repeated)}")


def load_vocabulary(data_dir: Path = DATA_DIR) -> Vocabulary:
    def path(name: str) -> Path:
        return data_dir / f"{name}.toml"

    categories = read_file(path("indicators"), v.IndicatorsFile).category
    items = [(i, c) for c in categories for i in c.indicator]
    _unique([i.code for i, _ in items], "indicator")
    vocabulary = Vocabulary(
        vulnerabilities={
            x.code: x
            for x in read_file(path("vulnerabilities"), v.VulnerabilitiesFile).vulnerability
        },
        categories={c.code: c for c in categories},
        indicators={i.code: c for i, c in items},
        indicator_labels={i.code: i.label for i, _ in items},
        settings={x.code: x for x in read_file(path("settings"), v.SettingsFile).setting},
        offences={x.code: x for x in read_file(path("offences"), v.OffencesFile).offence},
        alerts={x.code: x for x in read_file(path("alerts"), v.AlertsFile).alert},
    )
    _check_alert_bases(vocabulary, data_dir)
    return vocabulary


def _check_alert_bases(vocabulary: Vocabulary, data_dir: Path) -> None:
    missing = [
        f"alert {a.code}: basis {b.instrument} art. {b.article} is not in the legal knowledge base"
        for a in vocabulary.alerts.values()
        for b in a.basis
        if (b.instrument, b.article) not in law().provisions
    ]
    if missing:
        raise LawDataError("\n".join(f"{data_dir}: {m}" for m in missing))


@cache
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def codes_by_field() -> dict[str, list[dict[str, str]]]:
    """Every accepted code by the record field that takes it (`haven screen --vocabulary`)."""
    from haven.law.schema import ACTS, MEANS, PURPOSES

    voc = vocabulary()
    return {
        "encounter.setting": [{"code": s.code, "label": s.label} for s in voc.settings.values()],
        "person.gender": [{"code": code, "htcds": value} for code, value in GENDERS.items()],
        "vulnerabilities": [
            {"code": x.code, "label": x.label, "group": x.group}
            for x in voc.vulnerabilities.values()
        ],
        "indicators": [
            {"code": i.code, "label": i.label, "category": c.code}
            for c in voc.categories.values()
            for i in c.indicator
        ],
        "indicator_answers": [{"code": a} for a in ("yes", "no", "not_asked")],
        "facts.acts": [{"code": c} for c in ACTS],
        "facts.means": [{"code": c} for c in MEANS],
        "facts.purposes": [{"code": c} for c in PURPOSES],
        "situation.charged_offences": [
            {"code": o.code, "label": o.label} for o in voc.offences.values()
        ],
    }
