import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from haven.audit.models import AuditEvent
from haven.cases.models import Case, CaseStatus
from haven.cases.retention import ERASERS
from haven.drafts import access
from haven.drafts.actions import discard_submitted, do_discard_draft, do_save_draft, purge_drafts
from haven.drafts.models import Draft

FORM = "screening.interview"
names = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,20}", fullmatch=True).filter(
    lambda n: "password" not in n.lower() and "csrfmiddlewaretoken" not in n.lower()
)
texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\x7f"),
    max_size=40,
).map(lambda t: "".join(c for c in t if c in "\t\n\r" or ord(c) >= 0x20))
answers = st.dictionaries(names, st.lists(texts, max_size=4), max_size=12)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=answers)
def test_any_answers_come_back_exactly_as_saved(frontline, case, payload):
    do_save_draft(author=frontline, form=FORM, case=case, payload=payload)
    found = access.read_own_draft(frontline, FORM, case)
    assert found is not None and found[1] == payload


@pytest.mark.django_db
def test_saving_again_replaces_the_draft_rather_than_piling_up(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["3"]})
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["4"]})
    assert Draft.objects.count() == 1
    assert access.read_own_draft(frontline, FORM, case)[1] == {"age": ["4"]}


@pytest.mark.django_db
def test_the_payload_is_encrypted_at_rest(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"note": ["debt bondage"]})
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM drafts_draft")
        (stored,) = cursor.fetchone()
    assert "debt bondage" not in stored


@pytest.mark.django_db
def test_the_audit_event_names_the_form_never_what_was_typed(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"note": ["debt bondage"]})
    event = AuditEvent.objects.get(action="draft.saved")
    assert event.details == {"form": FORM, "fields": 1}
    assert "debt" not in json.dumps(event.details)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["colleague", "officer"])
def test_a_worker_not_on_the_case_and_an_officer_cannot_save_a_draft_on_it(request, case, persona):
    with pytest.raises(PermissionDenied):
        do_save_draft(author=request.getfixturevalue(persona), form=FORM, case=case, payload={})
    assert not Draft.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["colleague", "officer"])
def test_a_worker_not_on_the_case_and_an_officer_see_no_draft_of_it(
    request, frontline, case, persona
):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["3"]})
    assert not access.drafts_visible_to(request.getfixturevalue(persona)).exists()


@pytest.mark.django_db
def test_the_case_team_sees_that_a_draft_is_in_progress_but_only_its_author_reads_it(
    frontline, case_manager, case
):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["3"]})
    assert [d.author for d in access.drafts_on_case(case_manager, case)] == [frontline]
    assert access.read_own_draft(case_manager, FORM, case) is None


@pytest.mark.django_db
def test_an_author_taken_off_the_case_no_longer_sees_their_draft(frontline, case, colleague):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["3"]})
    Case.objects.filter(pk=case.pk).update(assigned_to=colleague)
    assert access.read_own_draft(frontline, FORM, case) is None


@pytest.mark.django_db
def test_a_draft_without_a_case_is_its_authors_alone(frontline, case_manager):
    do_save_draft(author=frontline, form="cases.open", case=None, payload={"x": ["1"]})
    assert access.read_own_draft(frontline, "cases.open", None) is not None
    assert not access.drafts_visible_to(case_manager).exists()


@pytest.mark.django_db
def test_only_its_author_discards_a_draft(frontline, case_manager, case):
    draft = do_save_draft(author=frontline, form=FORM, case=case, payload={})
    with pytest.raises(PermissionDenied):
        do_discard_draft(draft=draft, acting_user=case_manager)
    do_discard_draft(draft=draft, acting_user=frontline)
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_a_submitted_form_takes_its_draft_with_it(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={})
    discard_submitted(author=frontline, form=FORM, case=case)
    assert not Draft.objects.exists()
    assert AuditEvent.objects.get(action="draft.discarded").details["submitted"] is True


@pytest.mark.django_db
def test_drafts_untouched_for_the_retention_period_are_purged(frontline, case):
    old = do_save_draft(author=frontline, form=FORM, case=case, payload={})
    do_save_draft(author=frontline, form="cases.victim_context", case=case, payload={})
    Draft.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=31))
    call_command("purge_drafts")
    assert list(Draft.objects.values_list("form", flat=True)) == ["cases.victim_context"]
    assert AuditEvent.objects.get(action="draft.purged").details["drafts"] == 1


@pytest.mark.django_db
def test_a_dry_run_or_nothing_to_purge_writes_nothing(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={})
    before = timezone.now() + datetime.timedelta(days=1)
    assert purge_drafts(before=before, dry_run=True) == 1
    assert purge_drafts(before=timezone.now() - datetime.timedelta(days=1)) == 0
    assert Draft.objects.count() == 1 and not AuditEvent.objects.filter(action="draft.purged")


@pytest.mark.django_db
def test_case_retention_erases_its_drafts(frontline, case):
    do_save_draft(author=frontline, form=FORM, case=case, payload={})
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED)
    assert ERASERS["drafts"](case) == 1
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_two_first_saves_racing_end_as_one_draft_holding_the_later(frontline, case, monkeypatch):
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["3"]})
    real_first = QuerySet.first
    calls = []

    def unseen_once(self):
        calls.append(1)
        return None if len(calls) == 1 else real_first(self)  # as if the other was not committed

    monkeypatch.setattr(QuerySet, "first", unseen_once)
    do_save_draft(author=frontline, form=FORM, case=case, payload={"age": ["4"]})
    monkeypatch.undo()
    assert Draft.objects.count() == 1
    assert access.read_own_draft(frontline, FORM, case)[1] == {"age": ["4"]}
