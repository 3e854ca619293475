import datetime
import json

import pytest
from django.core.management import call_command
from django.db import connection

from haven.audit.models import AuditEvent
from haven.cases.models import Person
from haven.crypto import rotation
from haven.crypto.fields import index_for
from haven.crypto.keys import read_keyring
from haven.crypto.rotation import RotationError, key_usage, rotate_keys

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Ana", "Silva", datetime.date(1990, 1, 2)),
    ("Bea", "", None),
    ("Chidinma", "Eze", datetime.date(2001, 12, 31)),
]
ENCRYPTED_COLUMNS = ["first_name", "middle_name", "second_name", "birthdate"]


@pytest.fixture
def people(keys_file, make_person):
    return [make_person(first, second, birthdate) for first, second, birthdate in PEOPLE]


def _raw_tokens():
    columns = ", ".join(ENCRYPTED_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM cases_person ORDER BY id")  # noqa: S608
        return [token for row in cursor.fetchall() for token in row if token]


def _raw_table():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_person ORDER BY id")
        return cursor.fetchall()


def _readable():
    return [(p.first_name, p.second_name, p.birthdate) for p in Person.objects.order_by("id")]


def test_rotation_moves_every_value_to_the_new_key_and_forgets_the_old(people, keys_file):
    report = rotate_keys()
    assert (report.new_key_id, report.retired_key_ids) == ("k2", ("k1",))
    assert all(token.startswith("v1:k2:") for token in _raw_tokens())
    assert set(read_keyring(keys_file).encryption) == {"k2"}
    assert _readable() == PEOPLE


def test_rotation_reports_counts_per_column(people):
    report = rotate_keys()
    assert report.reencrypted["cases.person.first_name"] == 3
    assert report.reencrypted["cases.person.second_name"] == 2  # blank stays blank
    assert report.reencrypted["cases.person.middle_name"] == 0
    assert report.reencrypted["cases.person.birthdate"] == 2
    assert report.total == 7


def test_blind_indexes_still_find_people_after_rotation(people):
    rotate_keys()
    index = index_for(Person, "name_index", "chidinma", "EZE")
    assert Person.objects.get(name_index=index) == people[2]


def test_rotation_is_audited_with_counts_and_no_personal_data(people):
    rotate_keys()
    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.details["new_key_id"] == "k2"
    assert event.details["reencrypted"]["cases.person.first_name"] == 3
    details = json.dumps(event.details)
    for first, second, _ in PEOPLE:
        assert first not in details
        assert not second or second not in details


def test_a_second_rotation_moves_on_again(people, keys_file):
    rotate_keys()
    report = rotate_keys()
    assert report.new_key_id == "k3"
    assert set(read_keyring(keys_file).encryption) == {"k3"}
    assert _readable() == PEOPLE


def test_a_failure_midway_leaves_the_data_unchanged_and_readable(people, keys_file, monkeypatch):
    before = _raw_table()
    real_encrypt = rotation.encrypt
    calls = []

    def failing_encrypt(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk on fire")
        return real_encrypt(*args, **kwargs)

    monkeypatch.setattr(rotation, "encrypt", failing_encrypt)
    with pytest.raises(OSError, match="disk on fire"):
        rotate_keys()
    assert _raw_table() == before
    assert set(read_keyring(keys_file).encryption) == {"k1", "k2"}
    assert _readable() == PEOPLE
    assert not AuditEvent.objects.filter(action="keys.rotated").exists()


def test_a_rotation_after_a_failed_one_completes(people, keys_file, monkeypatch):
    monkeypatch.setattr(rotation, "_audit", _raise)
    with pytest.raises(RuntimeError):
        rotate_keys()
    monkeypatch.undo()
    assert rotate_keys().new_key_id == "k3"
    assert set(read_keyring(keys_file).encryption) == {"k3"}
    assert _readable() == PEOPLE


def _raise(**details):
    raise RuntimeError("audit unavailable")


def test_it_keeps_the_old_keys_when_a_value_was_missed(people, keys_file, monkeypatch):
    monkeypatch.setattr(rotation, "_reencrypt_model", lambda model, names, keyring: {})
    with pytest.raises(RotationError, match=r"cases\.person\.first_name: 3.*old keys were kept"):
        rotate_keys()
    assert "k1" in read_keyring(keys_file).encryption
    assert _readable() == PEOPLE


def test_a_value_that_cannot_be_decrypted_stops_rotation_and_names_the_row(people, keys_file):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_person SET middle_name = 'v1:k1:AAAA' WHERE id = %s", [people[1].pk]
        )
    with pytest.raises(RotationError, match=rf"cases\.Person pk={people[1].pk}: .*middle_name"):
        rotate_keys()
    assert "k1" in read_keyring(keys_file).encryption


def test_key_usage_counts_values_per_key(people):
    assert key_usage() == {"k1": 7}
    rotate_keys()
    assert key_usage() == {"k2": 7}


def test_the_status_command_lists_keys_and_counts_without_key_material(people, keys_file, capsys):
    call_command("keys", "status")
    output = capsys.readouterr().out
    assert "k1: 7 values (primary)" in output
    keys_text = json.loads(keys_file.read_text())
    assert keys_text["encryption"]["k1"] not in output
    assert keys_text["blind_index"] not in output


def test_the_status_command_warns_of_values_under_unknown_keys(people, capsys):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_person SET middle_name = %s, second_name = 'Silva' WHERE id = %s",
            ["v1:k9:" + "A" * 40, people[0].pk],
        )
    call_command("keys", "status", "--json")
    status = json.loads(capsys.readouterr().out)
    assert {"id": "k9", "primary": False, "in_keys_file": False, "values": 1} in status["keys"]
    assert {"id": "(not a token)", "primary": False, "in_keys_file": False, "values": 1} in status[
        "keys"
    ]
    call_command("keys", "status")
    output = capsys.readouterr().out
    assert "k9: 1 values (NOT IN THE KEYS FILE: these values cannot be decrypted)" in output
    assert "(not a token): 1 values (cannot be decrypted)" in output


def test_the_rotate_command_prints_a_json_report(people, capsys):
    call_command("keys", "rotate", "--json")
    report = json.loads(capsys.readouterr().out)
    assert report["new_key_id"] == "k2"
    assert report["retired_key_ids"] == ["k1"]
    assert report["total"] == 7


def test_the_rotate_command_says_what_it_did(people, capsys):
    call_command("keys", "rotate")
    output = capsys.readouterr().out
    assert "cases.person.first_name: 3 re-encrypted" in output
    assert "7 values now use key k2; removed keys: k1" in output


def test_it_refuses_to_run_two_rotations_at_once(people, keys_file):
    with rotation._exclusive(keys_file), pytest.raises(RotationError, match="another key rotation"):
        rotate_keys()
    assert rotate_keys().new_key_id == "k2"
