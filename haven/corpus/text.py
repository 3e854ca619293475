"""Turn an uploaded file into lines of text. Plain Python, no Django.

Line numbers matter: a paragraph remembers the 1-based lines it came from, so the legal
knowledge base can point at "001:300" and land on the paragraph. For .txt and .md the lines
are the file's own; for .html, .docx and .pdf they are the lines of the extracted text.
"""

import io
import re
from html.parser import HTMLParser
from pathlib import PurePath

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Control characters other than tab, newline, carriage return and form feed mean binary.
BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


class IngestError(ValueError):
    """The file cannot become a document; the message says why, for the person who gave it."""


def read_lines(name: str, data: bytes) -> list[str]:
    """The file's text as lines, or IngestError (unsupported, binary, undecodable, empty)."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED:
        raise IngestError(f"{name}: unsupported file type; use one of {', '.join(SUPPORTED)}")
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(name, data)
    elif suffix == ".docx":
        text = _docx_text(name, data)
    else:
        text = _decode(name, data)
        if suffix in (".html", ".htm"):
            text = html_text(text)
    if not text.strip():
        raise IngestError(f"{name}: no text found in the file")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _decode(name: str, data: bytes) -> str:
    if b"\x00" in data:
        raise IngestError(f"{name}: this is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"{name}: not UTF-8 text (undecodable byte at position {error.start})"
        ) from None
    if len(BINARY.findall(text)) > max(3, len(text) // 1000):
        raise IngestError(f"{name}: this is a binary file, not text")
    return text


def _pdf_text(name: str, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as error:
        raise IngestError(f"{name}: not a readable PDF ({error})") from None
    # A blank line between pages: the parser rejoins a paragraph that runs across the break.
    return "\n\n".join(pages)


def _docx_text(name: str, data: bytes) -> str:
    import zipfile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(f"{name}: not a readable .docx file ({error})") from None
    blocks = [_docx_paragraph(p) for p in document.paragraphs]
    for table in document.tables:
        blocks += ["\t".join(cell.text.strip() for cell in row.cells) for row in table.rows]
    return "\n\n".join(b for b in blocks if b.strip())


def _docx_paragraph(paragraph: object) -> str:
    parts = []
    for run in paragraph.runs:  # type: ignore[attr-defined]
        text = run.text
        if run.font.superscript and text.strip().isdigit():
            text = text.strip().translate(SUPERSCRIPT)
        parts.append(text)
    text = "".join(parts)
    style = getattr(paragraph, "style", None)
    style_name = getattr(style, "name", "") or ""
    if style_name.startswith("Heading") and style_name[-1:].isdigit():
        return "#" * int(style_name[-1]) + " " + text
    return text


class _HTMLText(HTMLParser):
    """Block elements become blank-line separated blocks, table rows tab-separated cells,
    <sup>n</sup> superscript digits (the parser's footnote markers); scripts are dropped."""

    BLOCKS = frozenset(
        {"p", "div", "li", "br", "section", "article", "blockquote", "pre", "ul", "ol", "table"}
    )
    HEADINGS = {f"h{n}": n for n in range(1, 7)}
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0
        self.in_sup = False
        self.cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag == "sup":
            self.in_sup = True
        elif tag == "tr":
            self.cells = []
        elif tag in ("td", "th") and self.cells is not None:
            self.cells.append("")
        elif tag in self.HEADINGS:
            self.out.append("\n\n" + "#" * self.HEADINGS[tag] + " ")
        elif tag in self.BLOCKS:
            self.out.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "sup":
            self.in_sup = False
        elif tag == "tr" and self.cells is not None:
            self.out.append("\n" + "\t".join(" ".join(c.split()) for c in self.cells) + "\n")
            self.cells = None
        elif tag in self.BLOCKS or tag in self.HEADINGS:
            self.out.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.in_sup and data.strip().isdigit():
            data = data.strip().translate(SUPERSCRIPT)
        if self.cells is not None and self.cells:
            self.cells[-1] += data
        elif self.cells is None:
            lead = " " if data[:1].isspace() else ""
            self.out.append(lead + " ".join(data.split()) + (" " if data[-1:].isspace() else ""))


def html_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
