"""The case pages in French and Arabic: headings, labels, choices and the timeline's words."""

import datetime

import pytest
from django.utils import formats, translation

from haven.cases.actions import do_open_case
from haven.cases.timeline import phrase

pytestmark = pytest.mark.django_db


def get(client, url: str, language: str) -> str:
    """A page in `language`: by the override now, by Accept-Language once the locale
    middleware is on."""
    with translation.override(language):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


@pytest.fixture
def case(frontline):
    return do_open_case(
        first_name="Ama", birthdate=datetime.date(2001, 3, 9), acting_user=frontline
    )


def test_the_case_page_reads_in_french_with_its_dates_in_french(client, case, frontline):
    client.force_login(frontline)
    page = get(client, f"/cases/{case.pk}/", "fr")
    assert f"Dossier {case.reference}" in page
    assert "Mener un entretien de repérage" in page
    assert "Non précisé / inconnu" in page  # the HTCDS gender, by its label
    assert "Dossier ouvert" in page  # the timeline
    with translation.override("fr"):
        assert formats.date_format(case.person.birthdate, "DATE_FORMAT") in page
    assert "9 mars 2001" in page


def test_the_case_page_reads_in_arabic(client, case, frontline):
    client.force_login(frontline)
    page = get(client, f"/cases/{case.pk}/", "ar")
    assert f"الحالة {case.reference}" in page
    assert "إجراء مقابلة فحص" in page


def test_the_case_list_and_the_open_form_read_in_french_and_arabic(client, case, frontline):
    client.force_login(frontline)
    assert "Dossiers que vous pouvez voir" in get(client, "/cases/", "fr")
    assert "الحالات التي يمكنك رؤيتها" in get(client, "/cases/", "ar")
    opening = get(client, "/cases/new/", "fr")
    assert "Ouvrir un dossier" in opening and "Prénom" in opening


def test_a_deadline_from_a_right_reads_in_the_reader_s_language(client, case, frontline):
    from haven.cases.models import Deadline

    Deadline.objects.create(
        case=case,
        code="reflection_period",
        title="Recovery and reflection period",
        due_on=datetime.date(2026, 5, 1),
        source="screening",
    )
    client.force_login(frontline)
    page = get(client, f"/cases/{case.pk}/", "fr")
    assert "Délai de rétablissement et de réflexion : 1 mai 2026" in page


def test_the_timeline_words_follow_the_language_and_unknown_actions_still_read():
    with translation.override("fr"):
        assert phrase("consent.withdrawn") == "Consentement retiré"
    with translation.override("en"):
        assert phrase("case.opened") == "Case opened"
    assert phrase("stats.exported") == "Stats: exported"


def test_the_htcds_context_form_shows_the_standard_s_picklists_in_french(client, case, frontline):
    client.force_login(frontline)
    page = get(client, f"/cases/{case.pk}/context/", "fr")
    assert "Contexte HTCDS" in page
    assert "Victime potentielle de la traite" in page  # vic_TraffickingStatus, by its label
    assert "Mode de recrutement" in page and "Dans un commerce" in page
    assert 'value="PossibleVictimOfTrafficking"' in page  # the value stays the standard's code
    english = get(client, f"/cases/{case.pk}/context/", "en")
    assert "Possible victim of trafficking" in english
