"""The filter form of the event list; it validates the query string, so bad input is a form
error shown to the auditor, never a server error."""

from datetime import date
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.accounts.models import Organisation
from haven.audit.models import AuditEventQuerySet
from haven.audit.registry import READ, WRITE, names_of_kind


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("Actor (username)"), max_length=150, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("All organisations"),
        label=_("Organisation"),
    )
    action = forms.CharField(label=_("Action starts with"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Reads and writes")), (READ, _("Reads only")), (WRITE, _("Writes only"))],
    )
    target_type = forms.CharField(label=_("Target type"), max_length=100, required=False)
    target_id = forms.CharField(label=_("Target id"), max_length=64, required=False)
    date_from = forms.DateField(label=_("From (YYYY-MM-DD)"), required=False)
    date_to = forms.DateField(label=_("To (YYYY-MM-DD)"), required=False)

    def __init__(self, *args: Any, show_organisation: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_organisation:
            del self.fields["organisation"]  # an organisation's auditor sees only their own

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start: date | None = data.get("date_from")
        end: date | None = data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The 'from' date must not be after the 'to' date."))
        return data

    def filter(self, events: AuditEventQuerySet) -> AuditEventQuerySet:
        """The events matching the valid filters; call only after is_valid()."""
        return events.filter(_conditions(self.cleaned_data))


def _conditions(data: dict[str, Any]) -> Q:
    lookups = {
        "actor_username__iexact": data.get("actor"),
        "organisation_ref": data["organisation"].pk if data.get("organisation") else None,
        "action__startswith": data.get("action"),
        "target_type__iexact": data.get("target_type"),
        "target_id": data.get("target_id"),
        "occurred_at__date__gte": data.get("date_from"),
        "occurred_at__date__lte": data.get("date_to"),
    }
    conditions = Q(**{lookup: value for lookup, value in lookups.items() if value})
    if data.get("kind"):
        conditions &= Q(action__in=names_of_kind(data["kind"]))
    return conditions
