"""Forms of the diligence pages. They only validate; the actions write."""

from typing import Any

from django import forms

from haven.accounts.countries import country_choices
from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.diligence.framework import framework
from haven.diligence.models import Finding, Indicator, Institution, Measure, Recommendation
from haven.law.loader import law


class DateInput(forms.DateInput):
    input_type = "date"


class ImportForm(forms.Form):
    file = forms.FileField(label="Thematic-list matrix (.docx)")
    state = forms.ChoiceField(label="State", choices=country_choices)
    mechanism = forms.CharField(label="Mechanism", initial="UPR", max_length=40)
    cycle = forms.IntegerField(label="Cycle", min_value=1, max_value=99)


class FilterForm(forms.Form):
    state = forms.CharField(label="State (ISO code)", required=False, max_length=2)
    theme = forms.CharField(label="Theme", required=False, max_length=100)
    position = forms.ChoiceField(
        label="Position", required=False, choices=[("", "Any"), *Recommendation.POSITIONS]
    )
    area = forms.ChoiceField(label="Area", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = [(a.code, a.title) for a in framework().areas.values()]
        self.fields["area"].choices = [("", "Any"), *areas]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class InstitutionForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=country_choices)
    name = forms.CharField(label="Name of the body", max_length=200)
    kind = forms.ChoiceField(
        label="Kind",
        choices=[(k, k.replace("_", " ").capitalize()) for k in
                 ("ministry", "agency", "inspectorate", "police", "prosecution", "court",
                  "local_government", "independent_body", "other")],
    )  # fmt: skip


class MeasureForm(forms.Form):
    title = forms.CharField(label="Measure", max_length=300)
    description = forms.CharField(label="Description", required=False, widget=forms.Textarea)
    institution = forms.ModelChoiceField(
        label="Responsible institution", queryset=Institution.objects.all()
    )
    target_date = forms.DateField(label="Target date", required=False, widget=DateInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=Measure.STATUSES)


class IndicatorForm(forms.Form):
    name = forms.CharField(label="Indicator", max_length=300)
    manager = forms.ModelChoiceField(label="Manager", queryset=User.objects.none())
    start = forms.DateField(label="Start", widget=DateInput)
    end = forms.DateField(label="End", widget=DateInput)
    frequency_months = forms.TypedChoiceField(
        label="Reporting frequency", choices=Indicator.FREQUENCIES, coerce=int
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reporters = [u.pk for u in User.objects.filter(is_active=True)
                     if u.can(Capability.REPORT_PROGRESS)]  # fmt: skip
        self.fields["manager"].queryset = User.objects.filter(pk__in=reporters)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError("The end date is before the start date.")
        return data


class ReportForm(forms.Form):
    due_date = forms.TypedChoiceField(label="Report for the due date", coerce=str)
    text = forms.CharField(label="Progress", widget=forms.Textarea)
    figures = forms.CharField(
        label="Figures",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: label = number (for example: victims assisted = 42)",
    )
    evidence = forms.CharField(
        label="Evidence (citation or document reference)", required=False, max_length=400
    )

    def __init__(self, *args: Any, due: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_date"].choices = [(d, d) for d in due]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField

    def clean_figures(self) -> dict[str, float | int]:
        figures: dict[str, float | int] = {}
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            label, sep, value = line.partition("=")
            try:
                figures[label.strip()] = int(value) if value.strip().isdigit() else float(value)
            except ValueError:
                sep = ""
            if not sep or not label.strip():
                raise forms.ValidationError(f"Line {number}: write label = number.")
        return figures


class TagsForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label="Due-diligence areas", required=False, widget=forms.CheckboxSelectMultiple
    )
    rights = forms.MultipleChoiceField(
        label="Rights concerned", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = [(a.code, a.title) for a in framework().areas.values()]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        self.fields["rights"].choices = [(r.code, r.title) for r in law().rights.values()]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class AssessmentForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=country_choices)
    area = forms.ChoiceField(label="Area")
    year = forms.IntegerField(label="Year", min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [(a.code, a.title) for a in framework().areas.values()]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class FindingForm(forms.Form):
    result = forms.ChoiceField(label="Finding", choices=Finding.RESULTS)
    narrative = forms.CharField(
        label="Narrative on effect",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the State did and whether it changed the outcome, not only that it exists.",
    )
    evidence = forms.CharField(
        label="Evidence",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One per line: kind | citation | note (kind: corpus, document or figure)",
    )

    def clean_evidence(self) -> list[dict[str, str]]:
        items = []
        for number, line in enumerate(self.cleaned_data["evidence"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or parts[0] not in {"corpus", "document", "figure"} or not parts[1]:
                raise forms.ValidationError(f"Line {number}: write kind | citation | note.")
            items.append({"kind": parts[0], "citation": parts[1], "note": " | ".join(parts[2:])})
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("result") not in (None, Finding.NOT_ASSESSED)
            and not data.get("narrative", "").strip()
        ):
            self.add_error("narrative", "A finding needs a narrative on effect.")
        return data


class RecommendationForm(forms.Form):
    state = forms.ChoiceField(label="State", choices=country_choices)
    mechanism = forms.CharField(label="Mechanism", max_length=40, help_text="UPR, CEDAW, GRETA...")
    cycle = forms.IntegerField(label="Cycle or year", required=False, min_value=1)
    number = forms.CharField(label="Number", max_length=120)
    text = forms.CharField(label="Recommendation", widget=forms.Textarea)
    recommending_states = forms.CharField(
        label="Recommending States", required=False, help_text="Separated by semicolons"
    )
    position = forms.ChoiceField(
        label="Position", required=False, choices=[("", "Not stated"), *Recommendation.POSITIONS]
    )
    position_source = forms.CharField(
        label="Source of the position", required=False, max_length=200
    )
    themes = forms.CharField(label="Themes", required=False, help_text="Separated by semicolons")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("recommending_states", "themes"):
            data[name] = [part.strip() for part in data.get(name, "").split(";") if part.strip()]
        return data
