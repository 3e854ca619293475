"""What retention erases of support plans: the goals in the person's words and the notes.
Which services and milestones there were, and when, stay for anonymous figures."""

from haven.cases.models import Case
from haven.cases.retention import register_eraser
from haven.support.models import Milestone, Service, SupportPlan


@register_eraser("support")
def erase_support(case: Case) -> int:
    erased = SupportPlan.objects.filter(case=case).update(goals="")
    erased += Service.objects.filter(plan__case=case).update(notes="")
    return erased + Milestone.objects.filter(plan__case=case).update(notes="")
