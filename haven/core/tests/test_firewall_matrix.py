"""F3: the firewall matrix, generated from the URLconf. Every pattern is requested by every
persona on the enforcement side (each enforcement organisation type with every role, and the
enforcement role beside every other role in an NGO). A view whose declared capabilities are all
firewalled must refuse them; no page may show them a support record's name or an audit event.
A new capability must be classified here, or this test fails."""

import re

import pytest
from django.urls import URLPattern

from haven.accounts.roles import FIREWALLED_CAPABILITIES, Capability, OrgType, Role
from haven.api.urls import API_TOKEN
from haven.audit.models import AuditEvent
from haven.cases.actions import do_open_case
from haven.core.permissions import PUBLIC, SIGNED_IN, SIGNING_IN, declared_permission
from haven.core.tests.test_permissions_declared import haven_views
from haven.testing.fixtures import make_organisation, make_user

SECRET = "Zuleikha"
# Capabilities that are not closed to enforcement: administering their own accounts, and the
# State's implementation plan and tenders, which hold no personal data (haven/accounts/roles.py).
OPEN_TO_ENFORCEMENT = frozenset(
    {
        Capability.MANAGE_ORG_USERS,
        Capability.MANAGE_ORGANISATIONS,
        Capability.USE_DJANGO_ADMIN,
        Capability.READ_PLAN,
        Capability.MANAGE_PLAN,
        Capability.REPORT_PROGRESS,
        Capability.RUN_PROCUREMENT,
    }
)
PERSONAS = {
    "police-all-roles": (OrgType.LAW_ENFORCEMENT, tuple(Role)),
    "immigration-all-roles": (OrgType.IMMIGRATION_SERVICE, tuple(Role)),
    "ngo-enforcement-officer-all-roles": (OrgType.NGO, tuple(Role)),
}
STRING_ARGUMENTS = {"fmt": "csv", "code": "GB", "instrument_id": "palermo", "token": "x"}


def _declared(pattern: URLPattern) -> set[str]:
    return set((declared_permission(pattern.callback) or "").split("|"))


def test_every_capability_a_view_declares_is_classified_for_the_firewall():
    # API_TOKEN views check, per operation, the capability of the matching page for the token's
    # user after the firewall (haven/api/auth.py; haven/api/tests cover enforcement users).
    declared = set().union(*(_declared(p) for _, p in haven_views())) - {
        PUBLIC,
        SIGNED_IN,
        SIGNING_IN,
        API_TOKEN,
    }
    unclassified = declared - {c.value for c in FIREWALLED_CAPABILITIES | OPEN_TO_ENFORCEMENT}
    assert unclassified == set()


def test_the_matrix_covers_every_pattern():
    assert len(haven_views()) > 80  # the whole URLconf, not four support pages


def _url(route: str, number: int) -> str:
    def fill(match: re.Match[str]) -> str:
        converter, name = match.group(1), match.group(2)
        return str(number) if converter == "int" else STRING_ARGUMENTS.get(name, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


@pytest.fixture
def ngo_records(ngo):
    worker = make_user(ngo, Role.FRONTLINE_WORKER, username="ngo-worker")
    return do_open_case(first_name=SECRET, acting_user=worker)


@pytest.mark.parametrize("persona", PERSONAS)
def test_f3_no_pattern_gives_enforcement_records_audit_or_statistics(
    client, ngo, ngo_records, persona
):
    org_type, roles = PERSONAS[persona]
    organisation = ngo if org_type is OrgType.NGO else make_organisation(persona, org_type)
    client.force_login(make_user(organisation, *roles, username=persona))
    audit_ids = [str(e.seq) for e in AuditEvent.objects.all()]
    failures = []
    for route, pattern in haven_views():
        url = _url(route, ngo_records.pk)
        response = client.get(url)
        body = response.content.decode(errors="replace")
        closed = _declared(pattern) <= {c.value for c in FIREWALLED_CAPABILITIES}
        if response.status_code >= 500 or SECRET in body:
            failures.append(f"{url}: {response.status_code}, leaks: {SECRET in body}")
        elif closed and response.status_code not in (403, 404, 405):
            failures.append(f"{url}: {response.status_code} for a firewalled capability")
    assert failures == [], failures
    assert audit_ids  # the trail had events to leak; the audit views refused them above
