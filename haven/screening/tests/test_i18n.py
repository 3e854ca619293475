"""The screening pages in French and Arabic: the interview, the result and the engine's reasons
are read in the worker's language; the stored result stays the engine's English."""

import json

import pytest
from django.utils import translation

from haven.screening import engine, i18n
from haven.screening.models import Screening
from haven.screening.tests.test_views import interview_form
from haven.screening.vocabulary import vocabulary
from haven.screening.vocabulary_schema import Vulnerability

pytestmark = pytest.mark.django_db


def get(client, url: str, language: str) -> str:
    """A page in `language`: by the override now, by the browser's Accept-Language once the
    locale middleware is on."""
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def case(frontline):
    from haven.cases.actions import do_open_case

    return do_open_case(first_name="Ama", acting_user=frontline)


def test_the_interview_is_asked_in_french_with_words_never_codes(
    client, frontline, case, jurisdictions
):
    client.force_login(frontline)
    page = get(client, f"/screening/case/{case.pk}/interview/", "fr")
    assert "Entretien confidentiel" in page
    assert "Consentement, avant toute question" in page
    assert "Transgenre féminin" in page and ">TransgenderFeminine<" not in page
    assert "Recrutement" in page and "Non demandé" in page
    assert "Extrême pauvreté, chômage ou absence de revenu" in page  # a vulnerability
    assert "Foyer ou autre hébergement" in page  # a setting, from the data file


def test_date_inputs_keep_iso_values_in_french_so_the_browser_s_date_picker_reads_them(
    client, frontline, case, jurisdictions
):
    client.force_login(frontline)
    page = get(client, f"/screening/case/{case.pk}/interview/", "fr")
    from django.utils import timezone

    today = timezone.localdate().isoformat()
    assert f'type="date" name="encounter_date" value="{today}"' in page


def test_the_interview_is_asked_in_arabic(client, frontline, case, jurisdictions):
    client.force_login(frontline)
    page = get(client, f"/screening/case/{case.pk}/interview/", "ar")
    assert "مقابلة سرية" in page
    assert "الموافقة، قبل أي سؤال" in page


def _recorded(client, frontline, case) -> str:
    client.force_login(frontline)
    client.post(f"/screening/case/{case.pk}/interview/", interview_form(vuln_extreme_poverty="on"))
    return f"/screening/{Screening.objects.get().pk}/"


def test_the_result_reads_in_french_while_the_stored_result_stays_english(
    client, frontline, case, jurisdictions
):
    url = _recorded(client, frontline, case)
    page = get(client, url, "fr")
    assert "Soutien précoce : recommandé" in page
    assert "Droits applicables dès maintenant" in page
    assert "Présumé enfant" in page  # an alert's title
    assert "Soutien précoce fondé sur la vulnérabilité" in page  # a right, from the legal data
    stored = json.loads(Screening.objects.get().result)
    assert stored["early_support"]["reasons"][0].startswith("Vulnerability: ")


def test_the_result_reads_in_arabic(client, frontline, case, jurisdictions):
    page = get(client, _recorded(client, frontline, case), "ar")
    assert "الدعم المبكر: موصى به" in page
    assert "الحقوق السارية الآن" in page
    assert "عامل ضعف: الفقر المدقع أو البطالة أو انعدام الدخل." in page  # the reason, in Arabic


def test_the_engine_s_fixed_reasons_are_translated_when_shown():
    with translation.override("fr"):
        assert i18n.reason(engine.GROUNDS) == (
            "Il existe des motifs raisonnables de croire que la personne "
            "a été victime de la traite."
        )


def test_reasons_with_a_count_are_translated_with_the_language_s_plural():
    stored = engine.NO_GROUNDS + " " + engine.NOT_ASKED % {"count": 3}
    with translation.override("ru"):
        assert i18n.reason(stored) == (
            "По записанным сведениям разумных оснований пока нет. "
            "3 признака ещё не выяснены: «не спрашивали» не означает «нет»."
        )
    with translation.override("fr"):
        assert i18n.reason(engine.INDICATORS_PRESENT % {"count": 1}).startswith(
            "1 indicateur de traite présent"
        )


def test_a_vulnerability_reason_names_the_vulnerability_in_the_reader_s_language():
    item = next(iter(vocabulary().vulnerabilities.values()))
    stored = engine.VULNERABILITY % {"vulnerability": item.label}
    with translation.override("fr"):
        shown = i18n.reason(stored)
    assert shown.startswith("Vulnérabilité : ")
    assert shown.endswith(item.label_i18n.get("fr", item.label) + ".")


def test_a_reason_the_pages_do_not_know_is_shown_as_stored():
    with translation.override("ar"):
        assert i18n.reason("A reason from an older engine.") == "A reason from an older engine."


def test_in_english_the_reasons_read_as_the_engine_wrote_them():
    with translation.override("en"):
        assert i18n.reason(engine.NO_SUPPORT) == engine.NO_SUPPORT


def test_a_vocabulary_translation_in_an_unknown_language_is_refused_naming_it():
    entry = {
        "code": "x",
        "label": "X",
        "label_i18n": {"de": "X"},
        "description": "X.",
        "group": "personal",
        "sources": [{"doc": "003", "lines": "1"}],
    }
    with pytest.raises(ValueError, match="unknown language 'de'"):
        Vulnerability.model_validate(entry)


def test_an_empty_vocabulary_translation_is_refused():
    entry = {
        "code": "x",
        "label": "X",
        "label_i18n": {"fr": " "},
        "description": "X.",
        "group": "personal",
        "sources": [{"doc": "003", "lines": "1"}],
    }
    with pytest.raises(ValueError, match="empty translation"):
        Vulnerability.model_validate(entry)


def _translated_entries():
    voc = vocabulary()
    yield from ((f"category {c.code}", c.label_i18n) for c in voc.categories.values())
    for category in voc.categories.values():
        yield from ((f"indicator {i.code}", i.label_i18n) for i in category.indicator)
    yield from ((f"vulnerability {v.code}", v.label_i18n) for v in voc.vulnerabilities.values())
    yield from (
        (f"vulnerability {v.code} description", v.description_i18n)
        for v in voc.vulnerabilities.values()
    )
    yield from ((f"setting {s.code}", s.label_i18n) for s in voc.settings.values())
    yield from ((f"offence {o.code}", o.label_i18n) for o in voc.offences.values())
    yield from ((f"alert {a.code}", a.message_i18n) for a in voc.alerts.values())


def test_every_label_shown_in_the_interview_and_every_alert_is_in_every_interface_language():
    from haven.core.i18n import TRANSLATED_LANGUAGES

    missing = [
        f"{where}: {code}"
        for where, table in _translated_entries()
        for code in TRANSLATED_LANGUAGES
        if code not in table
    ]
    assert missing == []


def test_an_alert_reads_in_arabic_when_its_stored_english_is_the_data_file_s():
    alert = vocabulary().alerts["presumed_child"]
    with translation.override("ar"):
        assert i18n.alert_message(alert.code, alert.message) == alert.message_i18n["ar"]
        assert i18n.alert_message(alert.code, "An older wording.") == "An older wording."


HEADINGS = {
    "es": "Apoyo temprano: recomendado",
    "ru": "Ранняя поддержка: рекомендуется",
    "zh-hans": "早期支助：建议给予",
}


@pytest.mark.usefixtures("jurisdictions")
@pytest.mark.parametrize("language", sorted(HEADINGS))
def test_the_result_reads_in_the_other_interface_languages_with_their_plurals(
    client, frontline, case, language
):
    page = get(client, _recorded(client, frontline, case), language)
    assert HEADINGS[language] in page
    assert "indicator(s)" not in page  # the count reads in the language's own plural
