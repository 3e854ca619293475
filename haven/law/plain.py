"""The rights in plain words, in the languages of the people Haven serves (the person's copy).

One file per language in ``data/plain/<code>.toml``: a ``[page]`` table of the copy's fixed
phrases and a ``[right.<code>]`` table per right, with ``text`` (what it means for the person and
what to ask for) and, where the right has a deadline, ``by`` (by when). English is the source:
every other file must hold the same keys, no empty text, and the same ``{placeholders}`` in each
phrase, so a translation can neither drop a right nor lose the date it must show. ``reviewed_by``
empty means no fluent reviewer has checked the file yet, and the copy says so.

These are not the interface languages: a person may read Tigrinya while the staff member works
in French, so the copy is written in the person's language whatever the interface shows.
Plain Python (no Django), like the rest of the knowledge base's loaders.
"""

import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from haven.law.loader import DATA_DIR, LawBase, LawDataError, law

PLAIN_DIR = DATA_DIR / "plain"
SOURCE = "en"
Phrase = Annotated[str, Field(min_length=1, max_length=600)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class PlainRight(_Strict):
    title: Annotated[str, Field(min_length=1, max_length=120)]
    text: Phrase
    by: Phrase | None = None


class PlainFile(_Strict):
    schema_version: Literal[1]
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[a-z]+)?$")]
    name: Annotated[str, Field(min_length=1, max_length=60)]
    english_name: Annotated[str, Field(min_length=1, max_length=60)]
    direction: Literal["ltr", "rtl"]
    # Which Django locale formats this language's dates; "" = ISO dates (no locale known).
    date_locale: str = ""
    # The words an interviewer may type in the interview's "language" field for this language.
    aliases: list[Annotated[str, Field(min_length=1)]] = []
    translated_by: Annotated[str, Field(min_length=1)]
    reviewed_by: str
    page: dict[str, Phrase]
    right: dict[str, PlainRight]


@dataclass(frozen=True)
class PlainLanguage:
    code: str
    name: str
    english_name: str
    direction: str
    date_locale: str
    aliases: frozenset[str]
    translated_by: str
    reviewed_by: str
    page: Mapping[str, str]
    rights: Mapping[str, PlainRight]

    @property
    def reviewed(self) -> bool:
        return bool(self.reviewed_by)

    def phrase(self, key: str, **values: object) -> str:
        """A page phrase with its placeholders filled (their names are checked at load)."""
        return self.page[key].format(**values)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _read(path: Path) -> PlainFile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise LawDataError(f"{path}: not valid TOML: {error}") from None
    try:
        return PlainFile.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{path}: {' > '.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        ]
        raise LawDataError("\n".join(problems)) from None


def _phrases(plain: PlainFile) -> dict[str, str]:
    """Every phrase by its place in the file: page.title, right.appeal.by, ..."""
    found = {f"page.{key}": text for key, text in plain.page.items()}
    for code, right in plain.right.items():
        found[f"right.{code}.title"] = right.title
        found[f"right.{code}.text"] = right.text
        if right.by is not None:
            found[f"right.{code}.by"] = right.by
    return found


def _check_source(path: Path, english: PlainFile, base: LawBase) -> list[str]:
    """English must cover every right, with a `by` exactly where the right has a deadline."""
    problems = [f"{path}: right.{c}: missing" for c in base.rights if c not in english.right]
    problems += [
        f"{path}: right.{c}: not a right in rights.toml"
        for c in english.right.keys() - base.rights.keys()
    ]
    for code, right in base.rights.items():
        plain = english.right.get(code)
        if plain is not None and (plain.by is None) != (right.deadline is None):
            need = "needs" if right.deadline else "must not have"
            problems.append(f"{path}: right.{code}.by: {need} a deadline phrase")
    return problems


def _check_against(path: Path, plain: PlainFile, english: PlainFile) -> list[str]:
    ours, source = _phrases(plain), _phrases(english)
    problems = [f"{path}: {key}: missing (English has it)" for key in source.keys() - ours.keys()]
    problems += [f"{path}: {key}: not in the English file" for key in ours.keys() - source.keys()]
    for key in ours.keys() & source.keys():
        want, got = placeholders(source[key]), placeholders(ours[key])
        if want != got:
            problems.append(
                f"{path}: {key}: placeholders {sorted(got)} differ from English {sorted(want)}"
            )
    if plain.language != path.stem:
        problems.append(f"{path}: language: {plain.language!r} differs from the file name")
    return problems


def _language(plain: PlainFile) -> PlainLanguage:
    return PlainLanguage(
        code=plain.language,
        name=plain.name,
        english_name=plain.english_name,
        direction=plain.direction,
        date_locale=plain.date_locale,
        aliases=frozenset(a.casefold() for a in (*plain.aliases, plain.name, plain.english_name)),
        translated_by=plain.translated_by,
        reviewed_by=plain.reviewed_by,
        page=plain.page,
        rights=plain.right,
    )


def load_plain(
    plain_dir: Path = PLAIN_DIR, base: LawBase | None = None
) -> dict[str, PlainLanguage]:
    """Every language file, checked against English and the rights; English first."""
    base = base or law()
    english_path = plain_dir / f"{SOURCE}.toml"
    if not english_path.exists():
        raise LawDataError(f"{english_path}: file not found (English is the source)")
    english = _read(english_path)
    problems = _check_source(english_path, english, base)
    files = {SOURCE: english}
    for path in sorted(plain_dir.glob("*.toml")):
        if path.stem != SOURCE:
            files[path.stem] = plain = _read(path)
            problems += _check_against(path, plain, english)
    problems += _check_against(english_path, english, english)
    if problems:
        raise LawDataError("\n".join(problems))
    return {code: _language(plain) for code, plain in files.items()}


@cache
def plain_languages() -> dict[str, PlainLanguage]:
    """The shipped languages of the person's copy, loaded once per process."""
    return load_plain()


def language_for(spoken: str | None, languages: Mapping[str, PlainLanguage]) -> str | None:
    """The shipped language the interview's free-text "language" names, if it names one."""
    word = (spoken or "").strip().casefold()
    if not word:
        return None
    if word in languages:
        return word
    return next((code for code, lang in languages.items() if word in lang.aliases), None)
