import base64

import pytest

from haven.crypto.cipher import DecryptionError, blind_index, decrypt, encrypt, key_id_of
from haven.crypto.keys import new_keyring
from haven.crypto.rotation import with_new_primary

CONTEXT = "cases.person.first_name"


@pytest.fixture
def keyring():
    return new_keyring()


def _tamper(token: str) -> str:
    prefix, encoded = token.rsplit(":", 1)
    blob = bytearray(base64.urlsafe_b64decode(encoded))
    blob[-1] ^= 0x01
    return f"{prefix}:{base64.urlsafe_b64encode(bytes(blob)).decode()}"


def test_it_round_trips_unicode_text(keyring):
    token = encrypt("Ｍaría José Ñúñez 李", context=CONTEXT, keyring=keyring)
    assert decrypt(token, context=CONTEXT, keyring=keyring) == "Ｍaría José Ñúñez 李"


def test_the_token_names_its_version_and_key_but_not_the_value(keyring):
    token = encrypt("Ana", context=CONTEXT, keyring=keyring)
    assert token.startswith("v1:k1:")
    assert key_id_of(token) == "k1"
    assert "Ana" not in token


def test_it_uses_a_fresh_nonce_for_every_value(keyring):
    tokens = {encrypt("Ana", context=CONTEXT, keyring=keyring) for _ in range(20)}
    assert len(tokens) == 20


def test_it_refuses_a_tampered_ciphertext(keyring):
    token = encrypt("Ana", context=CONTEXT, keyring=keyring)
    with pytest.raises(DecryptionError, match=r"cases\.person\.first_name with key 'k1'.*altered"):
        decrypt(_tamper(token), context=CONTEXT, keyring=keyring)


def test_it_refuses_a_ciphertext_moved_to_another_column(keyring):
    token = encrypt("Ana", context=CONTEXT, keyring=keyring)
    with pytest.raises(DecryptionError, match=r"cases\.person\.second_name.*another column"):
        decrypt(token, context="cases.person.second_name", keyring=keyring)


def test_it_names_a_missing_key(keyring):
    token = encrypt("Ana", context=CONTEXT, keyring=keyring).replace("v1:k1:", "v1:k9:")
    with pytest.raises(DecryptionError, match=r"first_name: key 'k9' is not in the keys file"):
        decrypt(token, context=CONTEXT, keyring=keyring)


@pytest.mark.parametrize(
    "token", ["Ana", "v2:k1:AAAA", "v1:k1:", "v1:k1:!!!", "v1:k1:AAAA", "v1:k1:é"]
)
def test_it_refuses_what_is_not_a_token(keyring, token):
    with pytest.raises(DecryptionError, match=r"cannot decrypt cases\.person\.first_name"):
        decrypt(token, context=CONTEXT, keyring=keyring)


def test_it_still_reads_values_under_an_old_key_after_a_new_primary(keyring):
    token = encrypt("Ana", context=CONTEXT, keyring=keyring)
    rotated = with_new_primary(keyring)
    assert key_id_of(encrypt("Ana", context=CONTEXT, keyring=rotated)) == "k2"
    assert decrypt(token, context=CONTEXT, keyring=rotated) == "Ana"


def test_the_blind_index_ignores_case_width_and_spacing(keyring):
    plain = blind_index(["Ana Maria", "Silva"], context=CONTEXT, keyring=keyring)
    messy = blind_index(["  ＡＮＡ \t maria ", "SILVA\n"], context=CONTEXT, keyring=keyring)
    assert messy == plain
    assert len(plain) == 64
    assert int(plain, 16) >= 0


def test_the_blind_index_tells_different_names_apart(keyring):
    ana = blind_index(["Ana", "Silva"], context=CONTEXT, keyring=keyring)
    assert blind_index(["Ana", "Silvo"], context=CONTEXT, keyring=keyring) != ana
    assert blind_index(["Silva", "Ana"], context=CONTEXT, keyring=keyring) != ana
    assert blind_index(["An", "aSilva"], context=CONTEXT, keyring=keyring) != ana
    assert blind_index(["Ana\x1fSilva"], context=CONTEXT, keyring=keyring) != ana


def test_the_same_name_in_two_columns_has_unlinkable_indexes(keyring):
    first = blind_index(["Ana"], context="cases.person.name_index", keyring=keyring)
    other = blind_index(["Ana"], context="cases.contact.name_index", keyring=keyring)
    assert first != other


def test_the_blind_index_depends_on_the_key(keyring):
    other = new_keyring()
    assert blind_index(["Ana"], context=CONTEXT, keyring=keyring) != blind_index(
        ["Ana"], context=CONTEXT, keyring=other
    )


def test_the_blind_index_refuses_a_context_that_could_collide(keyring):
    with pytest.raises(ValueError, match="separators"):
        blind_index(["Ana"], context="a\x1eb", keyring=keyring)
