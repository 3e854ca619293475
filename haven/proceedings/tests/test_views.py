import datetime

import pytest
from django.utils.formats import date_format

from haven.accounts.roles import Role
from haven.proceedings import actions
from haven.proceedings.models import RemedyClaim, RiskAssessment
from haven.testing.fixtures import make_user

from .conftest import DAY, screen
from .test_actions import FULL


def claim_form(**changes):
    form = {
        "form": "compensation",
        "channel": "criminal",
        "currency": "eur",
        "amount_claimed": "12000",
        "amount_awarded": "",
        "amount_paid": "",
        "filed_on": "",
        "limitation_on": "2026-10-01",
        "status": "preparing",
    }
    form.update(changes)
    return form


@pytest.fixture
def records(case, frontline):
    """One of each record on the case, so every page has something to open."""
    return {
        "proceeding": actions.do_record_proceeding(
            case=case, kind="criminal", acting_user=frontline
        ),
        "charge": actions.do_record_charge(
            case=case, offence="irregular_entry", acting_user=frontline
        ),
        "claim": actions.do_record_claim(
            case=case, form="compensation", channel="civil", acting_user=frontline
        ),
        "assessment": actions.do_save_risk_assessment(case=case, parts=FULL, acting_user=frontline),
    }


def pages(case, records):
    return [
        f"/proceedings/case/{case.pk}/proceeding/",
        f"/proceedings/case/{case.pk}/charge/",
        f"/proceedings/case/{case.pk}/claim/",
        f"/proceedings/case/{case.pk}/assessment/",
        f"/proceedings/case/{case.pk}/return/",
        f"/proceedings/proceeding/{records['proceeding'].pk}/",
        f"/proceedings/charge/{records['charge'].pk}/",
        f"/proceedings/claim/{records['claim'].pk}/",
        f"/proceedings/assessment/{records['assessment'].pk}/",
    ]


def test_each_page_opens_for_the_case_worker(client, frontline, case, records):
    client.force_login(frontline)
    for url in pages(case, records):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "outsider",
    [
        ("police", list(Role)),
        ("immigration", list(Role)),
        ("ngo", [Role.ENFORCEMENT_OFFICER, Role.SUPERVISOR]),
        ("other_ngo", [Role.SUPERVISOR]),
    ],
    ids=["police", "immigration", "enforcement-officer-in-the-ngo", "another-organisation"],
)
def test_enforcement_and_other_organisations_get_404(client, request, case, records, outsider):
    where, roles = outsider
    client.force_login(make_user(request.getfixturevalue(where), *roles))
    for url in pages(case, records):
        assert client.get(url).status_code == 404, url
    approve = f"/proceedings/assessment/{records['assessment'].pk}/approve/"
    assert client.post(approve, {"approved_on": "2026-02-02"}).status_code == 404


def test_a_reader_who_may_not_write_is_refused(client, ngo, case, records):
    client.force_login(make_user(ngo, Role.DECISION_TEAM))
    assert client.get(f"/proceedings/case/{case.pk}/claim/").status_code == 403


def test_a_claim_is_recorded_from_its_form_and_its_deadline_shows_on_the_case(
    client, frontline, case
):
    client.force_login(frontline)
    response = client.post(f"/proceedings/case/{case.pk}/claim/", claim_form())
    assert response["Location"] == f"/cases/{case.pk}/#proceedings"
    claim = RemedyClaim.objects.get()
    assert (claim.currency, str(claim.amount_claimed)) == ("EUR", "12000.00")
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Proceedings and remedies" in page and "12,000.00 EUR" in page
    due = date_format(datetime.date(2026, 10, 1), "DATE_FORMAT")  # the case page's own format
    assert f"Last day to file the compensation claim (Criminal proceedings): {due}" in page


def test_the_claim_form_explains_a_payment_above_the_award(client, frontline, case):
    client.force_login(frontline)
    response = client.post(
        f"/proceedings/case/{case.pk}/claim/",
        claim_form(amount_awarded="100", amount_paid="150"),
    )
    assert response.status_code == 200
    assert "is more than the amount awarded" in response.content.decode()
    assert not RemedyClaim.objects.exists()


def test_participation_without_consent_is_refused_on_the_page(client, frontline, case):
    client.force_login(frontline)
    response = client.post(
        f"/proceedings/case/{case.pk}/proceeding/",
        {"kind": "criminal", "person_role": "witness", "status": "trial"},
    )
    assert "without their informed consent" in response.content.decode()


def test_the_case_page_warns_of_a_charge_without_a_non_punishment_request(
    client, frontline, case, jurisdictions
):
    screen(case, frontline, age=30)
    actions.do_record_charge(case=case, offence="irregular_entry", acting_user=frontline)
    client.force_login(frontline)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Non-punishment not yet requested" in page
    assert "Council of Europe Anti-Trafficking Convention, art. 26" in page


def test_the_return_page_names_what_is_missing(client, frontline, child_case):
    client.force_login(frontline)
    page = client.get(f"/proceedings/case/{child_case.pk}/return/").content.decode()
    assert "an individual pre-return risk assessment; supervisor approval" in page
    response = client.post(
        f"/proceedings/case/{child_case.pk}/return/",
        {"returned_on": "2026-03-01", "country": "VN", "kind": "state_assisted"},
    )
    assert "organised or assisted by the State cannot be recorded yet" in (
        response.content.decode()
    )
    assert "The person&#x27;s own departure" in page or "own departure" in page


def test_the_return_page_records_the_person_s_own_departure_at_once(client, frontline, child_case):
    client.force_login(frontline)
    response = client.post(
        f"/proceedings/case/{child_case.pk}/return/",
        {"returned_on": "2026-03-01", "country": "VN", "kind": "own_departure"},
    )
    assert response.status_code == 302
    assert child_case.returns.get().kind == "own_departure"


def test_a_supervisor_approves_on_the_page_but_not_their_own(
    client, case, frontline, supervisor, second_supervisor
):
    assessment = actions.do_save_risk_assessment(
        case=case, parts=FULL, completed_on=DAY, acting_user=supervisor
    )
    url = f"/proceedings/assessment/{assessment.pk}/"
    client.force_login(supervisor)
    assert "Approve the assessment" not in client.get(url).content.decode()
    assert client.post(f"{url}approve/", {"approved_on": "2026-02-02"}).status_code == 403
    client.force_login(second_supervisor)
    assert "Approve the assessment" in client.get(url).content.decode()
    client.post(f"{url}approve/", {"approved_on": "2026-02-02"})
    assert RiskAssessment.objects.get().approved_by == second_supervisor
