"""The grievance channel in Debian's chromium: a worker on a 375 px phone screen files
anonymously and follows it with the code; the officer resolves it with wages recovered; an
unresolved one escalates after its deadline (test clock)."""

import os
import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from haven.business import actions
from haven.core.tests.test_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}
SHOTS = Path(os.environ.get("HAVEN_SCREENSHOT_DIR") or tempfile.gettempdir()) / "haven-languages"


def fits_the_screen(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page is {width}px wide on a {PHONE['width']}px screen"


def test_a_worker_files_on_a_phone_and_the_officer_resolves_with_wages(
    page, live_server, channel, officer
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/business/report/harvest/")
    fits_the_screen(page)
    page.get_by_label("Wages unpaid, late or too low").check()
    page.get_by_label("What happened?").fill("We were not paid for the last six weeks")
    page.get_by_role("button", name="Send my report").click()
    code = page.get_by_test_id("code").inner_text().strip()
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4}){3}", code)
    fits_the_screen(page)

    page.get_by_role("link", name="Follow my report").click()
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Show my report").click()
    assert page.get_by_test_id("status").inner_text() == "Received"
    fits_the_screen(page)

    officer_page = page.context.browser.new_page()
    sign_in(officer_page, live_server, "officer")
    officer_page.get_by_role("link", name="Grievances", exact=True).click()
    officer_page.get_by_role("link", name=re.compile(r"^\d+$")).first.click()
    assert officer_page.get_by_text("Anonymous: the worker left no contact.").is_visible()
    officer_page.get_by_label("Stage").select_option("triage")
    officer_page.get_by_role("button", name="Record the step").click()
    officer_page.get_by_label("Message to the worker", exact=True).fill(
        "Your wages were paid back."
    )
    officer_page.get_by_label("Wages recovered").fill("1200")
    officer_page.get_by_label("Currency (ISO 4217)").fill("GBP")
    officer_page.get_by_role("button", name="Resolve").click()
    assert officer_page.get_by_test_id("status").inner_text() == "Resolved"
    assert (
        officer_page.get_by_test_id("wages").inner_text() == "GBP 1,200.00"
    )  # grouped the locale's way
    officer_page.close()

    page.goto(f"{live_server.url}/business/follow/")
    page.get_by_label("Your code").fill(code)
    page.get_by_role("button", name="Show my report").click()
    assert page.get_by_test_id("status").inner_text() == "Resolved"
    expect(page.get_by_text("Your wages were paid back.")).to_be_visible()


def test_an_unresolved_grievance_escalates_after_its_deadline(page, live_server, channel):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/business/report/harvest/?lang=es")
    page.get_by_label("Pasaporte o documentos retenidos").check()
    page.get_by_label("¿Qué pasó?").fill("Se quedaron con mi pasaporte")
    page.get_by_role("button", name="Enviar mi denuncia").click()
    code = page.get_by_test_id("code").inner_text().strip()

    grievance = channel.grievances.get()
    assert actions.escalate_overdue(now=grievance.deadline.replace(microsecond=0) - _second()) == []
    assert len(actions.escalate_overdue(now=grievance.deadline)) == 1

    page.goto(f"{live_server.url}/business/follow/?lang=es")
    page.get_by_label("Su código").fill(code)
    page.get_by_role("button", name="Ver mi denuncia").click()
    assert page.get_by_test_id("status").inner_text() == "Enviada a un organismo independiente"
    assert page.get_by_text("Su denuncia no se resolvió a tiempo").is_visible()
    fits_the_screen(page)


def test_a_worker_reports_in_arabic_right_to_left_and_is_answered_in_arabic(
    page, live_server, channel
):
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/business/report/harvest/?lang=ar")
    box = page.locator("div.grievance")
    assert box.evaluate("el => getComputedStyle(el).direction") == "rtl"
    page.get_by_label("احتجاز جواز السفر أو الوثائق").check()
    page.get_by_label("ماذا حدث؟").fill("أخذوا جواز سفري")
    page.get_by_role("button", name="أرسل بلاغي").click()
    assert page.get_by_test_id("acknowledgement").inner_text().startswith("تلقّينا بلاغك")
    fits_the_screen(page)
    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / "business-grievance-filed-ar.png"
    page.screenshot(path=str(shot), full_page=True)
    print(f"screenshot: {shot}")
    assert channel.grievances.get().language == "ar"


def _second():
    import datetime as dt

    return dt.timedelta(seconds=1)


def test_a_caseworker_opens_a_case_from_a_referred_grievance_and_finds_the_screening_started(
    page, live_server, filed, officer, ngo
):
    from haven.accounts.roles import Role
    from haven.business.models import Stage
    from haven.testing.browser import sign_in
    from haven.testing.fixtures import make_user

    grievance, _ = filed
    actions.do_record_step(
        grievance,
        Stage.TRIAGE,
        indicators=["wages_withheld", "excessive_hours"],
        acting_user=officer,
    )
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    make_user(ngo, Role.FRONTLINE_WORKER, username="caseworker")
    page.set_viewport_size(PHONE)
    sign_in(page, live_server, "caseworker")
    page.goto(f"{live_server.url}/business/referred/")
    fits_the_screen(page)
    page.get_by_role("link", name=str(grievance.pk), exact=True).click()
    expect(page.get_by_test_id("indicators")).to_contain_text("Wages held back")
    fits_the_screen(page)
    page.get_by_label("First name the worker gave you").fill("Amina")
    page.get_by_role("button", name="Open a case and start a screening").click()
    page.wait_for_url(re.compile(r"/screening/case/\d+/interview/$"))
    expect(page.get_by_text("Draft restored")).to_be_visible()
    expect(page.locator("input[name=ind_wages_withheld][value=yes]")).to_be_checked()
    expect(page.locator("input[name=ind_excessive_hours][value=yes]")).to_be_checked()
    expect(page.locator("input[name=ind_low_or_no_pay][value=not_asked]")).to_be_checked()
    expect(page.locator("select[name=setting]")).to_have_value("hotline")
    fits_the_screen(page)
