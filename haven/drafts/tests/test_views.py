import json

import pytest
from django.test import Client
from django.urls import reverse

from haven.audit.models import AuditEvent
from haven.drafts.actions import do_save_draft
from haven.drafts.models import Draft

FORM = "screening.interview"
pytestmark = pytest.mark.django_db


def save(client, case, payload, form=FORM):
    body = json.dumps({"form": form, "case": case.pk if case else "", "payload": payload})
    return client.post(reverse("drafts:save"), body, content_type="application/json")


def load(client, case, form=FORM):
    return client.get(reverse("drafts:load"), {"form": form, "case": case.pk if case else ""})


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_author_saves_and_gets_their_draft_back_with_its_time(frontline, case):
    client = signed_in(frontline)
    saved = save(client, case, {"age": ["30"], "vuln_debt": ["on"]})
    assert saved.status_code == 200 and "saved_at" in saved.json()
    draft = load(client, case).json()["draft"]
    assert draft["payload"] == {"age": ["30"], "vuln_debt": ["on"]}
    assert draft["saved_at"] == saved.json()["saved_at"]
    assert AuditEvent.objects.filter(action="draft.read").count() == 1


def test_no_draft_is_an_empty_answer_and_no_read_is_logged(frontline, case):
    assert load(signed_in(frontline), case).json() == {"draft": None}
    assert not AuditEvent.objects.filter(action="draft.read").exists()


@pytest.mark.parametrize("persona", ["colleague", "officer"])
def test_a_worker_not_on_the_case_and_an_officer_are_refused_a_draft(
    request, frontline, case, persona
):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["30"]})
    client = signed_in(request.getfixturevalue(persona))
    assert load(client, case).status_code == 404
    assert save(client, case, {"age": ["1"]}).status_code == 404
    assert Draft.objects.get().author == frontline


def test_a_signed_out_autosave_goes_to_the_login_page_and_keeps_the_draft(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["30"]})
    response = save(Client(), case, {"age": ["99"]})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert json.loads(Draft.objects.get().payload) == {"age": ["30"]}


def test_autosave_needs_the_csrf_token(frontline, case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(frontline)
    assert save(client, case, {"age": ["30"]}).status_code == 403
    assert not Draft.objects.exists()


@pytest.mark.parametrize(
    "body",
    ["not json", "[]", '{"form": "x", "payload": {}}', '{"form": "a.b", "payload": []}'],
)
def test_a_bad_autosave_is_a_400_naming_the_problem(frontline, body):
    response = signed_in(frontline).post(
        reverse("drafts:save"), body, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"]


def test_an_unknown_case_is_the_same_404_as_a_forbidden_one(frontline):
    body = json.dumps({"form": FORM, "case": 999999, "payload": {}})
    client = signed_in(frontline)
    assert (
        client.post(reverse("drafts:save"), body, content_type="application/json").status_code
        == 404
    )
    assert client.get(reverse("drafts:load"), {"form": FORM, "case": "x1"}).status_code == 404


def test_the_author_discards_their_draft(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={})
    response = signed_in(frontline).post(reverse("drafts:discard"), {"form": FORM, "case": case.pk})
    assert response.json() == {"discarded": True}
    assert not Draft.objects.exists()


def test_keepalive_says_how_long_the_session_now_has(frontline, settings):
    settings.SESSION_COOKIE_AGE = 1800
    response = signed_in(frontline).post(reverse("drafts:keepalive"))
    assert 1790 <= response.json()["expires_in"] <= 1800


def test_keepalive_is_cut_short_by_the_absolute_session_lifetime(frontline, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.HAVEN_SESSION_ABSOLUTE_SECONDS = 600
    assert signed_in(frontline).post(reverse("drafts:keepalive")).json()["expires_in"] <= 600


def test_keepalive_signed_out_goes_to_the_login_page():
    assert Client().post(reverse("drafts:keepalive")).status_code == 302


def test_every_signed_in_page_tells_the_scripts_when_the_session_ends(frontline, settings):
    settings.SESSION_COOKIE_AGE = 1800
    page = signed_in(frontline).get(reverse("core:home")).content.decode()
    assert 'id="haven-session"' in page and 'data-idle-seconds="1800"' in page
    assert "drafts/session.js" in page and "drafts/autosave.js" in page


def test_the_login_page_has_no_session_timer():
    page = Client().get(reverse("accounts:login")).content.decode()
    assert 'id="haven-session"' not in page
