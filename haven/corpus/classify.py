"""Which passages are guidance, and for whom, how strong and about what. Plain Python.

Every tag keeps its evidence, the words that triggered it, so that a person can see why a
tag was given and correct it. The vocabulary is data (data/vocabulary.toml); each term's
English ``label`` has its translations beside it (``label_i18n``), checked when loaded.
Exports and stored tags use the codes and English labels; pages show ``localized_label``.
"""

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from haven.core.i18n import check_translations, localized

DATA = Path(__file__).parent / "data" / "vocabulary.toml"


@dataclass(frozen=True)
class Term:
    code: str
    label: str
    group: str
    pattern: re.Pattern[str]
    label_i18n: dict[str, str] = field(default_factory=dict, compare=False)
    # Literal words every match contains (lower case unless case-sensitive): a text holding
    # none of them is skipped without running the pattern (most texts, most terms).
    stems: tuple[str, ...] = field(default=(), compare=False)
    case_sensitive: bool = field(default=False, compare=False)


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

    def localized_label(self, code: str, language: str | None = None) -> str:
        """The label in the active language (or ``language``); unknown codes stay as they are."""
        for term in (*self.strengths, *self.addressees, *self.topics):
            if term.code == code:
                return localized(term.label, term.label_i18n, language)
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


def _stems(terms: list[str], *, case_sensitive: bool) -> tuple[str, ...]:
    stems = (t.removesuffix("*") for t in terms)
    return tuple(stems if case_sensitive else (t.lower() for t in stems))


def _terms(
    kind: str, entries: list[dict[str, object]], *, case_sensitive: bool = False
) -> tuple[Term, ...]:
    return tuple(
        Term(
            code=str(e["code"]),
            label=str(e["label"]),
            group=str(e.get("group", "")),
            pattern=_pattern(list(e["terms"]), case_sensitive=case_sensitive),  # type: ignore[call-overload]  # the vocabulary file is TOML: terms is a list of str
            stems=_stems(list(e["terms"]), case_sensitive=case_sensitive),  # type: ignore[call-overload]  # the vocabulary file is TOML: terms is a list of str
            case_sensitive=case_sensitive,
            label_i18n=check_translations(
                e.get("label_i18n", {}), where=f"{DATA.name}: {kind}[{e['code']}].label_i18n"
            ),
        )
        for e in entries
    )


@cache
def vocabulary() -> Vocabulary:
    with DATA.open("rb") as handle:
        data = tomllib.load(handle)
    return load_vocabulary(data)


def load_vocabulary(data: dict[str, object]) -> Vocabulary:
    """The vocabulary from parsed TOML; a bad translation table fails naming the entry."""
    return Vocabulary(
        cues=_pattern(data["guidance"]["cues"]),  # type: ignore[index]  # the vocabulary file is TOML: guidance is a table
        strengths=_terms("strength", data["strength"]),  # type: ignore[arg-type]  # the vocabulary file is TOML: each kind is a list of tables
        # Addressees are proper nouns ("States", not "the state of affairs").
        addressees=_terms("addressee", data["addressee"], case_sensitive=True),  # type: ignore[arg-type]  # the vocabulary file is TOML: each kind is a list of tables
        topics=_terms("topic", data["topic"]),  # type: ignore[arg-type]  # the vocabulary file is TOML: each kind is a list of tables
    )


ABBREVIATIONS = (
    "para",
    "paras",
    "No",
    "art",
    "arts",
    "e.g",
    "i.e",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "pp",
    "p",
    "Corr",
    "Rev",
    "Add",
    "vol",
    "Nos",
)
SENTENCE_END = re.compile(r"(?<=[.!?;])[\"”’)]?\s+(?=[A-Z“\"(])")


def sentences(text: str) -> list[str]:
    """A passage cut into sentences (no cut after "para.", "No.", "e.g." …); a semicolon
    ends a sentence only where a new one starts in capitals (a list of recommendations)."""
    out: list[str] = []
    start = 0
    for found in SENTENCE_END.finditer(text):
        before = text[start : found.start()].rsplit(None, 1)[-1:] or [""]
        if before[0].rstrip(".;").rsplit("(", 1)[-1] in ABBREVIATIONS:
            continue
        out.append(text[start : found.start()].strip())
        start = found.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


# Sentence-level cues, each with the strength it gives. A recommendation is a verb of
# recommending addressed to someone, a modal, or an imperative; the noun alone ("welcomed
# the recommendations", "made a recommendation") and "requirements" are not.
IMPERATIVES = (
    "accede|adopt|address|align|allocate|amend|bring|combat|consider|continue|design|develop|"
    "eliminate|elaborate|enhance|ensure|establish|examine|explore|extend|facilitate|"
    "guarantee|harmonize|implement|improve|incorporate|increase|intensify|introduce|"
    "investigate|make|move|prevent|prioritize|promote|protect|provide|pursue|raise|ratify|"
    "redouble|repeal|review|seek|set|share|sign|step|strengthen|study|submit|support|take|"
    "undertake|accept|add|adjust|devote|guarantee|redouble|respect|withdraw"
)


def _imperative(verbs: str) -> re.Pattern[str]:
    """ "Ratify …" or, in UPR reports, "To ratify …" (also "To further strengthen …")."""
    return re.compile(rf"^(?:To\s+(?:further\s+)?(?:{verbs})|(?:{verbs.title()}))\b(?![\w-])")


ADDRESSED = r"\s+(?:the\s+|all\s+)?[A-Z][\w-]*[^.]*?\bto\b"  # "urged the Government to"
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("consider", _imperative("consider|examine|study|explore")),
    ("should", _imperative(IMPERATIVES)),
    ("must", re.compile(r"\b(?:must|shall|(?:is|are) obliged to)\b")),
    ("should", re.compile(r"\b(?:should|ought to|need to)\b")),
    ("should", re.compile(r"\brecommend(?:s|ed|ing)?\s+(?:that|to|\w+ing)\b")),
    ("should", re.compile(r"\brecommendations?\s+(?:that\b|to\s+the\s+\w+\s+to\b)")),
    (
        "should",
        re.compile(r"\b(?:urge[sd]?|call(?:s|ed)?\s+(?:up)?on|request(?:s|ed)?)" + ADDRESSED),
    ),
    ("should", re.compile(r"\b(?:is|are) (?:urged|called upon|requested) to\b")),
    ("consider", re.compile(r"\b(?:encourage[sd]?|invite[sd]?)" + ADDRESSED)),
    ("consider", re.compile(r"\b(?:is|are) (?:encouraged|invited) to\b")),
    ("consider", re.compile(r"\bconsideration (?:could|should|might|may) be given\b")),
    ("consider", re.compile(r"\bcould be (?:revised|amended|considered|reviewed)\b")),
)
# Every cue in two patterns: a sentence with none of them (most sentences of a report) is
# answered with two searches instead of one per cue. Alternatives match exactly when one of
# them does, so this changes no answer. The cues anchored at the start ("Ratify …") are
# tried there only (`match`): inside one search they were tried at every position (4x slower).
_ANCHORED_CUES = re.compile(
    "|".join(f"(?:{c.pattern.removeprefix('^')})" for _, c in CUES if c.pattern.startswith("^"))
)
_OTHER_CUES = re.compile(
    "|".join(f"(?:{c.pattern})" for _, c in CUES if not c.pattern.startswith("^"))
)


def _has_cue(sentence: str) -> bool:
    return bool(_ANCHORED_CUES.match(sentence) or _OTHER_CUES.search(sentence))


# Not guidance however worded: a disclaimer, and the law of the land described.
NOT_GUIDANCE = re.compile(
    r"\bshould not be construed\b|\b(?:stipulates|provides|prescribes|lays down) that\b"
)


def sentence_strength(sentence: str) -> tuple[str, str] | None:
    """(strength, the words that made it guidance) when the sentence is guidance: the
    earliest cue decides ("To examine the possibility … /ratify" is consider)."""
    if not _has_cue(sentence) or NOT_GUIDANCE.search(sentence):
        return None
    found = [
        (m.start(), code, m.group(0)) for code, cue in CUES for m in [cue.search(sentence)] if m
    ]
    if not found:
        return None
    _, code, words = min(found, key=lambda f: f[0])
    return code, words.strip()


def is_guidance(text: str, *, in_recommendations: bool) -> bool:
    """A passage is guidance when one of its sentences is (under a recommendations heading
    too: a State's reply there is not guidance)."""
    return has_guidance(plain(text))


def has_guidance(plain_text: str) -> bool:
    """`is_guidance` of a text already without its footnote markers."""
    return any(_has_cue(s) and not NOT_GUIDANCE.search(s) for s in sentences(plain_text))


def plain(text: str) -> str:
    from haven.corpus.structure import plain_text

    return plain_text(text)


def _found(term: Term, text: str, lowered: str) -> list[str]:
    haystack = text if term.case_sensitive else lowered
    for stem in term.stems:  # a plain loop: this runs for every term of every passage
        if stem in haystack:
            return list(dict.fromkeys(m.group(0) for m in term.pattern.finditer(text)))
    return []


def _strength(result: Classification, text: str, words: Vocabulary) -> None:
    """The earliest cue of the first guidance sentence; else a strength term of the text."""
    strengths = [f for f in (sentence_strength(s) for s in sentences(text)) if f]
    if strengths:
        result.strength = strengths[0][0]
        result.evidence[f"strength:{strengths[0][0]}"] = [strengths[0][1]]
        return
    for term in words.strengths:
        found = _found(term, text, text.lower())
        if found:
            result.strength = term.code
            result.evidence[f"strength:{term.code}"] = found
            return


def classify(text: str) -> Classification:
    """Addressees, strength and topics of a passage, each with the words that gave it."""
    words = vocabulary()
    result = Classification()
    _strength(result, text, words)
    # "United States" is a State recommending, and "(Norway)" at the end of a UPR
    # recommendation names who made it: neither is whom it addresses.
    masked = re.sub(r"\bUnited States\b|\([^()]*\)[;.]?\s*$", " ", text)
    lowered = text.lower()
    # Addressees, then topics, each group by itself (asking `term in words.addressees` of
    # every term compared whole dataclasses, field by field: 100,000 comparisons an ingest).
    for kind, terms, where, tags in (
        ("addressee", words.addressees, masked, result.addressee),
        ("topic", words.topics, text, result.topics),
    ):
        for term in terms:
            found = _found(term, where, lowered)
            if found:
                tags.append(term.code)
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
