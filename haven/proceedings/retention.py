"""What retention erases of proceedings and returns: what the person was told and the risk
assessment's texts. Kinds, dates, outcomes and amounts stay, for anonymous figures."""

from haven.cases.models import Case
from haven.cases.retention import register_eraser
from haven.proceedings.models import KeptInformed, RiskAssessment


@register_eraser("proceedings")
def erase_proceedings(case: Case) -> int:
    erased = KeptInformed.objects.filter(proceeding__case=case).update(what_was_told="")
    return erased + RiskAssessment.objects.filter(case=case).update(
        re_trafficking="",
        reprisal="",
        family_situation="",
        non_refoulement="",
        best_interests_of_child="",
    )
