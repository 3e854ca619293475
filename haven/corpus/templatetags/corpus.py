from django import template

from haven.corpus.classify import vocabulary

register = template.Library()


@register.filter
def label(code: str) -> str:
    """The vocabulary's label for a topic, addressee or strength code, in the active language."""
    return vocabulary().localized_label(code)


@register.filter
def tag_label(tag: str) -> str:
    """An evidence key such as ``strength:should`` shown as its term's label."""
    return vocabulary().localized_label(tag.partition(":")[2] or tag)
