"""The fast export (issue 17 item 5) writes the same bytes as the export it replaced, kept in
legacy_export.py: JSON (streamed and rendered), CSV and XLSX, on generated cases with events,
perpetrator contexts, victim contexts, missing values, non-ASCII names and formula-like text."""

import datetime
import io
import json
import random
import zipfile
from io import StringIO

import pytest
from django.core.management import call_command

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Role
from haven.cases.models import (
    Case,
    PerpetratorContext,
    Person,
    TraffickingEvent,
    VictimContext,
)
from haven.htcds import export
from haven.htcds.encode import dumps_record, encode
from haven.htcds.records import columns
from haven.htcds.tests import legacy_export
from haven.testing.fixtures import make_user

TEXTS = [
    "",
    "Ana",
    "Iași",
    "Zoë Ñúñez",
    "محمد",
    "李小龙",
    '=HYPERLINK("x")',
    "+40 721",
    "-minus",
    "@at",
    "\ttab",
    "\rreturn",
    "'quoted",
    'semi;colon, "quoted"\nnew line',
    "percent %s %% {}",
    "\u2028line separator",
    "emoji 🙂",
    "back\\slash",
    "ctrl\u001bchar",
]
PICKS = {
    "trafficking_status": ["", "ActualVictimOfTrafficking", "PresumedVictimOfTrafficking"],
    "status_decided_by": ["", "Police"],
    "relationship_to_trafficker": ["", "Unaquainted"],
    "methods_of_recruitment": [[], ["ThroughOnlineSocialNetworks", "AtWork"]],
    "recruitment_country": ["", "RO", "UA"],
    "methods_of_control": [[], ["DebtBondage"], ["DebtBondage", "TakesEarnings"]],
    "types_of_exploitation": [[], ["ForcedLabour"]],
    "forced_labour_industry": ["", "F_Construction"],
    "exploitation_country": ["", "GB"],
    "vulnerabilities": [[], ["Poverty"]],
    "agreement_to_manage_personal_data": [None, True, False],
    "age_when_trafficked": [None, 0, 17, 130],
}


def _generate(user: User, count: int, seed: int = 17) -> None:
    rng = random.Random(seed)
    for number in range(count):
        person = Person.objects.create(
            organisation=user.organisation,
            first_name=rng.choice(TEXTS[1:]) + str(number),
            middle_name=rng.choice(TEXTS),
            second_name=rng.choice(TEXTS),
            birthdate=rng.choice([None, datetime.date(1990, 4, 2), datetime.date(2001, 12, 31)]),
            gender=rng.choice(["", "Feminine", "Masculine"]),
            nationality=rng.choice(["", "RO", "VN"]),
        )
        case = Case.objects.create(
            organisation=user.organisation,
            person=person,
            opened_by=user,
            assigned_to=user,
            status=rng.choice(["Active", "FollowUp", "Closed"]),
            closure_reason=rng.choice(TEXTS),
        )
        if rng.random() < 0.6:
            VictimContext.objects.create(
                case=case,
                vulnerability_details=rng.choice(TEXTS),
                **{name: rng.choice(values) for name, values in PICKS.items()},
            )
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            TraffickingEvent.objects.create(
                case=case,
                event_type=rng.choice(["Recruitment", "Exploitation", "Transit"]),
                country=rng.choice(["", "RO", "GB"]),
                city=rng.choice(TEXTS),
                date=rng.choice([None, datetime.date(2023, 1, 5), datetime.date(2022, 7, 1)]),
                description=rng.choice(TEXTS),
            )
        for _ in range(rng.choice([0, 1, 2])):
            PerpetratorContext.objects.create(
                case=case,
                roles=rng.choice([[], ["Other"], ["RecruiterOrIntermediary", "Exploiter"]]),
                role_details=rng.choice(TEXTS),
            )


@pytest.fixture
def generated(frontline: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """60 cases, read 7 at a time so that every test crosses chunk boundaries."""
    monkeypatch.setattr(export, "CHUNK", 7)
    _generate(frontline, 60)


def _xlsx_parts(content: bytes) -> dict[str, bytes]:
    """Every part of the workbook; docProps/core.xml only without its creation and change
    times, which differ between two saves."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    core = parts.pop("docProps/core.xml")
    parts["docProps/core.xml"] = b"".join(
        piece.split(b"</dcterms:", 1)[-1] for piece in core.split(b"<dcterms:")
    )
    return parts


def test_the_records_equal_the_old_exports(generated):
    old = [legacy_export.case_record(case) for case in legacy_export.cases_to_export()]
    new = list(export.iter_records(export.cases_to_export()))
    assert len(new) == 60 and new == old


def test_the_streamed_json_is_the_old_bytes(generated):
    out = StringIO()
    export.write_json_array(export.cases_to_export(), out)
    assert out.getvalue() == legacy_export.json_array(legacy_export.cases_to_export())


@pytest.mark.parametrize("output_format", ["json", "csv", "xlsx"])
def test_each_rendered_format_is_the_old_bytes(generated, output_format):
    new = export.render(export.iter_records(export.cases_to_export()), output_format)
    old = legacy_export.render(
        legacy_export.iter_records(legacy_export.cases_to_export()), output_format
    )
    if output_format == "xlsx":
        assert isinstance(new, bytes) and isinstance(old, bytes)
        assert _xlsx_parts(new) == _xlsx_parts(old)
    else:
        assert new == old


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_a_streamed_table_is_the_old_bytes(generated, output_format, tmp_path):
    path = tmp_path / f"export.{output_format}"
    call_command("htcds", "export", "--format", output_format, "--output", str(path))
    old = legacy_export.render(
        legacy_export.iter_records(legacy_export.cases_to_export()), output_format
    )
    if output_format == "xlsx":
        assert isinstance(old, bytes)
        assert _xlsx_parts(path.read_bytes()) == _xlsx_parts(old)
    else:
        assert path.read_bytes().decode("utf-8") == old


def test_one_organisations_export_is_the_old_one_among_anothers_cases(generated, frontline):
    other = make_user(
        Organisation.objects.create(name="Other NGO", org_type="NGO", country="GB"),
        Role.CASE_MANAGER,
        username="other",
    )
    for seed in range(12):  # the two organisations' cases, events and contexts interleaved
        _generate(other, 1, seed=seed)
        _generate(frontline, 1, seed=100 + seed)
    for organisation in (frontline.organisation, other.organisation):
        old = legacy_export.json_array(legacy_export.cases_to_export(organisation))
        out = StringIO()
        export.write_json_array(export.cases_to_export(organisation), out)
        assert out.getvalue() == old
    assert export.columns_of(export.cases_to_export(other.organisation)) == columns(
        list(legacy_export.iter_records(legacy_export.cases_to_export(other.organisation)))
    )


def test_the_csv_on_stdout_is_the_old_bytes(generated):
    out = StringIO()
    call_command("htcds", "export", "--format", "csv", stdout=out)
    old = legacy_export.render(legacy_export.iter_records(legacy_export.cases_to_export()), "csv")
    assert out.getvalue() == old


def test_the_command_still_writes_one_audit_event(generated):
    from haven.audit.models import AuditEvent

    call_command("htcds", "export", "--format", "json", stdout=StringIO())
    event = AuditEvent.objects.get(action="htcds.exported")
    assert event.details["cases"] == 60
    assert event.details["events"] == TraffickingEvent.objects.count()
    assert event.details["perpetrator_contexts"] == PerpetratorContext.objects.count()


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, float("nan"), float("inf"), -float("inf")], "b": {}, "c": []},
        {"nested": [{"x": [{"y": None}]}, [], [[]]], "t": True, "f": False, "%": "%s"},
        {"": "", "ü": ["é", "\u0000", "\x7f"]},
    ],
)
def test_the_encoder_writes_what_json_dumps_writes(value):
    assert encode(value, 0) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dumps_record(value) == json.dumps(value, indent=2, ensure_ascii=False)


@pytest.mark.parametrize(
    "token", ["v1:nokey:AAAA", "v2:x:y", "garbage", "v1:{key}:AAAAAAAAAAAAAAAAAAAAAAAA"]
)
def test_a_token_that_does_not_decrypt_fails_as_the_old_export_failed(frontline, token):
    """The old export decrypted through the model field, that is haven.crypto.cipher.decrypt:
    the error is that one's, word for word."""
    from django.db import connection

    from haven.crypto.cipher import DecryptionError, decrypt
    from haven.crypto.keys import current_keyring

    _generate(frontline, 2)
    stored = token.format(key=current_keyring().primary)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cases_person SET first_name = %s", [stored])
    with pytest.raises(DecryptionError) as expected:
        decrypt(stored, context="cases.person.first_name")
    with pytest.raises(DecryptionError) as new:
        list(export.iter_records(export.cases_to_export()))
    assert str(new.value) == str(expected.value)
