"""The outbox of index changes (issue 17, item 4): written with the corpus rows or not at all,
numbered without gaps, applied in order by each instance to its own index, and rebuilt when it
cannot be applied in order. Two instances are two index directories here; the real thing, two
servers on one PostgreSQL database, is in test_two_instances.py."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from haven.audit.models import AuditEvent
from haven.corpus import actions, index_outbox, search
from haven.corpus.models import Document, IndexChange, IndexOutboxHead

pytestmark = pytest.mark.django_db


@pytest.fixture
def instance(tmp_path, monkeypatch):
    """Switch this process to another instance's index directory."""

    def use(name):
        monkeypatch.setenv("HAVEN_CORPUS_INDEX_DIR", str(tmp_path / name))
        search.forget_index()
        index_outbox._reader_at[0] = None

    return use


def hits(word):
    return [(h.document_id, h.anchor) for h in search.search(word, limit=50).hits]


def test_an_ingest_writes_its_changes_in_the_outbox_and_a_rolled_back_one_writes_none(
    ingest, monkeypatch
):
    first = ingest("page_break_footnotes.txt", symbol="Z/1/1").document
    again = ingest("page_break_footnotes.txt", symbol="Z/1/1").document
    changes = list(IndexChange.objects.order_by("seq").values_list("seq", "op", "document_pk"))
    assert changes == [(1, "upsert", first.pk), (2, "delete", first.pk), (3, "upsert", again.pk)]
    monkeypatch.setattr(actions, "record", lambda **kwargs: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        ingest("reference_table.txt")
    assert IndexChange.objects.count() == 3 and IndexOutboxHead.objects.get().last == 3


def test_another_instance_catches_up_before_it_answers_and_agrees_with_the_first(
    ingest, instance, settings
):
    settings.HAVEN_CORPUS_CATCH_UP_MS = 0
    instance("b")
    assert hits("States") == []  # B knows the empty corpus
    instance("a")
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    ingest("reference_table.txt")
    on_a = hits("States")
    instance("b")
    assert on_a and hits("States") == on_a
    assert index_outbox.applied() == index_outbox.head() and search.check().ok


def test_a_removed_document_leaves_every_instance(ingest, instance, settings):
    settings.HAVEN_CORPUS_CATCH_UP_MS = 0
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    instance("b")
    assert hits("States")
    instance("a")
    out = io.StringIO()
    call_command("ingest", "--remove", "Z/1/1", stdout=out)
    assert "Removed Z/1/1" in out.getvalue() and hits("States") == []
    instance("b")
    assert hits("States") == [] and search.check().ok
    assert AuditEvent.objects.filter(action="corpus.document_removed").count() == 1


def test_between_looks_a_process_does_not_ask_the_database_again(ingest, instance, settings):
    settings.HAVEN_CORPUS_CATCH_UP_MS = 60_000
    instance("b")
    index_outbox._last_look[0] = float("-inf")
    assert hits("States") == []
    instance("a")
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    instance("b")
    assert hits("States") == []  # within the interval: the last look stands
    index_outbox._last_look[0] = float("-inf")
    assert hits("States")


def test_an_index_older_than_the_outbox_retention_is_rebuilt(ingest, instance):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    instance("b")
    assert index_outbox.catch_up().position.seq == 1
    instance("a")
    ingest("reference_table.txt")
    later = timezone.now() + timedelta(days=31)
    assert index_outbox.do_prune_outbox(now=later) == 2
    assert AuditEvent.objects.filter(action="corpus.index_outbox_pruned").exists()
    instance("b")
    outcome = index_outbox.catch_up()
    assert "retention" in outcome.rebuilt and outcome.position.seq == 2 and search.check().ok


def test_an_index_with_no_record_or_another_databases_record_is_rebuilt(ingest, instance):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    assert index_outbox.catch_up().rebuilt == ""
    state = index_outbox._state_path()
    state.write_text(json.dumps({"token": "elsewhere", "seq": 1}))
    assert "another database" in index_outbox.catch_up().rebuilt
    state.write_text("{half a fil")
    assert "no record" in index_outbox.catch_up().rebuilt
    state.write_text(json.dumps({"token": index_outbox.head().token, "seq": 9}))
    assert "ahead" in index_outbox.catch_up().rebuilt and search.check().ok


def test_a_kill_after_the_index_commits_but_before_the_record_only_repeats_work(
    ingest, instance, monkeypatch
):
    instance("b")
    index_outbox.catch_up()
    instance("a")
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    instance("b")

    def killed(position):
        raise SystemExit("kill -9")  # the process dies between the two writes

    original = index_outbox._write_applied
    monkeypatch.setattr(index_outbox, "_write_applied", killed)
    with pytest.raises(SystemExit):
        index_outbox.catch_up()
    monkeypatch.setattr(index_outbox, "_write_applied", original)
    assert index_outbox.applied().seq == 0
    outcome = index_outbox.catch_up()
    assert (outcome.applied, outcome.rebuilt, outcome.position.seq) == (1, "", 1)
    assert search.check().ok


def test_the_catch_up_command_says_what_it_did(ingest, instance):
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    instance("b")
    out = io.StringIO()
    call_command("search", "--catch-up", stdout=out)
    assert "Rebuilt the index: no record" in out.getvalue()
    instance("a")
    ingest("reference_table.txt")
    instance("b")
    out = io.StringIO()
    call_command("search", "--catch-up", stdout=out)
    assert "Applied 1 changes." in out.getvalue() and "change 2" in out.getvalue()
    assert Document.objects.count() == 2


def test_removing_a_document_that_is_not_there_names_it():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Z/9/9: no such document"):
        call_command("ingest", "--remove", "Z/9/9", stdout=io.StringIO())


def test_equal_scores_come_out_in_the_same_order_whatever_the_segments(ingest, instance):
    instance("a")
    for name in ("page_break_footnotes.txt", "reference_table.txt", "speeches.txt"):
        ingest(name)  # three commits: three segments
    on_a = search.search("s*", limit=7).hits  # a prefix alone scores every match 1.0
    instance("b")
    index_outbox.catch_up()  # one rebuild: one segment
    on_b = search.search("s*", limit=7).hits
    assert [(h.document_id, h.anchor) for h in on_b] == [(h.document_id, h.anchor) for h in on_a]
    assert len({h.score for h in on_a}) == 1 and len(on_a) == 7


def test_the_worker_follows_the_outbox_and_prunes_what_is_past_its_retention(ingest, monkeypatch):
    import threading

    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    IndexChange.objects.update(created_at=timezone.now() - timedelta(days=40))
    stop, rounds = threading.Event(), []
    caught_up = index_outbox.catch_up

    def once():
        rounds.append(caught_up())
        stop.set()

    monkeypatch.setattr(index_outbox, "catch_up", once)
    monkeypatch.setattr(index_outbox, "close_old_connections", lambda: None)  # the test's own
    index_outbox.follow(stop, every=0)
    assert len(rounds) == 1 and not IndexChange.objects.exists()
    assert IndexOutboxHead.objects.get().last == 1  # numbering goes on after pruning


def test_the_start_up_check_says_an_instance_is_behind_rather_than_out_of_step(ingest, instance):
    from haven.corpus.checks import search_index_in_step

    instance("b")
    assert search_index_in_step() == []  # new and nothing to index
    instance("a")
    ingest("page_break_footnotes.txt", symbol="Z/1/1")
    assert search_index_in_step() == []
    instance("b")
    assert [w.id for w in search_index_in_step()] == ["corpus.W002"]
    call_command("search", "--catch-up", stdout=io.StringIO())
    assert search_index_in_step() == []
