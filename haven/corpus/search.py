"""Full-text search over paragraphs and guidance: one interface whatever the database.

The engine is tantivy, embedded (issue 4 measured one million paragraphs: SQLite FTS5 ordered
by bm25() answers a frequent word in p95 742 ms because it scores every match; tantivy's
block-max top-k answers in p95 11 ms; PostgreSQL's ts_rank also scores every match). The index
lives in `$HAVEN_DATA_DIR/corpus-index` and is derived data: it is written after the database
commits (`transaction.on_commit`), so a failed ingest touches neither, and
`haven search --reindex` rebuilds it from the database at any time.
"""

import json
import os
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import tantivy
from django.conf import settings

from haven.corpus import ranking
from haven.corpus.models import Document, Guidance, paragraph_anchor
from haven.corpus.structure import plain_text

PREFIX = re.compile(r'(?<!["\w])(\w[\w-]*)\*')
FACETS = ("document", "body", "year", "topic", "addressee", "strength")
WRITER_HEAP = 64_000_000
SNIPPET_CHARS = 240
_lock = threading.Lock()
_indexes: dict[Path, tantivy.Index] = {}


# Bumped whenever the schema changes: a new directory is built by `haven search --reindex`.
SCHEMA_VERSION = 2


def index_dir() -> Path:
    configured = os.environ.get("HAVEN_CORPUS_INDEX_DIR")
    base = Path(configured) if configured else Path(settings.DATA_DIR) / "corpus-index"
    return base / f"v{SCHEMA_VERSION}"


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("key", stored=True, tokenizer_name="raw")
    builder.add_text_field("docid", stored=True, tokenizer_name="raw")
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
    # What a hit shows is stored beside it, so answering a search never waits on the database.
    builder.add_bytes_field("display", stored=True, indexed=False)
    for name in FACETS:
        builder.add_text_field(name, stored=False, tokenizer_name="raw", fast=True)
    return builder.build()


def index() -> tantivy.Index:
    path = index_dir()
    with _lock:
        if path not in _indexes:
            path.mkdir(parents=True, exist_ok=True)
            _indexes[path] = tantivy.Index(_schema(), path=str(path), reuse=True)
        return _indexes[path]


def forget_index() -> None:
    """Drop cached handles (tests point HAVEN_CORPUS_INDEX_DIR somewhere new)."""
    with _lock:
        _indexes.clear()


def _writer() -> Any:
    # Another process may hold tantivy's writer lock for a moment; wait for it.
    for attempt in range(50):
        try:
            return index().writer(WRITER_HEAP, 1)
        except ValueError:
            if attempt == 49:
                raise
            time.sleep(0.1)
    raise AssertionError("unreachable")


# ---- writing ---------------------------------------------------------------------------


def _paragraph_entry(
    row: tuple[int, str, str, str], document: Document, tags: Guidance | None
) -> Any:
    pk, text, citation, locator = row
    shown = plain_text(text)
    return _entry(
        f"p:{pk}",
        document,
        shown + " " + citation,
        tags,
        shown=(citation, shown, paragraph_anchor(locator)),
    )


def _entry(
    key: str, document: Document, text: str, tags: Guidance | None, *, shown: tuple[str, str, str]
) -> Any:
    citation, shown_text, anchor = shown
    shown_dict = {"citation": citation, "text": shown_text, "anchor": anchor}
    if tags is not None and tags.state_position:  # a recommendation table's row
        shown_dict |= {"states": tags.recommending_states, "position": tags.state_position}
    display = json.dumps(shown_dict)
    values: dict[str, Any] = {
        "key": key,
        "docid": str(document.pk),
        "text": text,
        "display": display.encode(),
        "document": document.label,
        "body": (tags.mandate_name if tags and tags.mandate_name else document.body) or "",
        "year": str((tags.year if tags and tags.year else document.year) or ""),
        "topic": list(tags.topics) if tags else [],
        "addressee": list(tags.addressee) if tags else [],
        "strength": tags.strength if tags else "",
    }
    return tantivy.Document(**{k: v for k, v in values.items() if v not in ("", [])})


def _entries(document: Document) -> Iterable[Any]:
    extracted = {g.paragraph_id: g for g in document.guidance.filter(kind=Guidance.EXTRACTED)}
    # Rows, not model instances: a reindex reads every paragraph of the corpus.
    paragraphs = document.paragraphs.values_list("pk", "text", "citation", "locator")
    for paragraph in paragraphs:
        yield _paragraph_entry(paragraph, document, extracted.get(paragraph[0]))
    for row in document.guidance.filter(kind=Guidance.REFERENCE):
        shown = (row.citation, row.text, f"guidance-{row.pk}")
        yield _entry(f"g:{row.pk}", document, f"{row.text} {row.source_raw}", row, shown=shown)


def index_documents(document_ids: Iterable[int]) -> None:
    """Replace these documents' entries with what the database holds now."""
    writer = _writer()
    try:
        for document_id in document_ids:
            writer.delete_documents_by_term("docid", str(document_id))
            document = Document.objects.filter(pk=document_id).first()
            if document is not None:
                for entry in _entries(document):
                    writer.add_document(entry)
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    index().reload()


def reindex() -> int:
    """Rebuild the whole index from the database; return how many entries it holds."""
    writer = _writer()
    try:
        writer.delete_all_documents()
        for document in Document.objects.all():
            for entry in _entries(document):
                writer.add_document(entry)
        writer.commit()
        writer.wait_merging_threads()
    except BaseException:
        writer.rollback()
        raise
    index().reload()
    return int(index().searcher().num_docs)


# ---- reading ---------------------------------------------------------------------------


@dataclass
class Hit:
    citation: str
    text: str
    snippet: str
    score: float
    document_id: int
    anchor: str
    kind: str
    # A recommendation from a recommendation table: who made it, the State's position.
    recommending_states: list[str] = field(default_factory=list)
    state_position: str = ""


@dataclass
class Results:
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def build_query(text: str, filters: dict[str, str] | None = None) -> tuple[Any, list[str]]:
    """The user's query (words, "phrases", prefix*) AND every facet filter."""
    idx = index()
    schema = idx.schema
    # tantivy's grammar has prefixes only on phrases of two words or more; a word* becomes a
    # regular expression over the indexed (lower-cased, stemmed) terms.
    prefixes = [p.lower() for p in PREFIX.findall(text)]
    rest = PREFIX.sub(" ", text)
    clauses = [
        (tantivy.Occur.Must, tantivy.Query.regex_query(schema, "text", re.escape(p) + ".*"))
        for p in prefixes
    ]
    parsed, errors = idx.parse_query_lenient(rest, ["text"], conjunction_by_default=True)
    if rest.strip():
        clauses.append((tantivy.Occur.Must, parsed))
    for name, value in (filters or {}).items():
        if name in FACETS and value:
            clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, name, value)))
    if not clauses:
        return tantivy.Query.all_query(), [str(e) for e in errors]
    return tantivy.Query.boolean_query(clauses), [str(e) for e in errors]


def raw_search(text: str, limit: int = 20) -> list[tuple[float, str]]:
    """The engine alone: top-k keys and scores (the benchmark's baseline)."""
    query, _ = build_query(text)
    searcher = index().searcher()
    result = searcher.search(query, limit, count=False)
    return [(score, searcher.doc(address)["key"][0]) for score, address in result.hits]


def search(
    text: str,
    *,
    filters: dict[str, str] | None = None,
    limit: int = 20,
    with_facets: bool = False,
) -> Results:
    """Top `limit` paragraphs and guidance rows by BM25, with citation and snippet."""
    from haven.corpus import index_outbox  # it builds on this module

    index_outbox.before_search()  # changes made through another instance (more than one server)
    query, errors = build_query(text, filters)
    searcher = index().searcher()
    found = ranking.top(searcher, query, limit)  # ties by key: the same order on every instance
    highlight = _highlighter(text)
    hits = [_hit(entry, score, highlight) for score, entry in found]
    facets = _facets(searcher, query) if with_facets else {}
    return Results(hits=hits, facets=facets, errors=errors)


def _facets(searcher: Any, query: Any) -> dict[str, list[tuple[str, int]]]:
    request = {name: {"terms": {"field": name, "size": 30}} for name in FACETS}
    answer = searcher.aggregate(query, request)
    return {
        name: [(b["key"], int(b["doc_count"])) for b in answer[name]["buckets"] if b["key"]]
        for name in FACETS
    }


def _hit(entry: Any, score: float, highlight: re.Pattern[str] | None) -> Hit:
    shown = json.loads(entry["display"][0])
    return Hit(
        citation=shown["citation"],
        text=shown["text"],
        snippet=snippet(shown["text"], highlight),
        score=score,
        document_id=int(entry["docid"][0]),
        anchor=shown["anchor"],
        kind="paragraph" if entry["key"][0].startswith("p:") else "guidance",
        recommending_states=shown.get("states", []),
        state_position=shown.get("position", ""),
    )


WORD = re.compile(r"[\w’'-]+\*?")
OPERATORS = frozenset({"AND", "OR", "NOT", "IN"})
SUFFIXES = ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s", "y", "e")


def _stem(word: str) -> str:
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _highlighter(query: str) -> re.Pattern[str] | None:
    """Words of the query to mark in a snippet, whole words only: a word with its usual
    endings ("of" never marks "Office"; "traffick*" marks "trafficking")."""
    words = [w for w in WORD.findall(re.sub(r"\w+:", " ", query)) if w not in OPERATORS]
    parts = set()
    for word in words:
        bare = word.rstrip("*").lower()
        if len(bare) < 2:
            continue
        stem = _stem(bare)
        ending = r"\w*" if word.endswith("*") else r"\w{0,5}" if stem != bare else ENDINGS
        parts.add(re.escape(stem) + ending)
    if not parts:
        return None
    return re.compile(r"\b(?:" + "|".join(sorted(parts)) + r")\b", re.IGNORECASE)


ENDINGS = r"(?:s|es|ed|ing|'s|’s)?"


def snippet(text: str, highlight: re.Pattern[str] | None, width: int = SNIPPET_CHARS) -> str:
    """A window of the text around the first match, HTML-escaped, matches in <mark>."""
    first = highlight.search(text) if highlight else None
    start = max(0, (first.start() if first else 0) - width // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    window = text[start : start + width]
    prefix = "… " if start else ""
    suffix = " …" if start + width < len(text) else ""
    if highlight is None:
        return prefix + escape(window) + suffix
    parts, last = [], 0
    for match in highlight.finditer(window):
        parts += [escape(window[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    parts.append(escape(window[last:]))
    return prefix + "".join(parts) + suffix


# ---- keeping the index in step with the database ---------------------------------------


@dataclass
class IndexReport:
    """Documents whose entries in the index do not match the database."""

    wrong: dict[int, tuple[int, int]]  # document id: (entries in the index, rows in the database)
    orphans: int  # entries whose document is gone

    @property
    def ok(self) -> bool:
        return not self.wrong and not self.orphans

    def lines(self) -> list[str]:
        out = [
            f"document {pk}: {have} entries, {want} expected"
            for pk, (have, want) in self.wrong.items()
        ]
        return out + (
            [f"{self.orphans} entries of documents no longer in the database"]
            if self.orphans
            else []
        )


def _expected_entries() -> dict[int, int]:
    from django.db.models import Count, Q

    return {
        d.pk: d.n_paragraphs + d.n_rows
        for d in Document.objects.annotate(
            n_paragraphs=Count("paragraphs", distinct=True),
            n_rows=Count("guidance", filter=Q(guidance__kind=Guidance.REFERENCE), distinct=True),
        )
    }


def check() -> IndexReport:
    """Compare the index with the database: a kill -9 between the commit and the index
    write leaves a document with no entries (or its previous version's)."""
    index().reload()
    searcher = index().searcher()
    schema = index().schema
    wrong, found = {}, 0
    for pk, want in _expected_entries().items():
        query = tantivy.Query.term_query(schema, "docid", str(pk))
        have = int(searcher.search(query, 1, count=True).count or 0)  # type: ignore[attr-defined]  # missing from tantivy stubs
        found += have
        if have != want:
            wrong[pk] = (have, want)
    return IndexReport(wrong=wrong, orphans=int(searcher.num_docs) - found)


def repair() -> IndexReport:
    """Rewrite what `check` found wrong (everything, when entries of deleted documents
    remain: they cannot be found by id); return the report from before."""
    report = check()
    if report.orphans:
        reindex()
    elif report.wrong:
        index_documents(report.wrong)
    return report
