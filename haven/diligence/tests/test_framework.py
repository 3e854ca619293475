"""The framework's data cites what exists, and its suggestions carry their evidence."""

from haven.diligence.framework import framework, suggest_tags
from haven.law.loader import law


def test_every_obligation_cites_provisions_that_exist_in_the_knowledge_base():
    base = law()
    for obligation in framework().obligations:
        assert obligation.basis, obligation.code
        for key in obligation.basis:
            assert key in base.provisions, (obligation.code, key)


def test_every_area_has_obligations_with_three_criteria_and_001_paragraphs():
    base = framework()
    assert len(base.areas) == 6
    codes = [c.code for o in base.obligations for c in o.criteria]
    assert len(codes) == len(set(codes))
    for area in base.areas:
        obligations = base.obligations_for(area)
        assert obligations and all(len(o.criteria) == 3 for o in obligations)
        assert all(1 <= int(p) <= 54 for o in obligations for p in o.paras)
    assert all(1 <= int(p) <= 54 for a in base.areas.values() for p in a.paras)


def test_every_tagged_right_is_a_right_of_the_knowledge_base():
    assert set(framework().right_keywords) <= set(law().rights)


def test_a_trafficking_recommendation_gets_areas_and_rights_with_the_words_behind_them():
    tags = suggest_tags(
        "Ensure compensation for victims of trafficking", ["Prohibition of slavery"]
    )
    assert "remedies" in tags["areas"] and "compensation" in tags["rights"]
    assert tags["evidence"]["rights"]["compensation"] == ["compensat"]
    assert tags["evidence"]["trafficking"] == ["traffick"]


def test_a_recommendation_not_about_trafficking_is_left_untagged():
    tags = suggest_tags(
        "Ratify the Convention on Enforced Disappearance", ["Enforced disappearances"]
    )
    assert tags == {"areas": [], "rights": [], "evidence": {}}
