"""`{% proceedings_for case as p %}`: what the case page's proceedings section shows."""

from typing import Any

from django import template

from haven.cases.models import Case
from haven.proceedings import rules
from haven.screening.vocabulary import vocabulary

register = template.Library()


@register.simple_tag
def proceedings_for(case: Case) -> dict[str, Any]:
    grounds = rules.has_reasonable_grounds(case)
    offences = vocabulary().offences
    charges = [
        {
            "charge": charge,
            "offence": offences[charge.offence].label
            if charge.offence in offences
            else charge.offence,
            "warn": rules.needs_non_punishment_request(charge, grounds=grounds),
        }
        for charge in case.charges.all()
    ]
    assessment = rules.latest_assessment(case)
    return {
        "proceedings": list(case.proceedings.all()),
        "charges": charges,
        "claims": list(case.remedy_claims.all()),
        "assessment": assessment,
        "returns": list(case.returns.all()),
        "missing": rules.missing_for_return(assessment, child=rules.childhood(case).child),
        "basis": {
            "participation": rules.right_citations("participation_in_proceedings"),
            "non_punishment": rules.right_citations("non_punishment"),
            "remedies": rules.right_citations("remedies"),
            "return": rules.right_citations("return_risk_assessment"),
        },
    }
