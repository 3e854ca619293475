"""The person's copy printed to PDF by Debian's chromium in every shipped language: each PDF
holds that language's text (so the fonts cover its script), on one or two A4 pages."""

import io
import json
import unicodedata
from pathlib import Path

import pytest
from pypdf import PdfReader

from haven.cases.actions import do_open_case
from haven.law.actions import do_load_builtin_jurisdictions
from haven.law.plain import plain_languages
from haven.screening.actions import do_record_screening
from haven.screening.record import Record
from haven.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "person-copy"
A4_POINTS = (595, 842)
# Scripts whose glyphs only some fonts have: the PDF must embed one of these, not a fallback box.
FONTS = {"ti": "Abyssinica", "zh-hans": "WenQuanYi"}


def heavy_screening(frontline):
    """A detained, unaccompanied child charged with irregular entry, facing removal, in
    proceedings, in forced labour: nearly every right applies, the longest copy there is."""
    case = do_open_case(first_name="Selam", acting_user=frontline)
    record = {
        "jurisdiction": "GB",
        "encounter": {"date": "2026-02-01", "setting": "shelter", "language": "Tigrinya"},
        "person": {"age": 16, "unaccompanied": True},
        "vulnerabilities": ["irregular_residence_status"],
        "facts": {"acts": ["recruitment"], "purposes": ["forced_labour"]},
        "situation": {
            "identified_victim": True,
            "detained": True,
            "charged_offences": ["irregular_entry"],
            "removal_pending": True,
            "in_proceedings": True,
            "support_denied_on": "2026-02-10",
        },
        "consent_to_record": True,
    }
    return do_record_screening(
        case=case, record=Record.model_validate_json(json.dumps(record)), acting_user=frontline
    )


def fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            names.add(str(font.get_object().get("/BaseFont", "")))
    return names


def test_the_copy_prints_in_every_language_with_its_text_on_at_most_two_a4_pages(
    page, live_server, ngo, frontline
):
    do_load_builtin_jurisdictions()
    screening = heavy_screening(frontline)
    assert len(json.loads(screening.result)["rights"]) >= 20
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server, "frontline")
    counts = {}
    for code, language in sorted(plain_languages().items()):
        page.goto(f"{live_server.url}/screening/{screening.pk}/copy/?lang={code}&print=1")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        (ARTIFACTS / f"{code}.pdf").write_bytes(pdf)
        reader = PdfReader(io.BytesIO(pdf))
        counts[code] = len(reader.pages)
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
        text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages))
        title = [c for c in language.page["title"] if c.isalpha()]
        missing = {c for c in title if c not in text}
        assert not missing, (code, missing)
        if code in FONTS:
            assert any(FONTS[code] in name for name in fonts(reader)), (code, fonts(reader))
    assert all(1 <= n <= 2 for n in counts.values()), counts
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1000})  # A4 less the margins, at 96 dpi
    for code in ("ar", "ti", "zh-hans"):
        page.goto(f"{live_server.url}/screening/{screening.pk}/copy/?lang={code}&print=1")
        page.screenshot(path=str(ARTIFACTS / f"{code}-print.png"), full_page=True)


def test_the_arabic_copy_runs_right_to_left_on_screen_and_the_select_changes_language(
    page, live_server, ngo, frontline
):
    do_load_builtin_jurisdictions()
    screening = heavy_screening(frontline)
    sign_in(page, live_server, "frontline")
    page.goto(f"{live_server.url}/screening/{screening.pk}/copy/")
    copy = page.locator("article.person-copy")
    assert copy.get_attribute("lang") == "ti"  # the interview's language
    page.get_by_label("Language of the person's copy").select_option("ar")
    page.get_by_role("button", name="Show").click()
    assert copy.evaluate("e => getComputedStyle(e).direction") == "rtl"
    assert page.get_by_role("heading", name="حقوقك", exact=True).is_visible()
    assert page.locator("html").get_attribute("lang") != "ar"  # the interface is not changed
    page.screenshot(path=str(ARTIFACTS / "ar-screen.png"), full_page=True)
    # The refusal recorded in the interview opens the appeal right, printed with the others.
    assert copy.locator('[data-right="appeal"]').is_visible()


def test_a_french_speaking_worker_prints_a_tigrinya_copy_and_keeps_a_french_interface(
    page, live_server, ngo, frontline
):
    do_load_builtin_jurisdictions()
    screening = heavy_screening(frontline)  # interviewed in Tigrinya
    sign_in(page, live_server, "frontline")
    page.locator(".language-switch").get_by_role("button", name="Français").click()
    page.goto(f"{live_server.url}/screening/{screening.pk}/copy/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_label("Langue de la copie de la personne").input_value() == "ti"
    copy = page.locator("article.person-copy")
    assert copy.get_attribute("lang") == "ti"
    assert page.get_by_role("heading", name="መሰላትኩም", exact=True).is_visible()
    page.screenshot(path=str(ARTIFACTS / "fr-interface-ti-copy.png"), full_page=True)
    page.get_by_role("link", name="Version à imprimer (A4)").click()
    assert page.locator("html").get_attribute("lang") == "ti"
    page.goto(f"{live_server.url}/law/")
    assert page.locator("html").get_attribute("lang") == "fr"  # the choice of copy changed nothing
