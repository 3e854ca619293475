"""Turn an uploaded file into lines of text. Plain Python, no Django.

Line numbers matter: a paragraph remembers the 1-based lines it came from, so the legal
knowledge base can point at "001:300" and land on the paragraph. For .txt and .md the lines
are the file's own; for .html, .docx and .pdf they are the lines of the extracted text.
"""

import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

SUPPORTED = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
# Control characters other than tab, newline, carriage return and form feed mean binary.
BINARY = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
# A Word document's parts unpacked; a UN report is a few MB, a zip bomb gigabytes.
MAX_UNPACKED = 64 * 2**20


class IngestError(ValueError):
    """The file cannot become a document; the message says why, for the person who gave it."""


@dataclass
class Extracted:
    """A file's lines, and the metadata its layout states (PDF front pages)."""

    lines: list[str]
    symbol: str = ""
    title: str = ""
    date: datetime.date | None = None
    pages: int = 0
    layout: bool = False  # heading levels were read from the page layout


def read_lines(name: str, data: bytes) -> list[str]:
    """The file's text as lines, or IngestError (unsupported, binary, undecodable, empty)."""
    return read_document(name, data).lines


def read_document(
    name: str, data: bytes, *, on_page: Callable[[int, int], None] | None = None
) -> Extracted:
    """The file's lines with any metadata read from its layout; `on_page(done, pages)` is
    called as each page of a PDF is laid out."""
    suffix = PurePath(name).suffix.lower()
    if suffix == ".pdf" and data.strip():
        found = _pdf(name, data, on_page=on_page)
        if not any(line.strip() for line in found.lines):
            raise IngestError(f"{name}: no text found in the file")
        return found
    return Extracted(_read_lines(name, data))


def _read_lines(name: str, data: bytes) -> list[str]:
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


def _pdf(name: str, data: bytes, *, on_page: Callable[[int, int], None] | None = None) -> Extracted:
    import pypdfium2 as pdfium  # type: ignore[import-untyped]  # pypdfium2 ships no type hints

    from haven.corpus.pdf import pdf_text

    try:
        found = pdf_text(data, on_page=on_page)
    except (pdfium.PdfiumError, ValueError) as error:
        raise IngestError(f"{name}: not a readable PDF ({error})") from None
    return Extracted(found.lines, found.symbol, found.title, found.date, found.pages, True)


def _pdf_text(name: str, data: bytes) -> str:
    return "\n".join(_pdf(name, data).lines)


def _docx_text(name: str, data: bytes) -> str:
    import docx

    try:
        _check_unpacked_size(name, zipfile.ZipFile(io.BytesIO(data)))
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise IngestError(f"{name}: not a readable .docx file ({error})") from None
    blocks = [_docx_paragraph(p) for p in document.paragraphs]
    for table in document.tables:
        blocks += ["\t".join(cell.text.strip() for cell in row.cells) for row in table.rows]
    return "\n\n".join(b for b in blocks if b.strip())


def check_docx_size(name: str, data: bytes) -> None:
    """IngestError if this .docx would unpack to more than MAX_UNPACKED bytes; a file that is
    not a zip at all passes (its reader says what it is)."""
    try:
        _check_unpacked_size(name, zipfile.ZipFile(io.BytesIO(data)))
    except zipfile.BadZipFile:
        return


def _check_unpacked_size(name: str, archive: zipfile.ZipFile) -> None:
    """A .docx is a zip: refuse one that would unpack to more than MAX_UNPACKED bytes (a zip
    bomb) before anything is decompressed; the sizes are read from the archive's directory and
    each member is then read in bounded chunks, so a lying directory cannot get past either."""
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_UNPACKED:
        raise IngestError(f"{name}: unpacks to more than {MAX_UNPACKED // 2**20} MB; refused")
    total = 0
    for info in archive.infolist():
        with archive.open(info) as member:
            while chunk := member.read(2**20):
                total += len(chunk)
                if total > MAX_UNPACKED:
                    raise IngestError(
                        f"{name}: unpacks to more than {MAX_UNPACKED // 2**20} MB; refused"
                    )


def _docx_paragraph(paragraph: object) -> str:
    parts = []
    for run in paragraph.runs:  # type: ignore[attr-defined]  # a python-docx Paragraph; python-docx ships no type hints
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
