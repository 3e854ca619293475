"""Second factor (django-otp): required for every role that reads personal data and for
administrators; TOTP with recovery codes; enrolment and every check audited."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.roles import ROLE_CAPABILITIES, SENSITIVE_CAPABILITIES, Role
from haven.accounts.second_factor import needs_second_factor
from haven.audit.models import AuditEvent
from haven.testing.fixtures import PASSWORD, make_user, totp_code, totp_device

SENSITIVE_ROLES = [r for r in Role if ROLE_CAPABILITIES[r] & SENSITIVE_CAPABILITIES]


def _password_only(client, user):
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _code(key_text):
    import base64

    return f"{TOTP(base64.b32decode(key_text)).token():06d}"


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reading_personal_data_and_every_administrator_needs_it(ngo, role):
    organisation = None if role is Role.SYSTEM_ADMIN else ngo
    user = make_user(organisation, role)
    assert needs_second_factor(user) == (role in SENSITIVE_ROLES)
    assert {Role.FRONTLINE_WORKER, Role.CASE_MANAGER, Role.AUDITOR, Role.ORG_ADMIN} <= set(
        SENSITIVE_ROLES
    )
    assert Role.SYSTEM_ADMIN in SENSITIVE_ROLES


@pytest.mark.parametrize("url", ["/", "/cases/", "/accounts/password/"])
def test_a_password_alone_reaches_no_page_of_a_case_manager(client, case_manager, url):
    _password_only(client, case_manager)
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/second-factor/" in response["Location"]


def test_a_role_without_personal_data_is_not_asked(client, ngo):
    coordinator = make_user(ngo, Role.NATIONAL_COORDINATOR, username="coordinator")
    _password_only(client, coordinator)
    assert client.get("/").status_code == 200


def test_enrolment_shows_a_key_refuses_a_wrong_code_and_gives_recovery_codes(client, frontline):
    _password_only(client, frontline)
    page = client.get("/accounts/second-factor/", follow=True).content.decode()
    assert "<svg" in page
    secret = re.search(r'id="totp-secret">([A-Z2-7=]+)<', page).group(1)
    bad = client.post("/accounts/second-factor/enrol/", {"code": "000000", "next": "/"})
    assert "not right" in bad.content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=None)  # the back-off has passed
    good = client.post("/accounts/second-factor/enrol/", {"code": _code(secret), "next": "/"})
    codes = re.findall(r"<li><code>([\w-]+)</code></li>", good.content.decode())
    assert len(codes) == 10
    assert client.get("/").status_code == 200
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"mfa.enrolment_started", "mfa.enrolment_failed", "mfa.enrolled"} <= actions


def test_a_known_device_is_asked_for_and_a_right_code_lets_the_user_in(client, case_manager):
    device = totp_device(case_manager)
    _password_only(client, case_manager)
    assert client.get("/cases/")["Location"].startswith("/accounts/second-factor/?next=")
    response = client.post(
        "/accounts/second-factor/", {"code": totp_code(device), "next": "/cases/"}
    )
    assert response["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    event = AuditEvent.objects.get(action="mfa.verified")
    assert event.details == {"method": "totp"}


def test_a_recovery_code_works_once(client, frontline):
    from haven.accounts.second_factor import new_recovery_codes

    totp_device(frontline)
    [code, *_] = new_recovery_codes(frontline)
    _password_only(client, frontline)
    assert client.post("/accounts/second-factor/", {"code": code})["Location"] == "/"
    client.post("/accounts/logout/")
    _password_only(client, frontline)
    again = client.post("/accounts/second-factor/", {"code": code})
    assert again.status_code == 200 and "not right" in again.content.decode()
    assert AuditEvent.objects.filter(action="mfa.failed").count() == 1


def test_wrong_codes_are_throttled_so_guessing_six_digits_is_slow(client, frontline, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a back-off long enough for a slow test machine
    device = totp_device(frontline)
    _password_only(client, frontline)
    for _ in range(3):
        client.post("/accounts/second-factor/", {"code": "123456"})
    response = client.post("/accounts/second-factor/", {"code": totp_code(device)})
    assert response.status_code == 200  # even the right code waits out the back-off
    # The first wrong code started the back-off; the next ones were refused unchecked.
    assert TOTPDevice.objects.get(pk=device.pk).throttling_failure_count == 1


def test_a_stolen_password_cannot_enrol_its_own_device_over_the_owner_s(client, frontline):
    totp_device(frontline)
    _password_only(client, frontline)
    response = client.get("/accounts/second-factor/enrol/")
    assert response.status_code == 302 and "/accounts/second-factor/?" in response["Location"]
    assert TOTPDevice.objects.filter(user=frontline).count() == 1


def test_the_django_admin_needs_the_second_factor(client, system_admin):
    client.force_login(system_admin, second_factor=False)
    assert client.get("/system/admin/")["Location"].startswith("/system/admin/login/")
    client.force_login(system_admin)
    assert client.get("/system/admin/").status_code == 200


def test_signing_out_needs_no_second_factor(client, frontline):
    _password_only(client, frontline)
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_new_recovery_codes_replace_the_old_and_are_audited(client, frontline):
    client.force_login(frontline)
    first = client.post("/accounts/second-factor/recovery-codes/").content.decode()
    second = client.post("/accounts/second-factor/recovery-codes/").content.decode()
    old = set(re.findall(r"<li><code>([\w-]+)</code></li>", first))
    new = set(re.findall(r"<li><code>([\w-]+)</code></li>", second))
    assert len(new) == 10 and not old & new
    assert AuditEvent.objects.filter(action="mfa.recovery_codes_generated").count() == 2


def test_a_second_administrator_resets_a_lost_second_factor(client, frontline, org_admin):
    totp_device(frontline)
    client.force_login(org_admin)
    response = client.post(f"/accounts/members/{frontline.pk}/second-factor/reset/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=frontline).exists()
    assert AuditEvent.objects.get(action="mfa.reset").details == {"removed": 1}


def test_an_administrator_who_invited_the_account_cannot_reset_its_second_factor(org_admin, ngo):
    from django.core.exceptions import ValidationError

    from haven.accounts import actions

    invitation = actions.do_invite_user(
        organisation=ngo,
        email="",
        first_name="Q",
        last_name="",
        roles=[Role.NATIONAL_COORDINATOR.value],
        acting_user=org_admin,
    )
    with pytest.raises(ValidationError, match="second administrator"):
        actions.do_reset_second_factor(user=invitation.user, acting_user=org_admin)
