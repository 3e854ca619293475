"""Done-when of issue 12 for the screening: in Debian's chromium, a worker switches the interface
to French with the header's language switch, walks the interview, reads the rights result and
opens the person's copy; then the same in Arabic, right to left. Full-page screenshots of each
step are saved to a temporary folder and their paths printed (`pytest -s` shows them)."""

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from haven.cases.actions import do_open_case
from haven.law.actions import do_load_builtin_jurisdictions
from haven.testing.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# What each language's pages say at each step (the catalogs of haven/screening and haven/cases).
WORDS = {
    "fr": {
        "switch": "Français",
        "hold": "Mener un entretien de repérage",
        "interview": "Entretien confidentiel",
        "met": "Où vous êtes-vous rencontrés ?",
        "setting": "Foyer ou autre hébergement",
        "record": "Enregistrer l'entretien et voir les droits de la personne",
        "support": "Soutien précoce : recommandé",
        "rights": "Droits applicables dès maintenant",
        "reason": "Vulnérabilité : Extrême pauvreté, chômage ou absence de revenu.",
        "copy": "L'exemplaire de la personne : vos droits (imprimable)",
        "spoken": "Langue de l'entretien",
        "your_rights": "Vos droits",
        "dir": "ltr",
    },
    "ar": {
        "switch": "العربية",
        "hold": "إجراء مقابلة فحص",
        "interview": "مقابلة سرية",
        "met": "أين التقيتما؟",
        "setting": "مأوى أو سكن آخر",
        "record": "تسجيل المقابلة والاطلاع على حقوق الشخص",
        "support": "الدعم المبكر: موصى به",
        "rights": "الحقوق السارية الآن",
        "reason": "عامل ضعف: الفقر المدقع أو البطالة أو انعدام الدخل.",
        "copy": "نسخة الشخص: حقوقك (قابلة للطباعة)",
        "spoken": "لغة المقابلة",
        "your_rights": "حقوقك",
        "dir": "rtl",
    },
}


def shoot(page, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    print(f"screenshot: {path}")


def walk(page, live_server, case, language: str, folder: Path) -> None:
    words = WORDS[language]
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("form.language-switch").get_by_role("button", name=words["switch"]).click()
    page.wait_for_load_state()
    html = page.locator("html")
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", words["dir"])

    page.get_by_role("link", name=words["hold"]).click()
    expect(page.get_by_role("heading", name=re.compile(words["interview"]))).to_be_visible()
    page.get_by_label(words["met"]).select_option(label=words["setting"])
    page.get_by_label(words["spoken"]).fill(language)  # the copy starts in the person's language
    page.locator("#id_vuln_extreme_poverty").check()
    page.locator("#id_consent_to_record_0").check()
    shoot(page, folder, f"{language}-1-interview")
    page.get_by_role("button", name=words["record"]).click()

    expect(page.get_by_role("heading", name=words["support"])).to_be_visible()
    expect(page.get_by_role("heading", name=words["rights"])).to_be_visible()
    expect(page.get_by_text(words["reason"]).first).to_be_visible()
    expect(html).to_have_attribute("dir", words["dir"])
    shoot(page, folder, f"{language}-2-result")

    page.get_by_role("link", name=words["copy"]).click()
    page.wait_for_url(re.compile(r"/screening/\d+/copy/"))
    # The copy's words are w3's (haven/law/data/plain), in the language the interview recorded.
    expect(page.get_by_role("heading", name=words["your_rights"], exact=True)).to_be_visible()
    expect(html).to_have_attribute("lang", language)
    expect(html).to_have_attribute("dir", words["dir"])
    shoot(page, folder, f"{language}-3-person-copy")


def test_a_worker_walks_the_interview_in_french_then_in_arabic(page, live_server, ngo, frontline):
    do_load_builtin_jurisdictions()
    case = do_open_case(first_name="Mai", acting_user=frontline)
    folder = Path(tempfile.mkdtemp(prefix="haven-screening-languages-"))
    sign_in(page, live_server, "frontline")
    for language in ("fr", "ar"):
        walk(page, live_server, case, language, folder)
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{lang}-{step}.png"
        for lang in ("ar", "fr")
        for step in ("1-interview", "2-result", "3-person-copy")
    ]
