from django import template

from haven.corpus.classify import vocabulary

register = template.Library()


@register.filter
def label(code: str) -> str:
    """The vocabulary's label for a topic, addressee or strength code."""
    return vocabulary().label(code)
