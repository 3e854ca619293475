"""The interview on a phone: fields built from the vocabularies, turned into a `Record`."""

import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation, User
from haven.cases.models import Case, Gender
from haven.core.i18n import localized
from haven.core.widgets import IsoDateInput
from haven.law.models import JurisdictionProfile
from haven.law.schema import ACTS, MEANS, PURPOSES
from haven.screening.members import member_name
from haven.screening.models import Discipline, Outcome
from haven.screening.record import Record
from haven.screening.vocabulary import GENDERS, vocabulary

ANSWERS = [("not_asked", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]
KNOWN = [("unknown", _("Not known")), ("none", _("Known: none")), ("some", _("Known: these"))]
FACT_LISTS = {"acts": ACTS, "means": MEANS, "purposes": PURPOSES}
# The legal elements' codes (haven/law/schema.py) in the words a worker reads.
FACT_TITLES = {"acts": _("Acts"), "means": _("Means"), "purposes": _("Purposes")}
FACT_ESTABLISHED = {
    "acts": _("Acts established"),
    "means": _("Means established"),
    "purposes": _("Purposes established"),
}
FACT_WORDS = {
    "recruitment": _("Recruitment"),
    "transportation": _("Transportation"),
    "transfer": _("Transfer"),
    "harbouring": _("Harbouring"),
    "receipt": _("Receipt"),
    "threat": _("Threat"),
    "force": _("Force"),
    "coercion": _("Coercion"),
    "abduction": _("Abduction"),
    "fraud": _("Fraud"),
    "deception": _("Deception"),
    "abuse_of_power": _("Abuse of power"),
    "abuse_of_vulnerability": _("Abuse of vulnerability"),
    "payments": _("Payments or benefits to a person in control"),
    "sexual_exploitation": _("Sexual exploitation"),
    "forced_labour": _("Forced labour"),
    "slavery": _("Slavery"),
    "servitude": _("Servitude"),
    "organ_removal": _("Removal of organs"),
    "begging": _("Forced begging"),
    "forced_criminality": _("Forced criminality"),
    "forced_marriage": _("Forced marriage"),
}
# HTCDS codes with the words a person reads ("Transgender feminine", never the raw code).
HTCDS_GENDERS = [(code, label) for code, label in Gender.choices if GENDERS.get(code) == code]
NOT_CARRIED = ("encounter_date", "consent_to_record")  # asked afresh at every interview


def _words(code: str) -> Any:
    return FACT_WORDS.get(code) or code.replace("_", " ").capitalize()


def _label(item: Any) -> str:
    """A vocabulary entry's label in the active language (the English when untranslated)."""
    return localized(item.label, item.label_i18n)


def _description(item: Any) -> str:
    return localized(item.description, item.description_i18n)


class InterviewForm(forms.Form):
    # Consent comes first: it is asked before any question, not after them.
    consent_to_record = forms.TypedChoiceField(
        choices=[("true", _("Yes")), ("false", _("No"))],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        label=_("The person agrees to these answers being recorded"),
        help_text=_("Ask before any question. Support does not depend on the answer."),
        error_messages={"required": _("Ask the person whether they agree, and tick Yes or No.")},
    )
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"))
    encounter_date = forms.DateField(
        widget=IsoDateInput(),
        initial=timezone.localdate,
        label=_("Date of the encounter"),
    )
    setting = forms.ChoiceField(label=_("Where did you meet?"))
    interpreter = forms.NullBooleanField(
        required=False, widget=forms.NullBooleanSelect, label=_("Interpreter present")
    )
    language = forms.CharField(required=False, max_length=60, label=_("Language of the interview"))
    age = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=130,
        label=_("Age"),
        help_text=_("Leave empty if unknown. Taken from the case's birth date when it has one."),
    )
    age_disputed = forms.BooleanField(
        required=False,
        label=_("The age is uncertain and the person may be a child"),
        help_text=_(
            "Tick when there are reasons to believe the person may be under 18: they are "
            "then presumed a child until the age is verified. A blank age is only 'not asked'."
        ),
    )
    gender = forms.ChoiceField(
        choices=HTCDS_GENDERS, initial="NonSpecifiedUnknown", label=_("Gender (HTCDS)")
    )
    nationality = forms.ChoiceField(required=False, label=_("Nationality"))
    unaccompanied = forms.NullBooleanField(
        required=False,
        widget=forms.NullBooleanSelect,
        label=_("A child without parents or carers"),
    )
    detained = forms.BooleanField(required=False, label=_("The person is detained"))
    charged_offences = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Offences the person is charged with"),
    )
    removal_pending = forms.BooleanField(
        required=False, label=_("A removal or deportation is pending")
    )
    in_proceedings = forms.BooleanField(
        required=False, label=_("The person is in criminal proceedings")
    )
    identified_victim = forms.BooleanField(
        required=False,
        label=_("A competent authority has formally identified the person as a victim"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voc = vocabulary()
        self._choices("jurisdiction", list(JurisdictionProfile.objects.values_list("code", "name")))
        self._choices("setting", [(s.code, _label(s)) for s in voc.settings.values()])
        self._choices("nationality", [("", _("Unknown")), *country_choices()])
        self._choices("charged_offences", [(o.code, _label(o)) for o in voc.offences.values()])
        for code, item in voc.vulnerabilities.items():
            self.fields[f"vuln_{code}"] = forms.BooleanField(
                required=False, label=_label(item), help_text=_description(item)
            )
            self.fields[f"vuln_{code}_note"] = forms.CharField(
                required=False,
                max_length=1000,
                label=_("Note on: %(vulnerability)s") % {"vulnerability": _label(item)},
            )
        for category in voc.categories.values():
            for indicator in category.indicator:
                self.fields[f"ind_{indicator.code}"] = forms.ChoiceField(
                    choices=ANSWERS,
                    initial="not_asked",
                    label=_label(indicator),
                    widget=forms.RadioSelect,
                )
        for name, codes in FACT_LISTS.items():
            self.fields[f"{name}_known"] = forms.ChoiceField(
                choices=KNOWN,
                initial="unknown",
                widget=forms.RadioSelect,
                label=FACT_TITLES[name],
            )
            self.fields[name] = forms.MultipleChoiceField(
                choices=[(c, _words(c)) for c in codes],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=FACT_ESTABLISHED[name],
            )

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in FACT_LISTS:
            if data.get(f"{name}_known") == "some" and not data.get(name):
                self.add_error(
                    name, _("Tick what is known, or choose 'Not known' or 'Known: none'.")
                )
        return data

    def vulnerability_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"vuln_{c}"], self[f"vuln_{c}_note"]) for c in vocabulary().vulnerabilities]

    def indicator_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (_label(c), [self[f"ind_{i.code}"] for i in c.indicator])
            for c in vocabulary().categories.values()
        ]

    def fact_groups(self) -> list[tuple[Any, Any]]:
        return [(self[f"{name}_known"], self[name]) for name in FACT_LISTS]

    def as_posted(self, values: dict[str, Any]) -> dict[str, list[str]]:
        """`values` (initial data) as the browser would post them: the shape of a draft, so
        the page can compare today's answers with the previous interview's."""
        return {
            name: _posted(field.widget, values.get(name, field.initial))
            for name, field in self.fields.items()
            if name not in NOT_CARRIED
        }

    def record(self) -> Record:
        d, voc = self.cleaned_data, vocabulary()
        return Record.model_validate(
            {
                "jurisdiction": d["jurisdiction"],
                "encounter": {
                    "date": d["encounter_date"],
                    "setting": d["setting"],
                    "interpreter": d["interpreter"],
                    "language": d["language"] or None,
                },
                "person": {
                    "age": d["age"],
                    "age_disputed": d["age_disputed"],
                    "gender": d["gender"],
                    "nationality": d["nationality"] or None,
                    "unaccompanied": d["unaccompanied"],
                },
                "vulnerabilities": [c for c in voc.vulnerabilities if d[f"vuln_{c}"]],
                "vulnerability_notes": {
                    c: d[f"vuln_{c}_note"] for c in voc.vulnerabilities if d[f"vuln_{c}_note"]
                },
                "indicators": {
                    c: d[f"ind_{c}"] for c in voc.indicators if d[f"ind_{c}"] != "not_asked"
                },
                "facts": {name: _fact(d, name) for name in FACT_LISTS},
                "situation": {
                    "detained": d["detained"],
                    "charged_offences": d["charged_offences"],
                    "removal_pending": d["removal_pending"],
                    "in_proceedings": d["in_proceedings"],
                    "identified_victim": d["identified_victim"],
                },
                "consent_to_record": d["consent_to_record"],
            }
        )


def _fact(data: dict[str, Any], name: str) -> list[str] | None:
    state = data[f"{name}_known"]
    return None if state == "unknown" else ([] if state == "none" else list(data[name]))


def _posted(widget: forms.Widget, value: Any) -> list[str]:
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return [str(v) for v in value or []]
    if isinstance(widget, forms.NullBooleanSelect):
        return [{True: "true", False: "false"}.get(value, "unknown")]
    if isinstance(widget, forms.CheckboxInput):
        return ["on"] if value else []
    return [] if value is None and isinstance(widget, forms.RadioSelect) else [_text(value)]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def initial_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """The form's answers from a previous interview's record, so a follow-up starts from it.
    The encounter date and consent are not carried: both are asked afresh."""
    person, encounter = record.get("person") or {}, record.get("encounter") or {}
    situation, facts = record.get("situation") or {}, record.get("facts") or {}
    initial: dict[str, Any] = {
        "jurisdiction": record.get("jurisdiction"),
        "setting": encounter.get("setting") or "",
        "interpreter": encounter.get("interpreter"),
        "language": encounter.get("language") or "",
        "age": person.get("age"),
        "age_disputed": bool(person.get("age_disputed")),
        "gender": GENDERS.get(person.get("gender") or "", "NonSpecifiedUnknown"),
        "nationality": person.get("nationality") or "",
        "unaccompanied": person.get("unaccompanied"),
        **{k: bool(situation.get(k)) for k in _SITUATION_FLAGS},
        "charged_offences": list(situation.get("charged_offences") or []),
    }
    initial |= {f"vuln_{code}": True for code in record.get("vulnerabilities") or []}
    initial |= {f"vuln_{c}_note": n for c, n in (record.get("vulnerability_notes") or {}).items()}
    initial |= {f"ind_{code}": a for code, a in (record.get("indicators") or {}).items()}
    for name in FACT_LISTS:
        known = facts.get(name)
        initial[f"{name}_known"] = "unknown" if known is None else ("some" if known else "none")
        initial[name] = list(known or [])
    return initial


_SITUATION_FLAGS = ("detained", "removal_pending", "in_proceedings", "identified_victim")


def initial_from_case(case: Case, today: datetime.date) -> dict[str, Any]:
    """What the case already knows about the person, so it is not typed twice (editable)."""
    person, known = case.person, {}
    if person.birthdate and person.birthdate <= today:
        born = person.birthdate
        known["age"] = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if person.gender and person.gender != Gender.NON_SPECIFIED_UNKNOWN:
        known["gender"] = person.gender
    if person.nationality:
        known["nationality"] = person.nationality
    return known


class SubmitForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label=_("Civil authority whose team decides")
    )

    def __init__(self, *args: Any, authorities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["authority"]).queryset = authorities


class MemberChoice(forms.ModelChoiceField):
    """A decision-team member as the team knows them: by full name."""

    def label_from_instance(self, obj: Any) -> str:
        return member_name(obj)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, label=_("Outcome")
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Reasons"),
        help_text=_("Required, whatever the outcome."),
    )
    decided_on = forms.DateField(
        widget=IsoDateInput(),
        initial=timezone.localdate,
        label=_("Decided on"),
    )
    appeal_deadline = forms.DateField(
        required=False,
        widget=IsoDateInput(),
        label=_("Appeal deadline"),
        help_text=_("Only needed for a denial when the jurisdiction has no appeal period entered."),
    )
    my_discipline = forms.ChoiceField(choices=Discipline.choices, label=_("Your discipline"))
    member_2 = MemberChoice(
        queryset=User.objects.none(),
        label=_("Second member"),
        help_text=_("They confirm the decision as their own before it is final."),
        empty_label=_("Choose a member of the team"),
    )
    discipline_2 = forms.ChoiceField(
        choices=Discipline.choices, label=_("Second member's discipline")
    )
    member_3 = MemberChoice(
        queryset=User.objects.none(),
        required=False,
        label=_("Third member (optional)"),
        empty_label=_("No third member"),
    )
    discipline_3 = forms.ChoiceField(
        choices=[("", "—"), *Discipline.choices],
        required=False,
        label=_("Third member's discipline"),
    )

    def __init__(self, *args: Any, team: Any, appeal: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("member_2", "member_3"):
            cast(forms.ModelChoiceField, self.fields[name]).queryset = team
        if appeal:
            del self.fields["appeal_deadline"]

    def seats(self, user: User) -> list[tuple[User, str]]:
        d = self.cleaned_data
        seats = [(user, d["my_discipline"]), (d["member_2"], d["discipline_2"])]
        if d.get("member_3"):
            seats.append((d["member_3"], d["discipline_3"]))
        return seats


class AppealForm(forms.Form):
    grounds = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Grounds of the appeal, in the person's words"),
    )
    lodged_on = forms.DateField(
        widget=IsoDateInput(),
        initial=timezone.localdate,
        label=_("Lodged on"),
    )
