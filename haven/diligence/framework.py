"""The due-diligence framework (data/framework.toml) and the tags it suggests. No Django.

A suggestion always carries its evidence: the words of the recommendation that matched. Only a
recommendation that concerns trafficking (by its theme or its words) is tagged, because seed
001's areas describe the response to trafficking, not every human-rights recommendation.
"""

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from haven.core.i18n import check_translations

DATA = Path(__file__).resolve().parent / "data" / "framework.toml"
TRAFFICKING_WORDS = ("traffick", "forced labour", "forced labor", "slavery", "servitude")


@dataclass(frozen=True)
class Area:
    code: str
    title: str
    section: str
    paras: tuple[str, ...]
    keywords: tuple[str, ...]
    title_i18n: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return f"A/70/260, section {self.section} (paras. {self.paras[0]}-{self.paras[-1]})"


DATA_KINDS = ("reflection_period", "gap", "stats")


@dataclass(frozen=True)
class Criterion:
    code: str
    question: str
    question_i18n: dict[str, str] = field(default_factory=dict)
    # What Haven holds that answers it: "reflection_period", "gap:<rule>", "stats:<indicator>".
    data: tuple[str, ...] = ()


@dataclass(frozen=True)
class Obligation:
    code: str
    duty: str
    area: str
    summary: str
    paras: tuple[str, ...]
    basis: tuple[tuple[str, str], ...]
    criteria: tuple[Criterion, ...]
    summary_i18n: dict[str, str] = field(default_factory=dict)

    @property
    def citation(self) -> str:
        return "A/70/260, paras. " + ", ".join(self.paras)


@dataclass(frozen=True)
class Framework:
    document: str
    areas: dict[str, Area]
    obligations: tuple[Obligation, ...]
    right_keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def obligations_for(self, area: str) -> list[Obligation]:
        return [item for item in self.obligations if item.area == area]

    def criterion(self, code: str) -> tuple[Obligation, Criterion] | None:
        for obligation in self.obligations:
            for criterion in obligation.criteria:
                if criterion.code == code:
                    return obligation, criterion
        return None


@cache
def framework(path: Path = DATA) -> Framework:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = path.name
    areas = {item["code"]: _area(item, f"{name}: area[{i}] ({item['code']})")
             for i, item in enumerate(data["area"])}  # fmt: skip
    return Framework(
        document=data["document"],
        areas=areas,
        obligations=tuple(
            _obligation(item, f"{name}: obligation[{i}] ({item['code']})")
            for i, item in enumerate(data["obligation"])
        ),
        right_keywords={r["right"]: tuple(r["keywords"]) for r in data["right_keywords"]},
    )


def _translations(item: dict[str, Any], key: str, where: str) -> dict[str, str]:
    """The entry's `<key>` table of translations, checked: a bad one names file, entry, field."""
    return check_translations(item.get(key, {}), where=f"{where}.{key}")


def _area(item: dict[str, Any], where: str) -> Area:
    return Area(
        item["code"], item["title"], item["section"], tuple(item["paras"]), tuple(item["keywords"]),
        _translations(item, "title_i18n", where),
    )  # fmt: skip


def _criterion(item: dict[str, Any], where: str) -> Criterion:
    data = tuple(item.get("data", ()))
    for source in data:
        if data_kind(source) not in DATA_KINDS:
            raise ValueError(f"{where}.data: unknown source {source!r}")
    question_i18n = _translations(item, "question_i18n", where)
    return Criterion(item["code"], item["question"], question_i18n, data)


def data_kind(source: str) -> str:
    """ "gap:no_free_legal_aid" -> "gap"; "reflection_period" -> itself."""
    return source.partition(":")[0]


def _obligation(item: dict[str, Any], where: str) -> Obligation:
    return Obligation(
        code=item["code"],
        duty=item["duty"],
        area=item["area"],
        summary=item["summary"],
        paras=tuple(item["paras"]),
        basis=tuple((b["instrument"], b["article"]) for b in item["basis"]),
        criteria=tuple(
            _criterion(c, f"{where} > criterion[{i}] ({c['code']})")
            for i, c in enumerate(item["criterion"])
        ),
        summary_i18n=_translations(item, "summary_i18n", where),
    )


def concerns_trafficking(text: str, themes: list[str]) -> list[str]:
    """The words or themes showing a recommendation concerns trafficking ([] if none)."""
    lowered = text.lower()
    found = [word for word in TRAFFICKING_WORDS if word in lowered]
    return found + [theme for theme in themes if "traffick" in theme.lower()]


def suggest_tags(text: str, themes: list[str]) -> dict[str, Any]:
    """{"areas": [...], "rights": [...], "evidence": {"areas": {code: words}, ...}}."""
    basis = concerns_trafficking(text, themes)
    if not basis:
        return {"areas": [], "rights": [], "evidence": {}}
    base = framework()
    lowered = text.lower()
    areas = _matches({a.code: a.keywords for a in base.areas.values()}, lowered)
    rights = _matches(base.right_keywords, lowered)
    evidence = {"trafficking": basis, "areas": areas, "rights": rights}
    return {"areas": list(areas), "rights": list(rights), "evidence": evidence}


def _matches(keywords: dict[str, tuple[str, ...]], lowered: str) -> dict[str, list[str]]:
    found = {code: [word for word in words if word in lowered] for code, words in keywords.items()}
    return {code: words for code, words in found.items() if words}
