"""Reading each file format, refusing bad input, the source grammar and classification."""

import io

import pytest

from haven.corpus.classify import classify, is_guidance
from haven.corpus.sources import SourceError, parse_source, resolve_mandate
from haven.corpus.structure import parse
from haven.corpus.text import IngestError, read_lines


def test_it_reads_a_docx_with_headings_and_superscript_markers():
    import docx

    document = docx.Document()
    document.add_heading("I. Introduction", level=1)
    paragraph = document.add_paragraph("1. States should act promptly.")
    paragraph.add_run("3").font.superscript = True
    document.add_paragraph("³ A footnote.")
    out = io.BytesIO()
    document.save(out)
    parsed = parse(read_lines("x.docx", out.getvalue()), symbol="D/1/1")
    assert parsed.paragraphs[0].heading == "I. Introduction"
    assert parsed.paragraphs[0].markers == ["3"]


def _pdf(text: str) -> bytes:
    """A one-page PDF with Helvetica text, written by hand (no PDF writer needed)."""
    lines = " T* ".join(f"({line}) Tj" for line in text.splitlines())
    stream = f"BT /F1 11 Tf 14 TL 50 750 Td {lines} ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_it_reads_text_from_a_pdf():
    lines = read_lines("x.pdf", _pdf("1. States should protect victims.\n2. And remedy harm."))
    parsed = parse(lines, symbol="P/1/1")
    assert [p.locator for p in parsed.paragraphs] == ["1", "2"]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("x.txt", b"", "empty"),
        ("x.txt", b"   \n\n", "empty"),
        ("x.txt", b"\x00\x01\x02binary", "binary"),
        ("x.txt", "caf\xe9 cr\xe8me".encode("latin-1"), "not UTF-8"),
        ("x.exe", b"MZ", "unsupported"),
        ("x.pdf", b"%PDF-1.4 not really", "PDF"),
        ("x.docx", b"PK not a zip", "docx"),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(name, data, message):
    with pytest.raises(IngestError, match=message):
        read_lines(name, data)


def test_it_parses_the_source_grammar_and_resolves_abbreviations():
    source = parse_source("SR trafficking (2015), A/70/260 (para.93(d))")
    assert source.mandate_name.startswith("Special Rapporteur on trafficking in persons")
    assert (source.year, source.symbol, source.locator) == (2015, "A/70/260", "93(d)")
    assert source.paragraph_number == "93"
    assert (
        parse_source(
            "CRC General comment No.6: x (2005), CRC/GC/2005/6 (para.II.F.43)"
        ).paragraph_number
        == "43"
    )
    assert resolve_mandate("SR migrants") == "Special Rapporteur on the human rights of migrants"
    assert resolve_mandate("CMW / CRC Joint general comment").startswith("Committee on Migrant")
    with pytest.raises(SourceError):
        parse_source("no grammar here")


def test_it_classifies_guidance_with_evidence():
    found = classify("States must ensure that trafficked children are not detained.")
    assert found.strength == "must" and found.addressee == ["states"]
    assert "children" in found.topics and "gcm_13" in found.topics
    assert found.evidence["topic:gcm_13"] == ["detained"]
    assert classify("Undertake all necessary measures.").addressee == ["states"]
    assert classify("Businesses are encouraged to map suppliers.").strength == "consider"
    # Under a recommendations heading a State's reply is not guidance (issue 10, item 5).
    assert not is_guidance("Nothing normative here.", in_recommendations=True)
    assert is_guidance("Businesses are encouraged to map suppliers.", in_recommendations=False)
    assert not is_guidance("The report was submitted in 2015.", in_recommendations=False)
