"""haven/form.html, which most forms use: hints and errors linked to their fields by ids that
exist, and the error summary (GOV.UK pattern) at the top linking to each field in error."""

import re

from django import forms
from django.template.loader import render_to_string


class Sample(forms.Form):
    name = forms.CharField(help_text="As the person gives it.")
    kind = forms.ChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect, help_text="Pick one."
    )
    tags = forms.MultipleChoiceField(
        choices=[("x", "X")], widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(required=False)

    def clean(self):
        raise forms.ValidationError("Something about the whole form.")


def render(form):
    return render_to_string("haven/form.html", {"form": form})


def described_ids(html):
    return {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}


def test_every_described_by_id_exists_for_hints_and_errors():
    for form in (Sample(), Sample(data={"note": "x"})):
        html = render(form)
        assert described_ids(html)
        assert {i for i in described_ids(html) if f'id="{i}"' not in html} == set()


def test_a_hint_is_linked_to_its_input():
    html = render(Sample())
    assert 'aria-describedby="id_name_helptext"' in html
    assert '<p class="help" id="id_name_helptext">As the person gives it.</p>' in html


def test_a_radio_group_is_a_fieldset_described_by_its_hint():
    html = render(Sample())
    assert '<fieldset aria-describedby="id_kind_helptext">' in html


def test_no_summary_without_errors():
    assert "data-error-summary" not in render(Sample())


def test_the_error_summary_comes_first_and_links_to_each_field_in_error():
    html = render(Sample(data={"note": "x"}))
    assert html.index("data-error-summary") < html.index('name="name"')
    summary = html[html.index("data-error-summary") : html.index("</ul>")]
    assert 'role="alert"' in html[: html.index("data-error-summary") + 20]
    assert 'tabindex="-1"' in html[: html.index("data-error-summary") + 20]
    assert "Something about the whole form." in summary
    assert re.findall(r'href="#([\w-]+)"', summary) == ["id_name", "id_kind_0"]
    assert 'id="id_kind_0"' in html and 'id="id_name"' in html


def test_an_error_sits_beside_its_field_and_marks_it_invalid():
    html = render(Sample(data={"note": "x"}))
    assert 'id="id_name_error"' in html and 'aria-invalid="true"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
