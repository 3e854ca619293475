"""Issue 11's "done when", as one journey in Debian's chromium on a 375 px phone: a front-line
worker's interview survives the idle timeout and is finished from its draft; a wrong submit
focuses the error summary; the decision team finds the screening on its home page and decides,
both members confirming; the receiving NGO finds the referral on its home page, accepts it and
opens its own case from it; and no e-mail sent on the way carries the person's name."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail

from haven.accounts.models import User
from haven.accounts.roles import OrgType, Role
from haven.cases.actions import do_open_case, do_record_consent
from haven.cases.models import Case, ConsentPurpose
from haven.core.tests.test_browser import sign_out
from haven.drafts.tests.test_browser import saved, sign_in_again
from haven.law.actions import do_load_builtin_jurisdictions
from haven.referrals.tests.conftest import DAY
from haven.screening.models import Decision
from haven.screening.tests.test_browser import confirm, decide
from haven.testing.browser import sign_in
from haven.testing.fixtures import make_organisation, make_user
from haven.testing.layout import broken_references, page_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 375, "height": 740}
NAMES = ("Mihaela", "Dumitrescu")


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Notifications go out through the job queue; here it runs each task at once."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(30000)  # the shared CI machine can be slow; nothing here is timed
    yield page
    context.close()


def person(organisation, role, username, first_name="", last_name=""):
    user = make_user(organisation, role, username=username)
    User.objects.filter(pk=user.pk).update(
        email=f"{username}@example.org", first_name=first_name, last_name=last_name
    )
    return user


@pytest.fixture
def cast(db):
    """Everyone in the story, and the case the worker has opened."""
    do_load_builtin_jurisdictions()
    ngo = make_organisation("Safe Harbour NGO", OrgType.NGO)
    shelter = make_organisation("Second Shelter", OrgType.NGO)
    authority = make_organisation("Coordination Office", OrgType.CENTRAL_GOVERNMENT)
    worker = person(ngo, Role.FRONTLINE_WORKER, "worker")
    for username in ("anna", "bo"):
        person(authority, Role.DECISION_TEAM, username, username.title(), "Moreau")
    person(shelter, Role.FRONTLINE_WORKER, "receiver")
    case = do_open_case(
        first_name=NAMES[0], second_name=NAMES[1], nationality="RO", acting_user=worker
    )
    do_record_consent(
        case=case,
        purpose=ConsentPurpose.SHARING,
        organisation=shelter,
        given_on=DAY,
        acting_user=worker,
    )
    return case


def fits(page):
    page.wait_for_load_state()
    problems = page_overflow(page) + broken_references(page)
    assert problems == [], f"{page.url} at 375 px:\n" + "\n".join(problems)


def test_the_day_s_work_from_interview_to_the_receiving_ngo_s_own_case(phone, live_server, cast):
    case = cast
    _interview_survives_the_timeout(phone, live_server, case)
    _wrong_submit_focuses_the_summary_then_the_interview_is_recorded(phone)
    sign_out(phone)
    _the_team_finds_the_screening_at_home_and_decides(phone, live_server, case)
    _the_worker_refers_the_case(phone, live_server, case)
    _the_receiving_ngo_finds_accepts_and_opens_its_own_case(phone, live_server, case)

    told = {message.to[0] for message in mail.outbox}
    assert {"anna@example.org", "bo@example.org", "receiver@example.org"} <= told
    for message in mail.outbox:
        text = f"{message.subject}\n{message.body}"
        assert not any(name in text for name in NAMES), message.subject


def _interview_survives_the_timeout(phone, live_server, case):
    interview = f"{live_server.url}/screening/case/{case.pk}/interview/"
    sign_in(phone, live_server, "worker")
    phone.goto(interview)
    fits(phone)
    assert phone.get_by_label("Nationality").input_value() == "RO"  # taken from the case
    phone.get_by_label("Where did you meet?").select_option("shelter")
    phone.get_by_label("Language of the interview").fill("Romanian")
    phone.locator("#id_vuln_extreme_poverty").check()
    saved(phone)

    Session.objects.all().delete()  # the idle timeout, as the server sees it
    phone.get_by_role("button", name=re.compile("Record the interview")).click()
    phone.wait_for_url(re.compile(r".*/accounts/login/\?next=.*"))
    sign_in_again(phone, "worker")
    phone.wait_for_url(interview)
    assert re.search(r"Draft restored", phone.locator(".draft-notice").inner_text())
    assert phone.get_by_label("Language of the interview").input_value() == "Romanian"
    assert phone.locator("#id_vuln_extreme_poverty").is_checked()
    assert phone.get_by_label("Where did you meet?").input_value() == "shelter"


def _wrong_submit_focuses_the_summary_then_the_interview_is_recorded(phone):
    phone.get_by_role("button", name=re.compile("Record the interview")).click()  # no consent
    summary = phone.locator("[data-error-summary]")
    summary.wait_for()
    assert phone.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert 0 <= summary.bounding_box()["y"] < PHONE["height"]
    fits(phone)
    summary.get_by_role("link", name=re.compile("agrees to these answers")).click()
    phone.locator("#id_consent_to_record_0").check()
    phone.get_by_role("button", name=re.compile("Record the interview")).click()
    assert phone.get_by_role("heading", name="Early support: recommended").is_visible()
    phone.get_by_label("Civil authority whose team decides").select_option(
        label="Coordination Office"
    )
    phone.get_by_role("button", name="Submit for a decision").click()
    phone.get_by_text(re.compile("Coordination Office")).first.wait_for()
    fits(phone)


def _the_team_finds_the_screening_at_home_and_decides(phone, live_server, case):
    sign_in(phone, live_server, "anna")
    waiting = phone.get_by_role("region", name="What waits for you")
    assert waiting.get_by_role("heading", name=re.compile("Screenings waiting")).is_visible()
    fits(phone)
    waiting.get_by_role("link", name=f"Screening for case {case.reference}").click()
    phone.wait_for_url(re.compile(r".*/screening/\d+/decide/$"))
    fits(phone)
    decide(phone, "Bo Moreau", "Early support granted")
    assert phone.get_by_text(re.compile("Awaiting confirmation")).is_visible()
    sign_out(phone)

    confirm(phone, live_server, "bo")  # the second member confirms what was recorded for them
    fits(phone)
    decision = Decision.objects.get(screening__case=case)
    assert decision.outcome == "granted" and decision.is_final
    sign_out(phone)


def _the_worker_refers_the_case(phone, live_server, case):
    sign_in(phone, live_server, "worker")
    phone.goto(f"{live_server.url}/cases/{case.pk}/")
    phone.get_by_role("link", name="Refer this case").click()
    phone.wait_for_url(re.compile(r".*/referrals/case/\d+/new/$"))
    fits(phone)
    phone.get_by_label("Refer to").select_option(
        label="Second Shelter: consent to sharing on record"
    )
    reason = phone.get_by_label("Reason for the referral (HTCDS)")
    reason.select_option("AdditionalServicesRequired")
    phone.get_by_label(re.compile("Person: name")).check()
    phone.get_by_role("button", name="Send the referral").click()
    assert phone.get_by_role("heading", name=re.compile("Referral R-.*: Sent")).is_visible()
    sign_out(phone)


def _the_receiving_ngo_finds_accepts_and_opens_its_own_case(phone, live_server, case):
    sign_in(phone, live_server, "receiver")
    waiting = phone.get_by_role("region", name="What waits for you")
    assert waiting.get_by_role("heading", name=re.compile("Referrals waiting")).is_visible()
    fits(phone)
    waiting.get_by_role("link", name=re.compile("Referral R-")).click()
    phone.wait_for_url(re.compile(r".*/referrals/\d+/$"))
    fits(phone)
    phone.get_by_role("button", name="Accept the referral").click()
    assert phone.get_by_role("heading", name=re.compile("Referral R-.*: Accepted")).is_visible()
    phone.get_by_role("button", name="Open our own case from this referral").click()
    assert phone.get_by_text(re.compile(r"Case C-\d+ opened from referral R-")).is_visible()
    fits(phone)
    own = Case.objects.exclude(pk=case.pk).get()
    assert own.organisation.name == "Second Shelter"
    assert phone.get_by_text(" ".join(NAMES)).first.is_visible()  # the shared section came along
    phone.goto(f"{live_server.url}/")
    assert phone.get_by_text("Nothing waits here.").first.is_visible()
