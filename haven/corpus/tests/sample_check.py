"""An independent reading of the sample PDFs, to check what ingestion makes of them.

The expected paragraph numbers and footnotes are found with a different extractor (pypdf's
plain text, no layout) and a different method (a scan of line starts for numbers that run in
sequence), so the check is not ingestion grading itself. Nothing here holds document text:
everything is read from HAVEN_CORPUS_SAMPLES_DIR at test time.
"""

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from haven.corpus.structure import ParsedDocument, plain_text
from haven.testing.shared import unavailable

PARAGRAPH = re.compile(r"^\s*(\d{1,3})\.\s+(\S.*)$")
RECOMMENDATION = re.compile(r"^\s*(\d{1,3})\.(\d{1,3})(?:\s?[–-]\s?\d{1,3})?\.?(?:\s+(\S.*))?$")
NOTE = re.compile(r"^\s*(\d{1,3})(?:\s([^\s(].*)|([A-Za-z“\"'].*))$")
END = re.compile(r"^\s*(?:Notes|Endnotes|Annex(?:es)?|[IVX]{1,5}\.\s.*|[A-H]\.\s.*)\s*$")
WORD = re.compile(r"[^\W\d_]{3,}")
FURNITURE = re.compile(r"\bGE\.\s?\d{2}\s?-\s?\d{4,6}|Original: English|Distr\.: General")


def samples_dir() -> Path:
    configured = os.environ.get("HAVEN_CORPUS_SAMPLES_DIR")
    root = Path(__file__).resolve().parents[3]
    return Path(configured) if configured else root.parent / "shared" / "corpus-samples"


def sample_pdfs() -> list[Path]:
    directory = samples_dir()
    found = sorted(directory.glob("*.pdf"))
    if not found:
        reason = f"corpus samples not found in {directory} (set HAVEN_CORPUS_SAMPLES_DIR)"
        unavailable(reason)
    return found


def reference_lines(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [
        line
        for page in PdfReader(io.BytesIO(data)).pages
        for line in page.extract_text().split("\n")
    ]


@dataclass
class Expected:
    """Paragraph numbers in sequence with the lines between one and the next, and notes."""

    spans: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)


def _is_heading(rest: str, following: str) -> bool:
    # A paragraph's first line runs the width of the column or ends a sentence, or the next
    # line goes on in lower case; a heading is short and open.
    if following.strip()[:1].islower():
        return False
    return len(rest.split()) < 9 and not re.search(r"[.;:,]\W*\d*\s*$", rest)


def expected(lines: list[str]) -> Expected:
    """Numbers 1, 2, 3 … at line starts (a number out of sequence is not a paragraph), a list
    `1.` … `n.` after a paragraph ending in ":" (or under a recommendations heading) as its
    items `p.1` …, recommendations `p.k` under paragraph p; and footnotes 1, 2, 3 … as lines
    starting with their number."""
    found = Expected()
    scan = _Scan()
    for n, line in enumerate(lines):
        following = lines[n + 1] if n + 1 < len(lines) else ""
        if END.match(line):
            scan.current, scan.in_recommendations = "", "recommendation" in line.lower()
        key = scan.key(line, following)
        if key:
            scan.current = key
            found.spans[key] = [line]
        elif scan.current:
            found.spans[scan.current].append(line)
        footnote = NOTE.match(line)
        if (
            footnote
            and int(footnote.group(1)) == len(found.notes) + 1
            and not PARAGRAPH.match(line)
        ):
            found.notes[str(len(found.notes) + 1)] = footnote.group(2) or footnote.group(3)
        scan.previous = line if line.strip() else scan.previous
    return found


@dataclass
class _Scan:
    last: int = 0
    series: int = 0
    current: str = ""
    previous: str = ""
    in_recommendations: bool = False

    def key(self, line: str, following: str) -> str:
        recommendation = RECOMMENDATION.match(line.strip())
        if recommendation and not recommendation.group(3):
            return re.sub(r"\s", "", line).rstrip(".")
        if recommendation and int(recommendation.group(1)) == self.last:
            return f"{recommendation.group(1)}.{recommendation.group(2)}"
        numbered = PARAGRAPH.match(line)
        if not numbered or _is_heading(numbered.group(2), following):
            return ""
        return self._numbered(int(numbered.group(1)))

    def _numbered(self, number: int) -> str:
        opens_list = self.previous.rstrip().endswith(":") or self.in_recommendations
        if self.series and number == self.series + 1 and number != self.last + 1:
            self.series = number
            return f"{self.last}.{number}"
        if number == 1 and self.last and opens_list:
            self.series = 1
            return f"{self.last}.1"
        if number in (self.last + 1, self.last + 2) or not self.last:
            self.last, self.series = number, 0
            return str(number)
        return ""


def words(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(plain_text(text))]


@dataclass
class Figures:
    name: str
    paragraphs: int
    whole: int
    footnotes: int
    linked: int
    problems: list[str]

    @property
    def paragraph_share(self) -> float:
        return self.whole / self.paragraphs if self.paragraphs else 1.0

    @property
    def footnote_share(self) -> float:
        return self.linked / self.footnotes if self.footnotes else 1.0


def _whole(locator: str, span: list[str], parsed: ParsedDocument) -> str:
    """ "" when paragraph `locator` came out whole and clean; else what is wrong."""
    paragraph = next((p for p in parsed.paragraphs if p.locator == locator), None)
    if paragraph is None:
        return "missing"
    got, reference = words(paragraph.text), words(" ".join(span))
    # pypdf sometimes splits a word ("form ulated"): compare against the letters run together.
    letters = re.sub(r"[\W\d_]", "", " ".join(span).lower())
    if not got or not letters.startswith(re.sub(r"[\W\d_]", "", paragraph.text.lower())[:20]):
        return "wrong start"
    foreign = [w for w in got if w not in letters]
    notes = [f.text[:25] for f in parsed.footnotes.values() if len(f.text) >= 25]
    problems = {
        f"text from elsewhere ({', '.join(foreign[:3])})": bool(foreign),
        "page furniture inside": bool(
            FURNITURE.search(paragraph.text) or parsed.symbol and parsed.symbol in paragraph.text
        ),
        "footnote text inside": any(n in paragraph.text for n in notes),
        f"cut short ({len(got)} of about {len(reference)} words)": len(got) < 0.6 * len(reference),
    }
    return next((problem for problem, found in problems.items() if found), "")


def check(path: Path) -> Figures:
    from haven.corpus.actions import prepare

    data = path.read_bytes()
    parsed = prepare(path.name, data)
    wanted = expected(reference_lines(data))
    problems = []
    whole = 0
    for locator, span in wanted.spans.items():
        problem = _whole(locator, span, parsed)
        whole += not problem
        if problem:
            problems.append(f"para. {locator}: {problem}")
    used = {m for p in parsed.paragraphs for m in p.markers}
    used |= {m for h in parsed.headings for m in _heading_markers(h.text)}
    linked = 0
    for marker, text in wanted.notes.items():
        note = parsed.footnotes.get(marker)
        ok = note is not None and words(note.text)[:2] == words(text)[:2] and marker in used
        linked += ok
        if not ok:
            problems.append(f"footnote {marker}: {'not linked' if note else 'missing'}")
    return Figures(path.name, len(wanted.spans), whole, len(wanted.notes), linked, problems)


def _heading_markers(text: str) -> list[str]:
    from haven.corpus.structure import markers

    return markers(text, {})
