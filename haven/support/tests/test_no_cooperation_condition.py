"""Support is never conditional on cooperation with the authorities (DOMAIN.md §3, 000 L86-88):
no field of the plan, its services or milestones, and no form field, asks about it."""

import pytest
from django.apps import apps

from haven.support import forms

WORDS = ("cooperat", "co-operat", "collaborat", "testimony", "witness", "police")


def _texts_of_model_fields():
    for model in apps.get_app_config("support").get_models():
        for field in model._meta.get_fields():
            yield (
                f"{model.__name__}.{field.name}",
                " ".join(
                    str(getattr(field, attr, "") or "")
                    for attr in ("name", "verbose_name", "help_text")
                ),
            )
            for value, label in getattr(field, "choices", None) or []:
                yield f"{model.__name__}.{field.name}={value}", f"{value} {label}"


def _texts_of_form_fields():
    for name in dir(forms):
        form = getattr(forms, name)
        if isinstance(form, type) and issubclass(form, forms.forms.Form):
            for field_name, field in form.base_fields.items():
                yield f"{name}.{field_name}", f"{field_name} {field.label} {field.help_text}"


@pytest.mark.parametrize("texts", [_texts_of_model_fields, _texts_of_form_fields])
def test_no_model_or_form_field_mentions_cooperation_with_the_authorities(texts):
    mentions = [where for where, text in texts() if any(w in text.lower() for w in WORDS)]
    assert mentions == []
