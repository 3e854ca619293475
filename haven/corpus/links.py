"""Where a line of a source file ended up: the legal knowledge base cites seed documents by
file and line (`001:300`, haven/law/data/documents.toml); this finds the ingested paragraph
that holds that line, so a citation can link to it."""

from haven.corpus.models import Paragraph


def paragraph_for_source_lines(doc: str, first_line: int) -> Paragraph | None:
    """The paragraph of a document ingested from a file whose name starts with `doc`
    ("001" or "001_9e05426173303c29.txt") that spans `first_line`, or None.

    A paragraph rejoined across a page break spans the footnote lines between its parts; a
    line inside the footnote block therefore still finds the paragraph it interrupts."""
    prefix = doc.removesuffix(".txt")
    return (
        Paragraph.objects.filter(
            document__source_filename__startswith=prefix,
            first_line__lte=first_line,
            last_line__gte=first_line,
        )
        .select_related("document")
        .order_by("-first_line")
        .first()
    )
