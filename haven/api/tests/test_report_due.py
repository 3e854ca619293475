"""`recommendation.report_due`: a progress report overdue or due within 30 days is announced
to the organisation of the indicator's manager, once per indicator and due date, with ids and
dates only, signed like every delivery; `haven notify-due` hands it to the job queue."""

import json

import pytest
from django.core.management import call_command

from haven.api.actions import do_subscribe
from haven.api.delivery import deliver_due
from haven.api.models import Delivery
from haven.api.outbox import do_queue_due_reports
from haven.api.tokens import signature_valid
from haven.diligence.actions import do_report_progress
from haven.diligence.plan import due_dates

pytestmark = pytest.mark.django_db
EVENT = "recommendation.report_due"


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    settings.HAVEN_WEBHOOKS_ALLOW_LOOPBACK = True


def first_due(indicator):
    return due_dates(indicator.start, indicator.end, indicator.frequency_months)[0]


def test_an_overdue_report_is_announced_once_with_ids_only(plan, ministry_admin, loopback):
    rec, measure, indicator = plan
    do_subscribe(url=loopback.url, events=[EVENT], admin=ministry_admin)
    assert do_queue_due_reports() == 1
    assert do_queue_due_reports() == 0
    assert deliver_due().delivered == 1
    body = json.loads(loopback.received[0][1])
    assert body["event"] == EVENT
    assert body["data"] == {
        "indicator_id": indicator.pk,
        "measure_id": measure.pk,
        "recommendation_ids": [rec.pk],
        "due_on": first_due(indicator).isoformat(),
        "overdue": True,
    }


def test_the_delivery_is_signed_with_the_subscription_s_secret(plan, ministry_admin, loopback):
    subscribed = do_subscribe(url=loopback.url, events=[EVENT], admin=ministry_admin)
    do_queue_due_reports()
    deliver_due()
    headers, raw = loopback.received[0]
    timestamp = int(headers["X-Haven-Timestamp"])
    assert headers["X-Haven-Event"] == EVENT
    assert signature_valid(subscribed.secret, timestamp, raw, headers["X-Haven-Signature"])


def test_a_report_already_made_is_not_announced(plan, ministry_admin, focal, loopback):
    _, _, indicator = plan
    do_subscribe(url=loopback.url, events=[EVENT], admin=ministry_admin)
    do_report_progress(indicator, due_date=first_due(indicator), text="Done", figures={},
                       evidence="", acting_user=focal)  # fmt: skip
    assert do_queue_due_reports() == 0


def test_another_organisation_hears_nothing_of_the_ministry_s_reports(plan, org_admin, loopback):
    do_subscribe(url=loopback.url, events=[EVENT, "deadline.due"], admin=org_admin)
    assert do_queue_due_reports() == 0 and not Delivery.objects.exists()


def test_notify_due_hands_the_webhooks_to_the_job_queue(
    plan, ministry_admin, loopback, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    do_subscribe(url=loopback.url, events=[EVENT], admin=ministry_admin)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify-due")  # the immediate back-end runs the task at once
    assert [json.loads(raw)["event"] for _, raw in loopback.received] == [EVENT]


def test_the_command_reports_the_report_events_it_queued(plan, ministry_admin, loopback, capsys):
    do_subscribe(url=loopback.url, events=[EVENT], admin=ministry_admin)
    call_command("webhooks", "deliver", "--json")
    figures = json.loads(capsys.readouterr().out)
    assert figures["queued_reports"] == 1 and figures["delivered"] == 1
