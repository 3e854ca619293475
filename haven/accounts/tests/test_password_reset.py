"""Password reset by an e-mailed one-time link: Django's token, throttled per address typed and
per client address, audited, the same answer for any address, and the second factor kept."""

import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from haven.accounts import password_reset
from haven.accounts.models import User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.testing.fixtures import PASSWORD, make_user, totp_device

RESET = "/accounts/password/reset/"
NEW_PASSWORD = "a brand new passphrase 71"
LINK = re.compile(r"https?://[^/\s]+(/accounts/password/reset/[^/\s]+/[^/\s]+/)")


def _request(client, email, address="10.0.0.1"):
    response = client.post(RESET, {"email": email}, REMOTE_ADDR=address)
    password_reset.wait_for_deliveries()
    return response


def _with_email(user, email):
    User.objects.filter(pk=user.pk).update(email=email)
    return User.objects.get(pk=user.pk)


def _link_path(message):
    return LINK.search(message.body).group(1)


def _choose(client, path, password=NEW_PASSWORD):
    form_page = client.get(path)  # Django moves the token into the session, then redirects
    assert form_page.status_code == 302
    data = {"new_password1": password, "new_password2": password}
    return client.post(form_page["Location"], data)


@pytest.fixture
def worker(ngo):
    """A role that needs no second factor: a reset link alone is enough for it."""
    return _with_email(make_user(ngo, Role.NATIONAL_COORDINATOR), "nadia@ngo.example")


@pytest.fixture
def manager(case_manager):
    """A role that needs the second factor, enrolled."""
    totp_device(case_manager)
    return _with_email(case_manager, "cm@ngo.example")


def test_a_link_is_e_mailed_and_sets_a_new_password_once(client, worker):
    response = _request(client, "Nadia@NGO.example")
    assert response["Location"] == "/accounts/password/reset/sent/"
    [message] = mail.outbox
    assert message.to == ["nadia@ngo.example"]
    path = _link_path(message)
    assert _choose(client, path)["Location"] == "/accounts/password/reset/done/"
    assert User.objects.get(pk=worker.pk).check_password(NEW_PASSWORD)
    again = client.get(path)
    assert again.status_code == 200 and 'id="reset-invalid"' in again.content.decode()


def test_the_new_password_must_pass_the_password_policy(client, worker):
    _request(client, worker.email)
    response = _choose(client, _link_path(mail.outbox[0]), password="aaaaaaaaaaaaaa")
    assert response.status_code == 200
    assert User.objects.get(pk=worker.pk).check_password(PASSWORD)


def test_a_reset_keeps_the_second_factor_so_the_link_alone_does_not_get_in(client, manager):
    _request(client, manager.email)
    _choose(client, _link_path(mail.outbox[0]))
    assert TOTPDevice.objects.filter(user=manager, confirmed=True).exists()
    client.post("/accounts/login/", {"username": manager.username, "password": NEW_PASSWORD})
    response = client.get("/cases/")
    assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"]


def test_an_account_that_needs_a_second_factor_it_has_not_set_up_gets_no_link(client, case_manager):
    _with_email(case_manager, "new@ngo.example")  # no device: the link would let anyone enrol
    response = _request(client, "new@ngo.example")
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


def test_an_inactive_or_invited_account_gets_no_link(client, ngo):
    inactive = _with_email(make_user(ngo, Role.NATIONAL_COORDINATOR), "gone@ngo.example")
    User.objects.filter(pk=inactive.pk).update(is_active=False)
    invited = _with_email(make_user(ngo, Role.NATIONAL_COORDINATOR), "later@ngo.example")
    invited.set_unusable_password()
    User.objects.filter(pk=invited.pk).update(password=invited.password)
    _request(client, "gone@ngo.example")
    _request(client, "later@ngo.example")
    assert mail.outbox == []


def _shown(response, client):
    """What the requester sees; the CSRF token (of the language switch) is masked afresh for
    every response, so it is left out."""
    page = client.get(response["Location"]).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return response.status_code, response["Location"], page


def _valid(email):
    try:
        validate_email(email)
    except ValidationError:
        return False
    return len(email) <= 254


@pytest.fixture
def unthrottled(settings):
    settings.HAVEN_PASSWORD_RESET_MAX_PER_EMAIL = 10_000


@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(email=st.emails().filter(_valid))
def test_the_answer_is_the_same_for_any_address_known_or_not(client, worker, unthrottled, email):
    mail.outbox.clear()
    known = _shown(_request(client, worker.email, address=None), client)
    unknown = _shown(_request(client, email, address=None), client)
    assert known == unknown
    assert [m.to for m in mail.outbox] == [[worker.email]] + (
        [[worker.email]] if email.casefold() == worker.email else []
    )


def test_requests_are_throttled_per_address_typed_known_or_not(client, worker):
    for email in (worker.email, "nobody@nowhere.example"):
        answers = [_request(client, email, address=f"10.0.0.{i}") for i in range(4)]
        assert [a.status_code for a in answers] == [302, 302, 302, 429]
        assert "Too many reset requests" in answers[-1].content.decode()
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="password_reset.throttled").count() == 2


def test_requests_are_throttled_per_client_address(client, worker):
    answers = [_request(client, f"guess{i}@ngo.example") for i in range(11)]
    assert [a.status_code for a in answers] == [302] * 10 + [429]


def test_each_request_is_audited_without_the_address_typed(client, worker):
    _request(client, worker.email)
    _request(client, "unknown@ngo.example")
    events = AuditEvent.objects.filter(action="password_reset.requested").order_by("seq")
    assert [(e.target_id, e.details["accounts"]) for e in events] == [(str(worker.pk), 1), ("", 0)]
    assert all("ngo.example" not in str(e.details) for e in events)
    _choose(client, _link_path(mail.outbox[0]))
    assert AuditEvent.objects.filter(action="password_reset.completed", actor=worker).exists()


def test_the_e_mail_names_the_account_and_nothing_else(client, worker):
    _request(client, worker.email)
    [message] = mail.outbox
    assert worker.username in message.body and "second factor" in message.body
    assert worker.organisation.name not in message.body


def test_with_no_mail_the_page_says_to_ask_an_administrator(client, worker, settings):
    settings.HAVEN_EMAIL_ENABLED = False
    page = client.get(RESET).content.decode()
    assert 'id="reset-unavailable"' in page and 'name="email"' not in page
    response = _request(client, worker.email)
    assert response.status_code == 200 and mail.outbox == []
    assert not AuditEvent.objects.filter(action="password_reset.requested").exists()


def test_the_sign_in_page_links_to_the_reset(client):
    assert RESET in client.get("/accounts/login/").content.decode()
