"""Which laws apply: each side of every threshold, the nexus, dated scopes and conversion."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.business.applicability import CompanyInputError, assess, parse_company

ON = dt.date(2026, 12, 1)
LATER = dt.date(2030, 1, 1)


def company(**changes):
    figures = {
        "name": "Example Ltd",
        "country": "GB",
        "countries_of_operation": ["GB"],
        "employees": {"in_country": 100, "worldwide": 100},
        "turnover": {"amount": 1000, "currency": "GBP"},
    }
    return parse_company({**figures, **changes})


def verdict(figures, code, on=ON):
    return next(law for law in assess(figures, on)["laws"] if law["code"] == code)


def money(amount, currency):
    return {"amount": amount, "currency": currency}


def staff(in_country, worldwide):
    return {"in_country": in_country, "worldwide": worldwide}


@pytest.mark.parametrize(
    ("amount", "applies"), [(35_999_999, False), (36_000_000, True), (36_000_001, True)]
)
def test_uk_statement_is_due_from_gbp_36_million(amount, applies):
    entry = verdict(company(turnover=money(amount, "GBP")), "uk_msa_s54")
    assert entry["applies"] is applies and entry["determined"]
    assert any(b["article"] == "s. 54(2)" for b in entry["basis"])


def test_uk_law_needs_business_in_the_uk():
    figures = company(country="DE", countries_of_operation=["DE"], turnover=money(9e9, "GBP"))
    entry = verdict(figures, "uk_msa_s54")
    assert not entry["applies"] and "does not operate in GB" in entry["reason"]


def test_a_foreign_company_operating_in_the_uk_is_reached():
    figures = company(country="US", countries_of_operation=["GB"], turnover=money(4e7, "GBP"))
    assert verdict(figures, "uk_msa_s54")["applies"]


@pytest.mark.parametrize(("amount", "applies"), [(99_999_999, False), (100_000_000, True)])
def test_australian_statement_is_due_from_aud_100_million(amount, applies):
    figures = company(country="AU", countries_of_operation=["AU"], turnover=money(amount, "AUD"))
    assert verdict(figures, "au_msa")["applies"] is applies


def californian(**changes):
    base = {
        "country": "US",
        "countries_of_operation": ["US"],
        "subdivisions_of_operation": ["US-CA"],
        "activities": ["retail"],
    }
    return company(**{**base, **changes})


@pytest.mark.parametrize(("amount", "applies"), [(100_000_000, False), (100_000_001, True)])
def test_california_reaches_receipts_that_exceed_usd_100_million(amount, applies):
    entry = verdict(californian(turnover=money(amount, "USD")), "ca_tisca")
    assert entry["applies"] is applies and entry["determined"]


def test_california_reaches_only_retailers_and_manufacturers_doing_business_there():
    large = money(2e8, "USD")
    assert not verdict(californian(turnover=large, activities=["services"]), "ca_tisca")["applies"]
    elsewhere = californian(turnover=large, subdivisions_of_operation=["US-NY"])
    assert not verdict(elsewhere, "ca_tisca")["applies"]


def test_california_is_undetermined_not_no_when_the_state_is_not_given():
    entry = verdict(
        californian(turnover=money(2e8, "USD"), subdivisions_of_operation=None), "ca_tisca"
    )
    assert entry["determined"] is False and "subdivisions_of_operation not given" in entry["reason"]


def french(in_country, worldwide):
    return company(
        country="FR", countries_of_operation=["FR"], employees=staff(in_country, worldwide)
    )


@pytest.mark.parametrize(
    ("in_country", "worldwide", "applies"),
    [(4999, 9999, False), (5000, 5000, True), (100, 9999, False), (100, 10000, True)],
)
def test_french_vigilance_plan_from_5000_in_france_or_10000_worldwide(
    in_country, worldwide, applies
):
    entry = verdict(french(in_country, worldwide), "fr_vigilance")
    assert entry["applies"] is applies
    assert entry["basis"][0]["article"] == "L. 225-102-4 I"


def test_french_law_reaches_only_companies_registered_in_france():
    figures = company(country="GB", countries_of_operation=["FR"], employees=staff(6000, 20000))
    assert not verdict(figures, "fr_vigilance")["applies"]


def eu_company(employees, turnover_eur):
    return company(
        country="DE",
        countries_of_operation=["DE"],
        employees=staff(employees, employees),
        turnover=money(turnover_eur, "EUR"),
    )


@pytest.mark.parametrize(
    ("employees", "turnover", "applies"),
    [
        (1000, 500_000_000, False),
        (1001, 450_000_000, False),
        (1001, 450_000_001, True),
    ],
)
def test_eu_directive_final_threshold_more_than_1000_and_eur_450_million(
    employees, turnover, applies
):
    assert verdict(eu_company(employees, turnover), "eu_csddd", LATER)["applies"] is applies


@pytest.mark.parametrize(
    ("on", "applies"), [(dt.date(2028, 7, 25), False), (dt.date(2028, 7, 26), True)]
)
def test_eu_directive_first_wave_starts_on_its_dated_threshold(on, applies):
    assert verdict(eu_company(5001, 1_500_000_001), "eu_csddd", on)["applies"] is applies


def test_eu_directive_middle_size_waits_for_the_last_wave_and_says_when():
    figures = eu_company(2000, 600_000_000)
    early = verdict(figures, "eu_csddd", dt.date(2028, 8, 1))
    assert not early["applies"] and "will apply from 2029-07-26" in early["reason"]
    assert verdict(figures, "eu_csddd", dt.date(2029, 7, 26))["applies"]


def test_non_eu_company_is_judged_on_its_eu_turnover():
    base = {"country": "US", "countries_of_operation": ["US", "FR"]}
    unknown = verdict(company(**base, turnover=money(9e9, "USD")), "eu_csddd", LATER)
    assert unknown["determined"] is False and "turnover_eu not given" in unknown["reason"]
    under = company(**base, turnover=money(9e9, "USD"), turnover_eu=money(450_000_000, "EUR"))
    over = company(**base, turnover=money(9e9, "USD"), turnover_eu=money(450_000_001, "EUR"))
    assert not verdict(under, "eu_csddd", LATER)["applies"]
    assert verdict(over, "eu_csddd", LATER)["applies"]


def test_turnover_is_converted_with_the_dated_rate_and_the_rate_is_shown():
    # 36m GBP at 0.82918 GBP per EUR is about 43.42m EUR.
    entry = verdict(company(turnover=money(43_420_000, "EUR")), "uk_msa_s54")
    assert entry["applies"] and "at the rates of 2024-12-31" in entry["reason"]
    assert not verdict(company(turnover=money(43_410_000, "EUR")), "uk_msa_s54")["applies"]


def test_one_entry_per_law_and_mandatory_contents_only_when_it_applies():
    result = assess(company(turnover=money(5e7, "GBP")), ON)
    codes = [law["code"] for law in result["laws"]]
    assert codes == ["uk_msa_s54", "au_msa", "ca_tisca", "fr_vigilance", "eu_csddd"]
    uk = result["laws"][0]
    contents = {c["code"]: c["strength"] for c in uk["mandatory_contents"]}
    assert contents["board_approval"] == "shall" and contents["training"] == "may"
    assert all(law["mandatory_contents"] == [] for law in result["laws"][1:])


def test_the_issue_example_applies_the_uk_law_only():
    figures = parse_company(
        {
            "name": "Example",
            "country": "GB",
            "countries_of_operation": ["GB", "FR"],
            "employees": {"in_country": 4200, "worldwide": 12000},
            "turnover": {"amount": 40000000, "currency": "GBP"},
        }
    )
    applying = [law["code"] for law in assess(figures, ON)["laws"] if law["applies"]]
    assert applying == ["uk_msa_s54"]


def test_bad_input_names_each_field():
    with pytest.raises(CompanyInputError) as error:
        parse_company({"name": "X", "country": "gb", "employees": {"in_country": -1}}, "co.json")
    message = str(error.value)
    for field in ("co.json: country", "employees.in_country", "employees.worldwide", "turnover"):
        assert field in message


def test_a_currency_without_a_rate_is_refused_by_name():
    with pytest.raises(CompanyInputError, match="no rate for XYZ"):
        assess(company(turnover=money(1e9, "XYZ")), ON)


@given(
    extra=st.integers(min_value=0, max_value=10**6),
    worldwide=st.integers(min_value=0, max_value=10**5),
)
def test_more_employees_or_turnover_never_takes_a_law_away(extra, worldwide):
    small = company(country="FR", employees=staff(worldwide, worldwide), turnover=money(3e7, "GBP"))
    big = company(
        country="FR",
        employees=staff(worldwide + extra, worldwide + extra),
        turnover=money(3e7 + extra * 100, "GBP"),
    )
    before = {law["code"] for law in assess(small, LATER)["laws"] if law["applies"]}
    after = {law["code"] for law in assess(big, LATER)["laws"] if law["applies"]}
    assert before <= after
