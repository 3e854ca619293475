"""Security keys as a second factor: the actions refuse a wrong, missing or replayed challenge,
a sign count that does not go up, and another person's key; each outcome is audited."""

import json

import pytest
import webauthn
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from haven.accounts import actions, webauthn_factor
from haven.accounts.models import RecoveryCodeDevice, WebAuthnDevice
from haven.accounts.tests.soft_authenticator import SoftKey
from haven.audit.models import AuditEvent
from haven.envconfig import ConfigError, webauthn_config

RP = webauthn_factor.RelyingParty("testserver", "http://testserver")


def _request():
    request = RequestFactory().get("/")
    request.session = {}
    return request


def _challenge(request):
    return webauthn.base64url_to_bytes(request.session[webauthn_factor.SESSION_KEY]["challenge"])


def _enrol(user, key=None):
    key = key or SoftKey(RP.rp_id, RP.origin)
    request = _request()
    webauthn_factor.registration_options(request, user)
    answer = key.register(_challenge(request))
    enrolled = actions.do_enrol_webauthn(
        user=user, session=request.session, credential=answer, relying_party=RP, name="blue key"
    )
    return key, enrolled


def _sign_in(user, key, **sign):
    request = _request()
    assert webauthn_factor.authentication_options(request, user) is not None
    answer = key.sign(_challenge(request), **sign)
    verified = actions.do_verify_webauthn(
        user=user, session=request.session, credential=answer, relying_party=RP
    )
    return request, answer, verified


def _events(name):
    return AuditEvent.objects.filter(action=name).count()


def test_a_key_enrols_and_the_first_factor_brings_recovery_codes(case_manager):
    _key, (device, codes) = _enrol(case_manager)
    assert device.name == "blue key" and device.confirmed
    assert len(codes) == 10
    assert RecoveryCodeDevice.objects.get(user=case_manager).verify_token(codes[0])
    assert _events("webauthn.enrolled") == 1


def test_an_enrolled_key_signs_in_and_its_count_is_kept(case_manager):
    key, _ = _enrol(case_manager)
    _request_, _answer, device = _sign_in(case_manager, key, sign_count=7)
    assert device is not None
    device.refresh_from_db()
    assert device.sign_count == 7 and device.last_used_at is not None
    assert _events("webauthn.used") == 1


def test_an_answer_to_another_challenge_is_refused(case_manager):
    key, _ = _enrol(case_manager)
    request = _request()
    webauthn_factor.authentication_options(request, case_manager)
    answer = key.sign(b"not the challenge the server issued")
    verified = actions.do_verify_webauthn(
        user=case_manager, session=request.session, credential=answer, relying_party=RP
    )
    assert verified is None
    assert _events("mfa.failed") == 1 and _events("webauthn.used") == 0


def test_a_challenge_answered_once_cannot_be_answered_again(case_manager):
    key, _ = _enrol(case_manager)
    request, answer, first = _sign_in(case_manager, key)
    assert first is not None
    assert webauthn_factor.SESSION_KEY not in request.session
    replayed = actions.do_verify_webauthn(
        user=case_manager, session=request.session, credential=answer, relying_party=RP
    )
    assert replayed is None


def test_a_registration_challenge_is_no_sign_in_challenge(case_manager):
    key, _ = _enrol(case_manager)
    request = _request()
    webauthn_factor.registration_options(request, case_manager)
    answer = key.sign(_challenge(request))
    verified = actions.do_verify_webauthn(
        user=case_manager, session=request.session, credential=answer, relying_party=RP
    )
    assert verified is None


def test_a_sign_count_going_backwards_is_refused(case_manager):
    key, _ = _enrol(case_manager)
    assert _sign_in(case_manager, key, sign_count=10)[2] is not None
    assert _sign_in(case_manager, key, sign_count=4)[2] is None  # a copy of the key?
    assert WebAuthnDevice.objects.get(user=case_manager).sign_count == 10


def test_another_users_key_is_refused(case_manager, frontline, org_admin):
    _enrol(case_manager)
    theirs, _ = _enrol(org_admin)
    request = _request()
    webauthn_factor.authentication_options(request, case_manager)
    answer = theirs.sign(_challenge(request))
    verified = actions.do_verify_webauthn(
        user=case_manager, session=request.session, credential=answer, relying_party=RP
    )
    assert verified is None
    assert webauthn_factor.authentication_options(_request(), frontline) is None


def test_a_key_for_another_site_is_refused_at_enrolment(case_manager):
    elsewhere = SoftKey("haven.example.org", "https://haven.example.org")
    _key, enrolled = _enrol(case_manager, elsewhere)
    assert enrolled is None
    assert not WebAuthnDevice.objects.exists()
    assert _events("mfa.enrolment_failed") == 1


def test_a_registration_answer_without_a_challenge_is_refused(case_manager):
    key = SoftKey(RP.rp_id, RP.origin)
    answer = key.register(b"made up")
    enrolled = actions.do_enrol_webauthn(
        user=case_manager, session={}, credential=answer, relying_party=RP, name=""
    )
    assert enrolled is None


def test_garbage_is_refused_and_spends_the_challenge(case_manager):
    _enrol(case_manager)
    request = _request()
    webauthn_factor.authentication_options(request, case_manager)
    for garbage in ["", "{", json.dumps({"id": 3}), "x" * 70_000]:
        assert (
            actions.do_verify_webauthn(
                user=case_manager, session=request.session, credential=garbage, relying_party=RP
            )
            is None
        )
    assert webauthn_factor.SESSION_KEY not in request.session


def test_a_user_removes_only_their_own_key(case_manager, org_admin):
    _key, (device, _codes) = _enrol(case_manager)
    with pytest.raises(PermissionDenied):
        actions.do_remove_webauthn(user=org_admin, device_id=device.pk)
    actions.do_remove_webauthn(user=case_manager, device_id=device.pk)
    assert not WebAuthnDevice.objects.exists()
    assert _events("webauthn.removed") == 1


def test_a_reset_of_the_second_factor_removes_keys_too(case_manager, org_admin, system_admin):
    _enrol(case_manager)
    actions.do_reset_second_factor(user=case_manager, acting_user=system_admin)
    assert not WebAuthnDevice.objects.exists()


@pytest.mark.parametrize(
    "env",
    [
        {"HAVEN_WEBAUTHN_RP_ID": "https://haven.example.org", "HAVEN_WEBAUTHN_ORIGIN": "https://x"},
        {"HAVEN_WEBAUTHN_RP_ID": "haven.example.org", "HAVEN_WEBAUTHN_ORIGIN": "haven.example.org"},
        {"HAVEN_WEBAUTHN_RP_ID": "haven.example.org"},
    ],
)
def test_a_misconfigured_relying_party_stops_start_up(env):
    with pytest.raises(ConfigError, match="HAVEN_WEBAUTHN"):
        webauthn_config(env=env)


def test_unset_the_relying_party_follows_the_request_host(settings):
    assert webauthn_config(env={}).rp_id == ""
    assert webauthn_factor.relying_party(_request()) == RP
    settings.HAVEN_WEBAUTHN = webauthn_config(
        env={
            "HAVEN_WEBAUTHN_RP_ID": "haven.example.org",
            "HAVEN_WEBAUTHN_ORIGIN": "https://haven.example.org/",
        }
    )
    assert webauthn_factor.relying_party(_request()).origin == "https://haven.example.org"


def test_the_scripts_words_come_from_the_page_in_the_users_language(client, case_manager):
    client.cookies["django_language"] = "fr"
    client.force_login(case_manager, second_factor=False)
    page = client.get("/accounts/second-factor/enrol/").content.decode()
    assert 'data-waiting="Touchez ou déverrouillez maintenant votre clé de sécurité."' in page
    assert 'id="webauthn-options" type="application/json"' in page


def test_a_visitor_with_only_a_password_cannot_add_a_key_beside_the_existing_one(
    client, case_manager
):
    _enrol(case_manager)
    client.force_login(case_manager, second_factor=False)
    response = client.post("/accounts/second-factor/security-key/add/", {"credential": "{}"})
    assert response.status_code == 302 and "/accounts/second-factor/?" in response["Location"]
    assert WebAuthnDevice.objects.count() == 1
