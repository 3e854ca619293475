"""The second factor (django-otp): a TOTP app, with single-use recovery codes.

Who needs it: anyone whose capabilities, after the firewall, read personal data or the audit
trail or administer accounts (`roles.SENSITIVE_CAPABILITIES`). The check is in
`haven.core.permissions`: every guarded view sends such a user, signed in but not verified in
this session, to verify (or, with no device yet, to enrol).
"""

import base64
from typing import Any

import segno
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.accounts.models import RecoveryCode, RecoveryCodeDevice, User
from haven.accounts.recovery_codes import digest, new_code
from haven.accounts.roles import SENSITIVE_CAPABILITIES, Capability

RECOVERY_CODES = 10
TOTP_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"
WEBAUTHN_NAME = "security key"


def needs_second_factor(user: Any) -> bool:
    held: frozenset[Capability] = getattr(user, "capabilities", frozenset())
    return bool(held & SENSITIVE_CAPABILITIES)


def is_verified(user: Any) -> bool:
    return bool(getattr(user, "is_verified", lambda: False)())


def has_device(user: User) -> bool:
    return bool(user_has_device(user, confirmed=True))


def pending_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment QR code as inline SVG: no script, no image request, no third party."""
    return str(segno.make(device.config_url, error="m").svg_inline(scale=4))


def secret_text(device: TOTPDevice) -> str:
    """The key in base32, for typing into an app that cannot scan."""
    return base64.b32encode(device.bin_key).decode()


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with fresh ones; each works once. The codes are
    returned to be shown this once; only their keyed hashes are stored (recovery_codes.py)."""
    device, _ = RecoveryCodeDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.codes.all().delete()
    codes = [new_code() for _ in range(RECOVERY_CODES)]
    RecoveryCode.objects.bulk_create([RecoveryCode(device=device, digest=digest(c)) for c in codes])
    return codes
