"""The main navigation offers each signed-in user the places their roles open, and no other:
who sees a link is the permission its view declares, so a link never leads to a 403."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from haven.accounts.roles import Capability, OrgType, Role, capabilities_for
from haven.core import navigation
from haven.core.navigation import LINKS, Link, links_for, shown_to
from haven.testing.fixtures import make_organisation, make_user

CAPABILITIES = st.frozensets(st.sampled_from(list(Capability)))


def _paths(capabilities: frozenset[Capability]) -> set[str]:
    return {path for _, path in links_for(capabilities)}


@given(CAPABILITIES, CAPABILITIES)
def test_gaining_a_capability_never_removes_a_link(held, more):
    assert _paths(held) <= _paths(held | more)


@given(CAPABILITIES)
def test_every_link_shown_is_one_the_capabilities_open(held):
    for link, path in links_for(held):
        _, opened = navigation.target(link.url_name, "/")
        assert opened is None or held & opened, path


def test_a_user_with_no_capability_sees_only_the_pages_open_to_everyone():
    assert _paths(frozenset()) == {"/", "/law/", "/corpus/"}


def test_a_link_narrows_its_view_s_permission_and_never_widens_it():
    link = Link("x:y", "Y", only=frozenset({Capability.READ_AUDIT}))
    assert shown_to(link, "read_support_records|read_audit") == {Capability.READ_AUDIT}
    assert shown_to(link, "read_support_records") == frozenset()
    assert shown_to(link, "signed_in") == {Capability.READ_AUDIT}


def test_a_link_to_a_view_that_declares_nothing_must_say_who_sees_it():
    with pytest.raises(LookupError, match="declares no permission"):
        shown_to(Link("x:y", "Y"), None)


def test_the_company_file_is_offered_only_in_a_company():
    held = frozenset({Capability.MANAGE_COMPANY_DATA})
    assert "/business/company/" in {p for _, p in links_for(held, OrgType.CORPORATE_BUSINESS)}
    assert "/business/company/" not in {p for _, p in links_for(held, OrgType.NGO)}


def test_every_link_names_a_route_and_a_known_badge():
    from haven.inbox.queues import NAV_GROUPS

    for link in LINKS:
        navigation.target(link.url_name, "/")  # reverses and resolves, or fails here
        assert link.badge in {"", "total", *NAV_GROUPS}


def _personas():
    """Every role in every kind of organisation, one persona per distinct set of capabilities
    (the firewall makes many alike); the system administrator has no organisation."""
    seen = {}
    for role in Role:
        for org_type in [None] if role is Role.SYSTEM_ADMIN else list(OrgType):
            key = capabilities_for(org_type, [role.value])
            seen.setdefault(key, (role, org_type))
    return list(seen.values())


@pytest.mark.parametrize(("role", "org_type"), _personas())
def test_every_link_a_persona_is_offered_opens_for_them(client, db, role, org_type):
    organisation = make_organisation("Org", org_type) if org_type else None
    user = make_user(organisation, role)
    client.force_login(user)
    offered = links_for(user.capabilities, org_type)
    assert offered, "everyone signed in has a home page"
    for _, path in offered:
        response = client.get(path)
        assert response.status_code in (200, 302), (path, response.status_code)
        assert "login" not in response.get("Location", ""), path


def test_the_home_page_shows_exactly_the_links_of_the_user_s_capabilities(client, case_manager):
    client.force_login(case_manager)
    page = client.get("/law/").content.decode()
    navigation_html = page.split('<nav aria-label="Main">')[1].split("</nav>")[0]
    for _, path in links_for(case_manager.capabilities):
        assert f'href="{path}"' in navigation_html
    assert 'href="/audit/"' not in navigation_html
