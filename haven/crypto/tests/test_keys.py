import json
import stat

import pytest

from haven.crypto.keys import (
    KeyringError,
    current_keyring,
    forget_cached_keyring,
    new_keyring,
    read_keyring,
    write_keyring,
)
from haven.crypto.rotation import with_new_primary


def _write_json(path, data):
    path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def good(tmp_path):
    return json.loads(new_keyring().to_json())


@pytest.mark.parametrize("field", ["encryption", "primary", "blind_index", "audit"])
def test_a_missing_field_is_named_with_the_file(tmp_path, good, field):
    del good[field]
    path = tmp_path / "keys.json"
    _write_json(path, good)
    with pytest.raises(KeyringError, match=rf"{path}: .*'{field}'"):
        read_keyring(path)


def test_a_key_that_is_not_base64_is_named(tmp_path, good):
    good["encryption"]["k1"] = "not base64!"
    path = tmp_path / "keys.json"
    _write_json(path, good)
    with pytest.raises(KeyringError, match=rf"{path}: encryption\.k1 is not valid base64"):
        read_keyring(path)


def test_a_key_of_the_wrong_length_is_named(tmp_path, good):
    good["blind_index"] = "AAAA"
    path = tmp_path / "keys.json"
    _write_json(path, good)
    with pytest.raises(KeyringError, match=rf"{path}: blind_index must be 32 bytes, not 3"):
        read_keyring(path)


def test_a_primary_without_its_key_is_named(tmp_path, good):
    good["primary"] = "k7"
    path = tmp_path / "keys.json"
    _write_json(path, good)
    with pytest.raises(KeyringError, match=rf"{path}: 'primary' names 'k7'"):
        read_keyring(path)


def test_invalid_json_gives_the_file_and_line(tmp_path):
    path = tmp_path / "keys.json"
    path.write_text('{\n  "version": 1,\n  oops\n}', encoding="utf-8")
    with pytest.raises(KeyringError, match=rf"{path}: line 3: not valid JSON"):
        read_keyring(path)


def test_a_missing_file_says_how_to_make_one(tmp_path):
    path = tmp_path / "absent.json"
    with pytest.raises(KeyringError, match=rf"{path}: .*does not exist.*haven init"):
        read_keyring(path)


def test_it_writes_a_file_only_its_owner_can_read_and_reads_it_back(tmp_path):
    keyring = new_keyring()
    path = tmp_path / "keys.json"
    write_keyring(path, keyring)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_keyring(path) == keyring
    assert not (tmp_path / "keys.json.new").exists()


def test_the_current_keyring_follows_a_rewritten_file(keys_file):
    before = current_keyring()
    write_keyring(keys_file, with_new_primary(before))
    assert current_keyring().primary == "k2"  # noticed without clearing the cache
    forget_cached_keyring()
    assert current_keyring().encryption["k1"] == before.encryption["k1"]


def test_a_new_key_id_follows_the_highest(good):
    keyring = with_new_primary(with_new_primary(new_keyring()))
    assert sorted(keyring.encryption) == ["k1", "k2", "k3"]
    assert keyring.next_key_id() == "k4"


def test_another_process_s_rewrite_is_seen_within_the_recheck_time(keys_file, monkeypatch):
    from haven.crypto import keys

    now = keys.time.monotonic()
    monkeypatch.setattr(keys.time, "monotonic", lambda: now)  # a loaded machine cannot race it
    forget_cached_keyring()
    before = current_keyring()
    text = with_new_primary(before).to_json()
    keys_file.with_name("other.json").write_text(text, encoding="utf-8")
    keys_file.with_name("other.json").replace(keys_file)  # as another process's write_keyring
    assert current_keyring().primary == before.primary  # not looked at again yet
    monkeypatch.setattr(keys.time, "monotonic", lambda: now + keys.RECHECK_SECONDS)
    assert current_keyring().primary == "k2"
