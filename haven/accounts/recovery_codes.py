"""Recovery codes stored as keyed hashes, never in clear (issue 16). The device and the
stored hash are `RecoveryCodeDevice` and `RecoveryCode` in models.py.

django-otp's own static device keeps its tokens as plain text, so anyone who reads the
database (a backup, a DBA, a seized server) could sign in past the second factor. Here each
code is kept as HMAC-SHA256 under a key derived from the installation's secret key
(`HAVEN_SECRET_KEY`, which lives outside the database), with a salt of its own:

- why HMAC and not Django's password hashers: a code is 80 random bits, not a password a
  person chose, so a slow hash adds nothing against guessing; a salted slow hash would have
  to be run against each of a user's ten codes on every attempt (a cheap way to load the
  server), while a keyed hash is one indexed look-up. Without the secret key, the database
  alone gives nothing to guess against; with it, 2^80 candidates are still out of reach.
- rotating the secret key: codes made under a key in `SECRET_KEY_FALLBACKS` keep working.

A code is shown once, when made; it works once (marked used in one conditional UPDATE, so
two requests racing with the same code cannot both pass); using one is audited by the
verifying action (`mfa.verified`, method `recovery_code`, with the codes left).
"""

import base64
import secrets

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "haven.accounts.recovery_codes"
CODE_BYTES = 10  # 80 bits: 16 base32 characters, shown in four groups of four
GROUP = 4
LONGEST_TYPED = 64  # anything longer is no code, and is not hashed


def new_code() -> str:
    raw = base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode().lower()
    return "-".join(raw[i : i + GROUP] for i in range(0, len(raw), GROUP))


def normalise(code: str) -> str:
    """What was typed, as stored: case, spaces and hyphens do not matter."""
    return "".join(code.split()).replace("-", "").lower()


def digest(code: str, secret: str | bytes | None = None) -> str:
    key = settings.SECRET_KEY if secret is None else secret
    return salted_hmac(SALT, normalise(code), secret=key, algorithm="sha256").hexdigest()


def digests(code: str) -> list[str]:
    """The code's digest under the current secret key and each fallback still accepted."""
    return [digest(code, key) for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]]
