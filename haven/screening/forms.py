"""The interview on a phone: fields built from the vocabularies, turned into a `Record`."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.accounts.models import Organisation, User
from haven.law.models import JurisdictionProfile
from haven.law.schema import ACTS, MEANS, PURPOSES
from haven.screening.members import member_name
from haven.screening.models import Discipline, Outcome
from haven.screening.record import Record
from haven.screening.vocabulary import GENDERS, vocabulary

ANSWERS = [("not_asked", "Not asked"), ("yes", "Yes"), ("no", "No")]
KNOWN = [("unknown", "Not known"), ("none", "Known: none"), ("some", "Known: these")]
FACT_LISTS = {"acts": ACTS, "means": MEANS, "purposes": PURPOSES}
HTCDS_GENDERS = [(code, code) for code, value in GENDERS.items() if code == value]


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize()


class InterviewForm(forms.Form):
    jurisdiction = forms.ChoiceField()
    encounter_date = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), initial=timezone.localdate
    )
    setting = forms.ChoiceField(label="Where did you meet?")
    interpreter = forms.NullBooleanField(
        required=False, widget=forms.NullBooleanSelect, label="Interpreter present"
    )
    language = forms.CharField(required=False, max_length=60, label="Language of the interview")
    age = forms.IntegerField(
        required=False, min_value=0, max_value=130, help_text="Leave empty if unknown."
    )
    age_disputed = forms.BooleanField(
        required=False,
        label="The age is uncertain and the person may be a child",
        help_text="Tick when there are reasons to believe the person may be under 18: they are "
        "then presumed a child until the age is verified. A blank age is only 'not asked'.",
    )
    gender = forms.ChoiceField(
        choices=HTCDS_GENDERS, initial="NonSpecifiedUnknown", label="Gender (HTCDS)"
    )
    nationality = forms.ChoiceField(required=False, label="Nationality")
    unaccompanied = forms.NullBooleanField(
        required=False, widget=forms.NullBooleanSelect, label="A child without parents or carers"
    )
    detained = forms.BooleanField(required=False, label="The person is detained")
    charged_offences = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Offences the person is charged with",
    )
    removal_pending = forms.BooleanField(
        required=False, label="A removal or deportation is pending"
    )
    in_proceedings = forms.BooleanField(
        required=False, label="The person is in criminal proceedings"
    )
    identified_victim = forms.BooleanField(
        required=False, label="A competent authority has formally identified the person as a victim"
    )
    consent_to_record = forms.TypedChoiceField(
        choices=[("true", "Yes"), ("false", "No")],
        coerce=lambda v: v == "true",
        widget=forms.RadioSelect,
        label="The person agrees to these answers being recorded",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        voc = vocabulary()
        self._choices("jurisdiction", list(JurisdictionProfile.objects.values_list("code", "name")))
        self._choices("setting", [(s.code, s.label) for s in voc.settings.values()])
        self._choices("nationality", [("", "Unknown"), *country_choices()])
        self._choices("charged_offences", [(o.code, o.label) for o in voc.offences.values()])
        for code, item in voc.vulnerabilities.items():
            self.fields[f"vuln_{code}"] = forms.BooleanField(
                required=False, label=item.label, help_text=item.description
            )
            self.fields[f"vuln_{code}_note"] = forms.CharField(
                required=False, max_length=1000, label=f"Note on: {item.label}"
            )
        for code, label in voc.indicator_labels.items():
            self.fields[f"ind_{code}"] = forms.ChoiceField(
                choices=ANSWERS, initial="not_asked", label=label, widget=forms.RadioSelect
            )
        for name, codes in FACT_LISTS.items():
            self.fields[f"{name}_known"] = forms.ChoiceField(
                choices=KNOWN, initial="unknown", widget=forms.RadioSelect, label=_words(name)
            )
            self.fields[name] = forms.MultipleChoiceField(
                choices=[(c, _words(c)) for c in codes],
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=f"{_words(name)} established",
            )

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        cast(forms.ChoiceField, self.fields[name]).choices = choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in FACT_LISTS:
            if data.get(f"{name}_known") == "some" and not data.get(name):
                self.add_error(name, "Tick what is known, or choose 'Not known' or 'Known: none'.")
        return data

    def vulnerability_rows(self) -> list[tuple[Any, Any]]:
        return [(self[f"vuln_{c}"], self[f"vuln_{c}_note"]) for c in vocabulary().vulnerabilities]

    def indicator_groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (c.label, [self[f"ind_{i.code}"] for i in c.indicator])
            for c in vocabulary().categories.values()
        ]

    def fact_groups(self) -> list[tuple[Any, Any]]:
        return [(self[f"{name}_known"], self[name]) for name in FACT_LISTS]

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


class SubmitForm(forms.Form):
    authority = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), label="Civil authority whose team decides"
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
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
        label=_("Decided on"),
    )
    appeal_deadline = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
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
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=timezone.localdate,
        label=_("Lodged on"),
    )
