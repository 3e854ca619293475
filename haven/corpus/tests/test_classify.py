"""The guidance rules of haven/corpus/classify.py, one grammatical case at a time (the
measured figures on real documents are in test_guidance_sample.py). The sentences here are
written for the test, in the manner of UN reports; none is taken from the samples."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.corpus.classify import (
    STATE,
    UN,
    Voice,
    classify,
    document_voice,
    has_guidance,
    sentence_strength,
)


def _strength(sentence: str, voice: Voice = UN) -> str:
    found = sentence_strength(sentence, voice=voice)
    return found[0] if found else ""


def test_a_reported_recommendation_is_guidance_whatever_its_object():
    assert _strength("The Committee recommended the ratification of the Convention.") == "should"
    assert _strength("It recommended, inter alia, that the State adopt a plan.") == "should"
    assert _strength("The NGO recommended to broaden the mandate of the Ombudsman.") == "should"
    assert _strength("It recommended close monitoring of placements.") == "should"
    assert _strength("It recommended (a) a definition of violence;") == "should"
    assert _strength("The Council recommended in 2012 to promote an inclusive reading.") == "should"
    assert _strength("The Committee requested to Ruritania that provisions be made.") == "should"


def test_a_reported_recommendation_to_a_common_noun_is_guidance():
    assert _strength("The Committee invited the country to also ratify the Protocol.") == "consider"
    assert _strength("The Commissioner urged authorities to take all measures.") == "should"
    assert _strength("It also urged the country to provide redress.") == "should"


def test_the_noun_and_the_participle_of_recommend_are_not_guidance():
    assert _strength("The Act incorporates the relevant recommendations of the ILO.") == ""
    assert _strength("Ruritania ratified the Convention, as recommended during the review.") == ""
    assert _strength("The measures recommended by the Committee were adopted.") == ""
    assert _strength("The Act sets out the requirements to be met by applicants.") == ""


def test_a_turn_of_phrase_and_the_noun_need_are_not_guidance():
    assert _strength("It should also be noted that there are fewer judges.") == ""
    assert _strength("It noted concerns and the need to strengthen supervision.") == ""
    assert _strength("It should be noted that States must ensure access.") == "must"


def test_what_the_recommendation_asks_decides_consider():
    assert _strength("It recommended that Ruritania consider ratifying the Protocol.") == "consider"
    assert _strength("It urged the Government to consider a new law.") == "consider"
    assert _strength("States should consider a moratorium.") == "consider"
    assert _strength("It added that the authorities could consider a register.") == "consider"
    assert _strength("It recommended that Ruritania reconsider the decision.") == "should"
    assert _strength("It recommended that Ruritania adopt a law.") == "should"


def test_an_imperative_after_an_adverb_or_in_a_list_item_is_guidance():
    assert _strength("Measurably improve access to justice for Roma (Utopia);") == "should"
    assert _strength("Further improve the living conditions of Roma (Utopia);") == "should"
    assert _strength("To strictly implement the provisions on hate speech (Utopia);") == "should"
    assert _strength("(b) investigate such cases with a view to prosecution;") == "should"
    assert _strength("Heed the call of the Committee (Utopia);") == "should"


def test_a_noun_that_looks_like_an_imperative_is_not_guidance():
    assert _strength("Support for victims was provided by NGOs.") == ""
    assert _strength("Work on the draft law has started.") == ""
    assert _strength("Family members were informed.") == ""


def test_a_domestic_law_described_is_not_guidance_but_a_treaty_is():
    assert _strength("Pursuant to the Decree, each authority must have a counsellor.") == ""
    assert _strength("Under the Foreigners Act, an expulsion must be based on a decision.") == ""
    assert _strength("Under the Convention, States must protect victims.") == "must"
    assert not has_guidance("According to the Housing Act, municipalities must plan settlements.")


def test_the_speaker_of_a_reported_recommendation_is_not_its_addressee():
    assert classify("The Security Council urged States to act.").addressee == ["states"]
    found = classify("The Human Rights Council invites the private sector to cooperate.")
    assert found.addressee == ["business"]
    # A passive keeps its subject: that is whom it addresses.
    assert classify("Businesses are encouraged to map suppliers.").addressee == ["business"]
    assert classify("States should encourage businesses to act.").addressee == [
        "states",
        "business",
    ]


def test_the_recommending_state_in_brackets_is_not_an_addressee():
    found = classify("Ensure that businesses respect rights (Bolivia (Plurinational State of));")
    assert found.addressee == ["business"]
    assert classify("Involve civil society (United States of America);").addressee == [
        "civil_society"
    ]


def test_a_purpose_clause_is_not_an_imperative():
    assert _strength("To raise awareness, the Ministry informs schools every year.") == ""
    assert _strength("To address ageism, NGOs have been invited to run campaigns.") == ""
    assert _strength("To regulate the status of (the so-called) erased, Ruritania acted.") == ""
    # A recommendation's own commas go on with a preposition or a participle, or it ends
    # with the State that made it.
    assert _strength("To strengthen measures, including locally, to combat bias (Utopia);") == (
        "should"
    )
    assert _strength("To continue its efforts, in cooperation with NGOs, to end it.") == "should"
    assert _strength("To ratify the Protocol, the Convention and its annex (Utopia).") == "should"
    # What follows the clause still counts.
    assert _strength("To end impunity, States should prosecute traffickers.") == "should"


def test_called_for_is_a_recommendation_and_a_call_for_proposals_is_not():
    assert _strength("The Committee called for the repeal of the provision.") == "should"
    assert _strength("JS2 calls for an independent review of the cases.") == "should"
    assert _strength("Annual calls for proposals are issued to NGOs.") == ""
    assert _strength("The ministry published public calls for applications.") == ""
    assert _strength("The measures, as called for in the plan, were taken.") == ""


def test_a_reported_need_is_a_recommendation_and_a_described_need_is_not():
    assert _strength("It stated that these gaps needed to be addressed.") == "should"
    assert _strength("The Commissioner noted that the right needs to be made effective.") == (
        "should"
    )
    assert _strength("It considered that more shelters were needed to protect victims.") == (
        "should"
    )
    assert _strength("Since the plan needed revising, a new one was adopted.") == ""
    assert _strength("Pupils gain the skills needed to integrate.") == ""


def test_build_on_and_the_other_base_forms_open_a_recommendation():
    assert _strength("Build on progress in ensuring the independence of the NHRI (Utopia);") == (
        "should"
    )
    assert _strength("Further the understanding that prejudice excludes Roma (Utopia);") == (
        "should"
    )
    assert _strength("Promulgate a law on domestic violence (Utopia);") == "should"
    assert _strength("To retroactively re-register the affected persons (Utopia);") == "should"
    assert _strength("Prioritise the rights of victims (Utopia);") == "should"
    # The noun still is not: "Work on the draft law has started."
    assert _strength("Work on the draft law has started.") == ""


def test_the_voice_of_a_document_comes_from_its_symbol():
    assert document_voice("A/HRC/WG.6/34/RUR/1") == STATE  # a UPR national report
    assert document_voice("A/HRC/WG.6/34/RUR/1/Corr.1") == STATE
    assert document_voice("A/HRC/WG.6/34/RUR/2") == UN  # the UN compilation
    assert document_voice("A/HRC/WG.6/34/RUR/3") == UN  # the stakeholders' summary
    assert document_voice("CCPR/C/RUR/4") == STATE  # a State party's report
    assert document_voice("E/C.12/RUR/2") == STATE
    assert document_voice("CRC/C/RUR/Q/5-6/Add.1") == STATE  # its replies
    assert document_voice("CCPR/C/RUR/RQ/4") == STATE
    assert document_voice("CCPR/C/RUR/CO/4") == UN  # the committee's observations
    assert document_voice("CCPR/C/RUR/Q/4") == UN  # its list of issues
    assert document_voice("A/HRC/59/15") == UN
    assert document_voice("") == UN


def test_the_addendum_of_a_upr_report_is_the_states_voice_and_other_addenda_are_not():
    upr = "Report of the Working Group on the Universal Periodic Review"
    assert document_voice("A/HRC/43/15/Add.1", title=upr) == STATE
    assert document_voice("A/HRC/44/45/Add.1", title="Visit to Ruritania") == UN
    assert document_voice("A/HRC/43/15/Add.1") == UN


def test_a_state_describing_its_law_with_must_or_should_gives_no_guidance():
    for sentence in (
        "A minor must be detained separately from adults.",
        "Administrative units must ensure that staff know the language.",
        "The study shows that special attention should be devoted to integration.",
        "The procedures need to be quick.",
        "Ruritania could consider a register.",
    ):
        assert _strength(sentence, STATE) == ""
        assert _strength(sentence) != ""  # the same words from a UN body are guidance


def test_a_state_reporting_its_own_organs_at_work_gives_no_guidance():
    sentence = "The National Assembly called on the Government to draw up a plan."
    assert _strength(sentence, STATE) == ""
    assert _strength("Ruritania encourages NGOs to employ assistants.", STATE) == ""
    assert _strength("NGOs are invited to submit proposals.", STATE) == ""


def test_a_state_quoting_a_un_body_or_a_upr_recommendation_gives_guidance():
    assert _strength("The Committee recommended that Ruritania adopt a plan.", STATE) == ("should")
    assert _strength("The Special Rapporteur urged the Government to act.", STATE) == "should"
    assert _strength("Ratify the Convention (Utopia);", STATE) == "should"
    assert has_guidance("Ratify the Convention (Utopia);", voice=STATE)
    assert not has_guidance("A minor must be detained separately.", voice=STATE)


def test_classify_takes_the_voice():
    found = classify("Ruritania encourages NGOs to act. The Committee urged States to act.")
    assert found.strength == "consider"
    stated = classify(
        "Ruritania encourages NGOs to act. The Committee urged States to act.", voice=STATE
    )
    assert stated.strength == "should"


WORDS = st.sampled_from(
    [
        "States", "the", "Government", "businesses", "civil society", "NGOs", "should",
        "recommended", "urged", "encouraged", "invited", "to", "ensure", "ratify", "Ratify",
        "Ensure", "the recommendations", "requirements", "welcomed", "noted", "that", "a",
        "law", "victims", "(a)", "consider", "must", "Act", "Under", "private sector", ",",
        "ILO", "Human Rights Council", "was", "adopted", "in", "2019", "is", "are", "."
    ]
)  # fmt: skip
RECOMMENDING = st.sampled_from(
    [
        "Norway",
        "United States of America",
        "Bolivia (Plurinational State of)",
        "Micronesia (Federated States of)",
        "France, Germany",
    ]
)


# A loaded shared machine slows drawing, not the property: no timing checks.
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(WORDS, min_size=1, max_size=14).map(" ".join),
    RECOMMENDING,
    st.sampled_from(["", ";", "."]),
)
def test_naming_the_recommending_state_in_brackets_changes_neither_guidance_nor_addressee(
    sentence, state, end
):
    named = f"{sentence} ({state}){end}"
    if sentence_strength(sentence) is None:
        assert sentence_strength(named) is None
    assert has_guidance(named) == has_guidance(sentence)
    assert classify(named).addressee == classify(sentence).addressee
