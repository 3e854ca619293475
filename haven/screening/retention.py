"""What retention erases of screenings: the interview record, the engine's result, and the
decisions' reasons and appeal grounds. Whether support was recommended and decided stays."""

from haven.cases.models import Case
from haven.cases.retention import register_eraser
from haven.screening.models import Appeal, Decision, Screening


@register_eraser("screening")
def erase_screenings(case: Case) -> int:
    screenings = Screening.objects.filter(case=case)
    erased = screenings.update(record="{}", result="{}")
    erased += Decision.objects.filter(screening__in=screenings).update(reasons="")
    erased += Appeal.objects.filter(decision__screening__in=screenings).update(grounds="")
    return erased
