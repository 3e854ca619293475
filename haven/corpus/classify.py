"""Which passages are guidance, and for whom, how strong and about what. Plain Python.

Every tag keeps its evidence, the words that triggered it, so that a person can see why a
tag was given and correct it. The vocabulary is data (data/vocabulary.toml).
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data" / "vocabulary.toml"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    group: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Vocabulary:
    cues: re.Pattern[str]
    strengths: tuple[Term, ...]
    addressees: tuple[Term, ...]
    topics: tuple[Term, ...]

    def label(self, code: str) -> str:
        for term in (*self.strengths, *self.addressees, *self.topics):
            if term.code == code:
                return term.label
        return code


@dataclass
class Classification:
    addressee: list[str] = field(default_factory=list)
    strength: str = ""
    topics: list[str] = field(default_factory=list)
    evidence: dict[str, list[str]] = field(default_factory=dict)


def _pattern(terms: list[str], *, case_sensitive: bool = False) -> re.Pattern[str]:
    parts = [re.escape(t[:-1]) + r"[\w-]*" if t.endswith("*") else re.escape(t) for t in terms]
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


def _terms(entries: list[dict[str, object]], *, case_sensitive: bool = False) -> tuple[Term, ...]:
    return tuple(
        Term(
            code=str(e["code"]),
            label=str(e["label"]),
            group=str(e.get("group", "")),
            pattern=_pattern(list(e["terms"]), case_sensitive=case_sensitive),  # type: ignore[call-overload]
        )
        for e in entries
    )


@cache
def vocabulary() -> Vocabulary:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    return Vocabulary(
        cues=_pattern(data["guidance"]["cues"]),
        strengths=_terms(data["strength"]),
        # Addressees are proper nouns ("States", not "the state of affairs").
        addressees=_terms(data["addressee"], case_sensitive=True),
        topics=_terms(data["topic"]),
    )


def is_guidance(text: str, *, in_recommendations: bool) -> bool:
    return in_recommendations or bool(vocabulary().cues.search(text))


def _found(term: Term, text: str) -> list[str]:
    return list(dict.fromkeys(m.group(0) for m in term.pattern.finditer(text)))


def classify(text: str) -> Classification:
    """Addressees, strength and topics of a passage, each with the words that gave it."""
    words = vocabulary()
    result = Classification()
    for term in words.strengths:
        found = _found(term, text)
        if found:
            result.strength = term.code
            result.evidence[f"strength:{term.code}"] = found
            break
    for term in (*words.addressees, *words.topics):
        found = _found(term, text)
        if found:
            kind = "addressee" if term in words.addressees else "topic"
            getattr(result, "addressee" if kind == "addressee" else "topics").append(term.code)
            result.evidence[f"{kind}:{term.code}"] = found
    if not result.addressee:
        # Imperative guidance with no subject ("Undertake all the necessary measures",
        # seed 004 line 34) is addressed to States in these tools.
        result.addressee = ["states"]
        result.evidence["addressee:states"] = ["(imperative, no addressee named)"]
    if not result.strength:
        result.strength = "should"
        result.evidence["strength:should"] = ["(recommendation without a modal verb)"]
    return result
