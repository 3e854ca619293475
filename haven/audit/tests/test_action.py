import pytest

from haven.accounts.models import Organisation
from haven.audit.action import ActionError, action, in_action
from haven.audit.log import record
from haven.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@action()
def rename(org: Organisation, name: str, *, events: int = 1) -> Organisation:
    org.name = name
    org.save()
    for _ in range(events):
        record(actor=None, action="organisation.created", target=org)
    return org


@action(batch=True)
def rename_many(orgs: list[Organisation]) -> None:
    for org in orgs:
        rename(org, org.name + "!")
        record(actor=None, action="organisation.created", target=org)


def test_an_action_with_its_one_event_commits_both(org_a):
    rename(org_a, "Renamed")
    org_a.refresh_from_db()
    assert org_a.name == "Renamed"
    assert AuditEvent.objects.filter(action="organisation.created").count() == 1


@pytest.mark.parametrize("events", [0, 2])
def test_an_action_without_exactly_one_event_raises_and_writes_nothing(org_a, events):
    with pytest.raises(ActionError, match=f"recorded {events} audit events"):
        rename(org_a, "Renamed", events=events)
    org_a.refresh_from_db()
    assert org_a.name == "Shelter A"
    assert not AuditEvent.objects.filter(action="organisation.created").exists()


def test_a_nested_action_checks_its_own_events_and_the_outer_counts_its_own(org_a, org_b):
    rename_many([org_a, org_b])
    assert AuditEvent.objects.filter(action="organisation.created").count() == 4


def test_in_action_is_true_only_inside_an_action(org_a):
    seen: list[bool] = []

    @action()
    def probe() -> None:
        seen.append(in_action())
        record(actor=None, action="case.read", target=org_a)

    probe()
    assert seen == [True] and not in_action()
