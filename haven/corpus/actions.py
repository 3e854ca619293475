"""The only writers of the corpus, each audited in the same transaction as its change.

Ingesting replaces a document whole: the old rows go and the new ones come in one
transaction, so there are never duplicates or half a document. The search index follows
after the commit (see `search`); a failed ingest leaves both as they were.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.audit.action import action
from haven.audit.log import record
from haven.corpus import index_outbox
from haven.corpus.classify import UN, Voice, classify, document_voice, has_guidance, vocabulary
from haven.corpus.models import (
    Document,
    Footnote,
    Guidance,
    Paragraph,
    PendingUpload,
    TagCorrection,
)
from haven.corpus.sources import SourceError, detect_body, parse_source
from haven.corpus.structure import ParsedDocument, Recommendation, parse, plain_text
from haven.corpus.text import IngestError, read_document
from haven.corpus.upr_matrix import read_matrix_document
from haven.jobs.models import Job


@dataclass
class Ingested:
    document: Document
    replaced: bool
    paragraphs: int
    footnotes: int
    guidance: int
    rows: int
    linked_rows: int

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.document.pk,
            "symbol": self.document.symbol,
            "title": self.document.title,
            "date": self.document.date.isoformat() if self.document.date else None,
            "source_filename": self.document.source_filename,
            "replaced": self.replaced,
            "paragraphs": self.paragraphs,
            "footnotes": self.footnotes,
            "guidance": self.guidance,
            "reference_rows": self.rows,
            "linked_rows": self.linked_rows,
        }


def _require_editor(user: User | None) -> None:
    if user is not None and not user.can(Capability.EDIT_LEGAL_PROFILES):
        raise PermissionDenied(
            gettext("Your roles do not allow adding documents or correcting tags.")
        )


# A step of an ingest and how far it got: ("layout", page, pages), ("store", 0, 1),
# ("index", 0, 1). Background jobs show it; the command line draws a bar from it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class FileToIngest:
    """One file to ingest; metadata given here wins over what the text states."""

    name: str
    data: bytes
    symbol: str = ""
    title: str = ""
    when: date | None = None


@dataclass(frozen=True)
class Prepared:
    """A file read and parsed, ready to store."""

    parsed: ParsedDocument
    source_filename: str
    source_bytes: int


def prepare(
    name: str,
    data: bytes,
    *,
    symbol: str = "",
    title: str = "",
    on_page: Callable[[int, int], None] | None = None,
) -> ParsedDocument:
    """Read and parse a file; IngestError when it holds nothing citable."""
    if PurePath(name).suffix.lower() == ".docx":
        matrix = read_matrix_document(name, data, symbol=symbol, title=title)
        if matrix is not None:
            return matrix
    found = read_document(name, data, on_page=on_page)
    parsed = parse(
        found.lines,
        symbol=symbol.strip() or found.symbol,
        title=title.strip() or found.title,
        trust_levels=found.layout,
    )
    if found.date is not None:
        parsed.date = found.date
    parsed.pages = found.pages
    if not parsed.paragraphs and not parsed.rows:
        raise IngestError(f"{name}: no paragraphs found")
    return parsed


def prepare_file(file: FileToIngest, *, progress: Progress | None = None) -> Prepared:
    """Read and parse one file outside any transaction (the slow part of an ingest)."""

    def on_page(done: int, total: int) -> None:
        if progress is not None:
            progress("layout", done, total)

    parsed = prepare(file.name, file.data, symbol=file.symbol, title=file.title, on_page=on_page)
    if file.when is not None:
        parsed.date = file.when
    # The file's own name, never a path on someone's disk.
    return Prepared(parsed, PurePath(file.name).name, len(file.data))


def do_ingest_file(
    name: str,
    data: bytes,
    *,
    symbol: str = "",
    title: str = "",
    when: date | None = None,
    acting_user: User | None,
) -> Ingested:
    """Ingest one file. Metadata given here wins over what the text states."""
    _require_editor(acting_user)
    file = FileToIngest(name, data, symbol=symbol, title=title, when=when)
    ready = prepare_file(file)
    return do_ingest(
        ready.parsed,
        source_filename=ready.source_filename,
        source_bytes=ready.source_bytes,
        acting_user=acting_user,
    )


def ingest_files(
    files: Sequence[FileToIngest],
    *,
    acting_user: User | None,
    progress: Progress | None = None,
) -> list[Ingested]:
    """Ingest several files as one operation: all are read first, then stored in one
    transaction (all or none: a bad file leaves the corpus as it was) and indexed in one
    index commit, which is most of what a file costs beyond its own pages."""
    _require_editor(acting_user)
    ready = [prepare_file(file, progress=progress) for file in files]
    if not ready:
        return []
    return do_ingest_many(ready, acting_user=acting_user, progress=progress)


@action()
def do_ingest(
    parsed: ParsedDocument, *, source_filename: str, source_bytes: int, acting_user: User | None
) -> Ingested:
    _require_editor(acting_user)
    return _store([Prepared(parsed, source_filename, source_bytes)], acting_user=acting_user)[0]


@action(batch=True)
def do_ingest_many(
    documents: Sequence[Prepared], *, acting_user: User | None, progress: Progress | None = None
) -> list[Ingested]:
    """Store documents read by `prepare_file`; one `corpus.document_ingested` each."""
    _require_editor(acting_user)
    return _store(documents, acting_user=acting_user, progress=progress)


def _store(
    documents: Sequence[Prepared], *, acting_user: User | None, progress: Progress | None = None
) -> list[Ingested]:
    """Replace each document by key, relink the reference rows once, note the index changes
    once; the index follows after the commit, in one index commit for all of them."""
    tick = progress or (lambda step, done, total: None)
    tick("store", 0, len(documents))
    with transaction.atomic():
        stored = [_replace(ready) for ready in documents]
        linked = _link_rows(Guidance.objects.filter(kind=Guidance.REFERENCE))
        results = []
        for document, replaced, counts in stored:
            _apply_corrections(document)
            result = Ingested(
                document,
                replaced,
                paragraphs=counts.paragraphs,
                footnotes=counts.footnotes,
                guidance=counts.guidance,
                rows=counts.rows,
                linked_rows=linked,
            )
            record(
                actor=acting_user,
                action="corpus.document_ingested",
                target=document,
                organisation=None,
                details={k: v for k, v in result.as_json().items() if k not in ("title", "date")},
            )
            results.append(result)
        # The old documents' entries go with them (their ids are not the new ones').
        index_outbox.note_changes(
            deletes=[pk for _, _, counts in stored for pk in counts.old_ids],
            upserts=[document.pk for document, _, _ in stored],
        )
        transaction.on_commit(lambda: tick("index", 0, 1))
        transaction.on_commit(index_outbox.catch_up)
    return results


@dataclass(frozen=True)
class _Counts:
    paragraphs: int
    footnotes: int
    guidance: int
    rows: int
    old_ids: tuple[int, ...] = field(default=(), compare=False)


def _replace(ready: Prepared) -> tuple[Document, bool, _Counts]:
    parsed, source_filename = ready.parsed, ready.source_filename
    key = parsed.symbol or parsed.title
    if not key:
        raise IngestError(f"{source_filename}: no symbol or title found; give --symbol or --title")
    old_ids = tuple(Document.objects.filter(key=key).values_list("pk", flat=True))
    replaced = Document.objects.filter(key=key).delete()[0] > 0
    document = Document.objects.create(
        key=key,
        symbol=parsed.symbol,
        title=parsed.title[:300],
        date=parsed.date,
        year=parsed.date.year if parsed.date else None,
        body=detect_body(parsed.front_text),
        source_filename=source_filename[:255],
        source_bytes=ready.source_bytes,
    )
    paragraphs = _save_paragraphs(document, parsed)
    footnotes = Footnote.objects.bulk_create(
        Footnote(
            document=document,
            marker=f.marker,
            text=f.text,
            first_line=f.first_line,
            last_line=f.last_line,
        )
        for f in parsed.footnotes.values()
    )
    extracted = _save_extracted(document, paragraphs, parsed)
    rows = _save_rows(document, parsed)
    counts = _Counts(len(paragraphs), len(footnotes), extracted, rows, old_ids)
    return document, replaced, counts


def _save_paragraphs(document: Document, parsed: ParsedDocument) -> list[Paragraph]:
    return Paragraph.objects.bulk_create(
        Paragraph(
            document=document,
            position=p.position,
            locator=p.locator,
            number=p.number,
            section=p.section,
            heading=(p.heading or "")[:300],
            text=p.text,
            citation=p.citation[:400],
            first_line=p.first_line,
            last_line=p.last_line,
            footnote_markers=p.markers,
            in_recommendations=p.in_recommendations,
        )
        for p in parsed.paragraphs
    )


def _tags(text: str, *, voice: Voice = UN) -> dict[str, Any]:
    found = classify(text, voice=voice)
    return {
        "addressee": found.addressee,
        "strength": found.strength,
        "topics": found.topics,
        "evidence": found.evidence,
    }


def _save_extracted(document: Document, paragraphs: list[Paragraph], parsed: ParsedDocument) -> int:
    rows = []
    # A State's own report describes its law with "must": that is not guidance to it.
    voice = document_voice(document.symbol, title=document.title)
    # bulk_create returns the rows in the order given, so each meets its parsed paragraph.
    for p, found in zip(paragraphs, parsed.paragraphs, strict=True):
        text = plain_text(p.text)  # once: the test, the row and its tags all read it
        # A table of recommendations is guidance row by row, whatever its verbs.
        if found.recommendation is not None or has_guidance(text, voice=voice):
            rows.append(_extracted(document, p, text, found.recommendation, voice))
    return len(Guidance.objects.bulk_create(rows))


def _extracted(
    document: Document,
    p: Paragraph,
    text: str,
    recommendation: Recommendation | None,
    voice: Voice,
) -> Guidance:
    return Guidance(
        document=document,
        paragraph=p,
        kind=Guidance.EXTRACTED,
        key=p.locator,
        position=p.position,
        text=text,
        citation=p.citation,
        year=document.year,
        mandate_name=document.body,
        **_tags(text, voice=voice),
        **(_recommendation_fields(recommendation, p.number) if recommendation else {}),
    )


def _recommendation_fields(found: Recommendation, number: str) -> dict[str, Any]:
    return {
        "recommending_states": found.states,
        "state_position": found.position,
        "position_source": found.position_source[:200],
        "themes": found.themes,
        "cited_symbol": found.cited_symbol[:120],
        "cited_number": number,
    }


def _save_rows(document: Document, parsed: ParsedDocument) -> int:
    rows = []
    for position, row in enumerate(parsed.rows, start=1):
        try:
            source = parse_source(row.source)
        except SourceError as error:
            raise IngestError(f"{document.source_filename} line {row.line}: {error}") from None
        rows.append(
            Guidance(
                document=document,
                kind=Guidance.REFERENCE,
                key=f"row-{position}",
                position=position,
                text=row.guidance,
                citation=source.citation,
                source_raw=row.source,
                mandate=source.mandate,
                mandate_name=source.mandate_name,
                year=source.year,
                cited_symbol=source.symbol,
                cited_locator=source.locator,
                cited_number=source.paragraph_number,
                group=row.group,
                **_tags(row.guidance),
            )
        )
    return len(Guidance.objects.bulk_create(rows))


def _link_rows(rows: Any) -> int:
    """Point each reference row at the cited paragraph when that document is in the corpus."""
    symbols = set(rows.values_list("cited_symbol", flat=True))
    targets = {
        (symbol, number): pk
        for pk, symbol, number in Paragraph.objects.filter(document__symbol__in=symbols)
        .exclude(number="")
        .values_list("pk", "document__symbol", "number")
    }
    linked = 0
    for row in rows:
        target = targets.get((row.cited_symbol, row.cited_number))
        if target != row.paragraph_id:
            Guidance.objects.filter(pk=row.pk).update(paragraph_id=target)
        linked += target is not None
    return linked


def _apply_corrections(document: Document) -> None:
    """Corrections people made survive re-ingesting: the latest per tag is applied again."""
    latest: dict[tuple[str, str], Any] = {}
    for correction in TagCorrection.objects.filter(document_key=document.key):
        latest[(correction.guidance_key, correction.field)] = correction.value
    for (guidance_key, name), value in latest.items():
        document.guidance.filter(key=guidance_key).update(**{name: value, "corrected": True})


@action()
def do_correct_tags(
    guidance: Guidance,
    *,
    topics: list[str],
    addressee: list[str],
    strength: str,
    acting_user: User,
) -> Guidance:
    """A person corrects the tags of one guidance entry; audited with what changed."""
    _require_editor(acting_user)
    words = vocabulary()
    known = {
        "topics": {t.code for t in words.topics},
        "addressee": {t.code for t in words.addressees},
        "strength": {t.code for t in words.strengths},
    }
    new = {"topics": sorted(set(topics)), "addressee": sorted(set(addressee)), "strength": strength}
    for name, value in new.items():
        unknown = ({value} if isinstance(value, str) else set(value)) - known[name]
        if unknown:
            raise ValidationError(
                gettext("%(field)s: unknown value(s) %(values)s")
                % {"field": name, "values": ", ".join(sorted(unknown))}
            )
    if not new["strength"]:
        raise ValidationError(gettext("Strength: choose one."))
    with transaction.atomic():
        changes = {}
        for name, value in new.items():
            old = getattr(guidance, name)
            if (sorted(old) if isinstance(old, list) else old) != value:
                changes[name] = [old, value]
                setattr(guidance, name, value)
                TagCorrection.objects.create(
                    document_key=guidance.document.key,
                    guidance_key=guidance.key,
                    field=name,
                    value=value,
                    made_by=acting_user,
                )
        if changes:
            guidance.corrected = True
            guidance.save(update_fields=[*changes, "corrected"])
            index_outbox.note_changes(upserts=[guidance.document_id])
            transaction.on_commit(index_outbox.catch_up)
        # Recorded even when nothing changed: the person's attempt is part of the trail.
        record(
            actor=acting_user,
            action="corpus.tags_corrected",
            target=guidance,
            organisation=None,
            details={"document": guidance.document.key, "key": guidance.key, "changes": changes},
        )
    return guidance


@action()
def do_remove_document(key: str, *, acting_user: User | None) -> int:
    """Take a document (by symbol, or title without one) out of the corpus and, through the
    outbox, out of every instance's index; return its paragraph count."""
    _require_editor(acting_user)
    with transaction.atomic():
        document = Document.objects.filter(key=key).first()
        if document is None:
            raise IngestError(f"{key}: no such document in the corpus")
        paragraphs = document.paragraphs.count()
        record(
            actor=acting_user,
            action="corpus.document_removed",
            target=document,
            organisation=None,
            details={"key": key, "paragraphs": paragraphs},
        )
        index_outbox.note_changes(deletes=[document.pk])
        document.delete()
        transaction.on_commit(index_outbox.catch_up)
    return paragraphs


# ---- ingest in the background (a job of haven.jobs; haven/corpus/background.py runs it) ----


@action()
def do_queue_ingest(file: FileToIngest, *, acting_user: User) -> Job:
    """Keep an uploaded file in the database and ask a worker to ingest it (a background
    job, which the requester watches on the jobs page)."""
    from haven.jobs.actions import do_request_job

    _require_editor(acting_user)
    job = do_request_job(user=acting_user, kind=Job.Kind.CORPUS_INGEST)
    name = PurePath(file.name).name[:255]
    PendingUpload.objects.create(
        job_id=job.pk,
        name=name,
        data=file.data,
        symbol=file.symbol,
        title=file.title,
        date=file.when,
    )
    record(
        actor=acting_user,
        action="corpus.ingest_queued",
        target=job,
        organisation=None,
        details={"file": name, "bytes": len(file.data)},
    )
    return job


@action()
def do_ingest_upload(
    upload: PendingUpload, ready: Prepared, *, acting_user: User, progress: Progress | None
) -> Ingested:
    """The background job's store: the document in, the upload gone, in one transaction."""
    _require_editor(acting_user)
    result = _store([ready], acting_user=acting_user, progress=progress)[0]
    PendingUpload.objects.filter(pk=upload.pk).delete()
    return result


@action()
def do_drop_upload(upload: PendingUpload, *, reason: str) -> None:
    """A background ingest failed: the upload goes, and the trail keeps why (the reader's
    message names the file and what is wrong with it; a UN document is not personal data)."""
    PendingUpload.objects.filter(pk=upload.pk).delete()
    record(
        actor=None,
        action="corpus.ingest_failed",
        target_type="jobs.job",
        target_id=str(upload.job_id),
        organisation=None,
        details={"file": upload.name, "reason": reason[:500]},
    )
