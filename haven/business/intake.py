"""What a referred grievance carries into the case the support organisation opens from it.

Only what the worker chose to give (what happened, where, a contact, what they added later
with their code) and the indicators the grievance officer recorded, in the words of the
screening vocabulary. The company's internal notes, its messages and the follow-up code stay
with the grievance. The indicators become a screening-interview draft (the interview page's
own autosave draft, offered back when the page opens) with each of them pre-ticked "yes" and
the setting "hotline or reporting channel"; the rest of the interview is asked afresh, consent
first. The same words go on the case as a support note, so the whole team sees them.
"""

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import get_language_info, gettext

from haven.business.models import Grievance, Stage
from haven.core.i18n import localized
from haven.drafts.payload import Payload
from haven.screening.vocabulary import vocabulary

# The interview's draft key (haven.screening.views.INTERVIEW_DRAFT; a test keeps them equal).
SCREENING_DRAFT = "screening.interview"
# The interview's "Where did you meet?" code for a grievance mechanism (settings.toml).
GRIEVANCE_SETTING = "hotline"


def indicator_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The screening vocabulary's indicators, grouped by category, in the reader's language."""
    return [
        (
            localized(category.label, category.label_i18n),
            [(i.code, localized(i.label, i.label_i18n)) for i in category.indicator],
        )
        for category in vocabulary().categories.values()
    ]


def clean_indicator_codes(codes: Iterable[str]) -> list[str]:
    """The codes in the vocabulary's order; an unknown one is refused, naming it."""
    chosen = set(codes)
    known = vocabulary().indicators
    unknown = sorted(chosen - set(known))
    if unknown:
        raise ValidationError(
            gettext("Unknown indicators of the screening vocabulary: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    return [code for code in known if code in chosen]


def indicator_labels(codes: Iterable[str]) -> list[str]:
    labels = {
        i.code: localized(i.label, i.label_i18n)
        for category in vocabulary().categories.values()
        for i in category.indicator
    }
    return [labels.get(code, code) for code in codes]


def draft_payload(grievance: Grievance) -> Payload:
    """The interview form's fields as the browser posts them (the draft's shape)."""
    payload: Payload = {"setting": [GRIEVANCE_SETTING]}
    payload |= {f"ind_{code}": ["yes"] for code in grievance.indicator_codes}
    return payload


def worker_additions(grievance: Grievance) -> list[str]:
    """What the worker added later with their code: steps with no officer and a note."""
    steps = grievance.steps.filter(
        actor__isnull=True, stage__in=[Stage.INVESTIGATION, Stage.RETALIATION]
    )
    return [step.note for step in steps if step.note]


def _date(value: dt.datetime) -> str:
    return str(formats.date_format(timezone.localtime(value), "DATE_FORMAT"))


def case_note(grievance: Grievance) -> str:
    """The support note put on the new case: the origin, the worker's words, the indicators."""
    language = get_language_info(grievance.language)["name_translated"]
    lines = [
        gettext(
            "Referred grievance no. %(number)s from %(channel)s (%(company)s), filed on "
            "%(filed)s in %(language)s, referred on %(referred)s with the worker's consent."
        )
        % {
            "number": grievance.pk,
            "channel": grievance.channel.name,
            "company": grievance.channel.organisation.name,
            "filed": _date(grievance.filed_at),
            "language": language,
            "referred": _date(grievance.referred_at or timezone.now()),
        },
        gettext("About: %(category)s") % {"category": grievance.get_category_display()},
        gettext("What the worker wrote:"),
        grievance.description,
    ]
    if grievance.where:
        lines.append(gettext("Where: %(where)s") % {"where": grievance.where})
    lines.append(
        gettext("Contact the worker chose to give: %(contact)s") % {"contact": grievance.contact}
        if grievance.contact
        else gettext("Anonymous: the worker left no contact.")
    )
    for added in worker_additions(grievance):
        lines.append(gettext("Added later by the worker: %(text)s") % {"text": added})
    if grievance.retaliation:
        lines.append(gettext("Retaliation for reporting was reported."))
    lines.extend(_indicator_lines(grievance))
    return "\n".join(lines)


def _indicator_lines(grievance: Grievance) -> list[str]:
    if not grievance.indicator_codes:
        return [
            gettext(
                "The grievance officer recorded no particular indicator of trafficking or "
                "forced labour."
            )
        ]
    heading = gettext(
        "Indicators the grievance officer recorded from the report (pre-ticked “yes” in "
        "your screening draft: ask the worker about each):"
    )
    return [heading, *(f"- {label}" for label in indicator_labels(grievance.indicator_codes))]
