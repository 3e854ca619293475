"""Key rotation: move every encrypted value to a fresh key, then forget the old keys.

The order is what keeps data safe. (1) The new key is added as primary, old keys kept. (2) In
one transaction every value is re-encrypted and checked. (3) Only after that commits are the
old keys removed. A crash after (1) or during (2) leaves values under keys still in the file;
running the rotation again finishes the job.
"""

import fcntl
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, models
from django.db.backends.utils import CursorWrapper
from django.db.models import ExpressionWrapper, F

from haven.audit.action import action
from haven.audit.log import record
from haven.crypto.cipher import VERSION, DecryptionError, decrypt, encrypt, key_id_of
from haven.crypto.fields import Ciphertext, encrypted_field, encrypted_fields
from haven.crypto.keys import (
    Keyring,
    forget_cached_keyring,
    new_key,
    read_keyring,
    write_keyring,
)

BATCH_SIZE = 500
UNREADABLE = "(not a token)"


class RotationError(RuntimeError):
    """Rotation stopped; the old keys are still in the keys file, so every value is readable."""


@dataclass(frozen=True)
class RotationReport:
    new_key_id: str
    retired_key_ids: tuple[str, ...]
    # "<app>.<model>.<field>" -> values re-encrypted; counts only, never values.
    reencrypted: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.reencrypted.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "new_key_id": self.new_key_id,
            "retired_key_ids": list(self.retired_key_ids),
            "reencrypted": dict(self.reencrypted),
            "total": self.total,
        }


def keys_file() -> Path:
    return Path(settings.HAVEN_ENCRYPTION_KEYS_FILE)


def rotate_keys(*, path: Path | None = None) -> RotationReport:
    """Rotate the data-encryption key. `path` must be the keys file the application reads."""
    path = path or keys_file()
    with _exclusive(path):
        return _rotate(path)


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Two rotations at once could each drop the key the other just moved values to."""
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise RotationError(f"{path}: another key rotation is running") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _rotate(path: Path) -> RotationReport:
    keyring = with_new_primary(read_keyring(path))
    _write(path, keyring)
    retired = tuple(sorted(kid for kid in keyring.encryption if kid != keyring.primary))
    report = RotationReport(keyring.primary, retired, _reencrypt_everything(keyring, retired))
    _refuse_if_stale(keyring.primary)  # a writer may have used an old key as we committed
    _write(path, without_old_keys(keyring))
    return report


def with_new_primary(keyring: Keyring) -> Keyring:
    key_id = keyring.next_key_id()
    return replace(keyring, primary=key_id, encryption={**keyring.encryption, key_id: new_key()})


def without_old_keys(keyring: Keyring) -> Keyring:
    return replace(keyring, encryption={keyring.primary: keyring.encryption[keyring.primary]})


def _write(path: Path, keyring: Keyring) -> None:
    write_keyring(path, keyring)
    forget_cached_keyring()  # the mtime may not have changed within the filesystem's granularity


@action()
def _reencrypt_everything(keyring: Keyring, retired: tuple[str, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        counts.update(_reencrypt_model(model, names, keyring))
    _refuse_if_stale(keyring.primary)
    _audit(new_key_id=keyring.primary, retired_key_ids=list(retired), reencrypted=counts)
    return counts


def _reencrypt_model(
    model: type[models.Model], names: list[str], keyring: Keyring
) -> dict[str, int]:
    counts = Counter({f"{model._meta.label_lower}.{name}": 0 for name in names})
    for pk, tokens in _raw_rows(model, names):
        updates = _reencrypted(model, pk, tokens, keyring)
        if updates:
            # update() skips save(), signals and auto_now: rotation must not look like an edit.
            model._base_manager.filter(pk=pk).update(**updates)
            counts.update(f"{model._meta.label_lower}.{name}" for name in updates)
    return dict(counts)


def _raw_rows(
    model: type[models.Model], names: list[str]
) -> Iterator[tuple[Any, dict[str, str | None]]]:
    """Rows' ciphertexts as stored, in pk order, a batch at a time (the base manager sees all)."""
    raw = {
        f"rotation_raw_{name}": ExpressionWrapper(F(name), output_field=models.TextField())
        for name in names
    }
    queryset = model._base_manager.order_by("pk").annotate(**raw).values_list("pk", *raw)
    batch = list(queryset[:BATCH_SIZE])
    while batch:
        for pk, *tokens in batch:
            yield pk, dict(zip(names, tokens, strict=True))
        batch = list(queryset.filter(pk__gt=batch[-1][0])[:BATCH_SIZE])


def _reencrypted(
    model: type[models.Model], pk: Any, tokens: dict[str, str | None], keyring: Keyring
) -> dict[str, Ciphertext]:
    updates = {}
    for name, token in tokens.items():
        context = f"{model._meta.label_lower}.{name}"
        try:
            if token and key_id_of(token, context=context) != keyring.primary:
                plain = decrypt(token, context=context, keyring=keyring)
                updates[name] = Ciphertext(encrypt(plain, context=context, keyring=keyring))
        except DecryptionError as error:
            raise RotationError(f"{model._meta.label} pk={pk}: {error}") from None
    return updates


def _refuse_if_stale(primary: str) -> None:
    stale = stale_values(primary)
    if stale:
        counts = ", ".join(f"{context}: {count}" for context, count in sorted(stale.items()))
        raise RotationError(
            f"values not under key {primary!r} remain ({counts}); the old keys were kept, "
            "run `haven keys rotate` again"
        )


def stale_values(primary: str) -> dict[str, int]:
    """Non-blank stored values per column not encrypted with `primary`, read from the raw rows."""
    prefix = f"{VERSION}:{primary}:"
    stale = {}
    with connection.cursor() as cursor:
        for context, table, column in _columns():
            cursor.execute(
                f"SELECT COUNT(*) FROM {table} WHERE {column} <> ''"  # noqa: S608 quoted names
                f" AND SUBSTR({column}, 1, {len(prefix)}) <> %s",
                [prefix],
            )
            count = cursor.fetchone()[0]
            if count:
                stale[context] = count
    return stale


def key_usage() -> dict[str, int]:
    """How many stored values use each key id, UNREADABLE counting values that are not tokens."""
    usage: Counter[str] = Counter()
    with connection.cursor() as cursor:
        for _context, table, column in _columns():
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            usage.update(_key_id_or_unreadable(token) for (token,) in _fetch(cursor))
    return dict(usage)


def undecryptable_columns() -> list[str]:
    """Columns whose first stored value the current keys cannot decrypt: a sample per column
    is enough to tell a keys file that belongs to other data (same key ids, other keys)."""
    failing = []
    with connection.cursor() as cursor:
        for context, table, column in _columns():
            cursor.execute(f"SELECT {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
            row = cursor.fetchone()
            if row is not None and not _decrypts(row[0], context):
                failing.append(context)
    return failing


def _decrypts(token: str, context: str) -> bool:
    try:
        decrypt(token, context=context)
    except DecryptionError:
        return False
    return True


def _fetch(cursor: CursorWrapper) -> Iterator[tuple[Any, ...]]:
    while rows := cursor.fetchmany(BATCH_SIZE):
        yield from rows


def _key_id_or_unreadable(token: str) -> str:
    try:
        return key_id_of(token)
    except DecryptionError:
        return UNREADABLE


def _columns() -> Iterator[tuple[str, str, str]]:
    """(context, quoted table, quoted column) of every encrypted column; names come from models."""
    quote = connection.ops.quote_name
    for model, names in encrypted_fields():
        for name in names:
            column = encrypted_field(model, name).column
            yield f"{model._meta.label_lower}.{name}", quote(model._meta.db_table), quote(column)


def _audit(**details: Any) -> None:
    # Inside the rotation's transaction: if the event cannot be written, nothing is rotated.
    record(actor=None, action="keys.rotated", details=details)
