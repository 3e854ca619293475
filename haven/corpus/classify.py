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
# The base forms that open an imperative recommendation ("Ratify …", "To ratify …"): English
# does not mark the base form, so the verbs UN recommendations use are listed.
IMPERATIVES = (
    "abolish|accede|accelerate|accept|add|address|adjust|adopt|align|allocate|amend|apply|"
    "bring|broaden|build|carry|collect|combat|complete|comply|concentrate|conduct|consider|"
    "consolidate|continue|create|criminalize|deepen|design|develop|devote|draft|eliminate|"
    "elaborate|enact|encourage|enforce|engage|enhance|ensure|establish|examine|expedite|"
    "explore|extend|facilitate|finalize|formulate|foster|grant|guarantee|harmonize|heed|"
    "identify|implement|improve|incorporate|increase|integrate|intensify|introduce|invest|"
    "investigate|involve|launch|make|monitor|move|place|prevent|prioritize|proceed|prohibit|"
    "promote|prosecute|protect|provide|pursue|put|raise|ratify|reconsider|recognize|"
    "redouble|reform|regularize|reinforce|remove|repeal|respect|restitute|restore|review|"
    "revise|safeguard|seek|set|share|sign|step|strengthen|study|submit|support|sustain|"
    "take|undertake|withdraw|work"
)
# An adverb may come first ("Further improve", "Measurably improve", "To strictly implement");
# a few -ly words are nouns.
NOT_ADVERBS = r"(?!(?:[Ff]amily|Italy|[Aa]ssembly|[Ss]upply|[Rr]eply|[Ee]arly|[Ee]lderly)\b)"
ADVERB = rf"(?:{NOT_ADVERBS}(?:further|also|fully|[a-z]{{3,}}ly)\s+)?"
CAPITALISED_ADVERB = rf"{NOT_ADVERBS}(?:Further|Also|Fully|[A-Z][a-z]{{2,}}ly)\s+"
# A noun that looks like a verb ("Support for victims was …") is followed by a verb or "of".
NOT_OBJECT = r"(?!\s+(?:of|for|is|was|were|are|has|have|had|on)\b)"


def _imperative(verbs: str) -> re.Pattern[str]:
    """ "Ratify …", "To ratify …", "Further strengthen …", and a list item that goes on an
    enumerated recommendation ("(b) investigate such cases")."""
    capitalised = verbs.title()
    return re.compile(
        rf"^(?:To\s+{ADVERB}(?:{verbs})|{CAPITALISED_ADVERB}(?:{verbs})|(?:{capitalised})"
        rf"|\((?:[a-z]|[ivx]{{1,4}})\)\s+{ADVERB}(?:{verbs}))\b(?![\w-]){NOT_OBJECT}"
    )


# Whom a reported recommendation addresses: a name ("urged the Government to", "encouraged
# Slovenia, in view of …, to") or a common noun for a State or its organs ("invited the
# country to", "urged authorities to").
ADDRESSED = (
    r"\s+(?:(?:the|all|its|relevant|competent|national|local)\s+)*"
    r"(?:[A-Z][\w-]*|country|authorities|government|it|them|parties|institutions)\b[^.]*?\bto\b"
)
# The verb "recommend" with its object (a that-clause, "to …", "ensuring …", "the ratification
# of …", "(a) …", after "also", "inter alia" or "in 2012"); not the participle ("as
# recommended by", "the recommended measures") nor the noun.
RECOMMENDS = (
    # (The look-behinds after the literal word: at the start they slowed the joint search 6x.)
    r"\brecommend(?<!\bas recommend)(?<!\bpreviously recommend)(?<!\bthe recommend)"
    r"(?:s|ed|ing)?\b"
    r"(?:,?\s+(?:also|further|again|therefore|strongly|inter alia|in \d{4})\b,?)*"
    r"\s+(?!(?:by|during|in|at|on|for|as|and|or|under|with|from|earlier|previously)\b)"
    r"(?=[a-z]|\((?:[a-z]|[ivx]{1,4})\)|[A-Z][\w-]*\s+to\b)"
)
CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("consider", _imperative("consider|examine|study|explore")),
    ("should", _imperative(IMPERATIVES)),
    ("must", re.compile(r"\b(?:must|shall|(?:is|are) obliged to)\b")),
    ("consider", re.compile(r"\b(?:could|may|might)\s+(?:also\s+)?consider\b")),
    ("should", re.compile(r"\b(?:should|ought to|need to)\b")),
    ("should", re.compile(RECOMMENDS)),
    ("should", re.compile(r"\brecommendations?\s+(?:that\b|to" + ADDRESSED + r")")),
    (
        "should",
        re.compile(r"\b(?:urge[sd]?|call(?:s|ed)?\s+(?:up)?on|request(?:s|ed)?)" + ADDRESSED),
    ),
    ("should", re.compile(r"\brequest(?:s|ed)?\s+(?:to\s+[A-Z][\w-]*\s+)?that\b")),
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
# What the recommendation asks is the strength when it is to consider: "recommended that
# Slovenia consider …", "urged the Government to consider …", "should consider …".
GOVERNS_CONSIDER = re.compile(
    r"\s*(?:that\s+)?(?:(?:the|its|State|party|[A-Z][\w-]*)\s+){0,4}?(?:also\s+)?consider(?:ing)?\b"
)
# Words that look like cues and are not: a turn of phrase ("It should also be noted that")
# and the noun ("the need to strengthen"). Blanked out, length kept, before cues are sought.
NOT_CUES = re.compile(
    r"\b[Ii]t\s+should\s+(?:also\s+)?be\s+(?:noted|mentioned|recalled|pointed out|stressed|"
    r"emphasized|underlined|added)\b|\b(?:the|a|an|its|their|this)\s+need\s+to\b"
)


def _without_false_cues(sentence: str) -> str:
    return NOT_CUES.sub(lambda found: " " * len(found.group(0)), sentence)


def _has_cue(sentence: str) -> bool:
    return bool(_ANCHORED_CUES.match(sentence) or _OTHER_CUES.search(sentence))


# Not guidance however worded: a disclaimer, and the law of the land described ("the Act
# stipulates that …", "Pursuant to the Decree …, each authority must …"). A treaty is not
# listed: "Under the Convention, States must …" is guidance.
NOT_GUIDANCE = re.compile(
    r"\bshould not be construed\b|\b(?:stipulates|provides|prescribes|lays down) that\b"
    r"|^(?:According to|Pursuant to|Under)\s+(?:the\s+|its\s+|this\s+)?[^,]{0,120}?"
    r"\b(?:Act|Decree|Code|Rules|Ordinance|Regulations?)\b"
)


def _guidance_sentence(sentence: str) -> str | None:
    """The sentence with false cues blanked when it is guidance, else None."""
    # Most sentences have no cue: they are answered by the first search alone.
    if not _has_cue(sentence) or NOT_GUIDANCE.search(sentence):
        return None
    cleaned = _without_false_cues(sentence)
    return cleaned if _has_cue(cleaned) else None


def sentence_strength(sentence: str) -> tuple[str, str] | None:
    """(strength, the words that made it guidance) when the sentence is guidance: the
    earliest cue decides ("To examine the possibility … /ratify" is consider), unless what it
    asks is to consider ("recommended that Slovenia consider …")."""
    cleaned = _guidance_sentence(sentence)
    if cleaned is None:
        return None
    found = [(m.start(), m.end(), code) for code, cue in CUES for m in [cue.search(cleaned)] if m]
    if not found:
        return None
    start, end, code = min(found)
    if code == "should" and GOVERNS_CONSIDER.match(cleaned, end):
        code = "consider"
    return code, sentence[start:end].strip()


def is_guidance(text: str, *, in_recommendations: bool) -> bool:
    """A passage is guidance when one of its sentences is (under a recommendations heading
    too: a State's reply there is not guidance)."""
    return has_guidance(plain(text))


def has_guidance(plain_text: str) -> bool:
    """`is_guidance` of a text already without its footnote markers."""
    return any(_guidance_sentence(s) is not None for s in sentences(plain_text))


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


# The speaker of a reported recommendation, from the start of its sentence to the verb
# ("The Security Council urged States to …"), recommends: it is not whom the sentence
# addresses. A passive ("Businesses are encouraged to") keeps its subject, the addressee.
REPORTING_VERB = re.compile(
    r"\b(?:recommend(?:s|ed)|urge[sd]|call(?:s|ed)\s+(?:up)?on|encourage[sd]|invite[sd]"
    r"|request(?:s|ed))\b"
)
PASSIVE = (" is ", " are ", " was ", " were ", " be ", " been ")


def _without_speaker(sentence: str) -> str:
    for verb in REPORTING_VERB.finditer(sentence):
        speaker = sentence[: verb.start()]
        if ";" in speaker:
            break
        if not f" {speaker}".endswith(PASSIVE):
            return " " * len(speaker) + sentence[verb.start() :]
    return sentence


# "United States" is a State, and the State(s) in brackets at the end of a UPR
# recommendation ("(Norway);", "(Bolivia (Plurinational State of))") made it.
RECOMMENDER = re.compile(r"\bUnited States\b|\((?:[^()]|\([^()]*\))*\)[;.]?\s*$")


def _blank(found: re.Match[str]) -> str:
    return " " * len(found.group(0))


def _addressed_part(text: str) -> str:
    """The text without who recommends, sentence by sentence: where addressees are sought."""
    return " ".join(RECOMMENDER.sub(_blank, _without_speaker(s)) for s in sentences(text))


def classify(text: str) -> Classification:
    """Addressees, strength and topics of a passage, each with the words that gave it."""
    words = vocabulary()
    result = Classification()
    _strength(result, text, words)
    masked = _addressed_part(text)
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
