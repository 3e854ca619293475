"""`haven recommendations import` and `list`, on the real matrices and on bad files."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.diligence.actions import do_correct_tags
from haven.diligence.models import Recommendation
from haven.diligence.tests.conftest import MATRICES
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(ngo):
    return make_user(ngo, Role.PLAN_MANAGER, username="planner")


def _import(path, cycle, *extra, user="planner"):
    out = StringIO()
    call_command(
        "recommendations", "import", str(path), "--state", "SI", "--mechanism", "UPR",
        "--cycle", str(cycle), "--user", user, *extra, stdout=out,
    )  # fmt: skip
    return out.getvalue()


def _list(*extra):
    out = StringIO()
    call_command("recommendations", "list", "--state", "SI", *extra, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_both_real_matrices_import_every_recommendation(samples, manager):
    first = json.loads(_import(samples / MATRICES[0], 2, "--json"))
    second = json.loads(_import(samples / MATRICES[1], 3, "--json"))
    assert (first["created"], second["created"]) == (163, 215)
    assert Recommendation.objects.filter(cycle=2).count() == 163
    assert Recommendation.objects.filter(cycle=3).count() == 215
    assert AuditEvent.objects.filter(action="recommendation.imported").count() == 2
    rows = _list()
    assert len(rows) == 378
    keys = {"number", "text", "recommending_states", "position", "position_source", "themes",
            "sdgs", "mechanism", "cycle", "state"}  # fmt: skip
    assert all(keys <= set(row) for row in rows)


def test_trafficking_recommendations_are_tagged_with_evidence(samples, manager):
    _import(samples / MATRICES[1], 3)
    trafficking = _list("--theme", "trafficking")
    assert trafficking and all(row["areas"] for row in trafficking if "traffick" in row["text"])
    tagged = next(row for row in trafficking if row["areas"])
    assert tagged["tag_evidence"]["areas"][tagged["areas"][0]]  # the words that suggested it


def test_list_filters_by_position_and_theme(trafficking_matrix, manager):
    _import(trafficking_matrix, 4)
    (noted,) = _list("--position", "noted")
    assert noted["number"] == "140.83" and noted["text"].endswith("(No. 189)")
    (row,) = _list("--theme", "slavery")
    expected = {
        "number": "140.82",
        "recommending_states": ["Paraguay"],
        "position": "supported",
        "position_source": "A/HRC/59/15/Add.1, para. 4",
        "sdgs": ["5"],
        "mechanism": "UPR",
        "cycle": 4,
        "state": "SI",
        "text": "Strengthen assistance to victims of trafficking in persons",
    }
    assert row == {**row, **expected}
    assert "identification_assistance" in row["areas"] and "assistance" in row["rights"]


def test_a_bad_file_imports_nothing_and_names_the_problem(tmp_path, manager):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"plain text")
    with pytest.raises(CommandError, match=r"bad.docx: not a Word"):
        _import(bad, 3)
    with pytest.raises(CommandError, match="file not found|cannot read"):
        _import(tmp_path / "missing.docx", 3)
    assert not Recommendation.objects.exists()
    assert not AuditEvent.objects.filter(action="recommendation.imported").exists()


def test_only_a_plan_manager_imports(trafficking_matrix, ngo):
    make_user(ngo, Role.MONITORING_BODY, username="rapporteur")
    with pytest.raises(CommandError, match="may not manage_plan"):
        _import(trafficking_matrix, 4, user="rapporteur")
    with pytest.raises(CommandError, match="no user 'nobody'"):
        _import(trafficking_matrix, 4, user="nobody")
    assert not Recommendation.objects.exists()


def test_reimport_updates_in_place_and_keeps_a_correction(trafficking_matrix, manager):
    _import(trafficking_matrix, 4)
    rec = Recommendation.objects.get(number="140.82")
    do_correct_tags(rec, areas=["remedies"], rights=["compensation"], acting_user=manager)
    again = json.loads(_import(trafficking_matrix, 4, "--json"))
    assert (again["created"], again["updated"]) == (0, 2)
    rec.refresh_from_db()
    assert (rec.areas, rec.rights, rec.tags_corrected) == (["remedies"], ["compensation"], True)


def test_an_unknown_state_code_is_refused(trafficking_matrix, manager):
    with pytest.raises(CommandError, match="not an ISO 3166-1 alpha-2 code"):
        call_command("recommendations", "list", "--state", "XX", "--json")
