"""ODK Collect's side of OpenRosa: list the forms, download them, send submissions made from
the HTCDS XLSForm and from Haven's generated interview form; each arrives as a draft."""

import base64
import json
import os
import uuid

import pytest
from defusedxml import ElementTree
from django.core.files.uploadedfile import SimpleUploadedFile

from haven.api import xforms
from haven.api.models import ApiClient, DraftStatus, SubmissionDraft
from haven.audit.models import AuditEvent
from haven.screening.record import parse_record

from .conftest import issue_token

pytestmark = pytest.mark.django_db
XF = "{http://www.w3.org/2002/xforms}"


def htcds_or_skip():
    try:
        return xforms.htcds_form()
    except xforms.FormMissing as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{error}: the standards must be present under CI")
        pytest.skip(f"{error} (set HAVEN_STANDARDS_DIR)")


@pytest.fixture
def worker_token(org_admin, frontline):
    return issue_token(org_admin, frontline, ["submissions:write"], name="ODK Collect")[1]


def basic(username, password):
    encoded = base64.b64encode(f"{username}:{password}".encode()).decode()
    return {"HTTP_AUTHORIZATION": f"Basic {encoded}"}


def filled(form, answers):
    """A submission as ODK Collect builds it: the form's own primary instance, answered."""
    root = ElementTree.fromstring(form.xml.encode())
    instance = next(root.iter(f"{XF}instance"))
    data = next(iter(instance))
    for element in data.iter():
        name = element.tag.rpartition("}")[2]
        if name in answers:
            element.text = answers[name]
        elif name == "instanceID":
            element.text = f"uuid:{uuid.uuid4()}"
    return ElementTree.tostring(data)


def submit(client, xml, auth, secure=True):
    upload = SimpleUploadedFile("submission.xml", xml, content_type="text/xml")
    return client.post(
        "/openrosa/submission", {"xml_submission_file": upload}, secure=secure, **auth
    )


def test_the_form_list_offers_both_forms_to_a_signed_in_worker(client, frontline, worker_token):
    htcds = htcds_or_skip()
    response = client.get("/openrosa/formList", secure=True, **basic("frontline", worker_token))
    assert response.status_code == 200
    assert response["X-OpenRosa-Version"] == "1.0"
    ids = [e.text for e in ElementTree.fromstring(response.content).iter() if "formID" in e.tag]
    assert ids == ["htcds_xlsform", "haven_interview"]
    download = client.get(
        "/openrosa/forms/htcds_xlsform.xml", secure=True, **basic("frontline", worker_token)
    )
    assert download.content.decode() == htcds.xml


def test_an_htcds_submission_arrives_as_a_draft(client, frontline, worker_token):
    form = htcds_or_skip()
    xml = filled(form, {"prs_First_Name": "Lan", "prs_Gender": "Feminine"})
    response = submit(client, xml, basic("frontline", worker_token))
    assert response.status_code == 201, response.content
    draft = SubmissionDraft.objects.get()
    assert (draft.form_id, draft.status, draft.worker) == (
        "htcds_xlsform",
        DraftStatus.DRAFT,
        frontline,
    )
    assert json.loads(draft.answers) == {"prs_First_Name": "Lan", "prs_Gender": "Feminine"}
    assert AuditEvent.objects.filter(action="openrosa.received").count() == 1


def test_an_interview_submission_reads_back_as_the_screening_record(client, worker_token):
    answers = {
        "encounter_date": "2026-01-15",
        "setting": "labour_inspection",
        "age": "16",
        "vulnerabilities": "irregular_residence_status fear_of_deportation",
        "ind_deceived_nature_of_job": "yes",
        "ind_deceived_contract": "not_asked",
        "acts": "recruitment",
        "detained": "no",
        "consent_to_record": "yes",
    }
    response = submit(
        client, filled(xforms.interview_form(), answers), basic("frontline", worker_token)
    )
    assert response.status_code == 201, response.content
    draft = SubmissionDraft.objects.get(form_id="haven_interview")
    record = parse_record(json.dumps(xforms.record_from_answers(json.loads(draft.answers))))
    assert record.person.age == 16
    assert record.answer("deceived_nature_of_job") == "yes"
    assert record.answer("deceived_contract") == "not_asked"
    assert record.facts.acts == ["recruitment"] and record.facts.means is None
    assert record.situation.detained is False and record.person.unaccompanied is None


def test_a_repeated_instance_id_is_refused(client, worker_token):
    xml = filled(xforms.interview_form(), {"encounter_date": "2026-01-15"})
    assert submit(client, xml, basic("frontline", worker_token)).status_code == 201
    again = submit(client, xml, basic("frontline", worker_token))
    assert again.status_code == 409
    assert SubmissionDraft.objects.count() == 1


def test_submissions_need_tls_and_the_worker_s_own_token(client, frontline, worker_token):
    xml = filled(xforms.interview_form(), {"encounter_date": "2026-01-15"})
    assert submit(client, xml, basic("frontline", worker_token), secure=False).status_code == 403
    refused = submit(client, xml, basic("casemanager", worker_token))
    assert refused.status_code == 401 and "Basic" in refused["WWW-Authenticate"]
    assert submit(client, xml, basic("frontline", "hvn_x_wrong")).status_code == 401
    assert SubmissionDraft.objects.count() == 0


def test_the_interview_form_asks_every_indicator_of_the_vocabulary():
    from haven.screening.vocabulary import vocabulary

    names = {row["name"] for row in xforms.interview_xlsform()["survey"]}
    assert {f"ind_{code}" for code in vocabulary().indicators} <= names


def test_the_head_request_tells_collect_the_size_limit(client, worker_token):
    response = client.head("/openrosa/submission", secure=True, **basic("frontline", worker_token))
    assert response.status_code == 204
    assert int(response["X-OpenRosa-Accept-Content-Length"]) > 0


def test_a_worker_beyond_the_token_s_rate_is_told_to_wait(client, worker_token):
    ApiClient.objects.update(rate_per_minute=1)
    auth = basic("frontline", worker_token)
    statuses = [client.get("/openrosa/formList", secure=True, **auth).status_code for _ in "ab"]
    assert statuses == [200, 429]
