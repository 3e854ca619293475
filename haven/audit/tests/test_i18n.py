"""The audit trail's pages in the auditor's language; the events themselves (action names, the
chain) stay as recorded, in no language."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from haven.accounts.roles import Role
from haven.audit.purposes import Purpose, UnknownPurpose, purpose_code
from haven.audit.tests.conftest import write_events
from haven.languages.actions import do_set_language

pytestmark = [pytest.mark.django_db, pytest.mark.urls("haven.audit.tests.urls")]


def sign_in_speaking(client, user, language):
    """Sign in a user whose own interface language is `language` (applied at sign-in)."""
    do_set_language(user=user, language=language)
    client.force_login(user)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # The manifest storage needs `collectstatic`, which a test run does not do.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def auditor(make_user, org_a):
    return make_user("auditor", Role.AUDITOR, org_a)


def test_the_event_list_speaks_french_and_keeps_action_names(client, auditor, worker):
    [event] = write_events(worker, 1)
    sign_in_speaking(client, auditor, "fr")
    page = client.get(reverse("audit:events")).content.decode()
    with translation.override("fr"):
        day = date_format(event.occurred_at, "SHORT_DATE_FORMAT")
    assert "<h1>Journal d’audit</h1>" in page
    assert "Dossier C-000001" in page  # the target's label
    assert "<td>case.read</td>" in page  # the event's name is data: never translated
    assert day in page and day == event.occurred_at.strftime("%d/%m/%Y")
    assert "<h1>Audit trail</h1>" not in page


def test_an_event_reads_in_arabic(client, auditor, worker):
    [event] = write_events(worker, 1)
    sign_in_speaking(client, auditor, "ar")
    page = client.get(reverse("audit:event", args=[event.seq])).content.decode()
    assert f"حدث التدقيق {event.seq}" in page  # "Audit event 1"
    assert "البصمة السابقة" in page  # "Previous hash"
    assert event.hash in page
    assert "Previous hash" not in page


def test_purposes_read_in_the_reader_s_language_while_the_trail_keeps_their_codes():
    with translation.override("fr"):
        assert str(Purpose.SUPERVISION.label) == "Supervision ou contrôle de qualité"
        assert purpose_code("support plan") == "support_plan"  # callers' English labels
        assert purpose_code(Purpose.SUPPORT_PLAN) == "support_plan"
        with pytest.raises(UnknownPurpose):
            purpose_code("plan d'accompagnement")  # a translation never reaches the trail
