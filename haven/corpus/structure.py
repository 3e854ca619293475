"""From lines of text to a document's structure: headings, citable paragraphs, footnotes and
reference-table rows. Plain Python, no Django.

The hazards handled here are those of real UN documents (DOMAIN.md, "Parsing hazards"):
- a paragraph split by a page break, with a footnote block in between, is rejoined
  (seed 001 para 44 runs on after footnotes 106-112, line 409 to line 425);
- footnote markers are superscript digits (seed 001 line 403: `¹⁰⁶`), `<sup>1</sup>`
  (seed 000 line 146) or bracketed (`[3]`); a marker used twice is listed once (001 line 403);
- headings come at inconsistent levels (seed 000: `##`, `###`, `####` for peers I-V), so a
  numbering pattern (I., A., 2.1) decides the level before markdown does;
- sub-items `(a)`, `- (a)`, `a)` belong to the paragraph or footnote they follow (seed 002
  lines 48-52: a list inside footnote 3);
- documents with no paragraph numbers (seed 002) or with speeches and working groups
  (seed 003) get locators from their section and position;
- `Source<TAB>Guidance` tables with cells wrapped in `<p>` (seed 004 lines 33-81).
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
TO_ASCII = str.maketrans(SUPERSCRIPTS, "0123456789")
TO_SUPER = str.maketrans("0123456789", SUPERSCRIPTS)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]

SUP_TAG = re.compile(r"<sup>\s*(\d{1,3})\s*</sup>")
INLINE_TAG = re.compile(r"</?(?:p|i|b|em|strong|span|u)\b[^>]*>", re.IGNORECASE)
MD_LINK = re.compile(r"\[([^\]\n]+)\]\((?:#|[^)\s]*)\)")
EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
FOOTNOTE = re.compile(rf"^([{SUPERSCRIPTS}]+)\s*(\S.*)$")
BRACKET_FOOTNOTE = re.compile(r"^\[(\d{1,3})\]\s+(\S.*)$")
STAR_FOOTNOTE = re.compile(r"^\\?\*\s+(\S.*)$")
ITEM = re.compile(r"^(?:[-•]\s+)?(\(?([a-z]{1,2}|[ivx]{1,5})\))\s+(\S.*)$")
BULLET = re.compile(r"^[-•▪]\s*(\S.*)$")
NUMBERED = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
# A UPR recommendation "140.12 Ratify ... (Norway);", or its number alone above a State's
# reply ("122.79–81" in an addendum).
RECOMMENDATION = re.compile(r"^(\d{1,3})\.(\d{1,3})(?:\s?[–-]\s?(\d{1,3}))?\.?(?:\s+(\S.*))?$")
ROMAN_HEADING = re.compile(r"^([IVXL]{1,6})\.\s+(\S.*)$")
LETTER_HEADING = re.compile(r"^([A-H])\.\s+(\S.*)$")
DECIMAL_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?\s+(\S.*)$")
# Later parts may be in mixed case: A/HRC/43/15/Add.1, E/CN.4/2006/Rev.1, A/70/260/Corr.1.
SYMBOL = re.compile(r"^(?:[A-Z]{1,6}/)(?:[A-Za-z0-9.\-]+/){1,5}[A-Za-z0-9.\-]+$")
LONG_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
MONTH_YEAR = re.compile(rf"\b({'|'.join(MONTHS)}) (\d{{4}})\b")
TERMINAL = re.compile(rf"[.!?;:][\"”’')\]{SUPERSCRIPTS}]*\s*$")
# "7m²", "40 km²": a square or cubic metre after a number is a unit, not footnote marker 2.
UNIT_POWER = r"(?<=\dm)|(?<=\d m)|(?<=\d[kcm]m)|(?<=\d [kcm]m)"
# The first look-ahead only says what the match starts with, so it changes no match; without
# it the look-behinds of UNIT_POWER were tried at every position of every text (9x slower).
MARKER = re.compile(
    rf"(?=[{SUPERSCRIPTS}])(?!(?:{UNIT_POWER})[²³](?![{SUPERSCRIPTS}]))[{SUPERSCRIPTS}]+"
)
BRACKET_MARKER = re.compile(r"(?<=\S)\[(\d{1,3})\]")
STAR_MARKER = re.compile(r"(?<=\w)\*(?=[\s.,;:]|$)")
LOWER_ASCII = re.compile(r"[a-z]")
FRONT_LINES = 60
MAX_HEADING = 150
MAX_NUMBERED_HEADING_WORDS = 6  # "4. Working group reports" (seed 003 line 659)
# A line ending in one of these is a sentence cut short, not a title.
OPEN_ENDINGS = frozenset(
    [
        "and",
        "or",
        "the",
        "of",
        "to",
        "a",
        "an",
        "in",
        "for",
        "with",
        "by",
        "that",
        "as",
        "on",
        "from",
    ]
)


@dataclass
class Footnote:
    marker: str
    text: str
    first_line: int
    last_line: int


@dataclass
class Heading:
    text: str
    level: int
    key: str
    line: int


@dataclass
class Recommendation:
    """What a recommendation table (the OHCHR thematic-list matrix) says beside a
    recommendation's words: who made it, the reviewed State's position, the table's themes."""

    states: list[str]
    position: str  # supported, noted or partially_supported
    position_source: str
    themes: list[str]
    cited_symbol: str  # the report holding the recommendation, "" when not known


@dataclass
class Paragraph:
    locator: str
    number: str
    section: str
    heading: str | None
    text: str
    first_line: int
    last_line: int
    position: int
    in_recommendations: bool
    markers: list[str] = field(default_factory=list)
    section_label: str = ""
    citation: str = ""
    recommendation: Recommendation | None = None


@dataclass
class TableRow:
    source: str
    guidance: str
    line: int
    group: str


@dataclass
class ParsedDocument:
    title: str
    symbol: str
    date: date | None
    front_text: str
    headings: list[Heading]
    paragraphs: list[Paragraph]
    footnotes: dict[str, Footnote]
    rows: list[TableRow]
    pages: int = 0

    def footnotes_of(self, paragraph: Paragraph) -> list[Footnote]:
        return [self.footnotes[m] for m in paragraph.markers if m in self.footnotes]


@dataclass
class _Block:
    text: str
    first_line: int
    last_line: int
    emphasised: bool = False
    md_level: int = 0
    star_footnote: bool = False


def normalise(line: str) -> str:
    """One line with markup reduced to text; footnote tags become superscript digits."""
    # Each pattern needs its "<" or "](": most lines (all of a PDF's) have neither, and
    # testing for them costs far less than running the patterns (an ingest reads every line).
    if "<" in line:
        line = SUP_TAG.sub(lambda m: m.group(1).translate(TO_SUPER), line)
        line = INLINE_TAG.sub("", line)
    if "](" in line:
        line = MD_LINK.sub(r"\1", line)
    return line.replace("\\*", "*").rstrip()


def _starts_block(line: str, previous: str) -> bool:
    """True when a line begins a new block even without a blank line before it."""
    text = line.strip()
    if "\t" in line or "\t" in previous or MD_HEADING.match(text):
        return True
    if _all_caps(previous) != _all_caps(line):
        return True  # a speech's title in capitals (seed 003 lines 1-2), then its speaker
    if FOOTNOTE.match(text) or ITEM.match(text) or BULLET.match(text):
        return True
    # Hard-wrapped text (seed 003 line 53, and PDF pages): an indented or numbered line after
    # a finished sentence.
    return (line[:1] == " " or bool(NUMBERED.match(text))) and bool(TERMINAL.search(previous))


def blocks(lines: list[str]) -> Iterator[_Block]:
    """Runs of non-blank lines, each line kept with its 1-based number; hard wraps joined."""
    current: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, start=1):
        line = normalise(raw)
        if not line.strip() or line.strip() == "---":
            yield from _flush(current)
            current = []
            continue
        if current and _starts_block(line, current[-1][1]):
            yield from _flush(current)
            current = []
        current.append((number, line))
    yield from _flush(current)


def _all_caps(line: str) -> bool:
    if LOWER_ASCII.search(line):
        return False  # a letter a-z is not upper case: the usual answer, without the loop
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 8 and all(c.isupper() for c in letters)


def _flush(current: list[tuple[int, str]]) -> Iterator[_Block]:
    if not current:
        return
    first = current[0][1].strip()
    if "\t" in current[0][1]:
        yield _Block(current[0][1].strip("\n"), current[0][0], current[0][0])
        return
    text = " ".join(part.strip() for _, part in current)
    block = _Block(text, current[0][0], current[-1][0])
    heading = MD_HEADING.match(text)
    if heading:
        block.md_level, text = len(heading.group(1)), heading.group(2)
    block.star_footnote = bool(STAR_FOOTNOTE.match(first))
    # Emphasis needs a "*" or "__"; without one the text is its own stripped form.
    stripped = (EMPHASIS.sub(r"\2", text) if "*" in text or "__" in text else text).strip()
    block.emphasised = stripped != text.strip() and len(stripped) >= len(text.strip()) - 4
    block.text = stripped
    yield block


def _heading(block: _Block, *, trust_levels: bool = False) -> tuple[int, str, str] | None:
    """(level, number, text) when the block is a heading."""
    text = MARKER.sub("", BRACKET_MARKER.sub("", block.text)).rstrip()
    if len(text) > MAX_HEADING or text.endswith((".", ";", ":", ",")):
        return None
    layout_heading = trust_levels and block.md_level > 0
    if (
        NUMBERED.match(text)
        and len(text.split()) > MAX_NUMBERED_HEADING_WORDS
        and not layout_heading
    ):
        return None  # "4. Businesses should map their ..." is a paragraph cut by a page break
    numbered = _numbered_heading(block.text)
    if numbered and trust_levels and block.md_level >= 3 and "." not in numbered[1]:
        numbered = (block.md_level, numbered[1], numbered[2])  # "### 2. Children" (PDF layout)
    if numbered or TERMINAL.search(text):
        return numbered
    if block.md_level:
        return min(block.md_level, 6), "", block.text
    if _looks_like_title(block.text) or _all_caps(block.text):
        return 3, "", block.text
    return None


def _numbered_heading(text: str) -> tuple[int, str, str] | None:
    """A numbering pattern decides the level: I. is 1, A. is 2, 2.1 is 2."""
    for pattern, level in ((ROMAN_HEADING, 1), (LETTER_HEADING, 2)):
        found = pattern.match(text)
        if found:
            return level, found.group(1), text
    found = DECIMAL_HEADING.match(text)
    if found:
        return found.group(1).count(".") + 1, found.group(1), text
    return None


def _looks_like_title(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 14
        and text[0].isupper()
        and not text.rstrip().endswith((",", "-", "—"))
        and words[-1].lower() not in OPEN_ENDINGS
        and not MARKER.search(text[-1:])
        and not FOOTNOTE.match(text)
    )


def _is_unfinished(text: str) -> bool:
    return not TERMINAL.search(BRACKET_MARKER.sub("", text))


class _Parser:
    def __init__(self, *, trust_levels: bool = False) -> None:
        self.trust_levels = trust_levels  # heading levels come from a PDF's layout
        self.headings: list[Heading] = []
        self.stack: list[Heading] = []
        self.paragraphs: list[Paragraph] = []
        self.footnotes: dict[str, Footnote] = {}
        self.rows: list[TableRow] = []
        self.open: Paragraph | None = None  # a paragraph that may run on after a break
        self.last: Paragraph | Footnote | None = None  # what a sub-item belongs to
        self.in_table = False
        self.section_position = 0
        self.last_number = 0  # the last top-level paragraph number, for the sequence
        self.series: tuple[int, int] | None = None  # (paragraph, item) of a numbered list
        self.pending: str = ""  # a recommendation number standing alone above its text

    def feed(self, block: _Block) -> None:
        text = block.text
        if "\t" in text:
            self._table_row(block)
        elif (
            block.star_footnote
            or FOOTNOTE.match(text)
            or BRACKET_FOOTNOTE.match(text)
            and self.paragraphs
        ):
            self._footnote(block)
        elif ITEM.match(text) or BULLET.match(text):
            self._item(block)
        elif not any(c.isalnum() for c in text) or text.isdigit() and len(text) <= 3:
            return  # a page number or a stray mark
        else:
            self._text(block)

    def _table_row(self, block: _Block) -> None:
        cells = [INLINE_TAG.sub("", c).strip() for c in block.text.split("\t")]
        cells = [c for c in cells if c]
        if [c.lower() for c in cells] == ["source", "guidance"]:
            self.in_table = True
        elif self.in_table and len(cells) == 2:
            group = self.stack[-1].text if self.stack else ""
            self.rows.append(TableRow(cells[0], cells[1], block.first_line, group))
        self.open = None

    def _footnote(self, block: _Block) -> None:
        text = block.text
        found = FOOTNOTE.match(text) or BRACKET_FOOTNOTE.match(text)
        if block.star_footnote or not found:
            marker, body = "*", STAR_FOOTNOTE.sub(r"\1", text)
        else:
            marker, body = found.group(1).translate(TO_ASCII), found.group(2)
        note = Footnote(marker, body.strip(), block.first_line, block.last_line)
        self.footnotes.setdefault(marker, note)
        self.last = note

    def _item(self, block: _Block) -> None:
        if self.last is None:
            self._new_paragraph(block, "")
            return
        self.last.text += "\n" + block.text
        self.last.last_line = block.last_line

    def _text(self, block: _Block) -> None:
        if not block.md_level and self._recommendation(block):
            return
        numbered = NUMBERED.match(block.text)
        heading = _heading(block, trust_levels=self.trust_levels)
        if heading:
            self._heading(block, *heading)
        elif numbered and self._numbered(block, int(numbered.group(1)), numbered.group(2)):
            return
        elif self.pending:
            number, self.pending = self.pending, ""
            self._new_paragraph(block, number, recommendation=True)
        elif self.open is not None and (block.text[0].islower() or _is_unfinished(self.open.text)):
            self.open.text += " " + block.text
            self.open.last_line = block.last_line
            self.last = self.open
        else:
            self._new_paragraph(block, "")

    def _recommendation(self, block: _Block) -> bool:
        """`140.1 …` under paragraph 140 is a unit of its own (`A/HRC/59/15, para. 140.1`); a
        number alone on its line (`122.86`) names the unit that the next block is."""
        found = RECOMMENDATION.match(block.text)
        if not found:
            return False
        parent, item, last, text = found.groups()
        number = f"{parent}.{item}" + (f"–{last}" if last else "")
        if text is None:
            self.pending = number
            return True
        if int(parent) != self.last_number:
            return False
        block.text = text
        self._new_paragraph(block, number, recommendation=True)
        return True

    def _numbered(self, block: _Block, number: int, text: str) -> bool:
        """Numbers run in sequence: one that does not follow is not a new paragraph (a list
        numbered 1, 2, … after a paragraph ending in ":" becomes its items `111.1`, `111.2`)."""
        last, series = self.last_number, self.series
        opens_list = self.open is not None and (
            self.open.text.rstrip().endswith(":") or self.open.in_recommendations
        )
        if series and number == series[1] + 1 and number != last + 1:
            self.series = (series[0], number)
            item = f"{series[0]}.{number}"
        elif number == 1 and opens_list and last:
            self.series = (last, 1)
            item = f"{last}.1"
        elif last == 0 or number in (last + 1, last + 2) or number == 1 and self.open is None:
            self.last_number, self.series, item = number, None, str(number)
        else:
            return False
        block.text = text  # the number is the locator, not text
        self._new_paragraph(block, item, recommendation=self.series is not None)
        return True

    def _heading(self, block: _Block, level: int, number: str, text: str) -> None:
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        key = number or f"s{len(self.headings) + 1}"
        parent = self.stack[-1] if self.stack else None
        if (
            number
            and "." not in number
            and level >= 2
            and parent
            and not parent.key.startswith("s")
            and (ROMAN_HEADING.match(parent.text) or self.trust_levels)
        ):
            key = f"{parent.key}.{number}"
        heading = Heading(text, level, key, block.first_line)
        self.headings.append(heading)
        self.stack.append(heading)
        self.open, self.last, self.in_table, self.series = None, None, False, None
        self.section_position = 0

    def _new_paragraph(self, block: _Block, number: str, *, recommendation: bool = False) -> None:
        self.section_position += 1
        inner = self.stack[-1] if self.stack else None
        section = inner.key if inner else ""
        label = f"section {inner.key}" if inner and not inner.key.startswith("s") else ""
        if inner and not label:
            label = f"“{_short(inner.text)}”"
        paragraph = Paragraph(
            locator=number,
            number=number,
            section=section,
            heading=inner.text if inner else None,
            text=block.text,
            first_line=block.first_line,
            last_line=block.last_line,
            position=len(self.paragraphs) + 1,
            in_recommendations=recommendation
            or any("recommendation" in h.text.lower() for h in self.stack),
            section_label=label,
        )
        if not number:
            where = f"{section}." if section else ""
            paragraph.locator = f"{where}p{self.section_position}"
        self.paragraphs.append(paragraph)
        self.open = self.last = paragraph


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def parse(
    lines: list[str], *, symbol: str = "", title: str = "", trust_levels: bool = False
) -> ParsedDocument:
    """The structure of a document. `symbol` and `title`, when given, win over detection;
    `trust_levels`: the `#` levels of headings come from a layout (PDF), not markdown."""
    parser = _Parser(trust_levels=trust_levels)
    for block in blocks(lines):
        parser.feed(block)
    _unique_locators(parser.paragraphs)
    for paragraph in parser.paragraphs:
        paragraph.markers = markers(paragraph.text, parser.footnotes)
    front = [normalise(line) for line in lines[:FRONT_LINES]]
    document = ParsedDocument(
        title=title or detect_title(list(blocks(lines[:FRONT_LINES]))),
        symbol=symbol or detect_symbol(lines[:FRONT_LINES]),
        date=detect_date("\n".join(front)),
        front_text="\n".join(front),
        headings=parser.headings,
        paragraphs=parser.paragraphs,
        footnotes=parser.footnotes,
        rows=parser.rows,
    )
    for paragraph in document.paragraphs:
        paragraph.citation = citation(document.symbol, document.title, paragraph)
    return document


def _unique_locators(paragraphs: list[Paragraph]) -> None:
    """Numbers that restart (seed 003: recommendations 1-12 after sections 1-4) are qualified
    by their section, so every locator in a document is unique and stable."""
    seen: set[str] = set()
    for paragraph in paragraphs:
        if paragraph.locator in seen:
            paragraph.locator = (
                f"{paragraph.section or 'p'}:{paragraph.number or paragraph.position}"
            )
        while paragraph.locator in seen:
            paragraph.locator += "'"
        seen.add(paragraph.locator)


def markers(text: str, footnotes: dict[str, Footnote]) -> list[str]:
    """Footnote markers in order of first use, each once (seed 001 line 403 uses ¹¹² twice)."""
    found = [m.translate(TO_ASCII) for m in MARKER.findall(text)]
    found += [m for m in BRACKET_MARKER.findall(text) if m in footnotes]
    if "*" in footnotes and STAR_MARKER.search(text):
        found.append("*")
    return list(dict.fromkeys(found))


def plain_text(text: str) -> str:
    """The text without footnote markers: for search and snippets."""
    # MARKER tests its look-behinds at every position: run it only where a superscript is.
    if any(digit in text for digit in SUPERSCRIPTS):
        text = MARKER.sub("", text)
    if "[" in text:
        text = BRACKET_MARKER.sub("", text)
    return STAR_MARKER.sub("", text) if "*" in text else text


def citation(symbol: str, title: str, paragraph: Paragraph) -> str:
    """`A/70/260, para. 45`; without a number, the section and position; without a symbol,
    the title."""
    source = symbol or _short(title, 80) or "Untitled document"
    if paragraph.number and not paragraph.locator.startswith(paragraph.section + ":"):
        return f"{source}, para. {paragraph.number}"
    position = paragraph.locator.rsplit("p", 1)[-1] if not paragraph.number else paragraph.number
    if paragraph.section_label:
        return f"{source}, {paragraph.section_label}, para. {position}"
    return f"{source}, para. {position}"


def detect_symbol(lines: list[str]) -> str:
    """A UN document symbol standing alone on a line of the front page. A symbol inside a
    footnote is not the document's own (seed 001 line 24 names only the agenda, A/70/150)."""
    for line in lines:
        text = EMPHASIS.sub(r"\2", normalise(line)).strip()
        if SYMBOL.match(text):
            return text
    return ""


def detect_date(text: str) -> date | None:
    found = LONG_DATE.search(text)
    if found:
        return date(int(found.group(3)), MONTHS.index(found.group(2)) + 1, int(found.group(1)))
    found = MONTH_YEAR.search(text)
    if found:
        return date(int(found.group(2)), MONTHS.index(found.group(1)) + 1, 1)
    return None


def detect_title(front: list[_Block]) -> str:
    """A report's "Report of ..." line, else the first emphasised line, else the first line
    of a few words."""
    texts = [b for b in front if "\t" not in b.text and not FOOTNOTE.match(b.text)]
    for block in texts:
        if block.text.startswith("Report of"):
            return _short(block.text, 250)
    for block in texts:
        if block.emphasised and len(block.text.split()) >= 3:
            return _short(block.text, 250)
    for block in texts:
        if len(block.text.split()) >= 3:
            return _short(block.text, 250)
    return ""
