"""Passwords: the length rule alone let "aaaaaaaaaaaa" and twelve spaces through."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from haven.accounts.validators import RepetitionValidator, effective_length


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaa",
        " " * 12,
        "abcdefghijklmnop",
        "123456789012",
        "zyxwvutsrqponm",
        "abababababababab",
        "aaaaaabbbbbbcccccc",
        "\t\t\t\t\t\t\t\t\t\t\t\t\t",
    ],
)
def test_repeated_and_sequential_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password",
    ["correct horse battery staple 42", "a long and private passphrase 81", "Tr0ub4dor&3xyzq"],
)
def test_ordinary_passphrases_pass(password):
    validate_password(password)


@given(st.characters(), st.integers(min_value=12, max_value=60))
def test_any_single_character_repeated_is_refused(char, length):
    with pytest.raises(ValidationError):
        RepetitionValidator().validate(char * length)


@given(st.text(min_size=1, max_size=40))
def test_repeating_a_password_s_last_character_never_raises_its_effective_length(text):
    assert effective_length(text + text[-1] * 5) == effective_length(text)
