from django import template
from django.urls import reverse
from django.utils.html import format_html

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
def words(code: str) -> str:
    return code.replace("_", " ")
