"""The support plan in the staff member's language: French and Arabic pages show their own
words, dates by the locale, and the choices' labels translated."""

import datetime

import pytest

from haven.languages.actions import do_set_language
from haven.support.actions import do_add_milestone


def sign_in_speaking(client, user, language):
    """Sign in a user whose own interface language is `language` (applied at sign-in)."""
    do_set_language(user=user, language=language)
    client.force_login(user)


@pytest.fixture
def achieved(plan, frontline):
    do_add_milestone(plan=plan, kind="safe_housing", acting_user=frontline)
    milestone = plan.milestones.get()
    milestone.achieved_on = datetime.date(2026, 2, 1)
    milestone.save()
    return milestone


@pytest.mark.usefixtures("service", "achieved")
def test_the_plan_page_speaks_french(client, frontline, case):
    sign_in_speaking(client, frontline, "fr")
    page = client.get(f"/support/case/{case.pk}/").content.decode()
    assert f"Plan d'accompagnement · dossier {case.reference}" in page
    assert "Hébergement : Proposé" in page  # the service's kind and status, both translated
    assert "Logement sûr : atteinte le 1 février 2026" in page  # the date in French
    assert "Support plan" not in page


@pytest.mark.usefixtures("service")
def test_the_plan_page_speaks_arabic(client, frontline, case):
    sign_in_speaking(client, frontline, "ar")
    page = client.get(f"/support/case/{case.pk}/").content.decode()
    assert f"خطة الدعم · الحالة {case.reference}" in page
    assert "اقتراح خدمة" in page  # "Propose a service"
    assert "Propose a service" not in page


def test_a_refusal_is_in_the_worker_s_language(client, frontline, case, plan):
    sign_in_speaking(client, frontline, "fr")
    form = {"kind": "accommodation", "start_date": "2026-02-02", "end_date": "2026-02-01"}
    page = client.post(f"/support/case/{plan.case_id}/services/add/", form).content.decode()
    assert "Un service ne peut pas se terminer avant de commencer." in page
