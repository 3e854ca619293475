"""Signed checkpoints catch the four kinds of tampering that the hash chain alone cannot,
because whoever holds the server holds the audit key too: truncation with the head moved
back, a rewound head, a chain rewritten and re-hashed, and an emptied trail."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from haven.audit.chain import event_hash, event_mac
from haven.audit.checkpoint import (
    CheckpointError,
    create_signing_key,
    load_signing_key,
    public_text,
    read_checkpoint,
)
from haven.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from haven.audit.tests.conftest import write_events
from haven.audit.verify import verify_chain

pytestmark = pytest.mark.django_db
EVENTS, HEAD = AuditEvent._meta.db_table, ChainHead._meta.db_table


@pytest.fixture
def signing_key(tmp_path, settings) -> Path:
    path = tmp_path / "elsewhere" / "audit-signing.key"
    path.parent.mkdir()
    settings.HAVEN_AUDIT_SIGNING_KEY_FILE = str(path)
    create_signing_key(path)
    return path


@pytest.fixture
def checkpoint(worker, signing_key, tmp_path) -> Path:
    write_events(worker, 4)
    path = tmp_path / "checkpoint.json"
    call_command("audit", "checkpoint", "--output", str(path), stdout=StringIO())
    return path  # signs event 5, the checkpoint's own `audit.checkpointed`


def run(*args: str) -> tuple[int, str]:
    err = StringIO()
    try:
        call_command("audit", "verify", *args, stdout=StringIO(), stderr=err)
    except SystemExit as exit_:
        return int(exit_.code or 0), err.getvalue()
    return 0, err.getvalue()


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.format(events=EVENTS, head=HEAD), params)


def set_head_to(seq: int) -> None:
    last = AuditEvent.objects.filter(seq=seq).first()
    sql("UPDATE {head} SET last_seq = %s, last_hash = %s", seq, last.hash if last else GENESIS_HASH)


def rehash_everything() -> None:
    """What an attacker holding the audit key can do: recompute every MAC and link."""
    prev = GENESIS_HASH
    for event in AuditEvent.objects.order_by("seq"):
        event.prev_hash = prev
        event.hash = event_hash(event)
        sql(
            "UPDATE {events} SET mac = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            event_mac(event),
            prev,
            event.hash,
            event.seq,
        )
        prev = event.hash
    set_head_to(AuditEvent.objects.order_by("-seq").first().seq)


def test_the_checkpoint_is_signed_json_with_a_publishable_key(checkpoint, signing_key):
    data = json.loads(checkpoint.read_text())
    assert (data["format"], data["seq"], data["events"]) == ("haven-audit-checkpoint/1", 5, 5)
    assert AuditEvent.objects.get(seq=5).action == "audit.checkpointed"
    assert run("--checkpoint", str(checkpoint)) == (0, "")
    published = public_text(load_signing_key(signing_key).public_key())
    assert data["verifying_key"] == published
    assert run("--checkpoint", str(checkpoint), "--verifying-key", published) == (0, "")


def test_truncation_with_the_head_moved_back(checkpoint):
    sql("DELETE FROM {events} WHERE seq > 3")
    set_head_to(3)
    assert verify_chain().ok  # the chain alone cannot tell
    assert run("--checkpoint", str(checkpoint)) == (
        1,
        "TAMPERED: event 5 of the checkpoint is missing (truncated or deleted)\n",
    )


def test_a_rewound_head(checkpoint):
    set_head_to(2)
    assert verify_chain().ok
    status, err = run("--checkpoint", str(checkpoint))
    assert (status, err) == (
        1,
        "TAMPERED: the chain head was rewound behind the checkpoint's event 5\n",
    )


def test_a_chain_rewritten_and_rehashed_with_the_audit_key(checkpoint):
    sql("UPDATE {events} SET action = %s WHERE seq = 2", "case.opened")
    rehash_everything()
    assert verify_chain().ok
    status, err = run("--checkpoint", str(checkpoint))
    assert (status, err) == (
        1,
        "TAMPERED: event 5 differs from the checkpoint (the chain was rewritten)\n",
    )


def test_every_event_and_the_head_deleted(checkpoint):
    sql("DELETE FROM {events}")
    sql("DELETE FROM {head}")
    assert verify_chain().ok and verify_chain().checked == 0
    status, err = run("--checkpoint", str(checkpoint))
    assert status == 1 and "event 5 of the checkpoint is missing" in err


def test_a_checkpoint_forged_with_another_key_is_refused(checkpoint, tmp_path):
    other = create_signing_key(tmp_path / "other.key")
    with pytest.raises(CheckpointError, match="signature does not match"):
        read_checkpoint(checkpoint, other)
    data = json.loads(checkpoint.read_text())
    checkpoint.write_text(json.dumps({**data, "seq": 2}))
    with pytest.raises(CommandError, match="signature does not match"):
        call_command("audit", "verify", "--checkpoint", str(checkpoint))  # an edited checkpoint


def test_the_signing_key_may_not_live_in_the_data_directory(settings):
    settings.HAVEN_AUDIT_SIGNING_KEY_FILE = str(Path(settings.DATA_DIR) / "audit-signing.key")
    with pytest.raises(CommandError, match="must not live in the data directory"):
        call_command("audit", "signing-key", stdout=StringIO())


def test_no_signing_key_configured_is_a_clear_error(settings):
    settings.HAVEN_AUDIT_SIGNING_KEY_FILE = ""
    with pytest.raises(CommandError, match="HAVEN_AUDIT_SIGNING_KEY_FILE"):
        call_command("audit", "checkpoint", stdout=StringIO())


def test_an_existing_signing_key_is_never_overwritten(signing_key):
    with pytest.raises(CheckpointError, match="exists already"):
        create_signing_key(signing_key)
