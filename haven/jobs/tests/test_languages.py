"""The jobs pages in the interface languages: labels, statuses and dates follow the locale."""

import datetime

from django.utils import timezone

from haven.accounts.roles import Role
from haven.jobs import actions
from haven.jobs.models import Job
from haven.testing.fixtures import make_user


def _job(ngo, **fields):
    user = make_user(ngo, Role.CASE_MANAGER, username="manager")
    job = actions.do_request_job(user=user, kind=Job.Kind.HTCDS_EXPORT)
    Job.objects.filter(pk=job.pk).update(**fields)
    return user, Job.objects.get(pk=job.pk)


def test_the_job_list_in_french_with_a_french_date(client, ngo):
    asked = datetime.datetime(2026, 3, 5, 9, 30, tzinfo=datetime.UTC)
    user, _job_row = _job(ngo, created_at=asked)
    client.force_login(user)
    client.cookies["django_language"] = "fr"
    page = client.get("/jobs/").content.decode()
    assert "Tâches en arrière-plan" in page and "En attente d’un processus de traitement" in page
    assert "Export HTCDS des dossiers que vous pouvez consulter" in page
    assert "Tous les dossiers que vous pouvez consulter" in page  # the export form's text
    assert "Lancer un export HTCDS" in page
    assert "05/03/2026 09:30" in page  # SHORT_DATETIME_FORMAT in French
    assert 'datetime="2026-03-05T09:30:00+00:00"' in page  # machine-readable stays ISO


def test_a_finished_job_in_arabic_names_what_it_counted(client, ngo):
    user, job = _job(
        ngo,
        status=Job.Status.SUCCEEDED,
        finished_at=timezone.now(),
        result={"cases": 3, "events": 1, "perpetrator_contexts": 0, "format": "json"},
    )
    client.force_login(user)
    client.cookies["django_language"] = "ar"
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "<dt>الحالات</dt><dd>3</dd>" in page and "<dt>وقائع الاتجار</dt>" in page
    assert "<dt>الصيغة</dt><dd>json</dd>" in page  # the value is a code
