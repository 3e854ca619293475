"""Documents, their citable paragraphs and footnotes, and the guidance found in them.

Rows are written only by `haven.corpus.actions`; a document is replaced whole on re-ingest.
Documents are public UN texts, not personal data.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    # The symbol when there is one (A/70/260), else the title: re-ingesting the same key
    # replaces the document.
    key = models.CharField(max_length=300, unique=True)
    symbol = models.CharField(max_length=120, blank=True, db_index=True)
    title = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.CharField(max_length=200, blank=True)
    source_filename = models.CharField(max_length=255)
    source_bytes = models.PositiveIntegerField(default=0)
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "key"]

    def __str__(self) -> str:
        return self.symbol or self.title

    @property
    def label(self) -> str:
        return self.symbol or self.title


class Paragraph(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    position = models.PositiveIntegerField()
    locator = models.CharField(max_length=60)
    # Wide enough for a range of UPR recommendations ("122.101–103"); PostgreSQL enforces it.
    number = models.CharField(max_length=20, blank=True)
    section = models.CharField(max_length=60, blank=True)
    heading = models.CharField(max_length=300, blank=True)
    text = models.TextField()
    citation = models.CharField(max_length=400)
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()
    footnote_markers = models.JSONField(default=list)
    in_recommendations = models.BooleanField(default=False)

    class Meta:
        ordering = ["document", "position"]
        constraints = [
            models.UniqueConstraint(fields=["document", "locator"], name="corpus_unique_locator")
        ]

    def __str__(self) -> str:
        return self.citation

    @property
    def anchor(self) -> str:
        return paragraph_anchor(self.locator)

    @property
    def url(self) -> str:
        """The reader page holding this paragraph (the reader is paged), scrolled to it."""
        return paragraph_url(self.document_id, self.anchor)


def paragraph_anchor(locator: str) -> str:
    return "para-" + "".join(c if c.isalnum() else "-" for c in locator)


def paragraph_url(document_id: int, anchor: str) -> str:
    path = reverse("corpus:document", args=[document_id])
    return f"{path}?{urlencode({'at': anchor})}#{anchor}"


class Footnote(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="footnotes")
    marker = models.CharField(max_length=10)
    text = models.TextField()
    first_line = models.PositiveIntegerField()
    last_line = models.PositiveIntegerField()

    class Meta:
        ordering = ["document", "first_line"]
        constraints = [
            models.UniqueConstraint(fields=["document", "marker"], name="corpus_unique_footnote")
        ]

    def __str__(self) -> str:
        return f"{self.marker} {self.text[:40]}"


class Guidance(models.Model):
    SUPPORTED = "supported"
    NOTED = "noted"
    PARTIALLY_SUPPORTED = "partially_supported"
    POSITIONS = [
        (SUPPORTED, _("Supported")),
        (NOTED, _("Noted")),
        (PARTIALLY_SUPPORTED, _("Partially supported")),
    ]
    EXTRACTED = "extracted"
    REFERENCE = "reference"
    KINDS = [(EXTRACTED, "Extracted from a paragraph"), (REFERENCE, "Reference-table row")]

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="guidance")
    # For extracted guidance, its paragraph; for a reference row, the cited paragraph when
    # that document is in the corpus (linked on ingest of either).
    paragraph = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="guidance"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    key = models.CharField(max_length=80)  # stable within the document: locator or row-N
    position = models.PositiveIntegerField()
    text = models.TextField()
    citation = models.CharField(max_length=400)
    source_raw = models.TextField(blank=True)
    mandate = models.CharField(max_length=400, blank=True)
    mandate_name = models.CharField(max_length=400, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    cited_symbol = models.CharField(max_length=120, blank=True, db_index=True)
    cited_locator = models.CharField(max_length=60, blank=True)
    cited_number = models.CharField(max_length=20, blank=True)
    group = models.CharField(max_length=200, blank=True)
    addressee = models.JSONField(default=list)
    strength = models.CharField(max_length=20)
    topics = models.JSONField(default=list)
    evidence = models.JSONField(default=dict)
    corrected = models.BooleanField(default=False)
    # A recommendation from a recommendation table (the OHCHR thematic-list matrix): who made
    # it, what the reviewed State answered, and the table's own themes (not `topics`, which
    # are Haven's vocabulary). Empty for guidance found in a text.
    recommending_states = models.JSONField(default=list, blank=True)
    state_position = models.CharField(max_length=20, blank=True, choices=POSITIONS, db_index=True)
    position_source = models.CharField(max_length=200, blank=True)
    themes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["document", "position"]
        verbose_name_plural = "guidance"
        constraints = [
            models.UniqueConstraint(fields=["document", "key"], name="corpus_unique_guidance")
        ]

    def __str__(self) -> str:
        return self.citation


class TagCorrection(models.Model):
    """A person's correction of a guidance tag. Kept apart from the guidance row so that it
    survives re-ingesting the document, and is applied again afterwards."""

    document_key = models.CharField(max_length=300)
    guidance_key = models.CharField(max_length=80)
    field = models.CharField(max_length=20)  # topics, addressee or strength
    value = models.JSONField()
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.document_key} {self.guidance_key} {self.field}"


class IndexChange(models.Model):
    """One change to the search index, numbered in commit order: every instance applies the
    outbox in order to its own index (docs/corpus.md, "More than one server"). Written by the
    same action and transaction that change the corpus rows, so a rolled-back ingest leaves
    none. Applying a change rewrites the document's entries from what the database holds then,
    so applying one twice is harmless."""

    UPSERT = "upsert"
    DELETE = "delete"

    seq = models.BigIntegerField(primary_key=True)
    document_pk = models.BigIntegerField()  # not a key: a deleted document's change outlives it
    op = models.CharField(max_length=6, choices=[(UPSERT, UPSERT), (DELETE, DELETE)])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.seq} {self.op} {self.document_pk}"


class IndexOutboxHead(models.Model):
    """The last outbox number handed out (a single row). Each writer locks it until its
    transaction commits, so numbers have no gaps and follow commit order; `token` tells this
    database's outbox from another's (a restored backup, a different database)."""

    last = models.BigIntegerField(default=0)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"outbox at {self.last}"


class PendingUpload(models.Model):
    """A file uploaded on the page, waiting for the background job that ingests it
    (`haven.corpus.background`). Kept in the database, not on one server's disk, so a worker
    on another server can read it; deleted when the job ends, whether it succeeds or fails."""

    job_id = models.UUIDField(unique=True)  # the jobs.Job that ingests it (no key: apps apart)
    name = models.CharField(max_length=255)
    data = models.BinaryField()
    symbol = models.CharField(max_length=120, blank=True)
    title = models.CharField(max_length=300, blank=True)
    date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name
