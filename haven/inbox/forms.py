from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from haven.inbox.queues import Kind


class NotificationChoiceForm(forms.Form):
    receive = forms.MultipleChoiceField(
        label=_("E-mail me when these wait for me"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "The e-mail says only what kind of work waits and how many, with a link to Haven: "
            "never a name or any detail."
        ),
    )

    def __init__(self, *args: Any, kinds: list[Kind], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receive"]
        field.choices = [(kind.code, kind.title) for kind in kinds]  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
