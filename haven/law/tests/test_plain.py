"""The plain-language files of the person's copy: complete, non-empty, placeholders intact."""

import shutil
from pathlib import Path

import pytest

from haven.law.loader import LawDataError, law
from haven.law.plain import PLAIN_DIR, SOURCE, language_for, load_plain, placeholders

UN_LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh-hans"}
# Languages many trafficked persons speak (docs/person-copy-languages.md says why these).
VICTIMS_LANGUAGES = {"vi", "ro", "uk", "sq", "ti", "pcm", "tl"}


@pytest.fixture
def plain_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PLAIN_DIR, tmp_path / "plain"))


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_six_un_languages_and_seven_languages_of_victims_are_shipped():
    assert set(load_plain()) >= UN_LANGUAGES | VICTIMS_LANGUAGES


def test_every_language_explains_every_right_with_its_deadline_where_it_has_one():
    for code, language in load_plain().items():
        assert set(language.rights) == set(law().rights), code
        for right_code, right in law().rights.items():
            plain = language.rights[right_code]
            assert plain.title and plain.text, (code, right_code)
            assert (plain.by is None) == (right.deadline is None), (code, right_code)


def test_days_deadlines_show_their_date_and_days_in_every_language():
    for code, language in load_plain().items():
        for right_code in ("reflection_period", "appeal"):
            assert placeholders(language.rights[right_code].by or "") == {"date", "days"}, code


def test_arabic_reads_right_to_left_and_the_others_left_to_right():
    directions = {code: lang.direction for code, lang in load_plain().items()}
    assert directions.pop("ar") == "rtl"
    assert set(directions.values()) == {"ltr"}


def test_no_shipped_file_claims_a_review_nobody_did():
    # An LLM draft is not a review: reviewed_by stays empty until a fluent reviewer signs.
    for code, language in load_plain().items():
        if code != SOURCE:
            assert language.translated_by.startswith("LLM draft"), code
            assert not language.reviewed, code


def test_a_missing_right_names_the_file_and_the_right(plain_copy):
    path = plain_copy / "vi.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[right.asylum_access]")
    path.write_text(text[:start], encoding="utf-8")
    with pytest.raises(LawDataError, match=r"vi.toml: right.asylum_access.title: missing"):
        load_plain(plain_copy)


def test_an_empty_text_is_refused_with_its_place(plain_copy):
    _replace(plain_copy / "fr.toml", 'title = "Un avocat"', 'title = "  "')
    with pytest.raises(LawDataError, match=r"fr.toml: right > legal_assistance > title"):
        load_plain(plain_copy)


def test_a_lost_placeholder_is_refused(plain_copy):
    _replace(plain_copy / "es.toml", 'by = "Hasta el {date} ({days} días)."', 'by = "Pronto."')
    with pytest.raises(LawDataError, match=r"es.toml: right.reflection_period.by: placeholders"):
        load_plain(plain_copy)


def test_a_renamed_placeholder_is_refused(plain_copy):
    _replace(plain_copy / "ru.toml", "{organisation}", "{org}")
    with pytest.raises(LawDataError, match=r"ru.toml: page.organisation: placeholders \['org'\]"):
        load_plain(plain_copy)


def test_a_file_whose_language_differs_from_its_name_is_refused(plain_copy):
    _replace(plain_copy / "uk.toml", 'language = "uk"', 'language = "ru"')
    with pytest.raises(LawDataError, match=r"uk.toml: language: 'ru' differs"):
        load_plain(plain_copy)


def test_the_english_source_must_give_a_deadline_phrase_where_the_right_has_one(plain_copy):
    _replace(
        plain_copy / "en.toml", 'by = "Before any decision to send you back is carried out."\n', ""
    )
    with pytest.raises(LawDataError, match=r"en.toml: right.return_risk_assessment.by: needs"):
        load_plain(plain_copy)


def test_a_missing_reviewed_by_field_is_refused(plain_copy):
    _replace(plain_copy / "sq.toml", 'reviewed_by = ""\n', "")
    with pytest.raises(LawDataError, match=r"sq.toml: reviewed_by: Field required"):
        load_plain(plain_copy)


@pytest.mark.parametrize(
    "spoken, code",
    [
        ("Tigrinya", "ti"),
        (" vietnamese ", "vi"),
        ("ትግርኛ", "ti"),
        ("Русский", "ru"),
        ("zh-hans", "zh-hans"),
        ("Pidgin", "pcm"),
        ("Klingon", None),
        ("", None),
        (None, None),
    ],
)
def test_the_interview_language_is_recognised_by_code_name_or_own_name(spoken, code):
    assert language_for(spoken, load_plain()) == code
