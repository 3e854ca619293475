import json

import pytest

from haven.accounts.roles import OrgType, Role
from haven.audit.models import AuditEvent
from haven.core.versioning import EditConflict
from haven.law.actions import do_load_builtin_jurisdictions, do_save_jurisdiction
from haven.law.forms import QUESTIONS
from haven.law.models import JurisdictionProfile
from haven.testing.fixtures import make_organisation, make_user

PAGES = [
    "/law/",
    "/law/instruments/",
    "/law/instruments/coe_convention/",
    "/law/provisions/",
    "/law/provisions/?strength=shall",
    "/law/rights/",
    "/law/rights/reflection_period/",
    "/law/definition/",
    "/law/profiles/protocol/",
    "/law/jurisdictions/",
    "/law/jurisdictions/GB/",
]
EDITORS = {Role.NATIONAL_COORDINATOR, Role.SYSTEM_ADMIN}


@pytest.fixture
def jurisdictions(db):
    do_load_builtin_jurisdictions()


@pytest.fixture
def coordinator(db):
    ministry = make_organisation("Ministry of Interior", OrgType.CENTRAL_GOVERNMENT)
    return make_user(ministry, Role.NATIONAL_COORDINATOR, username="coordinator")


@pytest.mark.parametrize("url", PAGES)
def test_every_legal_page_renders_with_its_citations(client, frontline, jurisdictions, url):
    client.force_login(frontline)
    response = client.get(url)
    assert response.status_code == 200
    if url.count("/") > 3:
        assert "Sources:" in response.content.decode() or "gap" in response.content.decode()


def test_a_right_shows_its_basis_and_sources(client, frontline):
    client.force_login(frontline)
    page = client.get("/law/rights/reflection_period/").content.decode()
    assert "Basis:" in page and "art. 13" in page and "lines" in page


def test_an_unknown_instrument_is_404(client, frontline):
    client.force_login(frontline)
    assert client.get("/law/instruments/nothing/").status_code == 404


@pytest.mark.parametrize("role", list(Role))
def test_only_coordinators_and_system_administrators_edit_profiles(
    client, ngo, jurisdictions, role
):
    client.force_login(make_user(None if role is Role.SYSTEM_ADMIN else ngo, role))
    expected = 200 if role in EDITORS else 403
    assert client.get("/law/jurisdictions/GB/edit/").status_code == expected
    assert client.get("/law/profiles/new/").status_code == expected


def _jurisdiction_form(**changes):
    form = {
        "name": "United Kingdom",
        "definition_profile": "coe_convention",
        "reflection_days": "45",
        "appeal_days": "",
        "notes": "",
        "version": "1",
    }
    form.update({name: "unknown" for name in QUESTIONS})
    return {**form, **changes}


def test_every_yes_no_question_reads_the_protective_way_round(client, coordinator, jurisdictions):
    client.force_login(coordinator)
    response = client.post(
        "/law/jurisdictions/GB/edit/",
        _jurisdiction_form(residence_without_cooperation="false", free_legal_aid="true"),
    )
    assert response.status_code == 302
    gb = JurisdictionProfile.objects.get(code="GB")
    assert gb.residence_conditional_on_cooperation is True and gb.free_legal_aid is True
    page = client.get("/law/jurisdictions/GB/edit/").content.decode()
    assert "Residence can be granted without cooperating" in page
    assert "conditional" not in page.lower()


def test_a_jurisdiction_with_nothing_entered_is_not_assessed_and_named_not_coded(
    client, frontline, jurisdictions
):
    client.force_login(frontline)
    page = client.get("/law/jurisdictions/NO/").content.decode()
    assert "Not assessed:" in page and "No gap found" not in page
    assert ">coe_convention<" not in page and "Council of Europe" in page


def test_editing_a_jurisdiction_is_audited_with_what_changed(client, coordinator, jurisdictions):
    client.force_login(coordinator)
    response = client.post(
        "/law/jurisdictions/GB/edit/",
        _jurisdiction_form(reflection_days="20", ratified=["coe_convention"]),
    )
    assert response.status_code == 302
    gb = JurisdictionProfile.objects.get(code="GB")
    assert (gb.reflection_days, gb.ratified, gb.version) == (20, ["coe_convention"], 2)
    event = AuditEvent.objects.get(action="law.jurisdiction_saved")
    assert event.details["changes"]["reflection_days"] == [45, 20]
    assert "under the floor" in client.get("/law/jurisdictions/GB/").content.decode()


def test_a_stale_edit_is_refused_and_overwrites_nothing(client, coordinator, jurisdictions):
    gb = JurisdictionProfile.objects.get(code="GB")
    do_save_jurisdiction(
        jurisdiction=gb, data={"notes": "first"}, acting_user=coordinator, expected_version=1
    )
    client.force_login(coordinator)
    response = client.post("/law/jurisdictions/GB/edit/", _jurisdiction_form(notes="second"))
    assert "Someone else saved this record" in response.content.decode()
    assert JurisdictionProfile.objects.get(code="GB").notes == "first"


def test_a_coordinator_adds_a_national_profile_and_a_jurisdiction_that_uses_it(
    client, coordinator, jurisdictions
):
    client.force_login(coordinator)
    client.post(
        "/law/profiles/new/",
        {
            "code": "testland",
            "name": "Testland Penal Code",
            "country": "",
            "legal_reference": "Penal Code s. 12",
            "summary": "",
            "purposes": ["sexual_exploitation"],
            "requires_border_crossing": "on",
            "child_age": "18",
        },
    )
    response = client.post(
        "/law/jurisdictions/new/",
        _jurisdiction_form(
            code="TL",
            name="Testland",
            definition_profile="testland",
            reflection_days="30",
            version="",
        ),
    )
    assert response.status_code == 302
    page = client.get("/law/jurisdictions/TL/").content.decode()
    assert "border crossing" in page
    assert AuditEvent.objects.filter(action="law.definition_profile_saved").exists()


def test_a_built_in_profile_code_cannot_be_taken(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/law/profiles/new/",
        {
            "code": "protocol",
            "name": "x",
            "legal_reference": "x",
            "purposes": ["slavery"],
            "child_age": "18",
        },
    )
    assert "built-in" in response.content.decode()


def test_loading_built_ins_is_idempotent_and_keeps_edits(coordinator, jurisdictions):
    gb = JurisdictionProfile.objects.get(code="GB")
    do_save_jurisdiction(
        jurisdiction=gb, data={"reflection_days": 50}, acting_user=coordinator, expected_version=1
    )
    assert do_load_builtin_jurisdictions() == []
    assert JurisdictionProfile.objects.get(code="GB").reflection_days == 50


def test_the_api_answers_a_check_with_the_same_finding_as_the_cli(client, frontline, jurisdictions):
    client.force_login(frontline)
    body = {
        "jurisdiction": "GB",
        "facts": {"age": 16, "acts": ["recruitment"], "means": [], "purposes": ["begging"]},
    }
    data = client.post("/law/api/check/", json.dumps(body), content_type="application/json").json()
    assert data["overall"] == "met" and data["child"] == "yes"
    assert data["elements"]["means"]["basis"]


def test_the_api_names_the_bad_field(client, frontline, jurisdictions):
    client.force_login(frontline)
    response = client.post(
        "/law/api/check/",
        json.dumps({"facts": {"means": ["magic"]}}),
        content_type="application/json",
    )
    assert response.status_code == 400 and "means" in response.json()["error"]


def test_the_api_lists_instruments_rights_and_gaps(client, frontline, jurisdictions):
    client.force_login(frontline)
    assert len(client.get("/law/api/instruments/").json()["instruments"]) >= 25
    assert client.get("/law/api/rights/").json()["rights"][0]["basis"]
    gaps = client.get("/law/api/jurisdictions/INTL/gaps/").json()
    assert gaps["jurisdiction"] == "INTL" and "not_assessed" in gaps


def test_a_citation_links_to_the_ingested_paragraph_that_holds_the_cited_line(client, frontline):
    from haven.corpus.actions import do_ingest_file
    from haven.law.loader import law

    right = law().rights["reflection_period"]
    source = next(s for s in right.sources if s.doc == "003")
    numbered = [f"{n}. Paragraph text number {n}." for n in range(1, source.last_line + 5)]
    text = "\n".join(["Heading", "", *numbered]).encode()
    do_ingest_file("003_fixture.txt", text, symbol="TEST/003", acting_user=None)
    client.force_login(frontline)
    page = client.get("/law/rights/reflection_period/").content.decode()
    assert '<a href="/corpus/documents/' in page and "#para-" in page


def test_the_expected_version_is_required_and_0_means_must_not_exist(coordinator, jurisdictions):
    gb = JurisdictionProfile.objects.get(code="GB")
    with pytest.raises(TypeError):
        do_save_jurisdiction(jurisdiction=gb, data={"notes": "x"}, acting_user=coordinator)
    with pytest.raises(EditConflict):
        do_save_jurisdiction(
            jurisdiction=gb, data={"notes": "x"}, acting_user=coordinator, expected_version=0
        )
    new = {"code": "ZZ", "name": "Z", "definition_profile": "protocol", "reflection_days": 30}
    with pytest.raises(EditConflict):
        do_save_jurisdiction(
            jurisdiction=None, data=new, acting_user=coordinator, expected_version=3
        )
    do_save_jurisdiction(jurisdiction=None, data=new, acting_user=coordinator, expected_version=0)
    with pytest.raises(EditConflict, match="Someone else created"):
        do_save_jurisdiction(
            jurisdiction=None, data=new, acting_user=coordinator, expected_version=0
        )
    assert JurisdictionProfile.objects.filter(code="ZZ").count() == 1
    assert JurisdictionProfile.objects.get(code="GB").notes == gb.notes


def test_two_people_creating_the_same_code_get_a_clear_conflict_not_a_server_error(
    client, coordinator, jurisdictions
):
    form = {**_jurisdiction_form(), "code": "ZZ", "name": "Zedland", "version": ""}
    client.force_login(coordinator)
    assert client.post("/law/jurisdictions/new/", form).status_code == 302
    again = client.post("/law/jurisdictions/new/", form)
    assert again.status_code == 200 and "already exists" in again.content.decode()
    assert JurisdictionProfile.objects.filter(code="ZZ").count() == 1


def test_a_creation_race_lost_at_the_database_is_a_conflict_not_an_integrity_error(
    coordinator, jurisdictions, monkeypatch
):
    """The other creator's row was not visible when we looked, but the insert meets it."""
    from django.db.models import QuerySet

    new = {"code": "GB", "name": "Again", "definition_profile": "protocol", "reflection_days": 30}
    monkeypatch.setattr(QuerySet, "exists", lambda self: False)
    with pytest.raises(EditConflict, match="Someone else created"):
        do_save_jurisdiction(
            jurisdiction=None, data=new, acting_user=coordinator, expected_version=0
        )
    monkeypatch.undo()
    assert JurisdictionProfile.objects.get(code="GB").name != "Again"
    assert not AuditEvent.objects.filter(action="law.jurisdiction_saved").exists()
