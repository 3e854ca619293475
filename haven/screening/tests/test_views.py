import json
from io import StringIO

import pytest
from django.core.management import call_command

from haven.accounts.roles import Role
from haven.cases.actions import do_open_case
from haven.screening.models import Screening
from haven.screening.vocabulary import vocabulary
from haven.testing.fixtures import make_user


def interview_form(**changes):
    voc = vocabulary()
    form = {
        "jurisdiction": "GB",
        "encounter_date": "2026-02-01",
        "setting": "shelter",
        "interpreter": "unknown",
        "language": "",
        "age": "",
        "age_disputed": "on",
        "gender": "NonSpecifiedUnknown",
        "nationality": "",
        "unaccompanied": "true",
        "consent_to_record": "true",
        "acts_known": "some",
        "acts": ["recruitment"],
        "means_known": "unknown",
        "purposes_known": "some",
        "purposes": ["begging"],
    }
    form.update({f"ind_{code}": "not_asked" for code in voc.indicators})
    form.update(changes)
    return form


@pytest.fixture
def case(frontline):
    return do_open_case(first_name="Ama", acting_user=frontline)


def test_the_interview_page_records_the_screening_and_shows_rights_and_alerts(
    client, frontline, case, jurisdictions
):
    client.force_login(frontline)
    assert client.get(f"/screening/case/{case.pk}/interview/").status_code == 200
    response = client.post(
        f"/screening/case/{case.pk}/interview/", interview_form(vuln_extreme_poverty="on")
    )
    screening = Screening.objects.get()
    assert response["Location"] == f"/screening/{screening.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Early support: recommended" in page
    assert "Presumed child" in page and "Guardian required" in page
    assert "Recovery and reflection period" in page


def test_the_page_and_the_command_agree_on_the_same_record(
    client, frontline, case, jurisdictions, tmp_path
):
    client.force_login(frontline)
    client.post(f"/screening/case/{case.pk}/interview/", interview_form())
    screening = Screening.objects.get()
    path = tmp_path / "record.json"
    path.write_text(screening.record)
    out = StringIO()
    call_command("screen", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(screening.result)


def test_a_known_list_with_nothing_ticked_is_refused(client, frontline, case, jurisdictions):
    client.force_login(frontline)
    response = client.post(f"/screening/case/{case.pk}/interview/", interview_form(acts=[]))
    assert "Tick what is known" in response.content.decode()
    assert not Screening.objects.exists()


def test_a_colleague_s_case_cannot_be_interviewed_by_a_worker_who_cannot_see_it(
    client, ngo, case, jurisdictions
):
    other = make_user(ngo, Role.FRONTLINE_WORKER)
    client.force_login(other)
    assert client.get(f"/screening/case/{case.pk}/interview/").status_code == 404


def test_the_person_s_copy_speaks_plainly_of_rights_deadlines_and_help(
    client, frontline, screening
):
    client.force_login(frontline)
    page = client.get(f"/screening/{screening.pk}/copy/").content.decode()
    assert "Your rights" in page and "You do not have to help the police" in page
    assert "Legal help" in page


def test_the_decision_inbox_is_only_for_the_decision_team(client, frontline, team):
    client.force_login(frontline)
    assert client.get("/screening/inbox/").status_code == 403
    client.force_login(team[0])
    assert client.get("/screening/inbox/").status_code == 200
