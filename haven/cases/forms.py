from django import forms

from haven.accounts.countries import country_choices
from haven.cases.models import Gender

PURPOSES = [
    ("", "Choose a purpose"),
    ("continuing_support", "Continuing support for this person"),
    ("supervision", "Supervision or quality review"),
    ("safeguarding", "Safeguarding concern"),
    ("duplicate_check", "Checking for a duplicate record"),
    ("person_request", "The person asked to see their record"),
]


class OpenCaseForm(forms.Form):
    first_name = forms.CharField(label="First name", max_length=200)
    middle_name = forms.CharField(label="Middle name", max_length=200, required=False)
    second_name = forms.CharField(label="Second (family) name", max_length=200, required=False)
    birthdate = forms.DateField(
        label="Date of birth",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty if unknown.",
    )
    gender = forms.ChoiceField(choices=Gender.choices, initial=Gender.NON_SPECIFIED_UNKNOWN)
    nationality = forms.ChoiceField(
        choices=lambda: [("", "Unknown"), *country_choices()], required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(label="New note", widget=forms.Textarea(attrs={"rows": 4}))


class PurposeForm(forms.Form):
    purpose = forms.ChoiceField(label="Why are you opening this record?", choices=PURPOSES)
    explanation = forms.CharField(label="Details (optional)", max_length=300, required=False)

    def stated_purpose(self) -> str:
        data = self.cleaned_data
        return f"{data['purpose']}: {data['explanation']}".rstrip(": ")


class PersonSearchForm(PurposeForm):
    first_name = forms.CharField(label="First name", max_length=200)
    second_name = forms.CharField(label="Second (family) name", max_length=200, required=False)
    birthdate = forms.DateField(
        label="Date of birth", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    field_order = ["first_name", "second_name", "birthdate", "purpose", "explanation"]
