"""The person's own copy of their rights, in the person's language, in plain words.

The person's language is chosen apart from the staff member's interface language (which this
page never changes): it defaults to the interview's "language" when that names a shipped
language, and the select on the page changes it. The texts come from haven/law/data/plain.

What the copy may say about early support follows the decision, never the recommendation alone:
- granted only once a final decision granted it (the latest final one, so an appeal decided in
  the person's favour counts and one still awaiting confirmations does not);
- refused, with the appeal deadline, when the latest final decision refused it;
- otherwise "not decided yet", however strongly the screening recommends it.
Every other right is shown as the screening result names it, with its deadline, and its legal
basis as a footnote (instrument article, document paragraph) exactly as the result cites it.
"""

import datetime
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, translation

from haven.accounts.roles import Capability
from haven.core.permissions import requires
from haven.core.request import signed_in_user
from haven.law.loader import law
from haven.law.plain import SOURCE, PlainLanguage, language_for, plain_languages
from haven.law.schema import Source
from haven.screening import access
from haven.screening.models import Decision, Outcome

# The one right a decision of the team grants or refuses (000 rec. 65 at L222; rec. 71 at L236).
DECIDED_RIGHT = "early_support"
Status = Literal["applies", "granted", "denied", "pending"]


@dataclass(frozen=True)
class DecisionFacts:
    """What the copy needs of a decision, in the order the decisions were made."""

    outcome: str
    decided_on: datetime.date
    appeal_deadline: datetime.date | None
    final: bool


@dataclass(frozen=True)
class CopyRight:
    code: str
    title: str
    text: str
    when: str
    status: Status
    status_text: str
    note: int


@dataclass(frozen=True)
class Footnote:
    number: int
    basis: tuple[str, ...]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PersonCopy:
    language: PlainLanguage
    translation_note: str
    intro: str
    support: tuple[str, ...]
    rights: tuple[CopyRight, ...]
    contacts: tuple[str, ...]
    footnotes: tuple[Footnote, ...]


def standing_decision(decisions: Sequence[DecisionFacts]) -> DecisionFacts | None:
    """The decision in force: the latest final one. One awaiting confirmations decides nothing."""
    final = [d for d in decisions if d.final]
    return final[-1] if final else None


def early_support_status(decisions: Sequence[DecisionFacts]) -> Status:
    standing = standing_decision(decisions)
    if standing is None:
        return "pending"
    return "granted" if standing.outcome == Outcome.GRANTED else "denied"


def person_date(value: datetime.date | str | None, language: PlainLanguage) -> str:
    """A date as the person's language writes it; ISO where no locale is known for it."""
    if value is None:
        return ""
    day = datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if not language.date_locale:
        return day.isoformat()
    with translation.override(language.date_locale):
        return formats.date_format(day, "DATE_FORMAT")


def _support(
    decisions: Sequence[DecisionFacts], recommended: bool, lang: PlainLanguage
) -> tuple[str, ...]:
    standing = standing_decision(decisions)
    if standing is None:
        return (lang.phrase("pending" if recommended else "not_yet"),)
    date = person_date(standing.decided_on, lang)
    if standing.outcome == Outcome.GRANTED:
        return (lang.phrase("decision_granted", date=date),)
    appeal = (
        lang.phrase("appeal_until", date=person_date(standing.appeal_deadline, lang))
        if standing.appeal_deadline
        else lang.phrase("appeal_ask")
    )
    return (lang.phrase("decision_denied", date=date), appeal)


def _when(applied: dict[str, Any], lang: PlainLanguage) -> str:
    plain = lang.rights[applied["code"]]
    right = law().rights.get(applied["code"])
    if plain.by is None or right is None or right.deadline is None:
        return ""  # the page says once that these can be asked for now, at any time
    if right.deadline.before is not None:
        return plain.by
    if applied.get("ends") is None:
        return lang.phrase("ask_deadline")
    date = person_date(applied["ends"], lang)
    return plain.by.format(date=date, days=applied["days"])


def _status(code: str, decisions: Sequence[DecisionFacts]) -> Status:
    return early_support_status(decisions) if code == DECIDED_RIGHT else "applies"


def _right(
    applied: dict[str, Any], note: int, decisions: Sequence[DecisionFacts], lang: PlainLanguage
) -> CopyRight:
    code = applied["code"]
    status = _status(code, decisions)
    plain = lang.rights[code]
    status_text = "" if status == "applies" else lang.phrase(f"status_{status}")
    return CopyRight(code, plain.title, plain.text, _when(applied, lang), status, status_text, note)


def _footnote(number: int, applied: dict[str, Any]) -> Footnote:
    """The basis as the result cites it; the seed paragraphs from the knowledge base."""
    right = law().rights.get(applied["code"])
    return Footnote(
        number,
        tuple(b["citation"] for b in applied.get("basis", [])),
        _paragraphs(right.sources if right else []),
    )


def _paragraphs(sources: Sequence[Source]) -> tuple[str, ...]:
    """The numbered paragraphs cited, one entry per document ("A/70/260, paras 35, 49"),
    so that a copy listing every right still fits on two pages."""
    by_document: dict[str, list[str]] = {}
    for source in sources:
        if source.para and source.para not in by_document.setdefault(source.doc, []):
            by_document[source.doc].append(source.para)
    cited = []
    for doc, paras in by_document.items():
        if paras:
            document = law().documents[doc]
            label = "para." if len(paras) == 1 else "paras"
            cited.append(f"{document.symbol or document.short}, {label} {', '.join(paras)}")
    return tuple(cited)


def build_copy(
    *,
    result: dict[str, Any],
    decisions: Sequence[DecisionFacts],
    language: PlainLanguage,
    encounter_date: datetime.date,
    organisation: str = "",
    hotline: str = "",
) -> PersonCopy:
    """The whole copy in one language; pure, so its rules can be tested over any input."""
    applied = [r for r in result.get("rights", []) if r.get("code") in language.rights]
    contacts = []
    if organisation:
        contacts.append(language.phrase("organisation", organisation=organisation))
    if hotline:
        contacts.append(language.phrase("hotline", phone=hotline))
    return PersonCopy(
        language=language,
        translation_note=_translation_note(language),
        intro=language.phrase("intro", date=person_date(encounter_date, language)),
        support=_support(decisions, _recommended(result), language),
        rights=tuple(_right(r, n, decisions, language) for n, r in enumerate(applied, 1)),
        contacts=tuple(contacts),
        footnotes=tuple(_footnote(n, r) for n, r in enumerate(applied, 1)),
    )


def _translation_note(lang: PlainLanguage) -> str:
    if lang.is_source:
        return ""
    if lang.reviewed:
        return lang.phrase("reviewed", reviewer=lang.reviewed_by)
    return lang.phrase("not_reviewed")


def _recommended(result: dict[str, Any]) -> bool:
    return bool((result.get("early_support") or {}).get("recommended"))


def decision_facts(decisions: Sequence[Decision]) -> list[DecisionFacts]:
    return [
        DecisionFacts(d.outcome, d.decided_on, d.appeal_deadline, d.is_final) for d in decisions
    ]


def chosen_language(request: HttpRequest, record: dict[str, Any]) -> str:
    """?lang= when it names a shipped language, else the interview's language, else English."""
    languages = plain_languages()
    asked = request.GET.get("lang", "")
    if asked in languages:
        return asked
    spoken = (record.get("encounter") or {}).get("language")
    return language_for(spoken, languages) or SOURCE


@requires(Capability.READ_SUPPORT_RECORDS)
def person_copy(request: HttpRequest, screening_id: int) -> HttpResponse:
    """The person's own copy, in plain words: their support, deadlines, appeal, legal help.
    `?print=1` gives the same copy alone on the page, laid out for A4."""
    user = signed_in_user(request)
    screening = access.access_screening_by_id(user, screening_id, purpose="person's copy")
    record = json.loads(screening.record)
    decisions = list(screening.decisions.prefetch_related("members"))
    code = chosen_language(request, record)
    copy = build_copy(
        result=json.loads(screening.result),
        decisions=decision_facts(decisions),
        language=plain_languages()[code],
        encounter_date=screening.encounter_date,
        organisation=screening.case.organisation.name,
        hotline=settings.HAVEN_HOTLINE,
    )
    standing = next((d for d in reversed(decisions) if d.is_final), None)
    context = {
        "screening": screening,
        "copy": copy,
        "reasons": standing.reasons if standing and standing.outcome == Outcome.DENIED else "",
        "languages": sorted(plain_languages().values(), key=lambda lang: lang.english_name),
    }
    template = "person_copy_print" if request.GET.get("print") else "person_copy"
    return render(request, f"screening/{template}.html", context)
