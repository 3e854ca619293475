"""The person's copy of their rights, rendered: every shipped language, its print view, the
language chosen apart from the interface, the hotline, the footnotes, and who may read it."""

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import translation
from django.utils.html import escape

from haven.accounts.roles import Role
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.law.plain import plain_languages
from haven.screening.actions import do_record_screening
from haven.screening.record import Record
from haven.testing.fixtures import make_user

DAY = datetime.date(2026, 2, 1)


def recorded(frontline, **encounter):
    """A formally identified victim met on DAY in GB: reasonable grounds, so the reflection
    period runs 45 days, with early support recommended but not decided."""
    case = do_open_case(first_name="Lan", second_name="Tran", acting_user=frontline)
    record = {
        "jurisdiction": "GB",
        "encounter": {"date": DAY.isoformat(), "setting": "shelter", **encounter},
        "person": {"age": 30},
        "vulnerabilities": ["irregular_residence_status"],
        "situation": {"identified_victim": True},
        "consent_to_record": True,
    }
    return do_record_screening(
        case=case, record=Record.model_validate_json(json.dumps(record)), acting_user=frontline
    )


@pytest.fixture
def identified(frontline, jurisdictions):
    return recorded(frontline)


def copy_of(client, screening, query=""):
    response = client.get(f"/screening/{screening.pk}/copy/{query}")
    assert response.status_code == 200
    return response.content.decode()


def article(page: str) -> str:
    return page[page.index('<article class="person-copy"') : page.index("</article>")]


@pytest.mark.parametrize("code", sorted(plain_languages()))
@pytest.mark.parametrize("view", ["", "&print=1"])
def test_the_copy_renders_in_every_shipped_language_with_that_language_s_text(
    client, frontline, identified, code, view
):
    client.force_login(frontline)
    lang = plain_languages()[code]
    text = article(copy_of(client, identified, f"?lang={code}{view}"))
    assert f'lang="{code}" dir="{lang.direction}"' in text
    assert escape(lang.page["title"]) in text and escape(lang.page["rights_heading"]) in text
    for right in json.loads(identified.result)["rights"]:
        assert escape(lang.rights[right["code"]].text) in text, right["code"]
    assert escape(lang.page["not_reviewed"]) in text


def test_the_print_view_stands_alone_without_the_site_s_navigation(client, frontline, identified):
    client.force_login(frontline)
    page = copy_of(client, identified, "?lang=vi&print=1")
    assert '<html lang="vi" dir="ltr">' in page
    assert "site-header" not in page and "person-copy-controls" not in page
    assert "law/person-copy.css" in page


def test_the_reflection_period_shows_its_end_date_and_days_in_the_person_s_words(
    client, frontline, identified
):
    client.force_login(frontline)
    end = DAY + datetime.timedelta(days=45)
    assert f"Until {end.day} {end:%b} {end.year} (45 days)." in copy_of(client, identified)
    assert f"Jusqu’au {end.day} mars {end.year} (45 jours)." in copy_of(
        client, identified, "?lang=fr"
    )
    assert f"ክሳብ {end.isoformat()} (45 መዓልቲ)።" in copy_of(client, identified, "?lang=ti")


def test_arabic_is_laid_out_right_to_left(client, frontline, identified):
    client.force_login(frontline)
    text = article(copy_of(client, identified, "?lang=ar"))
    assert 'lang="ar" dir="rtl"' in text and "حقوقك" in text


def test_the_interview_language_chooses_the_copy_s_language(client, frontline, jurisdictions):
    screening = recorded(frontline, language="Tigrinya")
    client.force_login(frontline)
    assert 'lang="ti" dir="ltr"' in copy_of(client, screening)
    assert 'lang="uk"' in copy_of(client, screening, "?lang=uk")


def test_an_interview_language_not_shipped_falls_back_to_english(client, frontline, jurisdictions):
    screening = recorded(frontline, language="Dari")
    client.force_login(frontline)
    assert 'lang="en" dir="ltr"' in copy_of(client, screening)
    assert 'lang="en" dir="ltr"' in copy_of(client, screening, "?lang=xx")


def test_the_person_s_language_leaves_the_staff_member_s_interface_language_alone(
    client, frontline, identified
):
    client.force_login(frontline)
    with translation.override("fr"):
        response = client.get(
            f"/screening/{identified.pk}/copy/?lang=vi", HTTP_ACCEPT_LANGUAGE="fr"
        )
        assert translation.get_language() == "fr"
    page = response.content.decode()
    assert "Langue de la copie de la personne" in page  # the staff control, in French
    assert "Quyền của bạn" in article(page)  # the copy, in Vietnamese
    assert "Vos droits" not in page
    assert "django_language" not in response.cookies


def test_the_select_offers_every_shipped_language_by_its_own_name(client, frontline, identified):
    client.force_login(frontline)
    page = copy_of(client, identified, "?lang=ro")
    for code, lang in plain_languages().items():
        selected = " selected" if code == "ro" else ""
        assert f'<option value="{code}"{selected}>{escape(lang.name)}' in page


@override_settings(HAVEN_HOTLINE="+44 800 0121 700")
def test_the_copy_gives_the_organisation_and_the_hotline(client, frontline, identified):
    client.force_login(frontline)
    text = article(copy_of(client, identified, "?lang=sq"))
    assert "Linja e ndihmës: +44 800 0121 700" in text
    assert f"Organizata që ju mbështet: {escape(frontline.organisation.name)}" in text


def test_without_a_hotline_setting_no_empty_hotline_line_is_printed(client, frontline, identified):
    client.force_login(frontline)
    assert "Hotline:" not in copy_of(client, identified)


def test_the_legal_basis_is_a_footnote_citing_the_result_unchanged(client, frontline, identified):
    client.force_login(frontline)
    text = article(copy_of(client, identified, "?lang=zh-hans"))
    footnotes = text[text.index('class="legal-basis"') :]
    for right in json.loads(identified.result)["rights"]:
        for basis in right["basis"]:
            assert escape(basis["citation"]) in footnotes
    assert "paras 13, 14, 15, 16, 65" in footnotes  # early support: 000 paras 13-16, rec. 65


def test_early_support_is_not_shown_as_granted_before_any_decision(client, frontline, identified):
    client.force_login(frontline)
    text = article(copy_of(client, identified))
    assert 'data-right="early_support" data-status="pending"' in text
    assert "We recommend early support for you." in text
    assert "you have early support" not in text and "decided that you will have" not in text


def test_reading_the_copy_is_audited_with_its_purpose(client, frontline, identified):
    client.force_login(frontline)
    copy_of(client, identified, "?lang=fr")
    event = AuditEvent.objects.filter(action="screening.read").latest("pk")
    assert event.purpose == "persons_copy"  # the audit log's normalised form of the purpose


def test_a_worker_of_another_organisation_gets_404(client, identified, ngo):
    from haven.accounts.roles import OrgType
    from haven.testing.fixtures import make_organisation

    other = make_user(make_organisation("Other NGO", OrgType.NGO), Role.FRONTLINE_WORKER)
    client.force_login(other)
    assert client.get(f"/screening/{identified.pk}/copy/").status_code == 404


def test_a_role_without_access_to_support_records_is_refused(client, identified, ngo):
    client.force_login(make_user(ngo, Role.AUDITOR))
    assert client.get(f"/screening/{identified.pk}/copy/").status_code == 403


def test_the_chooser_for_the_screening_page_preselects_the_interview_s_language(
    frontline, jurisdictions
):
    from django.template import Context, Template

    screening = recorded(frontline, language="Albanian")
    html = Template("{% load law %}{% person_copy_chooser screening %}").render(
        Context({"screening": screening})
    )
    assert f'action="/screening/{screening.pk}/copy/"' in html
    assert '<option value="sq" selected>Shqip (Albanian)</option>' in html
    assert "Language of the person's copy" in html
