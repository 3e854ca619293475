"""Follow-up codes: 16 characters of Crockford base32 (80 random bits), shown once to the worker.

Only a keyed hash is stored, so neither the database nor the audit trail can give a code back,
and with 2^80 possible codes and a rate limit on failed look-ups they cannot be enumerated.
Reading a code back is forgiving: case, spaces, dashes and the look-alikes O/I/L are accepted.
"""

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 16
LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, LENGTH, 4))


def normalise(code: str) -> str | None:
    """The code's 16 characters, or None when it cannot be a code."""
    cleaned = "".join(code.upper().split()).replace("-", "").translate(LOOK_ALIKES)
    if len(cleaned) != LENGTH or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def code_hash(code: str) -> str:
    key = b"grievance-code:" + settings.SECRET_KEY.encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def address_key(address: str | None) -> str:
    key = b"grievance-address:" + settings.SECRET_KEY.encode()
    return hmac.new(key, (address or "unknown").encode(), hashlib.sha256).hexdigest()
