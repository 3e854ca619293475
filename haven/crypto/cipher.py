"""Authenticated encryption of single values, and keyed hashes for finding them again.

A token is ``v1:<key id>:<urlsafe base64 of nonce + ciphertext + tag>``. The key id travels in
clear so that old values stay readable while `haven keys rotate` moves them to a new key. The
*context* (which column the value lives in) is authenticated but not stored: a token copied into
another column, or another table, fails to decrypt instead of silently reading as valid.
"""

import base64
import binascii
import hashlib
import hmac
import os
import unicodedata
from collections.abc import Sequence

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from haven.crypto.keys import Keyring, current_keyring

VERSION = "v1"
NONCE_BYTES = 12
# Both are whitespace to str.split(), so normalising a value removes them: no value can contain
# one, and no two different lists of values can hash alike.
VALUE_SEPARATOR = "\x1f"
CONTEXT_SEPARATOR = "\x1e"


class DecryptionError(ValueError):
    """A token cannot be decrypted; the message names the key id and context, never the value."""


def encrypt(plaintext: str, *, context: str, keyring: Keyring | None = None) -> str:
    keyring = keyring or current_keyring()
    key_id = keyring.primary
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(keyring.encryption[key_id]).encrypt(
        nonce, plaintext.encode("utf-8"), context.encode("utf-8")
    )
    return f"{VERSION}:{key_id}:{base64.urlsafe_b64encode(nonce + sealed).decode('ascii')}"


def decrypt(token: str, *, context: str, keyring: Keyring | None = None) -> str:
    key_id, blob = _split(token, context)
    keyring = keyring or current_keyring()
    key = keyring.encryption.get(key_id)
    if key is None:
        raise DecryptionError(
            f"cannot decrypt {context}: key {key_id!r} is not in the keys file "
            f"(it has {', '.join(sorted(keyring.encryption))})"
        )
    try:
        plain = AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], context.encode("utf-8"))
    except InvalidTag:
        raise DecryptionError(
            f"cannot decrypt {context} with key {key_id!r}: the ciphertext was altered, "
            "or it was encrypted for another column"
        ) from None
    return plain.decode("utf-8")


def key_id_of(token: str, *, context: str = "token") -> str:
    """The id of the key a token was encrypted with, read without decrypting it."""
    return _split(token, context)[0]


def _split(token: str, context: str) -> tuple[str, bytes]:
    version, _, rest = token.partition(":")
    key_id, _, encoded = rest.partition(":")
    if version != VERSION or not key_id or not encoded:
        raise DecryptionError(f"cannot decrypt {context}: not a {VERSION} token")
    try:
        blob = base64.urlsafe_b64decode(encoded.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise DecryptionError(f"cannot decrypt {context}: the token is not valid base64") from None
    if len(blob) <= NONCE_BYTES:
        raise DecryptionError(f"cannot decrypt {context}: the token is truncated")
    return key_id, blob


def normalise(value: str) -> str:
    """Fold the differences a caseworker does not mean: case, width, and stray spaces."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", value).casefold())
    return " ".join(folded.split())


def blind_index(values: Sequence[str], *, context: str, keyring: Keyring | None = None) -> str:
    """A keyed hash for exact lookups; the context keeps equal names in two columns unlinkable."""
    if CONTEXT_SEPARATOR in context or VALUE_SEPARATOR in context:
        raise ValueError(f"a blind-index context cannot contain separators: {context!r}")
    keyring = keyring or current_keyring()
    message = context + CONTEXT_SEPARATOR + VALUE_SEPARATOR.join(normalise(v) for v in values)
    return hmac.new(keyring.blind_index, message.encode("utf-8"), hashlib.sha256).hexdigest()
