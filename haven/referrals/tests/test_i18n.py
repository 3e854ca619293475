"""Referrals in the staff member's language: the pages, the refer form's labels, the status
choices and the dates follow French and Arabic."""

import pytest

from haven.languages.actions import do_set_language


def sign_in_speaking(client, user, language):
    """Sign in a user whose own interface language is `language` (applied at sign-in)."""
    do_set_language(user=user, language=language)
    client.force_login(user)


def test_the_receiver_reads_the_referral_in_french(client, receiver, referral):
    sign_in_speaking(client, receiver, "fr")
    page = client.get(f"/referrals/{referral.pk}/").content.decode()
    assert f"Orientation {referral.reference} : Envoyée" in page
    assert "Accepter l'orientation" in page
    assert "donné le 1 février 2026" in page  # the consent's date, in French
    assert "Accept the referral" not in page


@pytest.mark.usefixtures("consented")
def test_the_refer_form_speaks_french(client, frontline, case):
    sign_in_speaking(client, frontline, "fr")
    page = client.get(f"/referrals/case/{case.pk}/new/").content.decode()
    assert "Orienter vers" in page
    assert "Second Shelter : consentement au partage enregistré" in page
    assert "Refer to" not in page


@pytest.mark.usefixtures("referral")
def test_the_referrals_page_speaks_arabic(client, receiver):
    sign_in_speaking(client, receiver, "ar")
    page = client.get("/referrals/").content.decode()
    assert "<h1>الإحالات</h1>" in page
    assert "الواردة: بانتظار الرد" in page  # "Received: waiting for an answer"
    assert "Received: waiting" not in page
