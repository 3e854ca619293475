"""What the person's copy may say about early support, as properties over any decisions and any
screening result, in every shipped language, on the rendered page itself."""

import datetime

from django.template.loader import render_to_string
from django.utils.html import escape
from hypothesis import given, settings
from hypothesis import strategies as st

from haven.law.loader import law
from haven.law.plain import PlainLanguage, plain_languages
from haven.law.serialize import basis_json
from haven.screening.models import Outcome
from haven.screening.person_copy import (
    DECIDED_RIGHT,
    DecisionFacts,
    PersonCopy,
    build_copy,
    standing_decision,
)

DAY = datetime.date(2026, 2, 1)
days = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2028, 12, 31))
decisions = st.lists(
    st.builds(
        DecisionFacts,
        outcome=st.sampled_from([Outcome.GRANTED.value, Outcome.DENIED.value]),
        decided_on=days,
        appeal_deadline=st.none() | days,
        final=st.booleans(),
    ),
    max_size=4,
)


@st.composite
def results(draw):
    codes = draw(st.lists(st.sampled_from(sorted(law().rights)), unique=True, max_size=12))
    rights = []
    for code in codes:
        days_ = draw(st.none() | st.integers(min_value=1, max_value=365))
        ends = DAY + datetime.timedelta(days=days_) if days_ else None
        rights.append(
            {
                "code": code,
                "ends": ends.isoformat() if ends else None,
                "days": days_,
                "basis": basis_json(law().rights[code].basis),
            }
        )
    return {"early_support": {"recommended": draw(st.booleans())}, "rights": rights}


languages = st.sampled_from(sorted(plain_languages())).map(lambda code: plain_languages()[code])


def copy_for(result, made, language) -> PersonCopy:
    return build_copy(result=result, decisions=made, language=language, encounter_date=DAY)


def rendered(copy: PersonCopy) -> str:
    return render_to_string("law/person_copy_article.html", {"copy": copy, "reasons": "x"})


def granted_phrases(language: PlainLanguage) -> list[str]:
    """What only a granted decision may print: the status line, and the decision sentence
    (its words around the date)."""
    sentence = max(language.page["decision_granted"].split("{date}"), key=len)
    return [escape(language.page["status_granted"]), escape(sentence.strip())]


@settings(max_examples=150, deadline=None)
@given(result=results(), made=decisions, language=languages)
def test_early_support_reads_as_granted_only_after_a_final_decision_granting_it(
    result, made, language
):
    standing = standing_decision(made)
    granted = standing is not None and standing.outcome == Outcome.GRANTED
    page = rendered(copy_for(result, made, language))
    status, sentence = granted_phrases(language)
    if not granted:
        assert status not in page and sentence not in page, made
        return
    assert sentence in page
    listed = any(r["code"] == DECIDED_RIGHT for r in result["rights"])
    assert (status in page) == listed


@settings(max_examples=150, deadline=None)
@given(result=results(), made=decisions, language=languages)
def test_a_refusal_is_shown_as_a_refusal_with_the_way_to_appeal(result, made, language):
    standing = standing_decision(made)
    copy = copy_for(result, made, language)
    statuses = {r.code: r.status for r in copy.rights}
    if standing is None:
        assert statuses.get(DECIDED_RIGHT, "pending") == "pending"
    elif standing.outcome == Outcome.DENIED:
        assert statuses.get(DECIDED_RIGHT, "denied") == "denied"
        assert len(copy.support) == 2  # the refusal, then how and by when to appeal
        if standing.appeal_deadline is None:
            assert copy.support[1] == language.page["appeal_ask"]
    else:
        assert statuses.get(DECIDED_RIGHT, "granted") == "granted"
    assert all(status == "applies" for code, status in statuses.items() if code != DECIDED_RIGHT)


@settings(max_examples=100, deadline=None)
@given(result=results(), made=decisions, language=languages)
def test_every_right_the_result_names_is_on_the_copy_once_in_order_with_its_footnote(
    result, made, language
):
    copy = copy_for(result, made, language)
    assert [r.code for r in copy.rights] == [r["code"] for r in result["rights"]]
    for right, note, applied in zip(copy.rights, copy.footnotes, result["rights"], strict=True):
        assert right.note == note.number
        assert note.basis == tuple(b["citation"] for b in applied["basis"])
        assert right.text == language.rights[right.code].text


@settings(max_examples=60, deadline=None)
@given(made=decisions)
def test_a_decision_awaiting_confirmations_changes_nothing_on_the_copy(made):
    language = plain_languages()["en"]
    result = {"early_support": {"recommended": True}, "rights": []}
    pending = DecisionFacts(Outcome.GRANTED.value, DAY, None, final=False)
    assert copy_for(result, [*made, pending], language) == copy_for(result, made, language)
