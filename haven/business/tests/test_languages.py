"""Languages: the worker chooses theirs on the public form, independently of any staff
language, and every message to them (acknowledgement, escalation) is written in it; staff
pages follow the interface language; data-file translation tables are checked on load."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import formats, timezone, translation
from hypothesis import given
from hypothesis import strategies as st

from haven.accounts.roles import Role
from haven.business import actions
from haven.business.impactschema import DATA_DIR, load_metrics, load_procurement, load_risk
from haven.business.lawdata import DATA_DIR as LAW_DIR
from haven.business.lawdata import load_laws
from haven.business.models import Grievance, Stage
from haven.business.texts import WORKER_LANGUAGES, choose
from haven.law.loader import LawDataError
from haven.testing.fixtures import make_user

pytestmark = pytest.mark.django_db
FORM = {"category": "wages", "description": "Two months unpaid"}


def code_in(response):
    return re.search(
        r"<strong>([0-9A-Z]{4}(?:-[0-9A-Z]{4}){3})</strong>", response.content.decode()
    )[1]


def test_the_six_un_languages_are_offered_and_anything_else_falls_back_to_english():
    assert set(WORKER_LANGUAGES) == {"ar", "en", "es", "fr", "ru", "zh-hans"}
    assert choose("zh-CN") == choose("zh_Hans") == "zh-hans" and choose("fr-CA") == "fr"
    assert choose("xx", None, "") == "en" and choose(None, "ru") == "ru"


def test_the_form_offers_the_language_choice_in_each_languages_own_name(client, channel):
    page = client.get("/business/report/harvest/?lang=ru").content.decode()
    assert "Сообщить о проблеме на работе" in page and 'name="language"' in page
    assert all(name in page for name in WORKER_LANGUAGES.values())


def test_arabic_pages_read_right_to_left(client, channel):
    page = client.get("/business/report/harvest/?lang=ar").content.decode()
    assert "الإبلاغ عن مشكلة في العمل" in page and 'lang="ar" dir="rtl"' in page


def test_a_worker_filing_in_arabic_gets_the_acknowledgement_in_arabic(client, channel):
    response = client.post("/business/report/harvest/", {**FORM, "language": "ar"})
    page = response.content.decode()
    grievance = Grievance.objects.get()
    acknowledgement = grievance.steps.get(stage=Stage.ACKNOWLEDGEMENT).message
    assert grievance.language == "ar" and response["Content-Language"] == "ar"
    assert "تلقّينا بلاغك" in acknowledgement and acknowledgement in page
    assert "Harvest line" in acknowledgement and "رمز المتابعة الخاص بك" in page


def test_the_workers_choice_on_the_form_wins_over_the_browsers_and_the_link(client, channel):
    url = "/business/report/harvest/?lang=fr"
    client.post(url, {**FORM, "language": "es"}, HTTP_ACCEPT_LANGUAGE="fr")
    said = Grievance.objects.get().steps.get(stage=Stage.ACKNOWLEDGEMENT).message
    assert Grievance.objects.get().language == "es" and said.startswith("Recibimos su denuncia")


def test_following_the_code_shows_the_report_in_the_language_it_was_filed_in(client, channel):
    code = code_in(client.post("/business/report/harvest/", {**FORM, "language": "zh-hans"}))
    page = client.post("/business/follow/", {"code": code}).content.decode()
    assert "已收到" in page and "我们已于" in page
    chosen = client.post("/business/follow/", {"code": code, "lang": "en"}).content.decode()
    assert "Received" in chosen


def test_a_language_not_offered_is_refused_by_the_action(channel):
    with pytest.raises(Exception, match="languages offered"):
        actions.do_file_grievance(channel=channel, language="xx", **FORM)
    assert not Grievance.objects.exists()


def test_escalation_tells_the_worker_in_their_language_and_the_officer_in_the_sites(
    channel, officer, ombuds_officer, django_capture_on_commit_callbacks
):
    filed = timezone.now() - dt.timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        grievance, _ = actions.do_file_grievance(channel=channel, language="fr", now=filed, **FORM)
        with translation.override("ar"):  # whoever runs the timer, in whatever language
            actions.escalate_overdue(timezone.now())
    step = grievance.steps.get(stage=Stage.ESCALATION)
    assert step.message.startswith("Votre signalement n'a pas été résolu à temps")
    assert "Fair Work Council" in step.message
    assert "escalated to you" in mail.outbox[-1].body and mail.outbox[-1].subject.startswith(
        "Haven"
    )


def test_officer_pages_follow_the_staff_language_not_the_workers(client, officer, filed):
    grievance, _ = filed
    client.force_login(officer)
    for code, title, category in (
        ("fr", "Réclamation", "Salaire impayé"),
        ("ar", "الشكوى", "أجور غير مدفوعة"),
    ):
        with translation.override(code):
            page = client.get(
                f"/business/grievances/{grievance.pk}/", HTTP_ACCEPT_LANGUAGE=code
            ).content.decode()
        assert title in page and category in page, code


def test_company_pages_show_data_file_labels_translated(client, company, channel):
    from haven.business.companydata import parse
    from haven.business.tests.test_company import DATA

    actions.do_load_company_data(company, parse(DATA), acting_user=None)
    client.force_login(make_user(company, Role.COMPANY_OFFICER))
    with translation.override("fr"):
        page = client.get("/business/company/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        statement = client.get(
            "/business/company/statement/uk_msa_s54/", HTTP_ACCEPT_LANGUAGE="fr"
        ).content.decode()
    assert "Lois applicables" in page and "Secteur à forte intensité" in page
    assert "exerce une activité en GB" in page  # the engine's reason, composed in French
    assert "Organisation commerciale exerçant une activité au Royaume-Uni" in page  # scope
    grouped = formats.get_format("THOUSAND_SEPARATOR", "fr").join(["60", "000", "000"])
    assert f"GBP {grouped}" in page  # the turnover, grouped the French way
    assert "Travailleurs ayant payé des frais de recrutement" in page
    assert "Ses politiques en matière" in statement and "simple politique" in statement
    with translation.override("ar"):
        page = client.get("/business/company/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "القوانين السارية" in page and "قانون الرق الحديث" in page


def _with_bad_table(name, directory, tmp_path, pattern, new):
    path = tmp_path / name
    text = (directory / name).read_text(encoding="utf-8")
    changed = re.sub(pattern, new, text, count=1)
    assert changed != text
    path.write_text(changed, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "load", "expected"),
    [
        ("risk.toml", load_risk, r"risk.toml: sector\[0\] \(labour_intensive\) > label_i18n"),
        (
            "metrics.toml",
            load_metrics,
            r"metrics.toml: metric\[0\] \(fees_paid_share\) > label_i18n",
        ),
        (
            "procurement.toml",
            load_procurement,
            r"procurement.toml: requirement\[0\] \(fair_wages\) > label_i18n",
        ),
    ],
)
def test_a_bad_translation_table_is_refused_naming_file_entry_and_field(
    tmp_path, name, load, expected
):
    path = _with_bad_table(
        name, DATA_DIR, tmp_path, r"label_i18n = \{ ar", 'label_i18n = { xx = "?", ar'
    )
    with pytest.raises(LawDataError, match=expected + r".*unknown language 'xx'"):
        load(path)


def test_an_empty_translation_in_the_laws_file_is_refused_naming_the_field(tmp_path):
    path = _with_bad_table(
        "laws.toml", LAW_DIR, tmp_path, r'name_i18n = \{ ar = "[^"]*"', 'name_i18n = { ar = " "'
    )
    with pytest.raises(
        LawDataError, match=r"laws.toml: law\[0\] \(uk_msa_s54\) > name_i18n.*ar: empty"
    ):
        load_laws(path)


@given(st.one_of(st.none(), st.text(max_size=12)), st.one_of(st.none(), st.text(max_size=12)))
def test_any_language_choice_resolves_to_an_offered_language(first, second):
    assert choose(first, second) in WORKER_LANGUAGES


@pytest.mark.parametrize("code", sorted(set(WORKER_LANGUAGES) - {"en"}))
def test_in_every_offered_language_the_acknowledgement_is_translated(channel, code):
    grievance, _ = actions.do_file_grievance(channel=channel, language=code, **FORM)
    said = grievance.steps.get(stage=Stage.ACKNOWLEDGEMENT).message
    assert not said.startswith("We received") and "Harvest line" in said
