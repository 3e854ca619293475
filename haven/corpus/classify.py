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
from typing import Literal

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
    "assess|assign|bring|broaden|build|carry|collect|combat|commit|complete|comply|"
    "concentrate|conduct|consider|consolidate|continue|counter|create|criminali[sz]e|curb|"
    "decriminali[sz]e|deepen|define|design|develop|devote|disseminate|draft|eliminate|"
    "elaborate|empower|enact|encourage|end|enforce|engage|enhance|enshrine|ensure|eradicate|"
    "establish|evaluate|examine|expand|expedite|explore|extend|facilitate|fight|finali[sz]e|"
    "formulate|foster|fulfil|fulfill|grant|guarantee|harmoni[sz]e|heed|identify|implement|"
    "improve|incorporate|increase|initiate|institute|integrate|intensify|introduce|invest|"
    "investigate|involve|launch|legislate|maintain|mainstream|make|mobili[sz]e|monitor|move|"
    "place|prevent|priori[tz]i[sz]e|proceed|prohibit|promote|promulgate|prosecute|protect|"
    "provide|publish|pursue|put|raise|ratify|re-register|recogni[sz]e|reconsider|redouble|"
    "reduce|reform|refrain|regulari[sz]e|reinforce|remove|repeal|resolve|respect|restitute|"
    "restore|revise|review|revoke|safeguard|secure|seek|set|share|sign|"
    "standardi[sz]e|step|strengthen|study|submit|support|sustain|tackle|take|uphold|"
    "undertake|withdraw|work"
)
# An adverb may come first ("Further improve", "Measurably improve", "To strictly implement");
# a few -ly words are nouns.
NOT_ADVERBS = r"(?!(?:[Ff]amily|Italy|[Aa]ssembly|[Ss]upply|[Rr]eply|[Ee]arly|[Ee]lderly)\b)"
ADVERB = rf"(?:{NOT_ADVERBS}(?:further|also|fully|[a-z]{{3,}}ly)\s+)?"
CAPITALISED_ADVERB = rf"{NOT_ADVERBS}(?:Further|Also|Fully|[A-Z][a-z]{{2,}}ly)\s+"
# A noun that looks like a verb ("Support for victims was …") is followed by a verb or "of".
# "on" too ("Work on the draft law has started"), except after "Build" ("Build on progress").
NOT_OBJECT = r"(?!\s+(?:of|for|is|was|were|are|has|have|had)\b)(?:(?<=[Bb]uild)|(?!\s+on\b))"


def _imperative(verbs: str) -> re.Pattern[str]:
    """ "Ratify …", "To ratify …", "Further strengthen …", and a list item that goes on an
    enumerated recommendation ("(b) investigate such cases")."""
    # (Not str.title: it would capitalise after "-" and "[" too: "Re-Register", "Priori[Tz]…".)
    capitalised = "|".join(verb[:1].upper() + verb[1:] for verb in verbs.split("|"))
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
# "called for …" (not the noun: "public calls for applications", nor "as called for by").
CALLS_FOR = (
    r"\bcall(?:ed(?<!\bas called)|s(?<![Pp]ublic calls)(?<![Aa]nnual calls)(?<![Rr]egular calls)"
    r"(?<![Oo]pen calls)(?<![Tt]he calls)(?<!of calls)(?<![Nn]ew calls))\s+for\b"
)
# A need reported as someone's view ("It stated that these needed to be addressed"); a need
# described ("the knowledge needed to integrate", "the need to") is not guidance.
_REPORTING = (
    "stated|noted|considered|said|stressed|emphasized|emphasised|indicated|observed|believed|"
    "found|added|concluded|underlined|highlighted|pointed out|insisted|reiterated|recalled"
)
REPORTED_NEED = (
    # "that" first and the verb in look-behinds: a search for the verbs was a third of the
    # time of all cues together.
    r"\bthat\b(?:"
    + "|".join(f"(?<={verb} that)" for verb in _REPORTING.split("|"))
    + r")[^.;]*?\b(?:needs|needed|(?:is|are|was|were)\s+needed)\s+to\b"
)
# Each cue with the strength it gives and its kind: an imperative (a recommendation as the
# UPR words it, whoever quotes it), a modal ("must", "should": in a State's own report a
# description of its law) or reported speech (someone recommends: in a State's own report,
# guidance only when a UN body speaks).
IMPERATIVE, MODAL, REPORTED = "imperative", "modal", "reported"
CUES: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("consider", IMPERATIVE, _imperative("consider|examine|study|explore")),
    ("should", IMPERATIVE, _imperative(IMPERATIVES)),
    ("should", IMPERATIVE, re.compile(r"^Further\s+(?:the|its|their)\b")),
    ("must", MODAL, re.compile(r"\b(?:must|shall|(?:is|are) obliged to)\b")),
    ("consider", MODAL, re.compile(r"\b(?:could|may|might)\s+(?:also\s+)?consider\b")),
    ("should", MODAL, re.compile(r"\b(?:should|ought to|need to)\b")),
    ("should", REPORTED, re.compile(RECOMMENDS)),
    ("should", REPORTED, re.compile(r"\brecommendations?\s+(?:that\b|to" + ADDRESSED + r")")),
    (
        "should",
        REPORTED,
        re.compile(r"\b(?:urge[sd]?|call(?:s|ed)?\s+(?:up)?on|request(?:s|ed)?)" + ADDRESSED),
    ),
    ("should", REPORTED, re.compile(CALLS_FOR)),
    ("should", REPORTED, re.compile(REPORTED_NEED)),
    ("should", REPORTED, re.compile(r"\brequest(?:s|ed)?\s+(?:to\s+[A-Z][\w-]*\s+)?that\b")),
    ("should", REPORTED, re.compile(r"\b(?:is|are) (?:urged|called upon|requested) to\b")),
    ("consider", REPORTED, re.compile(r"\b(?:encourage[sd]?|invite[sd]?)" + ADDRESSED)),
    ("consider", REPORTED, re.compile(r"\b(?:is|are) (?:encouraged|invited) to\b")),
    ("consider", MODAL, re.compile(r"\bconsideration (?:could|should|might|may) be given\b")),
    ("consider", MODAL, re.compile(r"\bcould be (?:revised|amended|considered|reviewed)\b")),
)
# Every cue in two patterns: a sentence with none of them (most sentences of a report) is
# answered with two searches instead of one per cue. Alternatives match exactly when one of
# them does, so this changes no answer. The cues anchored at the start ("Ratify …") are
# tried there only (`match`): inside one search they were tried at every position (4x slower).
_ANCHORED_CUES = re.compile(
    "|".join(f"(?:{c.pattern.removeprefix('^')})" for *_, c in CUES if c.pattern.startswith("^"))
)
_OTHER_CUES = re.compile(
    "|".join(f"(?:{c.pattern})" for *_, c in CUES if not c.pattern.startswith("^"))
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
# A purpose clause opens a description, not an imperative: "To address X, NGOs have been
# invited …", "To raise awareness, the Ministry informs …". A recommendation's own commas go
# on with a preposition, a conjunction or a participle ("To strengthen measures, including
# …, to combat"), and a UPR recommendation ends with the State that made it ("(Norway);").
PURPOSE_CLAUSE = re.compile(
    r"^To\s+(?:[a-z]+ly\s+)?[a-z-]+\b(?:[^,;()]|\([^()]*\))*,\s+"
    r"(?!(?:including|in|inter|and|or|as|by|with|through|particularly|especially|notably|where"
    r"|which|while|within|on|for|to|at|from|among|such|also|if|when|so|but|inter alia)\b)"
    r"(?![a-z]+ing\b)(?=[^;]*$)"
)
ENDS_WITH_BRACKETS = re.compile(r"\)[;.]?\s*$")


def _without_false_cues(sentence: str) -> str:
    cleaned = NOT_CUES.sub(_blank, sentence)
    if PURPOSE_CLAUSE.match(cleaned) and not ENDS_WITH_BRACKETS.search(cleaned):
        return "  " + cleaned[2:]  # "To" blanked: the clause's verb no longer opens the sentence
    return cleaned


def _has_cue(sentence: str) -> bool:
    return bool(_ANCHORED_CUES.match(sentence) or _OTHER_CUES.search(sentence))


# Not guidance however worded: a disclaimer, and the law of the land described ("the Act
# stipulates that …", "Pursuant to the Decree …, each authority must …"). A treaty is not
# listed: "Under the Convention, States must …" is guidance.
NOT_GUIDANCE = re.compile(
    r"\bshould not be construed\b|\b(?:stipulates|stipulating|provides|prescribes|lays down)"
    r" that\b|^(?:According to|Pursuant to|Under)\s+(?:the\s+|its\s+|this\s+)?[^,]{0,120}?"
    r"\b(?:Act|Decree|Code|Rules|Ordinance|Regulations?)\b"
)

# Whose voice a document speaks in. A UN body or a State recommending ("un", the default), or
# the State describing itself ("state"): a UPR national report, a State party's report to a
# treaty body and its replies, a State's views on its UPR recommendations. There "must" and
# "should" describe the State's law ("A minor must be detained separately"), and "encourages
# NGOs to" or "the National Assembly called on the Government to" is the State at work.
Voice = Literal["un", "state"]
UN: Voice = "un"
STATE: Voice = "state"
_VERSION = r"(?:/(?:Rev|Corr)\.\d+)*$"
NATIONAL_REPORT = re.compile(r"^A/HRC/WG\.6/\d+/[A-Z]{3}/1" + _VERSION)
# A treaty body's symbols: CCPR/C/SVN/4 is the State party's report, …/Q/4/Add.1 and
# …/RQ/4 its replies to the list of issues; …/CO/4 (the committee's observations) and …/Q/4
# (its questions) are the committee's.
STATE_PARTY_REPORT = re.compile(
    r"^(?:(?:CCPR|CERD|CEDAW|CRC|CAT|CRPD|CED|CMW)/C|E/C\.12)/(?:OPSC/|OPAC/)?[A-Z]{3}/"
    r"(?:RQ/|Q/(?=[\d-]+/Add\.))?\d+(?:-\d+)?(?:/Add\.\d+)?" + _VERSION
)
# The addendum of a UPR Working Group report is the State's views (A/HRC/43/15/Add.1); the
# symbol alone does not say which report it adds to, its title does.
ADDENDUM = re.compile(r"^A/HRC/\d+/\d+/Add\.\d+" + _VERSION)
UPR_REPORT_TITLE = re.compile(r"Working Group on the Universal Periodic Review", re.IGNORECASE)


def document_voice(symbol: str, *, title: str = "") -> Voice:
    """ "state" when the document is a State describing itself, from its UN symbol (and, for
    an addendum, its title); "un" otherwise, also when the symbol is unknown."""
    symbol = symbol.strip()
    if NATIONAL_REPORT.match(symbol) or STATE_PARTY_REPORT.match(symbol):
        return STATE
    if ADDENDUM.match(symbol) and UPR_REPORT_TITLE.search(title):
        return STATE
    return UN


# In a State's own report a reported recommendation counts when a UN body (or another
# international monitoring body) speaks, not a domestic one ("the National Assembly").
UN_SPEAKER = re.compile(
    r"\b(?:United Nations|UN|OHCHR|UNHCR|UNICEF|UNESCO|UNDP|ILO|WHO|IOM|Committee|Council"
    r"|Rapporteur|Working Group|[Ee]xperts?|High Commissioner|Commissioner|[Tt]reaty bod(?:y|ies)"
    r"|[Ss]pecial [Pp]rocedures?|Secretary-General|GRETA|GRECO|ECRI|OSCE|CAT|CRC|CERD|CEDAW"
    r"|CESCR|CRPD)\b"
)
DOMESTIC_SPEAKER = re.compile(
    r"\b(?:National|Government(?:al)?|Ministry|Ministerial|Inter-Ministerial|Parliament(?:ary)?"
    r"|Municipal(?:ity)?)\b"
)


def _state_may_say(kind: str, before: str) -> bool:
    """Whether a cue of this kind, after these words, is guidance in a State's own report."""
    if kind == IMPERATIVE:
        return True
    speaker = before.rsplit(";", 1)[-1]
    return (
        kind == REPORTED
        and bool(UN_SPEAKER.search(speaker))
        and not DOMESTIC_SPEAKER.search(speaker)
    )


def _cues(cleaned: str, voice: Voice) -> list[tuple[int, int, str]]:
    """(start, end, strength) of the first match of each cue the voice lets count."""
    found = []
    for code, kind, cue in CUES:
        match = cue.search(cleaned)
        if match and (voice == UN or _state_may_say(kind, cleaned[: match.start()])):
            found.append((match.start(), match.end(), code))
    return found


def _guidance_sentence(sentence: str, voice: Voice = UN) -> str | None:
    """The sentence with false cues blanked when it is guidance, else None."""
    # Most sentences have no cue: they are answered by the first search alone.
    if not _has_cue(sentence) or NOT_GUIDANCE.search(sentence):
        return None
    cleaned = _without_false_cues(sentence)
    if not _has_cue(cleaned):
        return None
    return cleaned if voice == UN or _cues(cleaned, voice) else None


def sentence_strength(sentence: str, *, voice: Voice = UN) -> tuple[str, str] | None:
    """(strength, the words that made it guidance) when the sentence is guidance: the
    earliest cue decides ("To examine the possibility … /ratify" is consider), unless what it
    asks is to consider ("recommended that Slovenia consider …")."""
    cleaned = _guidance_sentence(sentence, voice)
    if cleaned is None:
        return None
    found = _cues(cleaned, voice)
    if not found:
        return None
    start, end, code = min(found)
    if code == "should" and GOVERNS_CONSIDER.match(cleaned, end):
        code = "consider"
    return code, sentence[start:end].strip()


def is_guidance(text: str, *, in_recommendations: bool, voice: Voice = UN) -> bool:
    """A passage is guidance when one of its sentences is (under a recommendations heading
    too: a State's reply there is not guidance)."""
    return has_guidance(plain(text), voice=voice)


def has_guidance(plain_text: str, *, voice: Voice = UN) -> bool:
    """`is_guidance` of a text already without its footnote markers."""
    return any(_guidance_sentence(s, voice) is not None for s in sentences(plain_text))


def plain(text: str) -> str:
    from haven.corpus.structure import plain_text

    return plain_text(text)


def _found(term: Term, text: str, lowered: str) -> list[str]:
    haystack = text if term.case_sensitive else lowered
    for stem in term.stems:  # a plain loop: this runs for every term of every passage
        if stem in haystack:
            return list(dict.fromkeys(m.group(0) for m in term.pattern.finditer(text)))
    return []


def _strength(result: Classification, text: str, words: Vocabulary, voice: Voice) -> None:
    """The earliest cue of the first guidance sentence; else a strength term of the text."""
    found_in = (sentence_strength(s, voice=voice) for s in sentences(text))
    strengths = [f for f in found_in if f]
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
    r"\b(?:recommend(?:s|ed)|urge[sd]|call(?:s|ed)\s+(?:(?:up)?on|for)|encourage[sd]|invite[sd]"
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


def classify(text: str, *, voice: Voice = UN) -> Classification:
    """Addressees, strength and topics of a passage, each with the words that gave it;
    `voice` is `document_voice` of the passage's document."""
    words = vocabulary()
    result = Classification()
    _strength(result, text, words, voice)
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
