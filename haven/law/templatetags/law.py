from django import template
from django.urls import reverse
from django.utils.html import format_html

from haven.corpus.links import paragraph_for_source_lines
from haven.law import serialize
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
    url = reverse("corpus:document", args=[paragraph.document_id]) + f"#{paragraph.anchor}"
    return format_html('<a href="{}">{}</a>', url, text)


@register.filter
def words(code: str) -> str:
    return code.replace("_", " ")
