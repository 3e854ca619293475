"""Signed checkpoints: the audit trail's state, signed with an Ed25519 key that is kept
apart from the database and the data directory, for an operator to ship somewhere else.

The hash chain (HMAC with the keyring's audit key) detects edits by anyone who lacks that
key; but the audit key sits on the server, so whoever holds the server can rewrite the whole
chain, rewind its head, or delete every event. A checkpoint taken earlier and kept elsewhere
catches that: its event must still be there, with the same hash, and the chain must not have
become shorter. The signature proves the checkpoint came from the signing key, whose
verifying (public) half can be published.
"""

import base64
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils import timezone

from haven.audit.chain import canonical_json
from haven.audit.models import AuditEvent, ChainHead
from haven.audit.seal import seal_pending

FORMAT = "haven-audit-checkpoint/1"


class CheckpointError(ValueError):
    """A checkpoint or key that cannot be used, named with the reason."""


@dataclass(frozen=True)
class Checkpoint:
    format: str
    seq: int
    hash: str
    events: int
    taken_at: str

    def message(self) -> bytes:
        return canonical_json(asdict(self)).encode("ascii")


# --- keys ---------------------------------------------------------------------------------


def signing_key_path() -> Path:
    configured = settings.HAVEN_AUDIT_SIGNING_KEY_FILE
    if not configured:
        raise CheckpointError(
            "No signing key: set HAVEN_AUDIT_SIGNING_KEY_FILE to a file outside the data "
            "directory (create it with `haven audit signing-key`)"
        )
    path = Path(configured).expanduser().resolve()
    data_dir = Path(settings.DATA_DIR).resolve()
    if path == data_dir or data_dir in path.parents:
        raise CheckpointError(
            f"{path}: the signing key must not live in the data directory ({data_dir}); "
            "whoever can write there could then sign a rewritten chain"
        )
    return path


def create_signing_key(path: Path) -> Ed25519PublicKey:
    """Write a new signing key (mode 0600); refuse to overwrite one."""
    key = Ed25519PrivateKey.generate()
    raw = key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise CheckpointError(f"{path}: a signing key exists already; keep it") from None
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(base64.b64encode(raw).decode("ascii") + "\n")
    return key.public_key()


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    try:
        raw = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
        return Ed25519PrivateKey.from_private_bytes(raw)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no signing key (run `haven audit signing-key`)") from None
    except ValueError as error:
        raise CheckpointError(f"{path}: not an Ed25519 signing key ({error})") from None


def public_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def parse_verifying_key(text: str) -> Ed25519PublicKey:
    try:
        return Ed25519PublicKey.from_public_bytes(base64.b64decode(text.strip(), validate=True))
    except ValueError as error:
        raise CheckpointError(f"not an Ed25519 verifying key ({error})") from None


def trusted_verifying_key(given: str = "") -> Ed25519PublicKey:
    """The key to check against: given, configured (published), or the signing key's own."""
    text = given or settings.HAVEN_AUDIT_VERIFYING_KEY
    if text:
        return parse_verifying_key(text)
    return load_signing_key(signing_key_path()).public_key()


# --- checkpoints ----------------------------------------------------------------------------


def take_checkpoint() -> dict[str, object]:
    """The signed state of the chain now, as the JSON document to ship elsewhere."""
    key = load_signing_key(signing_key_path())
    seal_pending(wait=True)  # the checkpoint signs the sealed head: bring it up to date
    head = ChainHead.objects.filter(pk=1).first()
    seq, hash_ = (head.last_seq, head.last_hash) if head else (0, "")
    point = Checkpoint(FORMAT, seq, hash_, AuditEvent.objects.count(), timezone.now().isoformat())
    signature = base64.b64encode(key.sign(point.message())).decode("ascii")
    return {**asdict(point), "verifying_key": public_text(key.public_key()), "signature": signature}


def read_checkpoint(path: Path, key: Ed25519PublicKey) -> Checkpoint:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        point = Checkpoint(**{name: data[name] for name in Checkpoint.__dataclass_fields__})
        signature = base64.b64decode(data["signature"], validate=True)
    except FileNotFoundError:
        raise CheckpointError(f"{path}: no such checkpoint file") from None
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"{path}: not a Haven audit checkpoint ({error})") from None
    if point.format != FORMAT:
        raise CheckpointError(f"{path}: unknown checkpoint format {point.format!r}")
    try:
        key.verify(signature, point.message())
    except InvalidSignature:
        raise CheckpointError(f"{path}: the signature does not match the verifying key") from None
    return point


def checkpoint_problem(point: Checkpoint) -> tuple[str, int | None] | None:
    """Why the trail no longer contains the checkpointed state, or None."""
    if point.seq == 0:
        return None
    event = AuditEvent.objects.filter(seq=point.seq).first()
    if event is None:
        return f"event {point.seq} of the checkpoint is missing (truncated or deleted)", point.seq
    if event.hash != point.hash:
        return f"event {point.seq} differs from the checkpoint (the chain was rewritten)", point.seq
    head = ChainHead.objects.filter(pk=1).first()
    if head is None or head.last_seq < point.seq:
        return f"the chain head was rewound behind the checkpoint's event {point.seq}", point.seq
    return None
