"""Proceedings in the staff member's language: the pages' words, what a return still lacks,
refusals, dates and amounts by the locale."""

from haven.languages.actions import do_set_language
from haven.proceedings.models import RemedyClaim

from .test_views import claim_form


def sign_in_speaking(client, user, language):
    """Sign in a user whose own interface language is `language` (applied at sign-in)."""
    do_set_language(user=user, language=language)
    client.force_login(user)


def test_the_return_page_speaks_french_down_to_what_is_missing(client, frontline, child_case):
    sign_in_speaking(client, frontline, "fr")
    page = client.get(f"/proceedings/case/{child_case.pk}/return/").content.decode()
    refused = client.post(
        f"/proceedings/case/{child_case.pk}/return/",
        {"returned_on": "2026-03-01", "country": "VN", "kind": "state_assisted"},
    ).content.decode()
    assert "Enregistrer un retour" in page
    assert "une évaluation individuelle des risques avant retour; approbation par" in page
    assert (
        "Un retour organisé ou aidé par l&#x27;État ne peut pas encore être enregistré" in refused
    )
    assert "Record a return" not in page


def test_the_return_page_speaks_arabic(client, frontline, child_case):
    sign_in_speaking(client, frontline, "ar")
    page = client.get(f"/proceedings/case/{child_case.pk}/return/").content.decode()
    assert "تسجيل عودة" in page  # "Record a return"
    assert "من ينظم العودة؟" in page  # the form's label
    assert "Who organises the return?" not in page


def test_amounts_and_the_case_section_follow_the_locale(client, frontline, case):
    sign_in_speaking(client, frontline, "fr")
    client.post(f"/proceedings/case/{case.pk}/claim/", claim_form())
    assert RemedyClaim.objects.exists()
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Procédures et réparations" in page
    assert "12\xa0000,00 EUR" in page  # French grouping and decimal comma
    assert "Indemnisation" in page  # the form of remedy's label
