"""The record contract refuses what it cannot read, naming the field; it never guesses."""

import pytest

from haven.screening.record import RecordError, parse_record

VALID = '{"encounter": {"date": "2026-01-15", "setting": "shelter"}}'


def test_a_minimal_record_is_accepted_and_unasked_indicators_read_as_not_asked():
    record = parse_record(VALID)
    assert record.answer("any_indicator") == "not_asked"
    assert record.facts.acts is None  # unknown, not absent


@pytest.mark.parametrize(
    "text, field",
    [
        ('{"encounter": {"date": "15/01/2026"}}', "encounter.date"),
        ('{"encounter": {"date": "2026-01-15", "setting": "bar"}}', "encounter.setting"),
        ('{"encounter": {"date": "2026-01-15"}, "person": {"age": "30"}}', "person.age"),
        ('{"encounter": {"date": "2026-01-15"}, "person": {"age": 200}}', "person.age"),
        (
            '{"encounter": {"date": "2026-01-15"}, "person": {"nationality": "XX"}}',
            "person.nationality",
        ),
        ('{"encounter": {"date": "2026-01-15"}, "person": {"gender": "robot"}}', "person.gender"),
        (
            '{"encounter": {"date": "2026-01-15"}, "vulnerabilities": ["sadness"]}',
            "vulnerabilities",
        ),
        ('{"encounter": {"date": "2026-01-15"}, "indicators": {"x": "yes"}}', "indicators"),
        ('{"encounter": {"date": "2026-01-15"}, "facts": {"means": ["magic"]}}', "facts.means"),
        (
            '{"encounter": {"date": "2026-01-15"}, "situation": {"detained": "yes"}}',
            "situation.detained",
        ),
        (
            '{"encounter": {"date": "2026-01-15"}, '
            '"situation": {"charged_offences": ["jaywalking"]}}',
            "situation.charged_offences",
        ),
        ('{"encounter": {"date": "2026-01-15"}, "mood": "calm"}', "mood"),
        ("{}", "encounter"),
        ("[1, 2", "not valid JSON"),
    ],
)
def test_bad_input_is_refused_with_the_field_named(text, field):
    with pytest.raises(RecordError, match=field.replace(".", r"\.")):
        parse_record(text)


def test_plain_gender_words_are_accepted_beside_htcds_names():
    for gender in ("female", "Feminine", "NonSpecifiedUnknown"):
        parse_record(
            f'{{"encounter": {{"date": "2026-01-15"}}, "person": {{"gender": "{gender}"}}}}'
        )
