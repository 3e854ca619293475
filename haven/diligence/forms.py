"""Forms of the diligence pages. They only validate; the actions write."""

from datetime import date
from typing import Any

from django import forms
from django.utils import formats
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.accounts.countries import country_choices
from haven.accounts.models import User
from haven.accounts.roles import Capability
from haven.core.i18n import localized
from haven.core.widgets import IsoDateInput
from haven.diligence.framework import framework
from haven.diligence.models import (
    INSTITUTION_KINDS,
    Finding,
    Indicator,
    Institution,
    Measure,
    Recommendation,
)
from haven.diligence.templatetags.diligence_i18n import EVIDENCE_KINDS
from haven.law.loader import law


def _shown(iso: str) -> str:
    """An ISO due date as the locale writes it (the value stays ISO)."""
    return formats.date_format(date.fromisoformat(iso), "DATE_FORMAT")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Thematic-list matrix (.docx)"))
    state = forms.ChoiceField(label=_("State"), choices=country_choices)
    mechanism = forms.CharField(label=_("Mechanism"), initial="UPR", max_length=40)
    cycle = forms.IntegerField(label=_("Cycle"), min_value=1, max_value=99)


class FilterForm(forms.Form):
    state = forms.CharField(label=_("State (ISO code)"), required=False, max_length=2)
    theme = forms.CharField(label=_("Theme"), required=False, max_length=100)
    position = forms.ChoiceField(
        label=_("Position"), required=False, choices=[("", _("Any")), *Recommendation.POSITIONS]
    )
    area = forms.ChoiceField(label=_("Area"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = [("", _("Any")), *area_choices()]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


def area_choices() -> list[tuple[str, str]]:
    """The framework's areas, titled in the active language."""
    return [(a.code, localized(a.title, a.title_i18n)) for a in framework().areas.values()]


def right_choices() -> list[tuple[str, str]]:
    rights = law().rights.values()
    return [(r.code, localized(r.title, getattr(r, "title_i18n", {}) or {})) for r in rights]


class InstitutionForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=country_choices)
    name = forms.CharField(label=_("Name of the body"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=INSTITUTION_KINDS,
    )


class MeasureForm(forms.Form):
    title = forms.CharField(label=_("Measure"), max_length=300)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    institution = forms.ModelChoiceField(
        label=_("Responsible institution"), queryset=Institution.objects.all()
    )
    target_date = forms.DateField(label=_("Target date"), required=False, widget=IsoDateInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Measure.STATUSES)


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Indicator"), max_length=300)
    manager = forms.ModelChoiceField(label=_("Manager"), queryset=User.objects.none())
    start = forms.DateField(label=_("Start"), widget=IsoDateInput)
    end = forms.DateField(label=_("End"), widget=IsoDateInput)
    frequency_months = forms.TypedChoiceField(
        label=_("Reporting frequency"), choices=Indicator.FREQUENCIES, coerce=int
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reporters = [u.pk for u in User.objects.filter(is_active=True)
                     if u.can(Capability.REPORT_PROGRESS)]  # fmt: skip
        self.fields["manager"].queryset = User.objects.filter(pk__in=reporters)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ModelChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end date is before the start date."))
        return data


class ReportForm(forms.Form):
    due_date = forms.TypedChoiceField(label=_("Report for the due date"), coerce=str)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea)
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: label = number (for example: victims assisted = 42)"),
    )
    evidence = forms.CharField(
        label=_("Evidence (citation or document reference)"), required=False, max_length=400
    )

    def __init__(self, *args: Any, due: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["due_date"].choices = [(d, _shown(d)) for d in due]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField

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
                raise forms.ValidationError(
                    gettext("Line %(number)s: write label = number.") % {"number": number}
                )
        return figures


class TagsForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Due-diligence areas"), required=False, widget=forms.CheckboxSelectMultiple
    )
    rights = forms.MultipleChoiceField(
        label=_("Rights concerned"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["areas"].choices = area_choices()  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        self.fields["rights"].choices = right_choices()  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class AssessmentForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=country_choices)
    area = forms.ChoiceField(label=_("Area"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField


class FindingForm(forms.Form):
    result = forms.ChoiceField(label=_("Finding"), choices=Finding.RESULTS)
    narrative = forms.CharField(
        label=_("Narrative on effect"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What the State did and whether it changed the outcome, not only that it exists."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: kind | citation | note (kind: corpus, document, figure or law)"),
    )

    def clean_evidence(self) -> list[dict[str, str]]:
        items = []
        for number, line in enumerate(self.cleaned_data["evidence"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            if len(parts) < 2 or parts[0] not in EVIDENCE_KINDS or not parts[1]:
                raise forms.ValidationError(
                    gettext("Line %(number)s: write kind | citation | note.") % {"number": number}
                )
            items.append({"kind": parts[0], "citation": parts[1], "note": " | ".join(parts[2:])})
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("result") not in (None, Finding.NOT_ASSESSED)
            and not data.get("narrative", "").strip()
        ):
            self.add_error("narrative", _("A finding needs a narrative on effect."))
        return data


class CompareForm(forms.Form):
    """Two years of one State's area, each by its latest signed-off version."""

    state = forms.ChoiceField(label=_("State"), choices=country_choices)
    area = forms.ChoiceField(label=_("Area"))
    first = forms.IntegerField(label=_("Earlier year"), min_value=2000, max_value=2100)
    second = forms.IntegerField(label=_("Later year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = area_choices()  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("first") and data.get("first") == data.get("second"):
            self.add_error("second", _("Choose two different years."))
        return data


class RecommendationForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=country_choices)
    mechanism = forms.CharField(
        label=_("Mechanism"), max_length=40, help_text=_("UPR, CEDAW, GRETA...")
    )
    cycle = forms.IntegerField(label=_("Cycle or year"), required=False, min_value=1)
    number = forms.CharField(label=_("Number"), max_length=120)
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea)
    recommending_states = forms.CharField(
        label=_("Recommending States"), required=False, help_text=_("Separated by semicolons")
    )
    position = forms.ChoiceField(
        label=_("Position"),
        required=False,
        choices=[("", _("Not stated")), *Recommendation.POSITIONS],
    )
    position_source = forms.CharField(
        label=_("Source of the position"), required=False, max_length=200
    )
    themes = forms.CharField(
        label=_("Themes"), required=False, help_text=_("Separated by semicolons")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("recommending_states", "themes"):
            data[name] = [part.strip() for part in data.get(name, "").split(";") if part.strip()]
        return data
