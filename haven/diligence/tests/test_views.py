"""Pages: who reaches them, what they record, and what the portal never shows."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.diligence import actions
from haven.diligence.matrix import read_matrix
from haven.diligence.models import Recommendation
from haven.diligence.plan import due_dates
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def planner(ministry):
    return make_user(ministry, Role.PLAN_MANAGER, username="planner")


@pytest.fixture
def focal(ministry):
    return make_user(ministry, Role.GOVERNMENT_FOCAL_POINT, username="focal")


@pytest.fixture
def plan(trafficking_matrix, planner, focal):
    actions.do_import_matrix(
        read_matrix(trafficking_matrix), state="SI", mechanism="UPR", cycle=4, acting_user=planner
    )
    rec = Recommendation.objects.get(number="140.82")
    body = actions.do_add_institution(
        state="SI", name="Ministry", kind="ministry", acting_user=planner
    )
    measure = actions.do_create_measure(
        [rec], title="Fund shelters", institution=body, target_date=None, acting_user=planner
    )
    start = date.today() - timedelta(days=100)
    indicator = actions.do_add_indicator(
        measure, name="Shelter places", manager=focal, start=start,
        end=start + timedelta(days=365), frequency_months=3, acting_user=planner,
    )  # fmt: skip
    return rec, measure, indicator


PAGES = ["index", "import", "institutions", "due", "clusters", "assessments", "export"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_render_for_the_plan_manager_or_refuse(client, planner, frontline, name, plan):
    client.force_login(planner)
    expected = 403 if name == "assessments" else 200
    assert client.get(reverse(f"diligence:{name}"), {"state": "SI"}).status_code == expected
    client.force_login(frontline)
    assert client.get(reverse(f"diligence:{name}")).status_code == 403


def test_detail_pages_render_and_each_read_is_audited(client, planner, plan):
    rec, measure, indicator = plan
    client.force_login(planner)
    for name, pk in (
        ("recommendation", rec.pk),
        ("measure", measure.pk),
        ("indicator", indicator.pk),
    ):
        assert client.get(reverse(f"diligence:{name}", args=[pk])).status_code == 200
    read = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"recommendation.read", "measure.read", "indicator.read"} <= read


def test_a_monitoring_body_reads_the_plan_but_cannot_change_it(client, ministry, plan):
    rec, measure, _ = plan
    client.force_login(make_user(ministry, Role.MONITORING_BODY))
    assert client.get(reverse("diligence:recommendation", args=[rec.pk])).status_code == 200
    post = client.post(
        reverse("diligence:publish", args=["measure", measure.pk]), {"published": "1"}
    )
    assert post.status_code == 403


def test_a_missing_record_and_a_forbidden_one_look_the_same(client, ministry, plan):
    rec, _, _ = plan
    client.force_login(make_user(ministry, Role.MONITORING_BODY))
    assert client.get(reverse("diligence:recommendation", args=[rec.pk + 999])).status_code == 404


def test_the_portal_shows_only_what_was_published_and_no_one_s_name(client, planner, plan):
    rec, measure, indicator = plan
    report = actions.do_report_progress(
        indicator, due_date=_first_due(indicator), text="Forty places opened.",
        figures={"places": 40}, evidence="", acting_user=planner,
    )  # fmt: skip
    portal = reverse("diligence:portal")
    assert "140.82" not in client.get(portal).content.decode()
    actions.do_publish("recommendation", rec.pk, published=True, acting_user=planner)
    page = client.get(portal).content.decode()
    assert "140.82" in page and "Fund shelters" not in page  # measure still a draft
    actions.do_publish("measure", measure.pk, published=True, acting_user=planner)
    page = client.get(portal).content.decode()
    assert "Fund shelters" in page and "Forty places opened." not in page
    actions.do_publish("report", report.pk, published=True, acting_user=planner)
    page = client.get(portal).content.decode()
    assert "Forty places opened." in page
    assert "planner" not in page and "focal" not in page and "140.83" not in page


def _first_due(indicator):
    return due_dates(indicator.start, indicator.end, indicator.frequency_months)[0]


def test_export_has_a_row_per_report_with_its_measure(client, planner, plan):
    _, _, indicator = plan
    actions.do_report_progress(
        indicator, due_date=_first_due(indicator), text="Done.", figures={"places": 40},
        evidence="Report 1", acting_user=planner,
    )  # fmt: skip
    client.force_login(planner)
    content = client.get(reverse("diligence:export"), {"state": "SI"}).content.decode("utf-8-sig")
    lines = content.strip().splitlines()
    assert lines[0].startswith("State,Mechanism,Cycle,Number")
    assert any("Fund shelters" in line and "places = 40" in line for line in lines)
    xlsx = client.get(reverse("diligence:export"), {"state": "SI", "format": "xlsx"})
    assert xlsx.content[:2] == b"PK"


def test_guidance_is_adopted_from_its_page_keeping_its_citation(client, planner):
    from haven.corpus.models import Document, Guidance

    document = Document.objects.create(key="A/99/2", symbol="A/99/2", source_filename="x.txt")
    guidance = Guidance.objects.create(
        document=document, kind=Guidance.REFERENCE, key="row-1", position=1,
        text="Protect victims of trafficking.", citation="A/99/2, para. 3", strength="should",
    )  # fmt: skip
    client.force_login(planner)
    assert "A/99/2, para. 3" in client.get(reverse("diligence:guidance")).content.decode()
    response = client.post(reverse("diligence:adopt_guidance", args=[guidance.pk]), {"state": "si"})
    rec = Recommendation.objects.get(origin=Recommendation.GUIDANCE)
    assert response.url == reverse("diligence:recommendation", args=[rec.pk])
    assert (rec.state, rec.source_citation) == ("SI", "A/99/2, para. 3")


def test_a_recommendation_entered_by_hand_is_tagged_like_an_imported_one(client, planner):
    client.force_login(planner)
    response = client.post(
        reverse("diligence:new_recommendation"),
        {"state": "SI", "mechanism": "GRETA", "cycle": "3", "number": "para. 112",
         "text": "Ensure compensation for victims of trafficking.", "position": "",
         "recommending_states": "", "themes": "trafficking; remedies"},
    )  # fmt: skip
    rec = Recommendation.objects.get(mechanism="GRETA")
    assert response.url == reverse("diligence:recommendation", args=[rec.pk])
    assert rec.origin == Recommendation.MANUAL and rec.themes == ["trafficking", "remedies"]
    assert "remedies" in rec.areas and "compensation" in rec.rights


def test_one_measure_answers_a_cluster_of_similar_recommendations(client, planner):
    texts = ["Strengthen assistance to victims of trafficking in persons",
             "Step up assistance to victims of trafficking"]  # fmt: skip
    recs = [
        actions.do_create_recommendation(
            acting_user=planner,
            state="SI",
            mechanism="UPR",
            cycle=3,
            number=f"1.{i}",
            text=text,
            themes=["Prohibition of slavery, trafficking"],
        )  # fmt: skip
        for i, text in enumerate(texts)
    ]
    body = actions.do_add_institution(
        state="SI", name="Ministry", kind="ministry", acting_user=planner
    )
    client.force_login(planner)
    page = client.get(reverse("diligence:clusters"), {"state": "SI"}).content.decode()
    assert "Create measure for 2 recommendations" in page
    client.post(
        reverse("diligence:create_measure", args=[recs[0].pk]),
        {"title": "Shelters", "institution": body.pk, "also": [recs[1].pk]},
    )
    measure = recs[0].measures.get()
    assert set(measure.recommendations.all()) == set(recs)
