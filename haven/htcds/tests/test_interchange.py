"""HTCDS export and import: round trips in every format, every invalid value reported with its
row and field, partial imports, and XLSForm submissions."""

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from haven.accounts.models import Organisation, User
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.models import (
    Case,
    PerpetratorContext,
    Person,
    TraffickingEvent,
    VictimContext,
)
from haven.htcds import records
from haven.htcds.export import export_file, export_records, render
from haven.htcds.importer import ImportRefused, import_file, read_file
from haven.testing.fixtures import make_user

PERSON = ("first_name", "middle_name", "second_name", "birthdate", "gender", "nationality")
CASE = ("status", "closure_reason")
EVENT = tuple(TraffickingEvent.HTCDS_FIELDS.values())


@pytest.fixture
def cases(frontline: User) -> list[Case]:
    """Two cases with everything Haven holds in HTCDS terms, one bare case."""
    full = _case(frontline, "Ana", second="Popescu", middle="Maria", born=datetime.date(1990, 4, 2))
    full.status, full.closure_reason = "Closed", '=moved on; safe, "well"\nnew line'
    full.save()
    Person.objects.filter(pk=full.person_id).update(gender="Feminine", nationality="RO")
    VictimContext.objects.create(
        case=full,
        trafficking_status="ActualVictimOfTrafficking",
        status_decided_by="Police",
        relationship_to_trafficker="Unaquainted",
        age_when_trafficked=17,
        methods_of_recruitment=["ThroughOnlineSocialNetworks", "AtWork"],
        recruitment_country="RO",
        methods_of_control=["DebtBondage", "TakesEarnings"],
        types_of_exploitation=["ForcedLabour"],
        forced_labour_industry="F_Construction",
        exploitation_country="GB",
        vulnerabilities=["Poverty"],
        vulnerability_details="'quoted' -start",
        agreement_to_manage_personal_data=True,
    )
    TraffickingEvent.objects.create(
        case=full,
        event_type="Recruitment",
        country="RO",
        city="Iași",
        date=datetime.date(2023, 1, 5),
        description="met an agent",
    )
    TraffickingEvent.objects.create(case=full, event_type="Exploitation", country="GB")
    PerpetratorContext.objects.create(
        case=full, roles=["RecruiterOrIntermediary", "Exploiter"], role_details="+agent"
    )
    second = _case(frontline, "Oleh")
    PerpetratorContext.objects.create(case=second, roles=["Other"], role_details="")
    return [full, second, _case(frontline, "Lin", second="Wu")]


def _case(user: User, first: str, *, second: str = "", middle: str = "", born=None) -> Case:
    person = Person.objects.create(
        organisation=user.organisation,
        first_name=first,
        second_name=second,
        middle_name=middle,
        birthdate=born,
    )
    return Case.objects.create(
        organisation=user.organisation, person=person, opened_by=user, assigned_to=user
    )


@pytest.fixture
def receiver(db: None) -> User:
    organisation = Organisation.objects.create(name="Empty Shelter", org_type="NGO", country="GB")
    return make_user(organisation, Role.CASE_MANAGER, username="receiver")


def _export(tmp_path: Path, output_format: str, organisation=None) -> Path:
    path = tmp_path / f"export.{output_format}"
    content = render(export_records(organisation, output_format=output_format), output_format)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")
    return path


def _same_records(before: list[Case], after: list[Case]) -> None:
    """Field by field, encrypted fields included (read back decrypted from the database)."""
    assert len(before) == len(after)
    for sent, received in zip(before, after, strict=True):
        old = Case.objects.get(pk=sent.pk)
        new = Case.objects.get(pk=received.pk)
        assert new.pk != old.pk and new.organisation_id != old.organisation_id
        for name in PERSON:
            assert getattr(new.person, name) == getattr(old.person, name), name
        for name in CASE:
            assert getattr(new, name) == getattr(old, name), name
        old_vc = VictimContext.objects.filter(case=old).first()
        new_vc = VictimContext.objects.filter(case=new).first()
        assert (old_vc is None) == (new_vc is None)
        if old_vc and new_vc:
            for name in VictimContext.HTCDS_FIELDS.values():
                assert getattr(new_vc, name) == getattr(old_vc, name), name
        old_events = list(old.events.order_by("date", "pk"))
        new_events = list(new.events.order_by("date", "pk"))
        assert [[getattr(e, n) for n in EVENT] for e in new_events] == [
            [getattr(e, n) for n in EVENT] for e in old_events
        ]
        assert [(p.roles, p.role_details) for p in new.perpetrators.order_by("pk")] == [
            (p.roles, p.role_details) for p in old.perpetrators.order_by("pk")
        ]


@pytest.mark.parametrize("output_format", ["json", "csv", "xlsx"])
def test_round_trip_reproduces_the_same_records(output_format, cases, receiver, tmp_path):
    path = _export(tmp_path, output_format, cases[0].organisation)
    result = import_file(path, acting_user=receiver)
    assert result.imported == 3
    imported = list(Case.objects.filter(organisation=receiver.organisation).order_by("pk"))
    _same_records(sorted(cases, key=lambda c: c.pk), imported)
    assert all(case.opened_by == receiver for case in imported)
    # Exported again, the receiver's records are the sender's, but for owner and organisation.
    again = export_records(receiver.organisation)
    first = export_records(cases[0].organisation)
    for record in (*again, *first):
        del record["org_Name"], record["cas_CaseOwner"]
    assert again == first


def test_export_and_import_are_audited(cases, receiver, tmp_path):
    path = _export(tmp_path, "json")
    event = AuditEvent.objects.filter(action="htcds.exported").get()
    assert event.details["cases"] == 3 and event.details["events"] == 2
    assert event.actor is None
    import_file(path, acting_user=receiver)
    event = AuditEvent.objects.filter(action="htcds.imported").get()
    assert event.details["cases"] == 3 and event.details["format"] == "json"
    assert event.actor == receiver
    assert "Ana" not in json.dumps(event.details)


def test_json_uses_the_standards_names_and_value_names(cases, tmp_path):
    data = json.loads(_export(tmp_path, "json").read_text())
    ana = data[0]
    assert ana["prs_FirstName"] == "Ana" and ana["prs_Citizenship"] == ["RO"]
    assert ana["cas_Status"] == "Closed"
    assert ana["vic_MethodsOfControl"] == ["DebtBondage", "TakesEarnings"]
    assert ana["hte"][0]["hte_Type"] == "Recruitment"
    assert ana["hte"][0]["hte_Date"] == "2023-01-05"
    assert ana["per"] == [
        {"per_RoleInProcess": ["RecruiterOrIntermediary", "Exploiter"], "per_RoleDetails": "+agent"}
    ]
    names = {k for k in ana if k not in ("hte", "per")}
    assert all(records.catalogue.field(name) for name in names)


def test_csv_joins_multi_selects_and_numbers_events(cases, tmp_path):
    text = _export(tmp_path, "csv").read_text()
    header = text.splitlines()[0].split(",")
    assert "hte_Type[2]" in header and "per_RoleDetails[1]" in header
    assert "DebtBondage;TakesEarnings" in text
    assert "'=moved on" in text  # no spreadsheet formula


def test_xlsx_keeps_formula_like_text_as_text_and_credits_the_standard(cases, tmp_path):
    workbook = load_workbook(_export(tmp_path, "xlsx"))
    sheet = workbook.worksheets[0]
    column = [c.value for c in sheet[1]].index("cas_ReasonForCaseClosure")
    assert sheet.cell(row=2, column=column + 1).data_type == "s"
    assert "CC BY 4.0" in str([c.value for row in workbook["Attribution"] for c in row])


def _write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    return path


INVALID = (
    "prs_FirstName,prs_Gender,prs_Birthdate,cas_Status,vic_MethodsOfControl,prs_Citizenship\n"
    "Ana,Feminine,1990-01-02,Active,DebtBondage,RO\n"
    "Bo,female,1990-13-01,Active,DebtBondage;Beating,XX\n"
    ",Masculine,,Open,,\n"
)


def test_every_invalid_value_is_reported_with_row_and_field_and_nothing_imported(
    receiver, tmp_path
):
    path = _write_csv(tmp_path, INVALID)
    with pytest.raises(ImportRefused) as refused:
        import_file(path, acting_user=receiver)
    problems = refused.value.problems
    assert "row 3, prs_Gender: 'female' is not one of its values" in "\n".join(problems)
    for row, name in [
        (3, "prs_Gender"),
        (3, "prs_Birthdate"),
        (3, "vic_MethodsOfControl"),
        (3, "prs_Citizenship"),
        (4, "prs_FirstName"),
        (4, "cas_Status"),
    ]:
        assert any(p.startswith(f"row {row}, {name}: ") for p in problems), (row, name)
    assert len(problems) == 6
    assert not Case.objects.exists()
    assert not AuditEvent.objects.filter(action="htcds.imported").exists()


def test_the_command_exits_with_every_problem(receiver, tmp_path):
    path = _write_csv(tmp_path, INVALID)
    with pytest.raises(CommandError) as error:
        call_command("htcds", "import", str(path), "--user", "receiver")
    message = str(error.value)
    assert "nothing imported, 6 problems" in message
    assert f"{path}: row 4, prs_FirstName: required" in message
    assert not Case.objects.exists()


def test_partial_imports_the_valid_rows_and_reports_the_skipped(receiver, tmp_path):
    path = _write_csv(tmp_path, INVALID)
    out = StringIO()
    call_command("htcds", "import", str(path), "--user", "receiver", "--partial", stdout=out)
    assert "imported 1 cases" in out.getvalue()
    lines = out.getvalue().splitlines()
    row3 = next(line for line in lines if line.startswith("  skipped row 3: "))
    assert "prs_Gender: 'female' is not one of its values" in row3
    assert "prs_Birthdate: '1990-13-01' is not a date (YYYY-MM-DD)" in row3
    row4 = next(line for line in lines if line.startswith("  skipped row 4: "))
    assert "prs_FirstName: required" in row4 and "cas_Status: 'Open'" in row4
    case = Case.objects.get()
    assert case.person.first_name == "Ana"
    assert case.victim_context.methods_of_control == ["DebtBondage"]
    event = AuditEvent.objects.get(action="htcds.imported")
    assert event.details["skipped_rows"] == 2


def test_dry_run_writes_nothing(receiver, tmp_path):
    path = _write_csv(tmp_path, INVALID.splitlines()[0] + "\n" + INVALID.splitlines()[1] + "\n")
    out = StringIO()
    call_command("htcds", "import", str(path), "--user", "receiver", "--dry-run", stdout=out)
    assert "would import 1 cases" in out.getvalue()
    assert not Case.objects.exists()


def test_only_a_support_worker_imports_and_only_into_their_organisation(
    receiver, police, ngo, tmp_path
):
    path = _write_csv(tmp_path, "prs_FirstName\nAna\n")
    officer = make_user(police, Role.CASE_MANAGER, username="officer")
    with pytest.raises(CommandError, match="create_support_records"):
        call_command("htcds", "import", str(path), "--user", officer.username)
    with pytest.raises(CommandError, match="another organisation"):
        call_command("htcds", "import", str(path), "--user", "receiver", "--organisation", ngo.name)
    assert not Case.objects.exists()


def test_unknown_columns_are_refused(receiver, tmp_path):
    path = _write_csv(tmp_path, "prs_FirstName,prs_Nickname\nAna,A\n")
    with pytest.raises(ImportRefused, match="row 1, column 2: column 'prs_Nickname' is no HTCDS"):
        read_file(path)


XLSFORM_HEADER = [
    "start",
    "end",
    "con_Consent",
    "prs_First_Name",
    "prs_Second_Name",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_Email",
    "vic_MethodOfRecruitment",
    "vic_Methods_of_Control",
    "vic_Methods_of_Control/DebtBondage",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
    "cas_Status",
    "__version__",
    "meta/instanceID",
    "_id",
    "_uuid",
]


def test_an_xlsform_submission_imports(receiver, tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(XLSFORM_HEADER)
    sheet.append(
        [
            "2024-05-01T10:00:00",
            "2024-05-01T10:20:00",
            "TRUE",
            "Ana",
            "Popescu",
            datetime.datetime(1990, 4, 2),
            "Feminine",
            "ROU",
            "ana@example.org",
            "ThroughOnlineSocialNetworks",
            "DebtBondage  TakesEarnings",
            "1",
            "ForcedLabour",
            "F_Construction",
            "FollowUp",
            "vSmt4GQA3C9uBMLPEVfgND",
            "uuid:1",
            7,
            "abc",
        ]
    )
    path = tmp_path / "submissions.xlsx"
    workbook.save(path)
    plan = read_file(path)
    assert plan.problems == []
    result = import_file(path, acting_user=receiver)
    assert result.imported == 1
    case = Case.objects.get()
    assert (case.person.first_name, case.person.second_name) == ("Ana", "Popescu")
    assert case.person.birthdate == datetime.date(1990, 4, 2)
    assert (case.person.gender, case.person.nationality) == ("Feminine", "RO")
    assert case.status == "FollowUp"
    context = case.victim_context
    assert context.methods_of_control == ["DebtBondage", "TakesEarnings"]
    assert context.methods_of_recruitment == ["ThroughOnlineSocialNetworks"]
    assert context.forced_labour_industry == "F_Construction"
    assert dict(result.plan.not_stored) == {"con_Consent": 1, "prs_Email": 1}


def test_an_xlsform_csv_with_semicolons_reports_bad_choices(receiver, tmp_path):
    path = _write_csv(
        tmp_path,
        "start;prs_First_Name;vic_Methods_of_Control\n2024-05-01;Ana;DebtBondage Beating\n",
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(path, acting_user=receiver)
    values = ", ".join(records.catalogue.picklist("vic_MethodsOfControl"))
    assert refused.value.problems == [
        f"row 2, vic_MethodsOfControl: 'Beating' is not one of its values ({values})"
    ]


def test_record_lists_equal_the_models_htcds_fields():
    assert list(records.VICTIM_FIELDS) == list(VictimContext.HTCDS_FIELDS)
    assert list(records.EVENT_FIELDS) == list(TraffickingEvent.HTCDS_FIELDS)
    assert list(records.PERPETRATOR_FIELDS) == list(PerpetratorContext.HTCDS_FIELDS)


def test_the_command_prints_json(cases):
    out = StringIO()
    call_command("htcds", "export", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["prs_FirstName"] for r in data] == ["Ana", "Oleh", "Lin"]


@pytest.mark.parametrize("output_format", ["json", "csv"])
def test_an_export_does_not_change_with_the_interface_language(output_format, cases):
    from django.utils import translation

    english, _ = export_file(None, output_format)
    for language in ("ar", "fr", "zh-hans"):
        with translation.override(language):
            assert export_file(None, output_format)[0] == english, language
