"""The keyring: data-encryption keys, the blind-index key and the audit-chain key.

The keys file is JSON, readable only by its owner:

    {"version": 1,
     "primary": "k2",                       # id of the key new values are encrypted with
     "encryption": {"k1": "<base64 32 bytes>", "k2": "..."},
     "blind_index": "<base64 32 bytes>",    # keyed hashes for exact lookups
     "audit": "<base64 32 bytes>"}          # keys the audit trail's hash chain

Keys are AES-256-GCM keys. Old keys stay in the file until `haven keys rotate` has
re-encrypted every value with the new primary key.
"""

import base64
import binascii
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings  # lazy: importing it does not load the settings

KEY_BYTES = 32


class KeyringError(RuntimeError):
    """The keys file is missing or malformed; the message names the file and the fault."""


@dataclass(frozen=True)
class Keyring:
    primary: str
    encryption: dict[str, bytes]
    blind_index: bytes
    audit: bytes

    def to_json(self) -> str:
        data = {
            "version": 1,
            "primary": self.primary,
            "encryption": {kid: _b64(key) for kid, key in self.encryption.items()},
            "blind_index": _b64(self.blind_index),
            "audit": _b64(self.audit),
        }
        return json.dumps(data, indent=2) + "\n"

    def next_key_id(self) -> str:
        numbers = [int(kid[1:]) for kid in self.encryption if kid[1:].isdigit()]
        return f"k{max(numbers, default=0) + 1}"


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode("ascii")


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_keyring() -> Keyring:
    return Keyring("k1", {"k1": new_key()}, new_key(), new_key())


def new_keyring_json() -> str:
    return new_keyring().to_json()


def _decode_key(path: Path, where: str, text: Any) -> bytes:
    try:
        key = base64.b64decode(str(text), validate=True)
    except (binascii.Error, ValueError):
        raise KeyringError(f"{path}: {where} is not valid base64") from None
    if len(key) != KEY_BYTES:
        raise KeyringError(f"{path}: {where} must be {KEY_BYTES} bytes, not {len(key)}")
    return key


def _field(path: Path, data: dict[str, Any], name: str) -> Any:
    if name not in data:
        raise KeyringError(f"{path}: the field '{name}' is missing")
    return data[name]


def parse_keyring(path: Path, text: str) -> Keyring:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KeyringError(f"{path}: line {error.lineno}: not valid JSON ({error.msg})") from None
    if not isinstance(data, dict) or data.get("version") != 1:
        raise KeyringError(f'{path}: expected a JSON object with "version": 1')
    encryption = _field(path, data, "encryption")
    if not isinstance(encryption, dict) or not encryption:
        raise KeyringError(f"{path}: 'encryption' must map key ids to keys")
    primary = _field(path, data, "primary")
    if primary not in encryption:
        raise KeyringError(f"{path}: 'primary' names {primary!r}, which is not in 'encryption'")
    keys = {kid: _decode_key(path, f"encryption.{kid}", key) for kid, key in encryption.items()}
    blind = _decode_key(path, "blind_index", _field(path, data, "blind_index"))
    audit = _decode_key(path, "audit", _field(path, data, "audit"))
    return Keyring(primary, keys, blind, audit)


def read_keyring(path: Path) -> Keyring:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyringError(
            f"{path}: the encryption keys file does not exist; run `haven init` or set "
            "HAVEN_ENCRYPTION_KEYS_FILE"
        ) from None
    return parse_keyring(path, text)


def write_keyring(path: Path, keyring: Keyring) -> None:
    """Replace the keys file atomically, so a crash leaves the old file or the new, never half."""
    temporary = path.with_name(path.name + ".new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(keyring.to_json())
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    forget_cached_keyring()  # this process sees its own rewrite at once


# Keyed by path, mtime, inode and size: write_keyring replaces the file, so a new inode shows a
# rewrite even on filesystems whose mtime is too coarse to. The file is looked at again at most
# every RECHECK_SECONDS: a stat on every decryption was two thirds of its cost (a case list
# decrypts 150 names, an export millions). Another process's rewrite is seen within that time;
# a rotation keeps the old keys, so what this process reads meanwhile still decrypts.
RECHECK_SECONDS = 1.0
_cache: dict[tuple[str, int, int, int], Keyring] = {}
_checked: dict[str, float] = {}


def forget_cached_keyring() -> None:
    """Make the next current_keyring() re-read the file; call after writing it in-process."""
    _cache.clear()
    _checked.clear()


def current_keyring() -> Keyring:
    """The keyring named by settings.HAVEN_ENCRYPTION_KEYS_FILE, re-read when the file changes."""
    name = str(settings.HAVEN_ENCRYPTION_KEYS_FILE)
    if _cache and time.monotonic() - _checked.get(name, -RECHECK_SECONDS) < RECHECK_SECONDS:
        return next(iter(_cache.values()))
    path = Path(name)
    try:
        status = path.stat()
    except FileNotFoundError:
        return read_keyring(path)  # raises the explanatory error
    stamp = (name, status.st_mtime_ns, status.st_ino, status.st_size)
    if stamp not in _cache:
        _cache.clear()
        _checked.clear()
        _cache[stamp] = read_keyring(path)
    _checked[name] = time.monotonic()
    return _cache[stamp]
