import json
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from haven.core.i18n import localized as in_language
from haven.corpus.links import paragraph_for_source_lines
from haven.law import serialize
from haven.law.loader import law
from haven.law.plain import SOURCE, language_for, plain_languages
from haven.law.schema import Basis, Source

register = template.Library()


@register.filter
def basis_link(basis: Basis) -> str:
    url = reverse("law:instrument", args=[basis.instrument]) + f"#art-{basis.article}"
    return format_html('<a href="{}">{}</a>', url, serialize.basis_citation(basis))


@register.filter
def source_citation(source: Source) -> str:
    return serialize.source_citation(source)


@register.filter
def source_link(source: Source) -> str:
    """The citation, linked to the ingested paragraph that holds the cited line, if any."""
    text = serialize.source_citation(source)
    paragraph = paragraph_for_source_lines(source.doc, source.first_line)
    if paragraph is None:
        return text
    url = paragraph.url
    return format_html('<a href="{}">{}</a>', url, text)


@register.filter
def words(code: str) -> str:
    return code.replace("_", " ")


@register.filter
def localized(english: str, translations: dict[str, str]) -> str:
    """A data file's English label in the active language.

    Use: ``{{ r.title|localized:r.title_i18n }}``."""
    return in_language(english, translations or {})


@register.filter
def right_title(code: str) -> str:
    """A right's title in the active language, from its code (results store only the English)."""
    right = law().rights.get(code)
    return in_language(right.title, right.title_i18n) if right else code


@register.filter
def jurisdiction_name(jurisdiction: Any) -> str:
    """A jurisdiction's name in the active language while it is still the built-in English one;
    a name a user has edited is shown as they wrote it."""
    builtin = law().jurisdictions.get(jurisdiction.code)
    if builtin is None or jurisdiction.name != builtin.name:
        return str(jurisdiction.name)
    return in_language(builtin.name, builtin.name_i18n)


@register.filter
def purpose_label(code: str) -> str:
    """A purpose of exploitation by its label in the definition file, in the active language."""
    term = next((t for t in law().definition.purpose if t.code == code), None)
    return in_language(term.label, term.label_i18n) if term else words(code)


@register.inclusion_tag("law/person_copy_chooser.html")
def person_copy_chooser(screening: Any) -> dict[str, Any]:
    """A small form for the screening page: open the person's copy in a chosen language, the
    interview's language preselected. ``{% person_copy_chooser screening %}``."""
    spoken = (json.loads(screening.record).get("encounter") or {}).get("language")
    languages = plain_languages()
    return {
        "screening": screening,
        "chosen": language_for(spoken, languages) or SOURCE,
        "languages": sorted(languages.values(), key=lambda lang: lang.english_name),
    }
