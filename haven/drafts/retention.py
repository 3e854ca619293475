"""Drafts are short-lived: deleted when their form is submitted, purged when untouched for
DRAFT_RETENTION_DAYS (`haven purge_drafts`), and erased with the case's other personal data
when the case's own retention period ends."""

from haven.cases.models import Case
from haven.cases.retention import register_eraser
from haven.drafts.models import Draft

DRAFT_RETENTION_DAYS = 30


@register_eraser("drafts")
def erase_drafts(case: Case) -> int:
    return Draft.objects.filter(case=case).delete()[0]
