"""Generated cases for the statistics tests and bench/stats.py. Never run on a live database:
`populate` bulk-inserts rows without actions or audit events, which only a test or benchmark
database may hold.

The values are skewed the way case data are (a few countries and types dominate, many are
rare), so that k-anonymisation has real work to do.
"""

import datetime
import random
from collections.abc import Iterator
from typing import Any

from django.db.models import Value

from haven.htcds import catalogue
from haven.stats.ctdc import Source

COUNTRIES = ["NG", "VN", "AL", "RO", "GB", "UA", "PH", "IN", "MX", "ER", "SY", "BG", "TH", "MD"]
RARE = ["IS", "LU", "MT", "FJ", "BT", "NA", "UY", "EE"]
GENDERS = ["Feminine"] * 6 + ["Masculine"] * 4 + ["NonConforming", "NonSpecifiedUnknown"]


def _country(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.08:
        return ""
    if roll < 0.1:
        return rng.choice(RARE)
    return COUNTRIES[min(int(rng.expovariate(0.35)), len(COUNTRIES) - 1)]


def _some(rng: random.Random, name: str, most: int) -> list[str]:
    values = catalogue.picklist(name)
    return sorted(set(rng.sample(values, rng.randint(0, most))))


def source(rng: random.Random) -> Source:
    types = _some(rng, "vic_TypeOfExploitation", 2) or (
        ["ForcedLabour"] if rng.random() < 0.5 else []
    )
    forced = "ForcedLabour" in types
    industries = catalogue.picklist("vic_ForcedLabourIndustry")
    return Source(
        year=rng.randint(2015, 2025),
        gender=rng.choice(GENDERS),
        age=None
        if rng.random() < 0.1
        else min(max(0, int(rng.gauss(27, 11))) if rng.random() < 0.9 else rng.randint(5, 17), 80),
        citizenship=_country(rng),
        exploitation_country=_country(rng),
        methods_of_control=_some(rng, "vic_MethodsOfControl", 4),
        types_of_exploitation=types,
        labour_industry=rng.choice(industries) if forced and rng.random() < 0.8 else "",
        types_of_sex=_some(rng, "vic_TypeOfSexExploitation", 2)
        if "SexualExploitation" in types
        else [],
        relation=rng.choice(["", "Familial", "Acquainted", "Unaquainted"]),
    )


def sources(n: int, seed: int = 13) -> Iterator[Source]:
    rng = random.Random(seed)  # noqa: S311  (test data, reproducible by seed)
    for _ in range(n):
        yield source(rng)


def populate(
    organisations: list[Any], user: Any, n: int, seed: int = 13, batch: int = 5000
) -> None:
    """Insert n generated cases spread over the organisations (tests and benchmarks only)."""
    from haven.cases.models import Case, Person, VictimContext

    rng = random.Random(seed)  # noqa: S311  (test data, reproducible by seed)
    done = 0
    while done < n:
        size = min(batch, n - done)
        drawn = [(source(rng), rng.choice(organisations)) for _ in range(size)]
        people = Person.objects.bulk_create(
            [
                Person(organisation=o, first_name="x", gender=s.gender, nationality=s.citizenship)
                for s, o in drawn
            ]
        )
        cases = Case.objects.bulk_create(
            [
                Case(
                    organisation=o, person=p, opened_by=user, assigned_to=user, status=_status(rng)
                )
                for (s, o), p in zip(drawn, people, strict=True)
            ]  # fmt: skip
        )
        _backdate(cases, [s.year for s, _ in drawn])
        VictimContext.objects.bulk_create(
            [_context(c, s) for c, (s, _) in zip(cases, drawn, strict=True)]
        )
        done += size


def _status(rng: random.Random) -> str:
    return rng.choice(["Active", "Active", "FollowUp", "Closed", "ClosedReferred"])


def _backdate(cases: list[Any], years: list[int]) -> None:
    from django.db.models import Case as Choose
    from django.db.models import When

    from haven.cases.models import Case

    by_year: dict[int, list[int]] = {}
    for case, year in zip(cases, years, strict=True):
        by_year.setdefault(year, []).append(case.pk)
    when = [
        When(pk__in=pks, then=Value(datetime.datetime(y, 6, 1, tzinfo=datetime.UTC)))
        for y, pks in by_year.items()
    ]
    Case.objects.filter(pk__in=[c.pk for c in cases]).update(opened_at=Choose(*when))


def _context(case: Any, s: Source) -> Any:
    from haven.cases.models import VictimContext

    return VictimContext(
        case=case,
        age_when_trafficked=s.age,
        exploitation_country=s.exploitation_country,
        methods_of_control=list(s.methods_of_control),
        types_of_exploitation=list(s.types_of_exploitation),
        forced_labour_industry=s.labour_industry,
        types_of_sex_exploitation=list(s.types_of_sex),
        relationship_to_trafficker=s.relation,
    )
