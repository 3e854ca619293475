"""Bad HTCDS input and output: each a named error that writes nothing (issue 16, F9-F10)."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from haven.accounts.models import Organisation
from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.cases.models import Case
from haven.htcds import export
from haven.htcds.importer import ImportRefused, import_file
from haven.testing.fixtures import make_user


@pytest.fixture
def receiver(db):
    organisation = Organisation.objects.create(name="Empty Shelter", org_type="NGO", country="GB")
    return make_user(organisation, Role.CASE_MANAGER, username="receiver")


def test_a_128_kib_csv_field_is_refused_with_its_line(receiver, tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("prs_FirstName,cas_Status\n" + "A" * (128 * 1024 + 1) + ",Active\n")
    with pytest.raises(ImportRefused, match="line 2: field larger than field limit"):
        import_file(path, acting_user=receiver)
    assert not Case.objects.exists()


@pytest.mark.parametrize("character", ["\u0000", "\u001b"])
def test_a_control_character_in_an_imported_name_is_refused(receiver, tmp_path, character):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"prs_FirstName": f"An{character}a", "cas_Status": "Active"}]))
    with pytest.raises(ImportRefused, match="prs_FirstName: holds the control character U\\+00"):
        import_file(path, acting_user=receiver)
    assert not Case.objects.exists()


def test_a_control_character_in_a_name_no_longer_breaks_the_xlsx_export(frontline, tmp_path):
    do_open_case(first_name="Ana\u001b[31m", acting_user=frontline)
    out: Path = tmp_path / "export.xlsx"
    call_command("htcds", "export", "--format", "xlsx", "--output", str(out))
    sheet = load_workbook(out, read_only=True).worksheets[0]
    assert "Ana[31m" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert AuditEvent.objects.filter(action="htcds.exported").count() == 1


def test_an_export_that_fails_is_not_audited_as_made(frontline, tmp_path, monkeypatch):
    do_open_case(first_name="Ana", acting_user=frontline)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(export, "write_xlsx", broken)
    with pytest.raises((OSError, CommandError)):
        call_command("htcds", "export", "--format", "xlsx", "--output", str(tmp_path / "x.xlsx"))
    assert not AuditEvent.objects.filter(action="htcds.exported").exists()
