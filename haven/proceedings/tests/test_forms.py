"""The small forms: nothing is chosen for the worker, and a date that records what happened
cannot lie in the future."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from haven.proceedings.forms import (
    ApprovalForm,
    ChargeForm,
    ClaimForm,
    KeptInformedForm,
    ReturnForm,
)


def today() -> datetime.date:
    # asked each time: a suite that runs past midnight must not test against yesterday
    return timezone.localdate()


def return_form(**changes):
    return ReturnForm(
        {"returned_on": today().isoformat(), "country": "VN", "kind": "own_departure", **changes}
    )


def test_the_return_country_starts_blank_and_is_required():
    form = ReturnForm()
    assert form.fields["country"].choices[0] == ("", "Choose a country")
    assert str(form["country"]).count("selected") == 1
    assert '<option value="" selected>' in str(form["country"])
    blank = return_form(country="")
    assert not blank.is_valid()
    assert blank.errors["country"] == ["This field is required."]


def test_a_return_date_in_the_future_is_refused_naming_the_field():
    tomorrow = today() + datetime.timedelta(days=1)
    form = return_form(returned_on=tomorrow.isoformat())
    assert not form.is_valid()
    assert form.errors["returned_on"] == [
        "Date of return cannot be in the future: it records what has already happened."
    ]


def test_a_return_today_or_before_is_accepted():
    assert return_form().is_valid()
    assert return_form(returned_on="2020-01-31").is_valid()


@given(days=st.integers(min_value=-20000, max_value=20000))
def test_every_date_described_as_past_is_refused_exactly_when_it_lies_ahead(days):
    day = (today() + datetime.timedelta(days=days)).isoformat()
    forms = [
        (KeptInformedForm({"told_on": day, "what_was_told": "Hearing moved."}), "told_on"),
        (ApprovalForm({"approved_on": day}), "approved_on"),
        (
            ClaimForm(
                {"form": "compensation", "channel": "civil", "filed_on": day, "status": "preparing"}
            ),
            "filed_on",
        ),
    ]
    for form, field in forms:
        form.is_valid()
        assert (field in form.errors) == (days > 0), (field, day)


@pytest.mark.django_db
def test_a_charge_date_in_the_future_is_refused_but_a_hearing_ahead_is_fine():
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    form = ChargeForm({"offence": "irregular_entry", "charged_on": tomorrow, "outcome": "pending"})
    assert not form.is_valid()
    assert "Charged on cannot be in the future" in form.errors["charged_on"][0]
    claim = ClaimForm(
        {
            "form": "compensation",
            "channel": "civil",
            "limitation_on": tomorrow,
            "status": "preparing",
        }
    )
    assert claim.is_valid(), claim.errors
