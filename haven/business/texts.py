"""The languages a worker may choose on the public grievance pages.

The words themselves are in the app's gettext catalogs (haven/business/locale/); this module
only says which languages are offered and resolves a worker's choice. The worker's language is
independent of any staff member's interface language: it is chosen on the form, stored on the
grievance, and every message to the worker (acknowledgement, escalation) is written in it.
"""

from collections.abc import Mapping

# Each name in its own language, so a worker recognises theirs. English is the source language.
WORKER_LANGUAGES: Mapping[str, str] = {
    "ar": "العربية",
    "en": "English",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh-hans": "中文（简体）",
}
DEFAULT = "en"


def language(code: str | None) -> str | None:
    """The offered language a code names (case and zh_Hans/zh-hans spellings accepted), or None."""
    if not code:
        return None
    wanted = code.strip().lower().replace("_", "-")
    if wanted in WORKER_LANGUAGES:
        return wanted
    base = wanted.split("-")[0]
    if base == "zh":  # zh, zh-cn, zh-sg: the simplified script offered
        return "zh-hans"
    return base if base in WORKER_LANGUAGES else None


def choose(*candidates: str | None) -> str:
    """The first candidate that names an offered language, else English."""
    for candidate in candidates:
        found = language(candidate)
        if found is not None:
            return found
    return DEFAULT
