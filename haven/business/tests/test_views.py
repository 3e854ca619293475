"""Grievance pages: filing without an account, following by code (no enumeration, rate
limit), officers' pages, and the firewall: enforcement never reaches grievance data."""

import re

import pytest

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.business import actions
from haven.business.models import Grievance, Stage
from haven.testing.fixtures import make_user

FORM = {"category": "wages", "description": "Boss keeps our passports", "lang": "en"}


def file(client, **extra):
    return client.post("/business/report/harvest/", {**FORM, **extra})


def code_in(response):
    return re.search(
        r"<strong>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</strong>", response.content.decode()
    )[1]


def test_a_worker_files_without_an_account_and_gets_a_code(client, channel):
    response = file(client)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    code = code_in(response)
    grievance = Grievance.objects.get()
    assert grievance.contact == "" and grievance.description == FORM["description"]
    followed = client.post("/business/follow/", {"code": code.lower(), "lang": "en"})
    assert b"Received" in followed.content and b"passports" not in followed.content


def test_the_form_asks_nothing_identifying_that_is_required(client, channel):
    page = client.get("/business/report/harvest/").content.decode()
    required = re.findall(r'name="(\w+)"[^>]*required', page)
    assert set(required) <= {"category", "description"}


def test_the_page_speaks_the_workers_language(client, channel):
    page = client.get("/business/report/harvest/?lang=fr").content.decode()
    assert "Signaler un problème au travail" in page and 'lang="fr"' in page


def test_a_wrong_code_and_a_malformed_code_get_the_same_answer(client, channel):
    file(client)
    wrong = client.post("/business/follow/", {"code": "0000-0000-0000-0000"}).content
    malformed = client.post("/business/follow/", {"code": "hello"}).content
    assert b"could not find" in wrong and b"could not find" in malformed


def test_failed_look_ups_are_rate_limited_even_for_a_right_code(client, channel, settings):
    settings.HAVEN_GRIEVANCE_LIMITS = {"lookup": 3}
    code = code_in(file(client))
    for _ in range(3):
        client.post("/business/follow/", {"code": "0000-0000-0000-0000"})
    blocked = client.post("/business/follow/", {"code": code})
    assert b"Too many tries" in blocked.content


def test_filings_are_rate_limited_per_address(client, channel, settings):
    settings.HAVEN_GRIEVANCE_LIMITS = {"file": 2}
    file(client)
    file(client)
    assert file(client).status_code == 429 and Grievance.objects.count() == 2


def _refusals():
    return AuditEvent.objects.filter(action="grievance.refused")


def test_a_refused_filing_is_audited_once_per_window_without_the_address(client, channel, settings):
    settings.HAVEN_GRIEVANCE_LIMITS = {"file": 1}
    file(client)
    for _ in range(3):
        assert file(client).status_code == 429
    (event,) = _refusals()
    assert event.details == {"kind": "file", "limit": 1}
    assert event.organisation_ref == channel.organisation.pk
    assert "127.0.0.1" not in str(event.details) + event.target_id


def test_a_refused_look_up_is_audited_and_never_holds_the_code_tried(client, channel, settings):
    settings.HAVEN_GRIEVANCE_LIMITS = {"lookup": 2}
    code = code_in(file(client))
    for _ in range(2):
        client.post("/business/follow/", {"code": "0000-0000-0000-0000"})
    assert b"Too many tries" in client.post("/business/follow/", {"code": code}).content
    client.post("/business/follow/update/", {"code": code, "message": "more"})
    (event,) = _refusals()
    tried = code.replace("-", "")
    assert tried not in str(event.details) + event.target_id and "127.0.0.1" not in event.target_id
    assert event.details["kind"] == "lookup"


def test_an_attempt_within_the_limit_writes_no_refusal(client, channel):
    file(client)
    client.post("/business/follow/", {"code": "0000-0000-0000-0000"})
    assert not _refusals().exists()


def test_a_worker_adds_information_and_reports_retaliation_with_the_code(client, channel):
    code = code_in(file(client))
    response = client.post(
        "/business/follow/update/", {"code": code, "message": "more", "retaliation": "on"}
    )
    assert b"Your information was added" in response.content
    assert Grievance.objects.get().retaliation


def test_the_officer_reads_and_resolves(client, officer, filed):
    grievance, _ = filed
    client.force_login(officer)
    assert b"Two months" in client.get(f"/business/grievances/{grievance.pk}/").content
    client.post(f"/business/grievances/{grievance.pk}/step/", {"stage": "triage"})
    client.post(
        f"/business/grievances/{grievance.pk}/resolve/",
        {"wages_recovered": "120.50", "wages_currency": "EUR", "message": "Paid back"},
    )
    grievance.refresh_from_db()
    assert grievance.status == "resolved" and str(grievance.wages_recovered) == "120.50"
    client.logout()
    followed = client.post("/business/follow/", {"code": filed[1]})
    assert b"Paid back" in followed.content and b"Resolved" in followed.content


@pytest.mark.parametrize("org_name", ["police", "immigration"])
def test_enforcement_never_sees_a_grievance_whatever_its_role(request, client, filed, org_name):
    grievance, _ = filed
    user = make_user(request.getfixturevalue(org_name), Role.GRIEVANCE_OFFICER)
    client.force_login(user)
    assert client.get("/business/grievances/").status_code == 403
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 403


def test_the_enforcement_role_strips_grievance_access_in_the_company_too(client, company, filed):
    grievance, _ = filed
    user = make_user(company, Role.GRIEVANCE_OFFICER, Role.ENFORCEMENT_OFFICER)
    client.force_login(user)
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 403


def test_another_company_officer_gets_404_as_if_missing(client, other_ngo, filed):
    grievance, _ = filed
    client.force_login(make_user(other_ngo, Role.GRIEVANCE_OFFICER))
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 404
    assert client.get("/business/grievances/99999/").status_code == 404


def test_the_independent_body_sees_it_only_once_escalated(client, ombuds_officer, filed):
    grievance, _ = filed
    client.force_login(ombuds_officer)
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 404
    actions.escalate_overdue(now=grievance.deadline)
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 200


def test_a_support_organisation_reads_only_what_was_referred_to_it(client, officer, ngo, filed):
    grievance, _ = filed
    caseworker = make_user(ngo, Role.CASE_MANAGER)
    client.force_login(caseworker)
    assert client.get(f"/business/grievances/{grievance.pk}/").status_code == 404
    actions.do_record_step(
        grievance, Stage.TRIAGE, trafficking_indicators=True, acting_user=officer
    )
    actions.do_refer_grievance(grievance, ngo, acting_user=officer)
    page = client.get(f"/business/grievances/{grievance.pk}/", follow=True)
    assert page.status_code == 200 and b"Record a step" not in page.content
    assert page.redirect_chain == [(f"/business/referred/{grievance.pk}/", 302)]
    assert (
        client.post(
            f"/business/grievances/{grievance.pk}/step/", {"stage": "investigation"}
        ).status_code
        == 403
    )


def test_an_officer_opens_a_channel(client, officer, ombuds):
    client.force_login(officer)
    response = client.post(
        "/business/channels/",
        {"name": "Line", "slug": "line", "escalation_days": 14, "independent_body": ombuds.pk},
    )
    assert response.status_code == 302
    assert b"/business/report/line/" in client.get("/business/channels/").content
