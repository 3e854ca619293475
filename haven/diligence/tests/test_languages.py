"""Languages: the plan, assessment and portal pages in the interface language, with the
framework's texts from the translations beside the English in data/framework.toml, dates and
figures the locale's way; a bad translation table in the data file is refused by name."""

import datetime as dt
import re
import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from haven.accounts.roles import OrgType, Role
from haven.diligence import actions
from haven.diligence.framework import DATA, framework
from haven.diligence.matrix import read_matrix
from haven.diligence.models import Recommendation
from haven.testing.fixtures import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def ministry(db):
    return make_organisation("Ministry", OrgType.CENTRAL_GOVERNMENT, "SI")


@pytest.fixture
def planner(ministry):
    return make_user(ministry, Role.PLAN_MANAGER, username="planner")


@pytest.fixture
def measure(trafficking_matrix, planner):
    actions.do_import_matrix(
        read_matrix(trafficking_matrix), state="SI", mechanism="UPR", cycle=4, acting_user=planner
    )
    rec = Recommendation.objects.get(number="140.82")
    body = actions.do_add_institution(
        state="SI", name="Ministry", kind="ministry", acting_user=planner
    )
    return actions.do_create_measure(
        [rec], title="Fund shelters", institution=body, target_date=dt.date(2027, 3, 31),
        acting_user=planner,
    )  # fmt: skip


def get(client, url, code):
    with translation.override(code):
        return client.get(url, HTTP_ACCEPT_LANGUAGE=code).content.decode()


def test_the_plan_pages_speak_french(client, planner, measure):
    client.force_login(planner)
    index = get(client, reverse("diligence:index") + "?state=SI", "fr")
    assert "Recommandations" in index and "Importer une matrice" in index
    assert "Identification, assistance et soutien" in index  # the area, from the data file
    page = get(client, reverse("diligence:measure", args=[measure.pk]), "fr")
    assert "Institution responsable" in page and "31 mars 2027" in page
    institutions = get(client, reverse("diligence:institutions"), "fr")
    assert "Ministère" in institutions


def test_the_assessment_speaks_arabic_with_the_framework_translated(client, ministry):
    author = make_user(ministry, Role.MONITORING_BODY, username="author")
    assessment = actions.do_start_assessment(
        state="SI", area="remedies", year=2026, acting_user=author
    )
    client.force_login(author)
    page = get(client, reverse("diligence:assessment", args=[assessment.pk]), "ar")
    assert "سبل الانتصاف" in page and "كفالة سبل الانتصاف" in page  # area title and duty
    assert "هل يُبلَّغ الضحايا بسبل الانتصاف" in page  # a criterion's question
    assert "A/70/260" in page  # citations stay as they are
    printed = get(client, reverse("diligence:assessment_print", args=[assessment.pk]), "ar")
    assert 'lang="ar" dir="rtl"' in printed and "تقييم العناية الواجبة" in printed


def test_the_public_portal_speaks_arabic(client, planner, measure):
    rec = measure.recommendations.get()
    actions.do_publish("recommendation", rec.pk, published=True, acting_user=planner)
    actions.do_publish("measure", measure.pk, published=True, acting_user=planner)
    page = get(client, reverse("diligence:portal"), "ar")
    assert "التوصيات وما يُنجز بشأنها" in page and "140.82" in page
    assert "الإجراء: Fund shelters" in page


def test_a_bad_translation_table_in_the_framework_is_refused_by_file_entry_and_field(tmp_path):
    path = tmp_path / "framework.toml"
    shutil.copy(DATA, path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title_i18n = { ar", 'title_i18n = { xx = "?", ar', 1))
    with pytest.raises(ValueError, match=r"framework.toml: area\[0\] \(prevention\).title_i18n"):
        framework(path)
    path.write_text(
        re.sub(r'question_i18n = \{ ar = "[^"]*"', 'question_i18n = { ar = " "', text, count=1)
    )
    where = r"obligation\[0\] \(prevent.prevention\) > criterion\[0\] \(prevention.root_causes\)"
    with pytest.raises(ValueError, match=where + r".question_i18n.ar: empty translation"):
        framework(path)


def test_a_refused_matrix_is_explained_in_the_readers_language(client, planner):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(planner)
    upload = SimpleUploadedFile("list.docx", b"not a word file")
    data = {"file": upload, "state": "SI", "mechanism": "UPR", "cycle": 4}
    with translation.override("es"):
        page = client.post(
            reverse("diligence:import"), data, HTTP_ACCEPT_LANGUAGE="es"
        ).content.decode()
    assert "list.docx: no es un documento Word (.docx)" in page
