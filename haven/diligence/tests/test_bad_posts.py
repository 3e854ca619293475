"""Posts the form fuzz (haven/core/tests/test_fuzz_every_form.py) found giving server errors:
each is now a clear answer that writes nothing."""

import pytest

from haven.audit.models import AuditEvent
from haven.audit.registry import WRITE, kind
from haven.testing import pages_seed


@pytest.fixture
def seeded(db):
    return pages_seed.seed()


@pytest.mark.parametrize("next_url", ["junk", "https://elsewhere.example/", "//evil/", ""])
def test_publish_goes_back_only_to_a_page_of_this_site(client, seeded, next_url):
    client.force_login(seeded.personas["planner"])
    url = f"/diligence/publish/recommendation/{seeded.pk('recommendation')}/"
    response = client.post(url, {"published": "1", "next": next_url})
    assert response.status_code == 302 and response["Location"] == "/diligence/"


def test_publish_keeps_a_next_page_on_this_site(client, seeded):
    client.force_login(seeded.personas["planner"])
    url = f"/diligence/publish/recommendation/{seeded.pk('recommendation')}/"
    response = client.post(url, {"published": "1", "next": "/diligence/clusters/"})
    assert response["Location"] == "/diligence/clusters/"


@pytest.mark.parametrize("finding", [None, "", "x", "99999999999999999999", "0", "٣"])
def test_a_missing_or_bad_finding_id_is_not_found_and_writes_nothing(client, seeded, finding):
    client.force_login(seeded.personas["monitor"])
    before = AuditEvent.objects.order_by("-seq").first().seq
    data = {} if finding is None else {"finding": finding}
    url = f"/diligence/assessments/{seeded.pk('diligence_assessment')}/"
    assert client.post(url, data).status_code == 404
    since = AuditEvent.objects.filter(seq__gt=before).values_list("action", flat=True)
    assert [a for a in since if kind(a) == WRITE] == []  # opening the assessment is a read
