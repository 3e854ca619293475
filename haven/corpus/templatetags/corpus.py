from django import template

from haven.corpus.classify import vocabulary
from haven.corpus.export import localized_position
from haven.corpus.models import paragraph_url as _paragraph_url
from haven.corpus.sources import mandate_label

register = template.Library()


@register.filter
def label(code: str) -> str:
    """The vocabulary's label for a topic, addressee or strength code, in the active language."""
    return vocabulary().localized_label(code)


@register.filter
def tag_label(tag: str) -> str:
    """An evidence key such as ``strength:should`` shown as its term's label."""
    return vocabulary().localized_label(tag.partition(":")[2] or tag)


@register.filter
def mandate(name: str) -> str:
    """A mandate's full name in the active language (other names as they are)."""
    return mandate_label(name)


@register.simple_tag
def paragraph_url(document_id: int, anchor: str) -> str:
    """A link to one paragraph: the reader page that holds it, scrolled to it."""
    return _paragraph_url(document_id, anchor)


@register.filter
def position(code: str) -> str:
    """A recommendation's position (supported, noted…) in the active language."""
    return localized_position(code)
