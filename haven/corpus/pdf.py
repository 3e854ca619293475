"""PDF pages to lines of text the structure parser reads. Plain Python, no Django.

UN documents are laid out, not written as text: a running symbol at the top of each page, a
job number (`GE.19-14870(E)`) and a page number at the bottom, footnotes in smaller type at
the foot of the page whose markers are raised digits glued to words ("review.12"), headings
whose numbers hang in the margin. pypdfium2 gives every text run with its box, so the layout
decides what each line is:

- a run in smaller type raised above its line is a footnote marker and becomes superscript
  digits (`¹²`), the marker form the parser knows, split from the word it was glued to;
- a line in the top or bottom band that repeats across pages (digits ignored), or is a page
  number, the symbol, a job number or "Original: …", is page furniture and is dropped;
- lines at the foot of a page in smaller type, starting with a marker, are footnotes; they
  are written after the page's text, so the parser rejoins a paragraph across the page break;
- a line whose number hangs left of the text column is a heading (`## II. …`);
- a vertical gap larger than the line pitch starts a new block (a blank line).

The first page's header gives the metadata: the symbol (with `/Add.1`, `/Rev.1`, `/Corr.1`),
the date under "Distr.: General", and the title in the largest type below the header.
"""

import datetime
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from haven.corpus.structure import MONTHS, SYMBOL

SUPER = str.maketrans("0123456789*", "⁰¹²³⁴⁵⁶⁷⁸⁹*")
JOB_NUMBER = re.compile(r"^GE\.\s?\d{2}\s?-\s?\d{4,6}\s*(?:\(\s?E\s?\))?(?:\s*\*\d+\*)?$")
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
SYMBOL_IN_LINE = re.compile(r"(?<![\w/])([A-Z]{1,6}(?:/[A-Za-z0-9.\-]+){2,7})(?![\w/])")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # barcode and symbol fonts
LONG_DATE = re.compile(rf"\b(\d{{1,2}}) ({'|'.join(MONTHS)}) (\d{{4}})\b")
HEADING_NUMBER = re.compile(r"^(?:[IVXL]{1,6}|[A-H]|\d{1,2})\.\s")
MARKER_TEXT = re.compile(r"^[\d*]{1,3}$")
FURNITURE_WORDS = ("Original:", "Distr.:", "Distr.")
BAND = 0.09  # the top and bottom 9% of a page hold its furniture


@dataclass
class Run:
    left: float
    bottom: float
    right: float
    top: float
    size: float
    text: str


@dataclass
class Line:
    runs: list[Run]
    bottom: float
    top: float
    size: float
    text: str = ""
    left: float = 0.0
    footnote: bool = False

    @property
    def baseline(self) -> float:
        return self.bottom


@dataclass
class Page:
    height: float
    lines: list[Line]


@dataclass
class PdfText:
    lines: list[str]
    symbol: str = ""
    title: str = ""
    date: datetime.date | None = None
    pages: int = 0
    notes: list[str] = field(default_factory=list)


def _runs(textpage: object) -> list[Run]:
    """Text runs with their boxes. A run's text is its range of characters (from its first
    character to the next run's), not the characters inside its box: neighbouring boxes
    overlap where letters are kerned, and text by box would repeat them ("infoformed")."""
    page: Any = textpage
    boxes = []
    for i in range(page.count_rects()):
        left, bottom, right, top = page.get_rect(i)
        boxes.append((_char_at(page, left + 0.3, (bottom + top) / 2), left, bottom, right, top))
    starts = sorted({b[0] for b in boxes if b[0] >= 0})
    ends = dict(zip(starts, [*starts[1:], page.count_chars()], strict=True))
    count = page.count_chars()
    whole = page.get_text_range(0, count)
    by_index = len(whole) == count  # one character per index: slice instead of a call per run
    runs = []
    following = [b[0] for b in boxes[1:]] + [count]
    for (index, left, bottom, right, top), after in zip(boxes, following, strict=True):
        text = ""
        if index >= 0:
            end = ends[index]
            text = whole[index:end] if by_index else page.get_text_range(index, end - index)
        # Rects come in character order, so a range ending where the next rect starts is
        # this rect's own. Otherwise the lookup missed the next run and this one may swallow
        # it: count the box's own characters (slow, so only then) and read those if fewer.
        if index < 0 or (end != after and _swallows(page, text, (left, bottom, right, top))):
            text = page.get_text_bounded(left, bottom, right, top)
        if not text.strip() or PRIVATE_USE.search(text):
            continue
        size = top - bottom
        if index >= 0:
            box = page.get_charbox(index, loose=True)
            size = box[3] - box[1]
        text = text.replace("\r\n", " ").replace("\ufffe", "\u00ad")  # a hyphen ending a line
        runs.append(Run(left, bottom, right, top, round(size, 1), text))
    return runs


def _char_at(page: Any, x: float, y: float) -> int:
    """The first character whose box holds the point, else the nearest within 1 pt.

    pdfium scans the page's characters from the first and stops at one whose box holds the
    point; only when none does is the tolerance used, for the nearest. So asking without a
    tolerance first gives the same answer, and the scan without it costs a quarter less (the
    tolerance is needed for about 2% of the rects)."""
    from pypdfium2 import raw  # type: ignore[import-untyped]  # pypdfium2 ships no type hints

    found: int = raw.FPDFText_GetCharIndexAtPos(page.raw, x, y, 0, 0)
    return found if found >= 0 else raw.FPDFText_GetCharIndexAtPos(page.raw, x, y, 2, 2)


def _swallows(page: Any, text: str, box: tuple[float, float, float, float]) -> bool:
    from pypdfium2 import raw

    left, bottom, right, top = box
    in_box = raw.FPDFText_GetBoundedText(page.raw, left, top, right, bottom, None, 0)
    return len(text.strip()) > in_box + 2


def _lines(runs: list[Run]) -> list[Line]:
    """Runs side by side on one baseline; a raised small run joins the line it sits on."""
    lines: list[Line] = []
    for run in sorted(runs, key=lambda r: -r.top):
        for line in lines[-3:]:
            overlap = min(run.top, line.top) - max(run.bottom, line.bottom)
            if overlap >= 0.5 * min(run.top - run.bottom, line.top - line.bottom):
                line.runs.append(run)
                if run.size > line.size:
                    line.size, line.bottom, line.top = run.size, run.bottom, run.top
                break
        else:
            lines.append(Line([run], run.bottom, run.top, run.size))
    lines = _attach_lone_markers(lines)
    for line in lines:
        line.runs.sort(key=lambda r: r.left)
        line.left = line.runs[0].left
        line.text = _join(line)
    return [line for line in lines if line.text.strip()]


def _attach_lone_markers(lines: list[Line]) -> list[Line]:
    """A marker raised above a short last line can form a line of its own ("powers." with
    "12" just above it): it belongs to the line below."""
    kept: list[Line] = []
    for n, line in enumerate(lines):
        below = lines[n + 1] if n + 1 < len(lines) else None
        lone = len(line.runs) == 1 and MARKER_TEXT.match(line.runs[0].text.strip())
        if (
            lone
            and below is not None
            and line.size < 0.8 * below.size
            and line.bottom - below.top < 0.5 * below.size
        ):
            below.runs.append(line.runs[0])
            continue
        kept.append(line)
    return kept


def _is_marker(run: Run, line: Line) -> bool:
    raised = run.bottom > line.bottom + 0.12 * line.size
    return run.size < 0.8 * line.size and raised and bool(MARKER_TEXT.match(run.text.strip()))


def _join(line: Line) -> str:
    parts: list[str] = []
    previous: Run | None = None
    for run in line.runs:
        after_marker = previous is not None and _is_marker(previous, line)
        if _is_marker(run, line):
            text = _marker(parts, run, after_marker)
        elif run.text.strip() == "," and after_marker:
            text = ","  # the comma between two markers ("bodies¹, ²") becomes a space
        else:
            text = _word_text(parts, run, previous, line.size)
        parts.append(text)
        previous = run
    return " ".join("".join(parts).split())


def _marker(parts: list[str], run: Run, after_marker: bool) -> str:
    if parts:
        parts[-1] = parts[-1].rstrip()  # a marker belongs to the word before it
    if after_marker or parts[-1:] == [","]:
        parts[-1:] = [" "] if parts[-1:] == [","] else [*parts[-1:], " "]
    return run.text.strip().translate(SUPER)


def _word_text(parts: list[str], run: Run, previous: Run | None, size: float) -> str:
    if previous is None or not parts:
        return run.text
    if run.left < previous.right - 0.2:
        return _without_repeat(parts, run.text)  # overlapping boxes repeat a few letters
    gap = run.left - previous.right
    if not parts[-1].endswith(" ") and gap > 0.2 * size and not run.text.startswith(" "):
        parts.append(" ")
    return run.text


def _without_repeat(parts: list[str], text: str) -> str:
    for k in range(min(4, len(text), len(parts[-1])), 0, -1):
        if parts[-1].endswith(text[:k]):
            parts[-1] = parts[-1][:-k]
            break
    return text


def read_pages(data: bytes, *, on_page: Callable[[int, int], None] | None = None) -> list[Page]:
    """Every page's lines; `on_page(done, pages)` after each page (a job's progress)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    try:
        pages = []
        count = len(document)
        for page in document:
            height = page.get_height()
            pages.append(Page(height, _lines(_runs(page.get_textpage()))))
            if on_page is not None:
                on_page(len(pages), count)
        return pages
    finally:
        document.close()


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _furniture(pages: list[Page]) -> set[tuple[int, int]]:
    """(page, line) positions of running heads and feet."""
    in_band: dict[tuple[int, int], str] = {}
    for p, page in enumerate(pages):
        for n, line in enumerate(page.lines):
            if line.top > page.height * (1 - BAND) or line.bottom < page.height * BAND:
                in_band[(p, n)] = _shape(line.text)
    repeats = Counter(set((p, s) for (p, _), s in in_band.items()))
    by_shape = Counter(s for _, s in repeats)
    dropped = set()
    for (p, n), shape in in_band.items():
        text = pages[p].lines[n].text.strip()
        if (
            by_shape[shape] >= max(3, len(pages) // 3)
            and re.search(r"[^\W\d_]", shape)  # "122.86" atop several pages is content
            or PAGE_NUMBER.match(text)
            or JOB_NUMBER.match(text)
            or SYMBOL.match(text)
        ):
            dropped.add((p, n))
    return dropped


def _body_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size)] += len(line.text)
    return float(sizes.most_common(1)[0][0]) if sizes else 10.0


def _text_left(pages: list[Page], size: float) -> float:
    lefts: Counter[int] = Counter()
    for page in pages:
        for line in page.lines:
            if abs(line.size - size) < 1.5:
                lefts[round(line.left)] += 1
    return float(lefts.most_common(1)[0][0]) if lefts else 0.0


def _footnote_start(line: Line) -> bool:
    first = line.runs[0]
    return bool(MARKER_TEXT.match(first.text.strip())) and (
        first.size < 0.8 * line.size or first.bottom > line.bottom + 0.12 * line.size
    )


def _mark_footnotes(page: Page, body: float, kept: list[int]) -> None:
    """From the foot up: lines in smaller type; the zone starts at a line with a marker."""
    zone_start = None
    for n in reversed(kept):
        line = page.lines[n]
        if line.size >= 0.95 * body and not _footnote_start(line):
            break
        if _footnote_start(line) or line.text.startswith("*"):
            zone_start = n
    if zone_start is None:
        return
    for n in kept:
        if n >= zone_start:
            page.lines[n].footnote = True


def _footnote_text(line: Line) -> str:
    first, rest = line.runs[0].text.strip(), line.text[len(line.runs[0].text.strip()) :].strip()
    if line.text.startswith(first):
        return first.translate(SUPER) + " " + rest
    return line.text


def to_text(pages: list[Page]) -> PdfText:
    """Lines for the parser, with blank lines between blocks and pages."""
    dropped = _furniture(pages)
    body = _body_size(pages)
    left = _text_left(pages, body)
    result = PdfText(lines=[], pages=len(pages))
    _front_matter(pages, result, dropped)
    for p, page in enumerate(pages):
        kept = [n for n in range(len(page.lines)) if (p, n) not in dropped]
        _mark_footnotes(page, body, kept)
        text_lines = [page.lines[n] for n in kept if not page.lines[n].footnote]
        notes = [page.lines[n] for n in kept if page.lines[n].footnote]
        result.lines += _body_lines(text_lines, body, left)
        result.lines += _note_lines(notes)
        result.lines.append("")
    return result


def _body_lines(lines: list[Line], body: float, left: float) -> list[str]:
    out: list[str] = []
    previous: Line | None = None
    heading: Line | None = None
    for line in lines:
        pitch = previous.bottom - line.bottom if previous else 0.0
        gap = previous is None or pitch > 1.6 * max(previous.size, line.size) or pitch < 0
        text = line.text
        if heading is not None and not gap and abs(line.size - heading.size) < 0.6:
            out[-2] += " " + text  # a heading wrapped onto a second line
        elif HEADING_NUMBER.match(text) and line.left < left - 8:
            out += ["", "#" * _level(text) + " " + text, ""]
            heading = line
            previous = line
            continue
        elif out and out[-1].endswith("\u00ad") and not gap:
            out[-1] = out[-1][:-1] + "-" + text  # "same-" + "sex": one word again
        else:
            out += [""] if gap else []
            out.append(text)
        heading = heading if heading is not None and out[-1] == "" else None
        previous = line
    return out


def _level(text: str) -> int:
    if re.match(r"^[IVXL]+\.", text):
        return 1
    return 2 if re.match(r"^[A-H]\.", text) else 3


def _note_lines(lines: list[Line]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if _footnote_start(line) or line.text.startswith("* "):
            out += ["", _footnote_text(line)]
        else:
            out.append(line.text)
    return out


def _front_matter(pages: list[Page], result: PdfText, dropped: set[tuple[int, int]]) -> None:
    """Symbol, date and title from the first page; its header lines are not body text."""
    if not pages:
        return
    page = pages[0]
    header_end = -1
    for n, line in enumerate(page.lines):
        found = SYMBOL_IN_LINE.search(line.text) if n < 6 else None
        if found and not result.symbol:
            result.symbol = found.group(1)
            header_end = max(header_end, n)
        if "Distr" in line.text:
            header_end = max(header_end, n)
            result.date = result.date or _issue_date(page.lines[n : n + 3])
        if line.text.startswith(FURNITURE_WORDS) or (
            result.date is not None and n <= header_end + 2 and LONG_DATE.fullmatch(line.text)
        ):
            header_end = max(header_end, n)
    for n in range(header_end + 1):
        dropped.add((0, n))
    result.title = _title(page, header_end, dropped)


def _issue_date(lines: list[Line]) -> datetime.date | None:
    """The date under "Distr.: General", never the session's dates further down."""
    for line in lines:
        when = LONG_DATE.search(line.text)
        if when:
            day, month, year = when.groups()
            return datetime.date(int(year), MONTHS.index(month) + 1, int(day))
    return None


def _title(page: Page, header_end: int, dropped: set[tuple[int, int]]) -> str:
    """The lines in the largest type below the header, up to the first gap ("Report of the
    Working Group …"); never the job number or a line of the header."""
    body = [
        line
        for n, line in enumerate(page.lines)
        if n > header_end
        and (0, n) not in dropped
        and not JOB_NUMBER.match(line.text)
        and len(re.findall(r"[^\W\d_]{2,}", line.text)) >= 1
    ][:20]
    body = _without_session_block(body)
    if not body:
        return ""
    top_size = max(line.size for line in body)
    start = next(n for n, line in enumerate(body) if line.size >= top_size - 3)
    parts = [body[start]]
    for line in body[start + 1 :]:
        if parts[-1].bottom - line.bottom > 1.6 * max(line.size, parts[-1].size):
            break
        parts.append(line)
    title = " ".join(line.text for line in parts)
    return re.sub(r"[*⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", title).strip()


ORGANS = ("Human Rights Council", "General Assembly", "Economic and Social Council", "Security")


def _without_session_block(body: list[Line]) -> list[Line]:
    """The organ, session and agenda item stand above the title, set apart by a gap."""
    if not body or not body[0].text.startswith(ORGANS):
        return body
    for n in range(1, len(body)):
        if body[n - 1].bottom - body[n].bottom > 1.6 * max(body[n].size, body[n - 1].size):
            return body[n:]
    return []


def pdf_text(data: bytes, *, on_page: Callable[[int, int], None] | None = None) -> PdfText:
    return to_text(read_pages(data, on_page=on_page))
