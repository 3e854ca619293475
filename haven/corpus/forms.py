from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from haven.core.widgets import IsoDateInput
from haven.corpus.classify import vocabulary
from haven.corpus.text import SUPPORTED

MAX_UPLOAD = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Document file"),
    )
    symbol = forms.CharField(
        label=_("Symbol"),
        required=False,
        max_length=120,
        help_text=_("e.g. A/70/260; wins over the text"),
    )
    title = forms.CharField(label=_("Title"), required=False, max_length=300)
    date = forms.DateField(label=_("Date"), required=False, widget=IsoDateInput())
    background = forms.BooleanField(
        label=_("Add it in the background"),
        required=False,
        help_text=_(
            "For a long PDF: a worker adds it while the jobs page shows how far it got, "
            "so you need not wait on this page."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__'s own arguments, passed through unchanged
        # Formatted here, per request, so that the active language applies.
        self.fields["file"].help_text = gettext("One of %(formats)s, up to 20 MB.") % {
            "formats": ", ".join(SUPPORTED)
        }

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith(SUPPORTED):
            # Said now rather than by a background job that fails later.
            raise forms.ValidationError(
                gettext("Unsupported file type; use one of %(formats)s.")
                % {"formats": ", ".join(SUPPORTED)}
            )
        return upload


def _choices(terms: object) -> list[tuple[str, str]]:
    words = vocabulary()
    return [(t.code, words.localized_label(t.code)) for t in terms]  # type: ignore[attr-defined]  # vocabulary terms (code, label); the vocabulary is untyped TOML


class TagForm(forms.Form):
    strength = forms.ChoiceField(label=_("Strength"), widget=forms.RadioSelect)
    addressee = forms.MultipleChoiceField(label=_("Addressee"), widget=forms.CheckboxSelectMultiple)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # Form.__init__'s own arguments, passed through unchanged
        words = vocabulary()
        self.fields["strength"].choices = _choices(words.strengths)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        self.fields["addressee"].choices = _choices(words.addressees)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
        self.fields["topics"].choices = _choices(words.topics)  # type: ignore[attr-defined]  # self.fields holds Field; this one is a ChoiceField
