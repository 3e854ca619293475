"""Security keys (WebAuthn, py_webauthn) as a second factor beside the authenticator app.

The server issues a random challenge, keeps it in the session, and takes it out again the moment
an answer comes back, so each challenge can be answered once. The key signs the challenge with
the relying party id (the host) and origin inside: a look-alike site gets an answer that fails.
RP id and origin come from `HAVEN_WEBAUTHN` (envconfig) or, unset, from the request's host.
"""

from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

import webauthn
from django.conf import settings
from django.http import HttpRequest
from webauthn.helpers import bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from haven.accounts.models import User, WebAuthnDevice

SESSION_KEY = "haven.webauthn.challenge"
REGISTER = "register"
AUTHENTICATE = "authenticate"
RP_NAME = "Haven"
LONGEST_ANSWER = 64_000  # characters of JSON; a real answer is a few kilobytes


@dataclass(frozen=True)
class RelyingParty:
    rp_id: str
    origin: str


def relying_party(request: HttpRequest) -> RelyingParty:
    configured = settings.HAVEN_WEBAUTHN
    if configured.rp_id:
        return RelyingParty(configured.rp_id, configured.origin)
    host = request.get_host()  # already checked against ALLOWED_HOSTS
    return RelyingParty(host.rsplit(":", 1)[0], f"{request.scheme}://{host}")


def _keep(session: MutableMapping[str, Any], purpose: str, challenge: bytes) -> None:
    session[SESSION_KEY] = {"purpose": purpose, "challenge": bytes_to_base64url(challenge)}


def take_challenge(session: MutableMapping[str, Any], purpose: str) -> bytes | None:
    """The challenge issued for this purpose, removed from the session: usable once."""
    kept = session.pop(SESSION_KEY, None)
    if not isinstance(kept, dict) or kept.get("purpose") != purpose:
        return None
    return webauthn.base64url_to_bytes(str(kept["challenge"]))


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = WebAuthnDevice.objects.filter(user=user).values_list("credential_id", flat=True)
    return [PublicKeyCredentialDescriptor(id=webauthn.base64url_to_bytes(i)) for i in ids]


def registration_options(request: HttpRequest, user: User) -> str:
    """Options for navigator.credentials.create, as JSON; the challenge is kept."""
    options = webauthn.generate_registration_options(
        rp_id=relying_party(request).rp_id,
        rp_name=RP_NAME,
        user_name=user.get_username(),
        user_id=f"haven-user-{user.pk}".encode(),
        exclude_credentials=_descriptors(user),  # the same key is not enrolled twice
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.DISCOURAGED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _keep(request.session, REGISTER, options.challenge)
    return webauthn.options_to_json(options)


def authentication_options(request: HttpRequest, user: User) -> str | None:
    """Options for navigator.credentials.get naming only this user's keys; None without keys."""
    allowed = _descriptors(user)
    if not allowed:
        return None
    options = webauthn.generate_authentication_options(
        rp_id=relying_party(request).rp_id, allow_credentials=allowed
    )
    _keep(request.session, AUTHENTICATE, options.challenge)
    return webauthn.options_to_json(options)
