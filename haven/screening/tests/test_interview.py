"""The interview as a daily tool: prefilled from the case, a follow-up from the previous
interview, consent first, plain labels, an error summary, and its draft gone once recorded."""

import datetime
import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from haven.cases.actions import do_open_case
from haven.drafts.actions import do_save_draft
from haven.drafts.models import Draft
from haven.screening.forms import InterviewForm, initial_from_record
from haven.screening.models import Screening
from haven.screening.tests.test_views import interview_form
from haven.screening.vocabulary import vocabulary

pytestmark = pytest.mark.django_db


def first_indicator():
    return next(iter(vocabulary().indicators))


@pytest.fixture
def known_case(frontline):
    return do_open_case(
        first_name="Mai",
        birthdate=datetime.date(timezone.localdate().year - 18, 1, 1),  # 18 on any day
        gender="TransgenderFeminine",
        nationality="VN",
        acting_user=frontline,
    )


def page(client, case):
    return client.get(reverse("screening:interview", args=[case.pk]))


def test_the_interview_takes_age_gender_and_nationality_from_the_case(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    form = page(client, known_case).context["form"]
    assert form["age"].value() == 18
    assert form["gender"].value() == "TransgenderFeminine"
    assert form["nationality"].value() == "VN"


def test_the_interview_shows_the_gender_in_words_never_the_raw_code(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    html = page(client, known_case).content.decode()
    assert ">Transgender feminine</option>" in html
    assert ">TransgenderFeminine<" not in html


def test_consent_is_asked_before_any_question(client, frontline, known_case, jurisdictions):
    client.force_login(frontline)
    html = page(client, known_case).content.decode()
    assert html.index('name="consent_to_record"') < html.index('name="setting"')
    assert html.index('name="consent_to_record"') < html.index('name="vuln_')


def test_a_wrong_submit_shows_an_error_summary_linking_to_each_field(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    data = interview_form(consent_to_record="", acts=[])
    html = client.post(reverse("screening:interview", args=[known_case.pk]), data)
    html = html.content.decode()
    summary = re.search(r"<div class=\"error-summary\"(.*?)</div>", html, re.S)
    assert summary and 'role="alert"' in summary.group(0) and 'tabindex="-1"' in summary.group(0)
    links = re.findall(r'href="#([\w-]+)"', summary.group(1))
    assert links == ["id_consent_to_record_0", "id_acts_0"]
    assert all(f'id="{target}"' in html for target in links)
    assert html.index("error-summary") < html.index('name="consent_to_record"')
    assert 'id="id_consent_to_record_error"' in html


def test_every_described_by_id_on_the_interview_exists(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    html = client.post(
        reverse("screening:interview", args=[known_case.pk]), interview_form(consent_to_record="")
    ).content.decode()
    described = {i for ids in re.findall(r'aria-describedby="([^"]+)"', html) for i in ids.split()}
    assert described and {i for i in described if f'id="{i}"' not in html} == set()


def test_the_interview_form_autosaves_and_ships_no_inline_script(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    html = page(client, known_case).content.decode()
    assert 'data-draft="screening.interview"' in html
    assert f'data-draft-case="{known_case.pk}"' in html
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline == []


def test_recording_the_interview_deletes_its_draft(client, frontline, known_case, jurisdictions):
    do_save_draft(author=frontline, form="screening.interview", case=known_case, payload={})
    client.force_login(frontline)
    response = client.post(reverse("screening:interview", args=[known_case.pk]), interview_form())
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_wrong_submit_keeps_the_draft(client, frontline, known_case, jurisdictions):
    do_save_draft(author=frontline, form="screening.interview", case=known_case, payload={})
    client.force_login(frontline)
    client.post(reverse("screening:interview", args=[known_case.pk]), interview_form(acts=[]))
    assert Draft.objects.count() == 1


def test_a_follow_up_starts_from_the_previous_interview(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    first = interview_form(vuln_extreme_poverty="on", language="Vietnamese", age="17")
    client.post(reverse("screening:interview", args=[known_case.pk]), first)
    assert Screening.objects.count() == 1
    response = page(client, known_case)
    form = response.context["form"]
    assert form["vuln_extreme_poverty"].value() is True
    assert form["language"].value() == "Vietnamese"
    assert form["acts_known"].value() == "some" and form["acts"].value() == ["recruitment"]
    assert form["consent_to_record"].value() is None  # consent is asked again
    previous = response.context["previous_answers"]
    assert previous["vuln_extreme_poverty"] == ["on"] and previous["acts"] == ["recruitment"]
    assert 'id="previous-answers"' in response.content.decode()
    assert "data-changed-text=" in response.content.decode()


def test_a_first_interview_has_nothing_to_compare_with(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    response = page(client, known_case)
    assert response.context["previous_answers"] is None
    assert 'id="previous-answers"' not in response.content.decode()


def test_a_previous_record_as_posted_is_what_the_browser_would_send(jurisdictions):
    record = {
        "jurisdiction": "GB",
        "encounter": {"date": "2026-01-01", "setting": "shelter", "interpreter": False},
        "person": {"age": 30, "gender": "female", "unaccompanied": None},
        "vulnerabilities": ["extreme_poverty"],
        "indicators": {},
        "facts": {"acts": None, "means": [], "purposes": ["begging"]},
        "situation": {"detained": True, "charged_offences": []},
    }
    posted = InterviewForm().as_posted(initial_from_record(record))
    assert posted["age"] == ["30"] and posted["gender"] == ["Feminine"]
    assert posted["interpreter"] == ["false"] and posted["unaccompanied"] == ["unknown"]
    assert posted["vuln_extreme_poverty"] == ["on"] and posted["detained"] == ["on"]
    assert posted["acts_known"] == ["unknown"] and posted["means_known"] == ["none"]
    assert posted["purposes"] == ["begging"] and "encounter_date" not in posted
    assert posted["vuln_debt_bondage_risk"] == [] and posted["ind_" + first_indicator()] == [
        "not_asked"
    ]
    assert "consent_to_record" not in posted
    assert json.dumps(posted)


def test_a_colleague_sees_that_a_draft_of_the_interview_is_in_progress(
    client, frontline, case_manager, known_case, jurisdictions
):
    do_save_draft(author=frontline, form="screening.interview", case=known_case, payload={})
    client.force_login(case_manager)
    html = page(client, known_case).content.decode()
    assert "frontline also has a draft in progress on this case" in html


def test_the_result_speaks_of_the_legal_elements_in_words(
    client, frontline, known_case, jurisdictions
):
    client.force_login(frontline)
    data = interview_form(acts_known="none", acts=[])
    response = client.post(reverse("screening:interview", args=[known_case.pk]), data)
    html = client.get(response["Location"]).content.decode()
    assert "act not met" in html
    assert not re.search(r"\b(not_met|not_required)\b", html)


def test_only_others_drafts_of_the_interview_are_mentioned(
    client, frontline, case_manager, known_case, jurisdictions
):
    do_save_draft(author=frontline, form="cases.victim_context", case=known_case, payload={})
    do_save_draft(author=case_manager, form="screening.interview", case=known_case, payload={})
    client.force_login(case_manager)
    assert "also has a draft in progress" not in page(client, known_case).content.decode()
