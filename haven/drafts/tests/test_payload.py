import pytest

from haven.drafts.payload import PayloadError, clean_form_key, clean_payload


def test_a_form_key_names_an_app_and_a_form():
    assert clean_form_key("screening.interview") == "screening.interview"


@pytest.mark.parametrize("key", ["", "screening", "../etc", "Screening.Interview", 3, None])
def test_anything_else_is_refused_as_a_form_key(key):
    with pytest.raises(PayloadError, match="form"):
        clean_form_key(key)


def test_the_csrf_token_and_passwords_are_never_kept():
    cleaned = clean_payload({"csrfmiddlewaretoken": ["x"], "new_password1": ["y"], "age": ["3"]})
    assert cleaned == {"age": ["3"]}


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ([], "payload"),
        ({"age": "30"}, "payload.age"),
        ({"age": [30]}, "payload.age"),
        ({"age": ["a\x00b"]}, "control character"),
        ({"bad name": ["1"]}, "not a field name"),
        ({"note": ["x" * 10_001]}, "payload.note"),
        ({f"f{i}": [] for i in range(601)}, "at most 600 fields"),
    ],
)
def test_a_bad_payload_is_refused_naming_the_problem(payload, named):
    with pytest.raises(PayloadError, match=named):
        clean_payload(payload)


def test_newlines_in_a_long_answer_are_kept():
    assert clean_payload({"note": ["line one\r\nline two\tend"]}) == {
        "note": ["line one\r\nline two\tend"]
    }
