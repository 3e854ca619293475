"""Screenings through the API: the same contract and the same engine as `haven screen`."""

import pytest

from haven.screening.models import Screening

from .conftest import INTERVIEW, bearer, issue_token, post_json

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("jurisdictions")]


@pytest.fixture
def token(org_admin, frontline):
    return issue_token(org_admin, frontline, ["screenings:read"])[1]


def test_screening_without_storing_gives_the_result_and_keeps_nothing(client, token):
    response = post_json(client, "/api/v1/screen", INTERVIEW, token)
    assert response.status_code == 200
    assert {"reasonable_grounds", "rights", "alerts"} <= set(response.json())
    assert not Screening.objects.exists()


def test_an_unknown_jurisdiction_is_a_clear_400(client, token):
    response = post_json(client, "/api/v1/screen", {**INTERVIEW, "jurisdiction": "ZZ"}, token)
    assert response.status_code == 400 and "ZZ" in response.json()["detail"]


def test_a_record_breaking_the_contract_names_the_field(client, token):
    response = post_json(client, "/api/v1/screen", {"encounter": {}}, token)
    assert response.status_code == 400 and "encounter.date" in response.json()["detail"]


def test_a_body_that_is_not_utf8_is_refused_not_a_server_error(client, token):
    response = client.post(
        "/api/v1/screen", b"\xff\xfe", content_type="application/json", **bearer(token)
    )
    assert response.status_code == 400 and "UTF-8" in response.json()["detail"]
