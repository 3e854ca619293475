"""Nothing typed is lost, in Debian's chromium on a phone-sized screen: an interview survives
the session ending, resumes from its draft after signing in again, and is finished; a wrong
submit puts the error summary, focused, at the top; the idle timeout is announced first."""

import re
import time

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from haven.accounts.models import User
from haven.cases.actions import do_open_case
from haven.drafts.models import Draft
from haven.languages.actions import do_set_language
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.browser import sign_in
from haven.testing.fixtures import PASSWORD, totp_code, totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def sign_in_again(page, username):
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r".*/second-factor/.*"))
    page.get_by_label("Code").fill(totp_code(totp_device(User.objects.get(username=username))))
    page.get_by_role("button", name="Verify").click()


def saved(page):
    page.locator(".draft-status", has_text="Draft saved at").wait_for()


def test_an_interview_survives_the_session_ending_and_is_finished_from_its_draft(
    phone, live_server, frontline
):
    do_load_builtin_jurisdictions()
    case = do_open_case(first_name="Mai", nationality="VN", acting_user=frontline)
    interview = f"{live_server.url}/screening/case/{case.pk}/interview/"
    sign_in(phone, live_server, "frontline")
    phone.goto(interview)
    assert phone.get_by_label("Nationality").input_value() == "VN"  # from the case
    phone.get_by_label("Where did you meet?").select_option("shelter")
    phone.get_by_label("Language of the interview").fill("Vietnamese")
    phone.locator("#id_vuln_extreme_poverty").check()
    saved(phone)

    Session.objects.all().delete()  # the idle timeout, as the server sees it
    phone.get_by_label("Language of the interview").fill("Vietnamese, with an interpreter")
    status = phone.locator(".draft-status")
    status.filter(has_text="You are signed out").wait_for()
    assert "next=" in status.get_by_role("link", name="Sign in again to continue").get_attribute(
        "href"
    )
    phone.get_by_role("button", name=re.compile("Record the interview")).click()  # signed out
    phone.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    sign_in_again(phone, "frontline")
    phone.wait_for_url(interview)

    notice = phone.locator(".draft-notice")
    assert re.search(r"Draft restored, saved at \d", notice.inner_text())
    assert notice.get_by_role("button", name=re.compile("Discard the draft")).is_visible()
    assert phone.get_by_label("Language of the interview").input_value() == "Vietnamese"
    assert phone.locator("#id_vuln_extreme_poverty").is_checked()
    assert phone.get_by_label("Where did you meet?").input_value() == "shelter"

    phone.get_by_role("button", name=re.compile("Record the interview")).click()  # no consent
    summary = phone.locator("[data-error-summary]")
    summary.wait_for()
    assert phone.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert 0 <= summary.bounding_box()["y"] < PHONE["height"]  # in view, not 5,800 px down
    assert summary.evaluate("e => e.getBoundingClientRect().top + window.scrollY") < 1200
    assert _fits(phone)
    summary.get_by_role("link", name=re.compile("agrees to these answers")).click()
    assert phone.evaluate("document.activeElement.id") == "id_consent_to_record_0"
    phone.locator("#id_consent_to_record_0").check()
    assert phone.locator("#id_vuln_extreme_poverty").is_checked()  # the POST kept the answers
    phone.get_by_role("button", name=re.compile("Record the interview")).click()
    expect(phone.get_by_role("heading", name="Early support: recommended")).to_be_visible()
    assert not Draft.objects.exists()


def test_a_follow_up_marks_each_answer_that_changed(phone, live_server, frontline):
    do_load_builtin_jurisdictions()
    case = do_open_case(first_name="Mai", acting_user=frontline)
    interview = f"{live_server.url}/screening/case/{case.pk}/interview/"
    sign_in(phone, live_server, "frontline")
    phone.goto(interview)
    phone.get_by_label("Where did you meet?").select_option("shelter")
    phone.locator("#id_consent_to_record_0").check()
    phone.get_by_role("button", name=re.compile("Record the interview")).click()
    phone.get_by_role("heading", name=re.compile("Early support")).wait_for()

    phone.goto(interview)
    assert phone.get_by_label("Where did you meet?").input_value() == "shelter"
    assert phone.locator(".changed-marker").count() == 0
    phone.locator("#id_vuln_extreme_poverty").check()
    marker = phone.locator("[data-answer='vuln_extreme_poverty'] .changed-marker")
    assert marker.inner_text() == "Changed since the last interview"
    phone.locator("#id_vuln_extreme_poverty").uncheck()
    assert marker.count() == 0


def test_the_idle_timeout_is_announced_with_a_way_to_stay_signed_in(phone, live_server, frontline):
    phone.clock.install()
    sign_in(phone, live_server, "frontline")
    phone.clock.fast_forward("28:30")
    dialog = phone.get_by_role("alertdialog", name="You will be signed out soon")
    dialog.wait_for()
    stay = dialog.get_by_role("button", name="Stay signed in")
    assert phone.evaluate("document.activeElement.textContent") == "Stay signed in"
    with phone.expect_response(re.compile(r".*/drafts/keepalive/$")) as kept:
        stay.click()
    assert kept.value.ok
    dialog.wait_for(state="hidden")
    phone.clock.fast_forward("31:00")
    ended = phone.get_by_role("alertdialog", name="You have been signed out")
    ended.wait_for()
    link = ended.get_by_role("link", name="Sign in again to continue")
    assert "/accounts/login/?next=%2F" in link.get_attribute("href")


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_htcds_victim_context_keeps_a_draft_until_it_is_saved(phone, live_server, frontline):
    case = do_open_case(first_name="Mai", acting_user=frontline)
    context = f"{live_server.url}/cases/{case.pk}/context/"
    sign_in(phone, live_server, "frontline")
    phone.goto(context)
    phone.locator("#id_age_when_trafficked").fill("16")
    saved(phone)

    phone.goto(context)  # a closed tab, a lost connection: the draft is offered back
    phone.locator(".draft-notice", has_text="Draft restored").wait_for()
    assert phone.locator("#id_age_when_trafficked").input_value() == "16"
    phone.get_by_role("button", name="Save the victim context").click()
    phone.get_by_text("Saved.").wait_for()
    _no_draft_left()
    phone.goto(context)
    assert phone.locator("#id_age_when_trafficked").input_value() == "16"  # the record now
    assert phone.locator(".draft-notice").count() == 0


def _no_draft_left():
    for _ in range(50):  # the page discards the draft once it sees the save went through
        if not Draft.objects.exists():
            return
        time.sleep(0.1)
    raise AssertionError("the draft outlived the saved form")


def test_a_submit_that_lands_on_another_page_discards_its_draft_there(
    phone, live_server, frontline, monkeypatch
):
    """For forms whose view does not delete the draft: the page the submit led to does."""
    monkeypatch.setattr("haven.screening.views.discard_submitted", lambda **kwargs: None)
    do_load_builtin_jurisdictions()
    case = do_open_case(first_name="Mai", acting_user=frontline)
    sign_in(phone, live_server, "frontline")
    phone.goto(f"{live_server.url}/screening/case/{case.pk}/interview/")
    phone.get_by_label("Where did you meet?").select_option("shelter")
    phone.locator("#id_consent_to_record_0").check()
    saved(phone)
    assert Draft.objects.count() == 1
    phone.get_by_role("button", name=re.compile("Record the interview")).click()
    phone.get_by_role("heading", name=re.compile("Early support")).wait_for()
    _no_draft_left()


def test_autosave_and_the_idle_timeout_speak_the_page_s_language(phone, live_server, frontline):
    """The scripts' words come translated from the page: for a worker who reads French, all of
    them are French, and the time is told the French way."""
    do_set_language(user=frontline, language="fr")  # applied when they sign in
    case = do_open_case(first_name="Mai", acting_user=frontline)
    phone.clock.install()
    sign_in(phone, live_server, "frontline")
    phone.goto(f"{live_server.url}/support/case/{case.pk}/")
    assert phone.locator("html").get_attribute("lang") == "fr"
    phone.locator("#id_goals").fill("Apprendre le métier de cuisinière.")
    status = phone.locator(".draft-status", has_text="Brouillon enregistré à")
    status.wait_for()
    assert re.fullmatch(r"Brouillon enregistré à \d\d:\d\d\.", status.inner_text())  # 24 h
    phone.clock.fast_forward("28:30")
    dialog = phone.get_by_role("alertdialog", name="Vous allez bientôt être déconnecté·e")
    dialog.wait_for()
    assert "Par sécurité, Haven vous déconnecte à" in dialog.inner_text()
    assert dialog.get_by_role("button", name="Rester connecté·e").is_visible()
