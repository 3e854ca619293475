"""The drafts scripts say nothing of their own: every word they show comes translated from the
page, so autosave and the idle-timeout dialog speak the page's language."""

import html
import json
import re
from pathlib import Path

from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from haven.drafts.templatetags.drafts import MESSAGES

SCRIPTS = Path(__file__).resolve().parents[1] / "static" / "drafts"
LITERAL = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'""")
WORDS = re.compile(r"[A-Za-z]{2,} [A-Za-z]{2,}")  # "Draft saved", but not "Content-Type"


def _messages(user, language):
    request = RequestFactory().get("/")
    request.user = user
    request.session = {}
    with translation.override(language):
        rendered = Template("{% load drafts %}{% session_timeout %}").render(
            Context({"request": request})
        )
    found = re.search(r'data-messages="([^"]*)"', rendered)
    assert found, rendered
    return json.loads(html.unescape(found.group(1)))


def test_the_scripts_hold_no_words_of_their_own():
    for name in ("autosave.js", "session.js", "changes.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", (SCRIPTS / name).read_text(), flags=re.S)
        literals = [text for text in LITERAL.findall(code) if text[1:-1] != "use strict"]
        assert [text for text in literals if WORDS.search(text)] == [], name


def test_the_scripts_words_come_in_french(frontline):
    words = _messages(frontline, "fr")
    assert set(words) == set(MESSAGES)
    assert words["saved"] == "Brouillon enregistré à {time}."
    assert words["warn_title"] == "Vous allez bientôt être déconnecté·e"
    assert words["stay"] == "Rester connecté·e"


def test_the_scripts_words_come_in_arabic(frontline):
    words = _messages(frontline, "ar")
    assert words["ended_title"] == "تم تسجيل خروجك"
    assert "{time}" in words["warn_text"]  # the script fills in the time, in any language
    assert all(text != str(MESSAGES[key]) for key, text in words.items())
