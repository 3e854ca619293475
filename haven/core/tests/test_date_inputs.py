"""Every browser date picker in every form keeps an ISO value in every interface language."""

import datetime
import importlib
import inspect
from pathlib import Path

import pytest
from django import forms
from django.utils import translation

HAVEN = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 12, 2)


def _form_classes() -> list[type[forms.BaseForm]]:
    found = []
    for path in sorted(HAVEN.glob("*/forms.py")):
        module = importlib.import_module(f"haven.{path.parent.name}.forms")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found.append(cls)
    return found


def _date_widgets() -> list[tuple[str, forms.Widget]]:
    widgets = []
    for cls in _form_classes():
        for name, field in cls.base_fields.items():
            if getattr(field.widget, "input_type", None) == "date":
                widgets.append((f"{cls.__module__}.{cls.__name__}.{name}", field.widget))
    return widgets


def test_the_forms_have_date_pickers_to_check() -> None:
    assert len(_date_widgets()) >= 10


@pytest.mark.parametrize("language", ["fr", "ar", "ru", "zh-hans"])
def test_every_date_picker_renders_an_iso_value(language: str) -> None:
    with translation.override(language):
        wrong = [
            where
            for where, widget in _date_widgets()
            if 'value="2026-12-02"' not in widget.render("d", DAY)
        ]
    assert wrong == [], "use haven.core.widgets.IsoDateInput"
