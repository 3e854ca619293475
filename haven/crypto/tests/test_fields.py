import base64
import binascii
import datetime

import pytest
from django import forms
from django.core.exceptions import FieldError
from django.db import connection
from django.db.models.functions import Lower

from haven.cases.models import Person, SupportNote
from haven.crypto.cipher import DecryptionError
from haven.crypto.fields import BlindIndexField, encrypted_fields, index_for

pytestmark = pytest.mark.django_db

FIRST, SECOND = "Zephyrine", "Okonkwo-Lindqvist"
BIRTHDATE = datetime.date(1987, 3, 14)


def _raw_rows(table="cases_person"):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")  # noqa: S608
        return cursor.fetchall()


def _raw(pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM cases_person WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def _revealing_forms(secret: str) -> set[str]:
    """The spellings a careless implementation would leave in a column."""
    found = set()
    for text in {secret, secret.casefold(), secret.upper()}:
        data = text.encode("utf-8")
        found |= {text, data.hex(), binascii.hexlify(data).decode().upper()}
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            found.add(encode(data).decode().rstrip("="))
    return found


def test_no_plaintext_reaches_the_database(make_person):
    person = make_person(FIRST, SECOND, BIRTHDATE, middle_name="Quintessa")
    secrets = ["Zephyrine", "Okonkwo-Lindqvist", "Quintessa", "1987-03-14", "19870314"]
    secrets += ["14/03/1987", "03/14/1987", str(BIRTHDATE.toordinal())]
    cells = [str(cell).casefold() for row in _raw_rows() for cell in row]
    for secret in secrets:
        for spelling in _revealing_forms(secret):
            assert not any(spelling.casefold() in cell for cell in cells), spelling
    assert _raw(person.pk, "first_name").startswith("v1:k1:")
    assert _raw(person.pk, "birthdate").startswith("v1:k1:")


def test_values_read_back_as_written(make_person):
    person = Person.objects.get(pk=make_person(FIRST, SECOND, BIRTHDATE).pk)
    assert (person.first_name, person.second_name, person.birthdate) == (FIRST, SECOND, BIRTHDATE)
    assert Person.objects.values_list("first_name", flat=True).get() == FIRST


def test_blank_stays_blank_and_missing_stays_null(make_person):
    person = make_person(FIRST, "", None)
    assert _raw(person.pk, "second_name") == ""
    assert _raw(person.pk, "birthdate") is None
    assert _raw(person.pk, "birthdate_index") is None
    assert Person.objects.get(pk=person.pk).birthdate is None
    assert Person.objects.filter(second_name="", birthdate__isnull=True).get() == person


def test_the_blind_index_finds_a_name_whatever_its_case_and_spacing(make_person):
    person = make_person(FIRST, SECOND)
    make_person("Zephyrina", SECOND)
    found = Person.objects.filter(
        name_index=index_for(Person, "name_index", " ZEPHYRINE ", "okonkwo-lindqvist")
    )
    assert list(found) == [person]


def test_the_blind_index_does_not_find_a_different_name(make_person):
    make_person(FIRST, SECOND)
    for first, second in [("Zephyrin", SECOND), (SECOND, FIRST), (FIRST, "")]:
        index = index_for(Person, "name_index", first, second)
        assert not Person.objects.filter(name_index=index).exists()


def test_the_blind_index_finds_a_birthdate_given_as_a_date_or_text(make_person):
    person = make_person(FIRST, SECOND, BIRTHDATE)
    for value in (BIRTHDATE, "1987-03-14"):
        index = index_for(Person, "birthdate_index", value)
        assert list(Person.objects.filter(birthdate_index=index)) == [person]


def test_the_blind_index_follows_an_edit(make_person):
    person = make_person(FIRST, SECOND)
    person.first_name = "Ana"
    person.save()
    assert Person.objects.filter(name_index=index_for(Person, "name_index", "Ana", SECOND)).exists()


def test_index_for_wants_one_value_per_source_and_a_blind_index_field():
    with pytest.raises(TypeError, match=r"indexes \('first_name', 'second_name'\)"):
        index_for(Person, "name_index", "Ana Silva")
    with pytest.raises(TypeError, match="not a BlindIndexField"):
        index_for(Person, "first_name", "Ana")
    with pytest.raises(ValueError, match="blank records have no index"):
        index_for(Person, "name_index", " ", "")


@pytest.mark.parametrize(
    "lookup",
    [
        {"first_name": FIRST},
        {"first_name__iexact": FIRST},
        {"first_name__icontains": "zeph"},
        {"first_name__startswith": "Z"},
        {"first_name__in": [FIRST]},
        {"first_name__lower": "zephyrine"},
        {"birthdate": BIRTHDATE},
        {"birthdate__year": 1987},
        {"birthdate__gt": BIRTHDATE},
    ],
)
def test_filtering_on_an_encrypted_field_is_refused_with_directions(lookup):
    with pytest.raises(
        FieldError, match="encrypted fields cannot be filtered; use its BlindIndexField"
    ):
        Person.objects.filter(**lookup)


def test_the_refusal_names_the_blind_index_to_use_instead():
    with pytest.raises(FieldError, match=r"cases\.person\.first_name__exact: .*\(name_index\)"):
        Person.objects.filter(first_name="Ana")
    with pytest.raises(FieldError, match="none covers this field yet"):
        Person.objects.filter(middle_name="Ana")


def test_filtering_through_a_relation_is_refused_too():
    with pytest.raises(FieldError, match="encrypted fields cannot be filtered"):
        SupportNote.objects.filter(case__person__first_name="Ana")


def test_an_expression_over_an_encrypted_field_cannot_be_filtered():
    with pytest.raises(FieldError, match="encrypted fields cannot be filtered"):
        Person.objects.annotate(lowered=Lower("first_name")).filter(lowered="ana").exists()


def test_a_queryset_update_encrypts_exactly_once(make_person):
    person = make_person(FIRST, SECOND)
    Person.objects.filter(pk=person.pk).update(first_name="Ana", birthdate=BIRTHDATE)
    person.refresh_from_db()
    assert (person.first_name, person.birthdate) == ("Ana", BIRTHDATE)


def test_bulk_update_encrypts_exactly_once(make_person):
    people = [make_person(FIRST, SECOND), make_person("Ana", "Silva")]
    for person in people:
        person.second_name = person.second_name + " Jr"
    Person.objects.bulk_update(people, ["second_name"])
    assert sorted(p.second_name for p in Person.objects.all()) == [f"{SECOND} Jr", "Silva Jr"]


def test_preparing_a_value_twice_does_not_encrypt_it_twice(make_person):
    field = Person._meta.get_field("first_name")
    once = field.get_prep_value("Ana")
    assert field.get_prep_value(once) is once
    assert (
        field.from_db_value(
            field.get_db_prep_value(once, connection, prepared=False), None, connection
        )
        == "Ana"
    )


def test_a_ciphertext_copied_into_another_column_does_not_decrypt(make_person):
    person = make_person(FIRST, SECOND)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_person SET second_name = first_name WHERE id = %s", [person.pk]
        )
    with pytest.raises(DecryptionError, match=r"cases\.person\.second_name"):
        Person.objects.get(pk=person.pk)


def test_an_encrypted_date_is_a_date_in_forms():
    form_field = Person._meta.get_field("birthdate").formfield()
    assert isinstance(form_field, forms.DateField)
    assert form_field.clean("1987-03-14") == BIRTHDATE
    assert not form_field.required


def test_the_blind_index_field_deconstructs_for_migrations():
    field = Person._meta.get_field("name_index")
    name, path, args, kwargs = field.deconstruct()
    assert (name, path, kwargs) == (
        "name_index",
        "haven.crypto.fields.BlindIndexField",
        {"source": ("first_name", "second_name")},
    )
    clone = BlindIndexField(*args, **kwargs)
    assert (clone.max_length, clone.null, clone.editable, clone.db_index) == (64, True, False, True)
    assert BlindIndexField(source=("a",), db_index=False).deconstruct()[3] == {
        "db_index": False,
        "source": ("a",),
    }


def test_a_blind_index_field_needs_its_sources():
    with pytest.raises(TypeError, match="source="):
        BlindIndexField()
    with pytest.raises(TypeError, match="source="):
        BlindIndexField(source="first_name")


def test_encrypted_fields_lists_every_encrypted_column_once():
    found = {model._meta.label: names for model, names in encrypted_fields()}
    assert found["cases.Person"] == ["first_name", "middle_name", "second_name", "birthdate"]
    assert found["cases.SupportNote"] == ["text"]


def test_the_event_city_is_encrypted_at_rest():
    found = {model._meta.label: names for model, names in encrypted_fields()}
    assert "city" in found["cases.TraffickingEvent"]
