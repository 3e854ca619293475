"""Real UN PDFs (HAVEN_CORPUS_SAMPLES_DIR, default ../shared/corpus-samples; skipped without
them, a failure under CI=true): for each, at least 95% of its numbered paragraphs come out
whole under their own number with no footnote or page furniture inside, and at least 80% of
its footnotes are kept apart and linked. The expected numbers come from an independent
reading (pypdf text, a scan of line starts: see sample_check)."""

import re
from pathlib import Path

from haven.corpus.actions import prepare
from haven.corpus.tests.sample_check import check, sample_pdfs, samples_dir

README_ROW = re.compile(r"^\| (\S+\.pdf) \| (\S+) \| (\d{4}-\d{2}-\d{2}) \|", re.MULTILINE)


def test_every_sample_pdf_yields_whole_numbered_paragraphs_and_linked_footnotes(capsys):
    figures = [check(path) for path in sample_pdfs()]
    with capsys.disabled():
        print("\ndocument                      paragraphs whole      footnotes linked")
        for f in figures:
            print(
                f"{f.name:28} {f.whole:4}/{f.paragraphs:<4} {f.paragraph_share:6.1%}"
                f"   {f.linked:4}/{f.footnotes:<4} {f.footnote_share:6.1%}"
            )
    low = [f for f in figures if f.paragraph_share < 0.95 or f.footnote_share < 0.80]
    assert not low, {f.name: f.problems[:10] for f in low}
    assert sum(f.paragraphs for f in figures) > 500  # the independent reading found them


def test_symbol_and_issue_date_come_from_the_first_page_as_the_samples_readme_lists():
    sample_pdfs()
    listed = README_ROW.findall((samples_dir() / "README.md").read_text())
    assert len(listed) >= 10
    for name, symbol, issued in listed:
        parsed = prepare(name, (Path(samples_dir()) / name).read_bytes())
        assert (parsed.symbol, str(parsed.date)) == (symbol, issued), name
        assert parsed.title and not re.match(r"^GE\.", parsed.title), name


def test_upr_recommendations_are_units_of_their_own_citable_by_number():
    sample_pdfs()
    parsed = prepare("A_HRC_14_15.pdf", (samples_dir() / "A_HRC_14_15.pdf").read_bytes())
    items = [p for p in parsed.paragraphs if p.locator.startswith("111.")]
    assert len(items) >= 90
    assert items[0].citation == "A/HRC/14/15, para. 111.1"
    assert all(p.in_recommendations for p in items)
    reply = prepare("A_HRC_43_15_Add.1.pdf", (samples_dir() / "A_HRC_43_15_Add.1.pdf").read_bytes())
    assert {"122.86", "122.11"} <= {p.locator for p in reply.paragraphs}


def test_every_sample_paragraph_fits_its_columns_so_postgresql_stores_it_too():
    # SQLite ignores a CharField's max_length; PostgreSQL refused "122.101–103" in a
    # 10-character number column.
    from haven.corpus.models import Footnote, Paragraph

    def width(model: type, name: str) -> int:
        return int(model._meta.get_field(name).max_length)

    for path in sample_pdfs():
        parsed = prepare(path.name, path.read_bytes())
        for p in parsed.paragraphs:
            assert len(p.number) <= width(Paragraph, "number"), (path.name, p.number)
            assert len(p.locator) <= width(Paragraph, "locator"), (path.name, p.locator)
            assert len(p.section) <= width(Paragraph, "section"), (path.name, p.section)
        for f in parsed.footnotes.values():
            assert len(f.marker) <= width(Footnote, "marker"), (path.name, f.marker)
