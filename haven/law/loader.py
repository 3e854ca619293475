"""Load the legal knowledge base from its data files, checking every file and every cross-link.

A bad file fails with its path, the entry at fault (by index and id) and the field, so a person
editing the data sees exactly what to mend. Plain Python: no Django needed.
"""

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from haven.core.i18n import check_translations
from haven.law import schema as s

DATA_DIR = Path(__file__).resolve().parent / "data"
Model = TypeVar("Model", bound=BaseModel)


class LawDataError(ValueError):
    """A data file is malformed or cites something that does not exist."""


@dataclass(frozen=True)
class LawBase:
    documents: dict[str, s.Document]
    instruments: dict[str, s.Instrument]
    provisions: dict[tuple[str, str], s.Provision]
    definition: s.DefinitionFile
    profiles: dict[str, s.DefinitionProfileData]
    rights: dict[str, s.Right]
    jurisdictions: dict[str, s.Jurisdiction]
    gaps: dict[str, s.GapRule]

    def provision(self, basis: s.Basis) -> s.Provision:
        return self.provisions[(basis.instrument, basis.article)]

    def all_sources(self) -> Iterable[tuple[str, s.Source]]:
        """Every (entry label, source) pair in the knowledge base, for checks against the seeds."""
        for instrument in self.instruments.values():
            yield from ((f"instrument {instrument.id}", src) for src in instrument.sources)
            for p in instrument.provisions:
                label = f"provision {instrument.id} art. {p.article}"
                yield from ((label, src) for src in p.sources)
        for label, entry in self._cited_entries():
            yield from ((label, src) for src in entry.sources)
        for right in self.rights.values():
            if right.recommendation is not None:
                label = f"right {right.code} recommendation"
                yield from ((label, src) for src in right.recommendation.sources)

    def all_bases(self) -> Iterable[tuple[str, s.Basis]]:
        for label, entry in self._cited_entries():
            yield from ((label, basis) for basis in entry.basis)

    def _cited_entries(self) -> Iterable[tuple[str, Any]]:
        d = self.definition
        for kind, terms in (("act", d.act), ("means", d.means), ("purpose", d.purpose)):
            yield from ((f"{kind} {t.code}", t) for t in terms)
        yield from ((f"rule {r.code}", r) for r in d.rule)
        yield from ((f"profile {p.code}", p) for p in self.profiles.values())
        yield from ((f"right {r.code}", r) for r in self.rights.values())
        yield from ((f"gap {g.code}", g) for g in self.gaps.values())


def _describe(data: Any, loc: Sequence[int | str]) -> str:
    """A readable path to the failing field, naming list entries by their id where they have one."""
    parts: list[str] = []
    node = data
    for key in loc:
        node = node[key] if isinstance(node, dict | list) and _has(node, key) else None  # type: ignore[index]  # node is a dict or list here (checked on the same line)
        if isinstance(key, int):
            parts[-1] += f"[{key}]" + _entry_name(node)
        else:
            parts.append(str(key))
    return " > ".join(parts) or "(file)"


def _entry_name(node: Any) -> str:
    if not isinstance(node, dict):
        return ""
    name = next((node[k] for k in ("id", "code", "article") if k in node), None)
    return f" ({name})" if name else ""


def _has(node: dict[str, Any] | list[Any], key: int | str) -> bool:
    if isinstance(node, dict):
        return key in node
    return isinstance(key, int) and 0 <= key < len(node)


def read_file(path: Path, model: type[Model]) -> Model:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise LawDataError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LawDataError(f"{path}: not valid TOML: {error}") from None
    try:
        return model.model_validate(data)
    except ValidationError as error:
        problems = [f"{path}: {_describe(data, e['loc'])}: {e['msg']}" for e in error.errors()]
        raise LawDataError("\n".join(problems)) from None


def _index(items: Iterable[Model], key: str, path: Path) -> dict[str, Model]:
    indexed: dict[str, Model] = {}
    for item in items:
        value = getattr(item, key)
        if value in indexed:
            raise LawDataError(f"{path}: {key} {value!r} appears twice")
        indexed[value] = item
    return indexed


def load_law(data_dir: Path = DATA_DIR) -> LawBase:
    def read(name: str, model: type[Model]) -> Model:
        return read_file(data_dir / f"{name}.toml", model)

    def index(items: Iterable[Model], key: str, name: str) -> dict[str, Model]:
        return _index(items, key, data_dir / f"{name}.toml")

    instruments = index(read("instruments", s.InstrumentsFile).instrument, "id", "instruments")
    base = LawBase(
        documents=index(read("documents", s.DocumentsFile).document, "id", "documents"),
        instruments=instruments,
        provisions={(i.id, p.article): p for i in instruments.values() for p in i.provisions},
        definition=read("definition", s.DefinitionFile),
        profiles=index(read("profiles", s.ProfilesFile).profile, "code", "profiles"),
        rights=index(read("rights", s.RightsFile).right, "code", "rights"),
        jurisdictions=index(
            read("jurisdictions", s.JurisdictionsFile).jurisdiction, "code", "jurisdictions"
        ),
        gaps=index(read("gaps", s.GapsFile).gap, "code", "gaps"),
    )
    _check_links(base, data_dir)
    _check_translations(base, data_dir)
    return base


def translated_labels(base: LawBase) -> Iterable[tuple[str, str, str, dict[str, str]]]:
    """(file, entry, field, table) for every label shown on pages that carries translations."""
    d = base.definition
    for kind, terms in (("act", d.act), ("means", d.means), ("purpose", d.purpose)):
        for term in terms:
            yield "definition.toml", f"{kind}[{term.code}]", "label_i18n", term.label_i18n
    for right in base.rights.values():
        yield "rights.toml", f"right[{right.code}]", "title_i18n", right.title_i18n
    for gap in base.gaps.values():
        yield "gaps.toml", f"gap[{gap.code}]", "title_i18n", gap.title_i18n
    for profile in base.profiles.values():
        yield "profiles.toml", f"profile[{profile.code}]", "name_i18n", profile.name_i18n
    for place in base.jurisdictions.values():
        yield "jurisdictions.toml", f"jurisdiction[{place.code}]", "name_i18n", place.name_i18n


def _check_translations(base: LawBase, data_dir: Path) -> None:
    problems = []
    for file, entry, field, table in translated_labels(base):
        try:
            check_translations(table, where=f"{data_dir / file}: {entry}.{field}")
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise LawDataError("\n".join(problems))


def _check_links(base: LawBase, data_dir: Path) -> None:
    problems = [
        f"{label}: basis {b.instrument} art. {b.article} is not a provision in instruments.toml"
        for label, b in base.all_bases()
        if (b.instrument, b.article) not in base.provisions
    ]
    problems += [
        f"jurisdiction {j.code}: definition_profile {j.definition_profile!r} is not a profile"
        for j in base.jurisdictions.values()
        if j.definition_profile not in base.profiles
    ]
    if problems:
        raise LawDataError("\n".join(f"{data_dir}: {p}" for p in problems))


@cache
def law() -> LawBase:
    """The built-in knowledge base, loaded once per process."""
    return load_law()
