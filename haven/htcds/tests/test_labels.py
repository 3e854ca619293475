"""HTCDS picklist labels in the interface languages (vocabulary_label), and the checks on the
labels file: unknown language, empty text, unknown value and drifted English are refused with
the file and the field named."""

import tomllib

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from haven.core.i18n import TRANSLATED_LANGUAGES
from haven.htcds import catalogue, country_name, vocabulary_label
from haven.htcds.labels import LABELS_FILE, LabelsError, labels, load_labels

PROPER_NAMES = {"vic_RecruitmentWebsitesAndApps", "vic_ExploitationWebsitesAndApps"}
PICKLISTS = sorted(f.full_name for f in catalogue.fields() if f.values)


def _data():
    with LABELS_FILE.open("rb") as handle:
        return tomllib.load(handle)


def test_a_code_is_shown_by_its_label_in_the_active_language():
    with translation.override("fr"):
        assert vocabulary_label("prs_Gender", "TransgenderFeminine") == "Transgenre féminin"
    with translation.override("ar"):
        assert vocabulary_label("vic_TypeOfExploitation", "ForcedLabour") == "العمل الجبري"
    assert vocabulary_label("cas_Status", "FollowUp", "zh-hans") == "跟进"
    assert vocabulary_label("cas_Status", "FollowUp", "en") == "Follow Up"


def test_unknown_codes_and_untranslated_names_fall_back_without_breaking_a_page():
    assert vocabulary_label("prs_Gender", "NoSuchValue", "fr") == "NoSuchValue"
    assert vocabulary_label("no_SuchField", "Active", "fr") == "Active"
    assert vocabulary_label("vic_RecruitmentWebsitesAndApps", "Facebook", "ru") == "Facebook"


@given(
    st.sampled_from([p for p in PICKLISTS if p not in PROPER_NAMES]),
    st.sampled_from(TRANSLATED_LANGUAGES),
    st.data(),
)
def test_every_value_of_every_translated_picklist_has_a_label_in_every_language(
    field, language, data
):
    value = data.draw(st.sampled_from(catalogue.picklist(field)))
    entry = labels()[(field, value)]
    assert entry.english == catalogue.label(field, value)
    assert vocabulary_label(field, value, language) == entry.translations[language]


def test_the_labels_file_covers_exactly_the_picklists_that_are_not_proper_names():
    covered = {field for field, _ in labels()}
    assert covered == set(PICKLISTS) - PROPER_NAMES


def test_a_translation_in_an_unknown_language_is_refused_naming_file_and_field():
    data = _data()
    data["prs_Gender"]["Feminine"]["label_i18n"]["pt"] = "Feminino"
    with pytest.raises(ValueError, match=r"labels.toml: prs_Gender.Feminine.label_i18n.*'pt'"):
        load_labels(data, where="labels.toml")


def test_an_empty_translation_is_refused_naming_file_and_field():
    data = _data()
    data["cas_Status"]["Closed"]["label_i18n"]["ru"] = ""
    with pytest.raises(ValueError, match=r"labels.toml: cas_Status.Closed.label_i18n.ru"):
        load_labels(data, where="labels.toml")


def test_a_value_the_standard_does_not_have_is_refused():
    data = _data()
    data["cas_Status"]["Reopened"] = {"label": "Reopened", "label_i18n": {"fr": "Rouvert"}}
    with pytest.raises(LabelsError, match=r"labels.toml: cas_Status.Reopened: .*not one of"):
        load_labels(data, where="labels.toml")


def test_english_that_drifted_from_the_standard_is_refused():
    data = _data()
    data["cas_Status"]["FollowUp"]["label"] = "Follow-up"
    with pytest.raises(LabelsError, match=r"cas_Status.FollowUp.label: 'Follow-up' is not"):
        load_labels(data, where="labels.toml")


def test_country_codes_are_shown_by_their_name_in_the_active_language():
    assert vocabulary_label("prs_Citizenship", "GB", "fr") == "Royaume-Uni"
    with translation.override("zh-hans"):
        assert country_name("VNM") == "越南"
    assert country_name("GB", "en") == "United Kingdom"
    assert country_name("XX", "ru") == "XX"
