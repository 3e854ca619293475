"""The screening result in the reader's language.

The stored result keeps the English the engine said at the time (it is the JSON contract of
`haven screen --json`, and a record of what was shown). Pages translate it when they show it:
fixed sentences through the catalog (the engine marks them with `gettext_noop`), sentences with
a number or a vocabulary label by recognising the engine's pattern, and labels from the data
files through their `*_i18n` tables. Anything not recognised is shown as stored, never dropped.
"""

import datetime
import re
from collections.abc import Callable

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from haven.core.i18n import localized
from haven.screening import engine
from haven.screening.vocabulary import vocabulary

ALERT_TITLES = {
    "presumed_child": _("Presumed child"),
    "age_not_recorded": _("Age not recorded"),
    "guardian_required": _("Guardian required"),
    "non_punishment": _("Non-punishment"),
    "no_detention": _("No detention"),
    "return_risk_assessment_required": _("Return risk assessment required"),
    "indicators_not_asked": _("Indicators not asked"),
    "consent_missing": _("Consent missing"),
}
ELEMENT_STATUS = {
    "met": _("met"),
    "not_met": _("not met"),
    "not_required": _("not required"),
    "unknown": _("unknown"),
}


def _pattern(template: str) -> re.Pattern[str]:
    """The engine's `%(name)s` / `%(count)d` template as a regular expression."""
    text = re.escape(template)
    text = re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+?)", text)
    text = re.sub(r"%\\\((\w+)\\\)d", r"(?P<\1>\\d+)", text)
    return re.compile(text)


def _vulnerability(found: dict[str, str]) -> str:
    label = found["vulnerability"]
    for item in vocabulary().vulnerabilities.values():
        if item.label == label:
            label = localized(item.label, item.label_i18n)
    return gettext("Vulnerability: %(vulnerability)s.") % {"vulnerability": label}


def _indicators_present(found: dict[str, str]) -> str:
    count = int(found["count"])
    return ngettext(
        "%(count)d indicator of trafficking present: indicators only add protection.",
        "%(count)d indicators of trafficking present: indicators only add protection.",
        count,
    ) % {"count": count}


def _not_asked(count: int) -> str:
    return ngettext(
        "%(count)d indicator not asked yet: not asked is not no.",
        "%(count)d indicators not asked yet: not asked is not no.",
        count,
    ) % {"count": count}


_PATTERNS: list[tuple[re.Pattern[str], Callable[[dict[str, str]], str]]] = [
    (_pattern(engine.VULNERABILITY), _vulnerability),
    (_pattern(engine.INDICATORS_PRESENT), _indicators_present),
]
_NOTE = re.compile(r"(?P<text>.*) " + _pattern(engine.NOT_ASKED).pattern)


def _sentence(text: str) -> str:
    for pattern, translate in _PATTERNS:
        found = pattern.fullmatch(text)
        if found:
            return translate(found.groupdict())
    return gettext(text) if text else text


def reason(text: str) -> str:
    """A reason as stored by the engine, in the active language."""
    noted = _NOTE.fullmatch(text)
    if noted:
        return f"{_sentence(noted['text'])} {_not_asked(int(noted['count']))}"
    return _sentence(text)


def alert_message(code: str, stored: str) -> str:
    """The alert's message, translated when the stored English is still the data file's."""
    alert = vocabulary().alerts.get(code)
    if alert is None or alert.message != stored:
        return stored
    return localized(alert.message, alert.message_i18n)


def alert_title(code: str) -> str:
    title = ALERT_TITLES.get(code)
    return str(title) if title is not None else code.replace("_", " ").capitalize()


def right_title(code: str, stored: str) -> str:
    """The right's title in the active language where the legal data translates it."""
    from haven.law.loader import law

    right = law().rights.get(code)
    table = getattr(right, "title_i18n", None)
    if right is None or right.title != stored or not table:
        return stored
    return localized(stored, table)


def element_status(status: str) -> str:
    word = ELEMENT_STATUS.get(status)
    return str(word) if word is not None else status.replace("_", " ")


def iso_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
