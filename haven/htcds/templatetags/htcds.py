from django import template

from haven.htcds.labels import vocabulary_label

register = template.Library()


@register.filter
def htcds_label(code: str, vocabulary: str) -> str:
    """``{{ case.status|htcds_label:"cas_Status" }}``: the value's label in the active language."""
    return vocabulary_label(vocabulary, code)
