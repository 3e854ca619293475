"""Which business laws apply to a company, and why: a pure function of its figures and the data.

A law applies when the company meets every criterion of one of its scopes in force on the date
asked about. A figure the law needs but the company did not give leaves the answer undetermined
(`determined: false`), never a silent "no". Turnover is converted with the dated rates.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from haven.business.lawdata import laws, rates_on
from haven.business.lawschema import Criterion, Law, LawsFile, Nexus, Scope
from haven.business.said import Said, amount, day, gettext_noop, joined, label, render, said
from haven.law.schema import Code

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]


class CompanyInputError(ValueError):
    """The company's figures are malformed; the message names each field at fault."""


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Employees(_Input):
    in_country: Annotated[int, Field(ge=0)]
    worldwide: Annotated[int, Field(ge=0)]


class Money(_Input):
    amount: Annotated[Decimal, Field(ge=0)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class Company(_Input):
    """The figures a law's scope is judged on. The last four are optional: without them a law
    that needs them is reported as undetermined."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    country: Country
    countries_of_operation: list[Country] = []
    employees: Employees
    turnover: Money
    turnover_eu: Money | None = None
    subdivisions_of_operation: (
        list[Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]] | None
    ) = None
    activities: list[Code] | None = None
    as_of: dt.date | None = None


def parse_company(data: Any, where: str = "company") -> Company:
    try:
        return Company.model_validate(data)
    except ValidationError as error:
        problems = [f"{where}: {_loc(e['loc'])}: {e['msg']}" for e in error.errors()]
        raise CompanyInputError("\n".join(problems)) from None


def _loc(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(top level)"


@dataclass
class Test:
    status: str
    reasons: list[Said] = field(default_factory=list)


def _all(reasons: list[Said]) -> dict[str, Any]:
    return joined("; ", reasons)


def assess(
    company: Company, on: dt.date | None = None, data: LawsFile | None = None
) -> dict[str, Any]:
    """The `haven business laws` answer: one entry per law, applying or not."""
    on = on or company.as_of or dt.date.today()
    data = data or laws()
    return {
        "company": company.name,
        "as_of": on.isoformat(),
        "laws": [_assess_law(company, law, on, data.country_groups) for law in data.law],
    }


def _assess_law(
    company: Company, law: Law, on: dt.date, groups: dict[str, list[str]]
) -> dict[str, Any]:
    current = [s for s in law.scope if s.in_force(on)]
    tests = [(s, _test_scope(company, s, on, groups)) for s in current]
    met = [(s, t) for s, t in tests if t.status == MET]
    unknown = [(s, t) for s, t in tests if t.status == UNKNOWN]
    if met:
        scope, test = met[0]
        text = gettext_noop("Applies (%(scope)s): %(reasons)s.")
        reason = said(text, scope=label(scope.label, scope.label_i18n), reasons=_all(test.reasons))
        return _entry(law, True, True, reason, [scope])
    if unknown:
        found = joined(" | ", [_all(t.reasons) for _, t in unknown])
        reason = said(gettext_noop("Not determined: %(reasons)s."), reasons=found)
        return _entry(law, False, False, reason, [s for s, _ in unknown])
    reason = _not_applying(company, law, on, groups, tests)
    return _entry(law, False, True, reason, current or law.scope)


def _not_applying(
    company: Company,
    law: Law,
    on: dt.date,
    groups: dict[str, list[str]],
    tests: list[tuple[Scope, Test]],
) -> Said:
    parts = [
        said("%(scope)s: %(reasons)s", scope=label(s.label, s.label_i18n), reasons=_all(t.reasons))
        for s, t in tests
    ]
    later = [s for s in law.scope if s.from_ > on]
    will = [s for s in later if _test_scope(company, s, s.from_, groups).status == MET]
    if will:
        text = gettext_noop("on these figures it will apply from %(date)s (%(scope)s)")
        parts.append(
            said(text, date=day(will[0].from_), scope=label(will[0].label, will[0].label_i18n))
        )
    elif not tests and later:
        text = gettext_noop("none of its thresholds applies before %(date)s")
        parts.append(said(text, date=day(min(s.from_ for s in later))))
    text = gettext_noop("Does not apply on %(date)s: %(reasons)s.")
    return said(text, date=day(on), reasons=joined(" | ", parts))


def _entry(
    law: Law, applies: bool, determined: bool, reason: Said, scopes: list[Scope]
) -> dict[str, Any]:
    bases = list(dict.fromkeys(b for s in scopes for b in s.basis))
    return {
        "code": law.code,
        "name": law.name,
        "applies": applies,
        "determined": determined,
        "reason": render(reason),
        "reason_said": reason,  # the same, translatable where a page shows it
        "basis": [
            {"instrument": b.instrument, "article": b.article, "citation": b.citation}
            for b in bases
        ],
        "sources": [s.model_dump(exclude_none=True) for s in law.sources],
        "mandatory_contents": [
            {
                "code": c.code,
                "strength": c.strength,
                "summary": c.summary,
                "basis": [b.citation for b in c.basis],
            }
            for c in law.content
        ]
        if applies
        else [],
    }


def _test_scope(company: Company, scope: Scope, on: dt.date, groups: dict[str, list[str]]) -> Test:
    parts = [_test_nexus(company, scope.nexus, groups), _test_activities(company, scope.activities)]
    parts += [_test_criterion(company, c, on) for c in scope.criteria]
    for status in (NOT_MET, UNKNOWN):
        failing = [p for p in parts if p.status == status]
        if failing:
            return Test(status, [r for p in failing for r in p.reasons])
    return Test(MET, [r for p in parts for r in p.reasons])


def _expand(countries: list[str], groups: dict[str, list[str]]) -> set[str]:
    return {c for name in countries for c in groups.get(name, [name])}


def _where(countries: list[str]) -> str:
    return "/".join(countries)


def _test_nexus(company: Company, nexus: Nexus, groups: dict[str, list[str]]) -> Test:
    places = _expand(nexus.countries, groups)
    registered = company.country in places
    operates = registered or bool(places & set(company.countries_of_operation))
    named = _where(nexus.countries)
    if nexus.where == "registered":
        ok = registered
        found = said(gettext_noop("registered in %(country)s"), country=company.country)
        if not ok:
            found = said(gettext_noop("not registered in %(where)s"), where=named)
    elif nexus.where == "operates":
        ok = operates
        text = (
            gettext_noop("operates in %(where)s")
            if ok
            else gettext_noop("does not operate in %(where)s")
        )
        found = said(text, where=named)
    else:
        ok = operates and not registered
        text = (
            gettext_noop("registered outside %(where)s and operating there")
            if ok
            else (gettext_noop("not a non-%(where)s company operating in %(where)s"))
        )
        found = said(text, where=named)
    if not ok:
        return Test(NOT_MET, [found])
    return _test_subdivisions(company, nexus, found)


def _test_subdivisions(company: Company, nexus: Nexus, found: Said) -> Test:
    if not nexus.subdivisions:
        return Test(MET, [found])
    wanted = _where(nexus.subdivisions)
    if company.subdivisions_of_operation is None:
        text = gettext_noop(
            "subdivisions_of_operation not given: is it doing business in %(where)s?"
        )
        return Test(UNKNOWN, [said(text, where=wanted)])
    if set(nexus.subdivisions) & set(company.subdivisions_of_operation):
        text = gettext_noop("%(found)s, doing business in %(where)s")
        return Test(MET, [said(text, found=found, where=wanted)])
    return Test(NOT_MET, [said(gettext_noop("not doing business in %(where)s"), where=wanted)])


def _test_activities(company: Company, activities: list[str]) -> Test:
    if not activities:
        return Test(MET)
    wanted = " / ".join(activities)
    if company.activities is None:
        text = gettext_noop("activities not given: is it in %(activities)s?")
        return Test(UNKNOWN, [said(text, activities=wanted)])
    if set(activities) & set(company.activities):
        return Test(MET, [said(gettext_noop("active in %(activities)s"), activities=wanted)])
    return Test(NOT_MET, [said(gettext_noop("not in %(activities)s"), activities=wanted)])


OPS = {
    "at_least": (
        gettext_noop("%(metric)s %(figure)s is at least %(threshold)s"),
        gettext_noop("%(metric)s %(figure)s is below %(threshold)s"),
    ),
    "more_than": (
        gettext_noop("%(metric)s %(figure)s is more than %(threshold)s"),
        gettext_noop("%(metric)s %(figure)s is not more than %(threshold)s"),
    ),
}


# The figures' names as the company file spells them; pages show them translated.
METRIC_NAMES = {
    "turnover": gettext_noop("turnover"),
    "turnover_eu": gettext_noop("turnover_eu"),
    "employees_in_country": gettext_noop("employees_in_country"),
    "employees_worldwide": gettext_noop("employees_worldwide"),
}


def _test_criterion(company: Company, criterion: Criterion, on: dt.date) -> Test:
    value, shown = _figure(company, criterion, on)
    metric = said(METRIC_NAMES[criterion.metric])
    if value is None:
        text = gettext_noop("%(metric)s not given")
        return Test(UNKNOWN, [said(text, metric=metric)])
    threshold = amount(Decimal(criterion.value), criterion.currency)
    ok = value >= criterion.value if criterion.op == "at_least" else value > criterion.value
    text = OPS[criterion.op][0 if ok else 1]
    found = said(text, metric=metric, figure=shown, threshold=threshold)
    return Test(MET if ok else NOT_MET, [found])


def _figure(
    company: Company, criterion: Criterion, on: dt.date
) -> tuple[Decimal | None, Said | dict[str, str] | str]:
    if criterion.metric == "employees_in_country":
        count = Decimal(company.employees.in_country)
        return count, amount(count)
    if criterion.metric == "employees_worldwide":
        count = Decimal(company.employees.worldwide)
        return count, amount(count)
    money = company.turnover if criterion.metric == "turnover" else company.turnover_eu
    if money is None:
        return None, ""
    assert criterion.currency is not None  # the schema requires it for money metrics
    converted, note = convert(money, criterion.currency, on)
    given = amount(money.amount, money.currency)
    if not note:
        return converted, given
    text = gettext_noop("%(amount)s (= %(converted)s at the rates of %(date)s)")
    return converted, said(text, amount=given, **note)


def convert(money: Money, currency: str, on: dt.date) -> tuple[Decimal, dict[str, Any]]:
    """The amount in `currency`, and a note of the rate used when a conversion was needed."""
    if money.currency == currency:
        return money.amount, {}
    table = rates_on(on)
    for code in (money.currency, currency):
        if code not in table.per_eur:
            raise CompanyInputError(
                f"turnover.currency: no rate for {code} in the rates of {table.date}"
            )
    value = money.amount / table.per_eur[money.currency] * table.per_eur[currency]
    return value, {"converted": amount(value, currency), "date": day(table.date)}
