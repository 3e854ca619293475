"""Referrals in the staff member's language: the pages, the refer form's labels, the status
choices and the dates follow French and Arabic."""

import datetime
import json

import pytest
from django.utils import translation
from django.utils.formats import date_format

from haven.languages.actions import do_set_language
from haven.law.actions import do_load_builtin_jurisdictions
from haven.referrals.actions import do_accept_referral, do_refer_case
from haven.screening.actions import do_record_screening
from haven.screening.record import Record


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


@pytest.mark.usefixtures("consented")
def test_the_shared_screening_s_deadlines_read_in_the_receiver_s_locale(
    client, case, other_ngo, frontline, receiver
):
    do_load_builtin_jurisdictions()
    record = {
        "jurisdiction": "GB",
        "encounter": {"date": "2026-02-01", "setting": "labour_inspection"},
        "person": {"age": 30},
        "facts": {"acts": ["recruitment"], "means": ["deception"], "purposes": ["forced_labour"]},
        "consent_to_record": True,
    }
    do_record_screening(
        case=case, record=Record.model_validate_json(json.dumps(record)), acting_user=frontline
    )
    ends = {r["ends"] for r in json.loads(case.screenings.get().result)["rights"] if r.get("ends")}
    assert ends, "the screening should give at least one dated right"
    referral = do_refer_case(
        case,
        other_ngo,
        reason="AdditionalServicesRequired",
        sections=["screening"],
        acting_user=frontline,
    )
    do_accept_referral(referral=referral, acting_user=receiver, expected_version=referral.version)
    sign_in_speaking(client, receiver, "fr")
    page = client.get(f"/referrals/{referral.pk}/shared/").content.decode()
    assert "Entretien du 1 février 2026." in page
    for iso in ends:
        with translation.override("fr"):
            shown = date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")
        assert f" : jusqu'au {shown}" in page
        assert iso not in page
