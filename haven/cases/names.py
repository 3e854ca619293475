"""Spelling-tolerant keys for persons' names: plain Python, no Django.

A name is cut into *units* (name parts; an Arabic article "al-"/"el-"/"ul-" stays with the part
it belongs to). Each unit has a normalised spelling and Double Metaphone codes, and each of
those becomes a blind index (a keyed HMAC, see `haven.cases.search`): neither the name nor its
phonetic code is ever stored in clear.

Normalisation: Unicode NFKD with combining marks removed (Nguyễn → Nguyen, Ș/Ş → S), case
folded, then `anyascii` transliteration for what NFKD cannot decompose (Đ → D, Ethiopic and
Arabic script → Latin letters), keeping letters and digits only. It is idempotent.

Phonetics: Double Metaphone (the `metaphone` package) codes each normalised unit; it keeps
consonant skeletons, so vowel and doubling differences of transliterations meet
(Mohammed/Muhammad/Mohamed → MHMT, Tesfay/Tesfaye → TSF, Ionescu/Ionesco → ANSK), and its
alternate code covers J/Y and G/J readings (Johannes/Yohannes, George/Gheorghe). Before coding, a
few documented rewrites bring transliteration habits of the four origins together
(see `_REWRITES`).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from anyascii import anyascii
from metaphone import doublemetaphone

# The Arabic definite article, written apart or hyphenated: it belongs to the next part.
ARTICLES = frozenset({"al", "el", "ul", "il"})
NORMALISED = "normalised"
PHONETIC = "phonetic"
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
# Transliteration habits that Double Metaphone alone keeps apart; applied to normalised text
# before phonetic coding only (the normalised key keeps the spelling as written).
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Arabic ou/oo for u and ee for i (French and English transliterations): Youssef, Ibraheem.
    (re.compile(r"ou"), "u"),
    (re.compile(r"ee"), "i"),
    # Arabic "Abd al-/Abdul/Abdel/Abdal" are one element: Abdulrahman = Abdelrahman = Abdrahman.
    (re.compile(r"^abd(?:u|e|a|ou)?l?"), "abd"),
    # French "dj" for Arabic jim: Khadidja = Khadija.
    (re.compile(r"dj"), "j"),
    # Maghrebi Brahim for Ibrahim/Ebrahim.
    (re.compile(r"^[ie]brah"), "brah"),
    # Italian "gh" for a hard g (Tigrinya, Romanian): Ghirmay = Girmay = Germay, Gheorghe.
    (re.compile(r"gh"), "g"),
)


def normalise_part(text: str) -> str:
    """A name part as compared: no accents, no case, ASCII letters and digits only."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("", anyascii(stripped.casefold()).casefold())


def _words(text: str) -> list[str]:
    """Words split on spaces, hyphens, apostrophes and other punctuation, normalised."""
    spaced = _NOT_ALNUM.sub(" ", anyascii(unicodedata.normalize("NFKC", text)).casefold())
    return [word for word in (normalise_part(w) for w in spaced.split()) if word]


@dataclass(frozen=True)
class Unit:
    """One name part and the spellings it may be found by (with and without its article)."""

    spellings: tuple[str, ...]


def units(*fields: str) -> list[Unit]:
    """The name parts of a person's name fields (first, middle, family), in order."""
    words = [word for field in fields for word in _words(field)]
    found: list[Unit] = []
    article = ""
    for word in words:
        if word in ARTICLES:
            article = word
            continue
        found.append(Unit((article + word, word) if article else (word,)))
        article = ""
    if article:  # an article alone, with nothing after it, is a part of its own
        found.append(Unit((article,)))
    return found


def phonetic_codes(normalised: str) -> set[str]:
    """The Double Metaphone codes (primary and alternate) of a normalised spelling."""
    if len(normalised) < 2 or normalised.isdigit():
        return set()
    rewritten = normalised
    for pattern, replacement in _REWRITES:
        rewritten = pattern.sub(replacement, rewritten)
    return {code for code in doublemetaphone(rewritten) if code}


def terms(spellings: Iterable[str]) -> set[tuple[str, str]]:
    """(kind, text) pairs a spelling is indexed and searched by; each pair becomes one blind
    index, the kind choosing its HMAC context."""
    found: set[tuple[str, str]] = set()
    for spelling in spellings:
        found.add((NORMALISED, spelling))
        found |= {(PHONETIC, code) for code in phonetic_codes(spelling)}
    return found


def _joined(first: Unit, second: Unit) -> tuple[str, ...]:
    """Two neighbouring parts written as one (Gebre Medhin / Gebremedhin)."""
    return tuple(a + b for a in first.spellings for b in second.spellings)


def stored_terms(*fields: str) -> set[tuple[str, str]]:
    """Every term a person is found by: each part, and each pair of neighbouring parts joined."""
    parts = units(*fields)
    found: set[tuple[str, str]] = set()
    for index, unit in enumerate(parts):
        found |= terms(unit.spellings)
        if index + 1 < len(parts):
            found |= terms(_joined(unit, parts[index + 1]))
    return found


def query_terms(text: str) -> list[set[tuple[str, str]]]:
    """For each part of a searched name, the terms any one of which finds it: its own, or those
    of it joined with a neighbour (the record may write two parts as one)."""
    parts = units(text)
    wanted: list[set[tuple[str, str]]] = []
    for index, unit in enumerate(parts):
        options = terms(unit.spellings)
        if index > 0:
            options |= terms(_joined(parts[index - 1], unit))
        if index + 1 < len(parts):
            options |= terms(_joined(unit, parts[index + 1]))
        wanted.append(options)
    return wanted
