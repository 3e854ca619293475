"""Keep every instance's search index in step with the one database (issue 17, item 4).

Each `haven serve` instance has its own tantivy index; the database is the truth. The actions
that change the corpus add `IndexChange` rows (the outbox) in their own transaction, numbered
without gaps in commit order under a lock on the single `IndexOutboxHead` row (ingests are
rare, and each already relinks every reference row, so serialising them costs nothing that
matters). Every instance applies the outbox in order and remembers, in a file beside its index,
the last number applied and the outbox's token. Before a search a process compares that with
the head (one indexed row, at most once per HAVEN_CORPUS_CATCH_UP_MS per process);
`haven worker` follows the outbox continuously and `haven search --catch-up` does it once.

A change rewrites its document's entries from what the database holds when it is applied, so
applying a change twice is harmless: a kill -9 after the index commits but before the file is
written only repeats work on restart. What cannot be applied in order - no file (a new or
wiped index), another database's token, a head behind the file (a restored backup) or changes
already pruned (an index older than the retention) - is mended by a full reindex.
"""

import json
import os
import secrets
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from haven.audit.action import action
from haven.audit.log import record
from haven.corpus import search
from haven.corpus.models import IndexChange, IndexOutboxHead

STATE_FILE = "outbox-applied.json"
LOCK_FILE = "outbox.lock"
_thread_lock = threading.Lock()
_last_look = [float("-inf")]  # monotonic time of this process's last look at the head
_reader_at: list["Position | None"] = [None]  # what this process's searcher last reloaded for


@dataclass(frozen=True)
class Position:
    token: str
    seq: int


@dataclass(frozen=True)
class Outcome:
    applied: int  # outbox rows applied (0 when in step or rebuilt)
    rebuilt: str  # why the index was rebuilt, or ""
    position: Position


# ---- writing the outbox (inside the corpus actions' transactions) ----------------------------


def note_changes(*, upserts: Iterable[int] = (), deletes: Iterable[int] = ()) -> None:
    """Add the outbox rows for these documents; call inside the action's transaction."""
    ops = [(pk, IndexChange.DELETE) for pk in deletes] + [
        (pk, IndexChange.UPSERT) for pk in upserts
    ]
    if not ops:
        return
    head = _locked_head()
    IndexChange.objects.bulk_create(
        IndexChange(seq=head.last + n, document_pk=pk, op=op) for n, (pk, op) in enumerate(ops, 1)
    )
    head.last += len(ops)
    head.save(update_fields=["last"])


def _locked_head() -> IndexOutboxHead:
    # The lock is held until the transaction commits: the next writer numbers after this one.
    IndexOutboxHead.objects.get_or_create(pk=1, defaults={"token": secrets.token_hex(16)})
    return IndexOutboxHead.objects.select_for_update().get(pk=1)


def head() -> Position:
    row = IndexOutboxHead.objects.filter(pk=1).values_list("token", "last").first()
    return Position(*row) if row else Position("", 0)


# ---- the position each instance keeps beside its index ---------------------------------------


def _state_path() -> Path:
    return search.index_dir() / STATE_FILE


def applied() -> Position | None:
    """The last change applied to this instance's index, or None when unknown."""
    try:
        data = json.loads(_state_path().read_text(encoding="utf-8"))
        return Position(str(data["token"]), int(data["seq"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_applied(position: Position) -> None:
    """Atomically: a reader sees the old file or the new one, never half of one."""
    path = _state_path()
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump({"token": position.token, "seq": position.seq}, out)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextmanager
def _instance_lock() -> Iterator[None]:
    """One applier at a time per index: the threads of this process, then every process of
    the instance (gunicorn workers, the worker, a command) through a lock file."""
    import fcntl  # Linux and macOS, where Haven is served

    with _thread_lock:
        search.index_dir().mkdir(parents=True, exist_ok=True)
        with open(search.index_dir() / LOCK_FILE, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)  # released by the kernel if we are killed
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


# ---- applying ---------------------------------------------------------------------------------


def catch_up() -> Outcome:
    """Apply every change this instance's index lacks (or rebuild it when that cannot be done
    in order)."""
    with _instance_lock():
        target, have = head(), applied()
        reason = _why_rebuild(have, target)
        if reason:
            return _rebuild(target, reason)
        assert have is not None
        if have.seq == target.seq:
            _reload_if_moved(have)
            return Outcome(0, "", have)
        changes = list(
            IndexChange.objects.filter(seq__gt=have.seq, seq__lte=target.seq)
            .order_by("seq")
            .values_list("document_pk", flat=True)
        )
        if len(changes) != target.seq - have.seq:
            return _rebuild(target, "the outbox no longer holds every change (retention)")
        search.index_documents(dict.fromkeys(changes))
        _write_applied(target)
        _reader_at[0] = target
        return Outcome(len(changes), "", target)


def _why_rebuild(have: Position | None, target: Position) -> str:
    if have is None:
        return "no record of what the index holds"
    if have.token != target.token and not (have.token == "" and have.seq == 0):
        return "the index was built from another database's outbox"
    if have.seq > target.seq:
        return "the index is ahead of the database (restored from a backup?)"
    return ""


def _rebuild(target: Position, reason: str) -> Outcome:
    # The head is read before the rebuild reads the documents: a change committed meanwhile is
    # applied again next time, which is harmless.
    search.reindex()
    _write_applied(target)
    _reader_at[0] = target
    return Outcome(0, reason, target)


def rebuild() -> Outcome:
    """`haven search --reindex`: the whole index from the database, and the position with it."""
    with _instance_lock():
        return _rebuild(head(), "asked for")


def _reload_if_moved(position: Position) -> None:
    # Another process of this instance applied changes: this process's searcher reopens.
    if _reader_at[0] != position:
        search.index().reload()
        _reader_at[0] = position


def before_search() -> None:
    """The cheap check before a search: at most once per interval per process, compare the
    head with what the index holds, and catch up only when they differ."""
    now = time.monotonic()
    if now - _last_look[0] < settings.HAVEN_CORPUS_CATCH_UP_MS / 1000:
        return
    _last_look[0] = now
    have, target = applied(), head()
    if have == target:
        _reload_if_moved(have)
        return
    catch_up()


# ---- following and pruning, in `haven worker` -------------------------------------------------


@action()
def do_prune_outbox(*, now: datetime | None = None) -> int:
    """Drop outbox rows older than the retention; an index older than that is rebuilt."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.HAVEN_CORPUS_OUTBOX_DAYS)
    removed = IndexChange.objects.filter(created_at__lt=cutoff).delete()[0]
    record(
        actor=None,
        action="corpus.index_outbox_pruned",
        target_type="corpus.index_outbox",
        organisation=None,
        details={"removed": removed, "older_than_days": settings.HAVEN_CORPUS_OUTBOX_DAYS},
    )
    return removed


def follow(stop: threading.Event, *, every: float = 1.0, prune_every: float = 3600.0) -> None:
    """Catch up every `every` seconds until `stop` is set (a thread of `haven worker`), and
    prune the outbox every `prune_every` seconds."""
    next_prune = time.monotonic()
    while not stop.is_set():
        try:
            close_old_connections()
            catch_up()
            if time.monotonic() >= next_prune:
                next_prune = time.monotonic() + prune_every
                if IndexChange.objects.filter(created_at__lt=_cutoff()).exists():
                    do_prune_outbox()
        except Exception as error:  # keep following: the next round may succeed
            print(f"corpus index catch-up failed: {error!r}", flush=True)
        stop.wait(every)


def _cutoff() -> datetime:
    return timezone.now() - timedelta(days=settings.HAVEN_CORPUS_OUTBOX_DAYS)
