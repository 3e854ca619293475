"""Blind indexes of name parts, and finding persons and possible duplicates by them.

Each (kind, text) term of `haven.cases.names` is stored as a keyed HMAC whose context names the
kind, so a normalised spelling and a phonetic code never share a value, and neither is readable
without the blind-index key. Keys are derived: they are rebuilt from the decrypted names
(`Person.save()`, and `haven person_keys rebuild` for persons stored before they existed).
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from haven.cases import names
from haven.cases.models import Case, DuplicateReason, Person, PersonNameKey
from haven.crypto.cipher import blind_index
from haven.crypto.fields import index_for

CONTEXTS = {
    names.NORMALISED: "cases.personnamekey.normalised",
    names.PHONETIC: "cases.personnamekey.phonetic",
}


def hashed(found: Iterable[tuple[str, str]]) -> set[str]:
    return {blind_index([text], context=CONTEXTS[kind]) for kind, text in found}


def keys_of(person: Person) -> set[str]:
    return hashed(names.stored_terms(person.first_name, person.middle_name, person.second_name))


def index_names(person: Person) -> None:
    """Replace the person's name keys with those of the names they hold now."""
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, key=key) for key in sorted(keys_of(person))
    )


def birthdate_indexes(birthdate: datetime.date) -> list[str]:
    """The date and, when it is a valid date too, its day and month swapped (a common slip
    between DD/MM and MM/DD papers)."""
    dates = {birthdate}
    if birthdate.day <= 12:
        dates.add(birthdate.replace(month=birthdate.day, day=birthdate.month))
    return [index_for(Person, "birthdate_index", d) for d in sorted(dates)]


def matching(cases: QuerySet[Case], name: str, birthdate: datetime.date | None) -> QuerySet[Case]:
    """The cases whose person has every searched name part (in any order, any field, any of the
    spellings it is keyed by) and, when a date is given, that date of birth or none known."""
    wanted = names.query_terms(name)
    for options in wanted:
        having = PersonNameKey.objects.filter(key__in=hashed(options)).values("person_id")
        cases = cases.filter(person_id__in=having)
    if birthdate is not None:
        same_date = Q(person__birthdate_index__in=birthdate_indexes(birthdate))
        # With a name, a person whose date of birth is not known still matches: unknown is not no.
        cases = cases.filter(
            same_date | Q(person__birthdate_index__isnull=True) if wanted else same_date
        )
    return cases


def similar_persons(person: Person) -> dict[int, str]:
    """Earlier persons of the same organisation who may be this one: id → reason code."""
    units = names.units(person.first_name, person.middle_name, person.second_name)
    unit_keys = [hashed(names.terms(unit.spellings)) for unit in units]
    shared = PersonNameKey.objects.filter(
        person__organisation_id=person.organisation_id,
        key__in=set().union(*unit_keys),
    ).exclude(person_id=person.pk)
    keys_by_person: dict[int, set[str]] = {}
    for person_id, key in shared.values_list("person_id", "key"):
        keys_by_person.setdefault(person_id, set()).add(key)
    needed = min(2, len(units))
    candidates = [
        pid
        for pid, keys in keys_by_person.items()
        if sum(1 for own in unit_keys if own & keys) >= needed
    ]
    return _with_reasons(person, candidates)


def _with_reasons(person: Person, candidates: list[int]) -> dict[int, str]:
    rows = Person.objects.filter(pk__in=candidates).values_list(
        "pk", "name_index", "birthdate_index"
    )
    found: dict[int, str] = {}
    for pk, name_index, birthdate_index in rows:
        both_dated = bool(birthdate_index and person.birthdate_index)
        if both_dated and birthdate_index != person.birthdate_index:
            continue  # two different known dates of birth: two people
        same_name = name_index is not None and name_index == person.name_index
        found[pk] = DuplicateReason.of(same_name=same_name, same_birthdate=both_dated)
    return found
