"""The main navigation: a link to each place a signed-in user works, with the count of what
waits there.

Who sees a link is not written here: it is the permission the link's view declares
(haven.core.permissions), read back from the URLconf. The navigation can never offer a page
that answers 403, and a view whose permission changes takes its link along. Built in Python,
not in base.html: twenty `if`, `url` and `translate` tags on every page were a fifth of the
case list's rendering (bench/cases.py)."""

import functools
from dataclasses import dataclass
from typing import Protocol

from django.urls import get_script_prefix, resolve, reverse
from django.utils.functional import Promise
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.accounts.models import User
from haven.accounts.roles import Capability, OrgType
from haven.core.permissions import PUBLIC, SIGNED_IN, SIGNING_IN, declared_permission
from haven.inbox.badge import badge

C = Capability


@dataclass(frozen=True)
class Link:
    url_name: str
    label: Promise
    badge: str = ""  # the `waiting` group whose count it shows
    # Shown only to these, among those the view lets in: a page open to every signed-in user
    # that few have a use for (the jobs list), or a view that declares no Haven permission
    # (the Django admin checks its own).
    only: frozenset[Capability] | None = None
    # A page that holds only one kind of organisation's data (a company's own file).
    org_types: frozenset[OrgType] | None = None


LINKS = (
    Link("core:home", pgettext_lazy("navigation", "Home"), "total"),
    Link("law:index", pgettext_lazy("navigation", "Law")),
    Link("corpus:index", _("Documents")),
    Link("cases:list", pgettext_lazy("navigation", "Cases"), "cases"),
    Link("referrals:inbox", _("Referrals"), "referrals"),
    Link(
        "jobs:list",
        _("Exports"),
        only=frozenset({C.READ_ALL_ORG_RECORDS, C.READ_AUDIT, C.MANAGE_ORGANISATIONS}),
    ),
    Link("cases:search", _("Find a person")),
    Link("screening:inbox", _("Decisions"), "decisions"),
    Link("accounts:my_organisation", _("My organisation"), only=frozenset({C.MANAGE_ORG_USERS})),
    Link("accounts:organisations", _("Organisations")),
    Link("diligence:index", pgettext_lazy("navigation", "Plan"), "plan"),
    Link("audit:events", _("Audit trail")),
    Link("admin:index", _("System admin"), only=frozenset({C.USE_DJANGO_ADMIN})),
    Link("stats:dashboard", _("Statistics")),
    Link("business:grievances", _("Grievances"), "grievances", frozenset({C.HANDLE_GRIEVANCES})),
    Link("business:company", _("Due diligence"), org_types=frozenset({OrgType.CORPORATE_BUSINESS})),
    Link("business:tenders", _("Tenders")),
    Link(
        "integrations:clients",
        _("Connected systems"),
        only=frozenset({C.MANAGE_ORG_USERS, C.READ_SUPPORT_RECORDS}),
    ),
)


class Counts(Protocol):
    def __getitem__(self, group: str) -> int: ...


@functools.cache  # keyed by name: a link's lazy label would hash as its current translation
def target(url_name: str, prefix: str) -> tuple[str, frozenset[Capability] | None]:
    """The link's path under `prefix` and the capabilities any one of which shows it (None:
    every signed-in user)."""
    path = reverse(url_name)
    link = next(link for link in LINKS if link.url_name == url_name)
    return path, shown_to(link, declared_permission(resolve(path).func))


def shown_to(link: Link, declared: str | None) -> frozenset[Capability] | None:
    """The view's own permission, narrowed by the link's `only`."""
    if declared is None and link.only is None:
        raise LookupError(f"{link.url_name}'s view declares no permission; give its link `only`")
    opened = None if declared in (PUBLIC, SIGNED_IN, SIGNING_IN) else declared
    if opened is None:
        return link.only
    allowed = frozenset(Capability(part) for part in opened.split("|"))
    return allowed & link.only if link.only is not None else allowed


def links_for(
    capabilities: frozenset[Capability], org_type: str | None = None
) -> list[tuple[Link, str]]:
    """The links a user with these capabilities, in an organisation of this type, may follow,
    with their paths."""
    prefix = get_script_prefix()
    shown = []
    for link in LINKS:
        path, opened = target(link.url_name, prefix)
        if link.org_types is not None and org_type not in link.org_types:
            continue
        if opened is None or capabilities & opened:
            shown.append((link, path))
    return shown


def render(user: User, waiting: Counts) -> SafeString:
    """The navigation's list items; `waiting` maps a group to its count (inbox)."""
    org_type = user.organisation.org_type if user.organisation else None
    return format_html_join(
        "",
        '<li><a href="{}">{}</a>{}</li>',
        (
            (path, link.label, badge(waiting[link.badge]) if link.badge else "")
            for link, path in links_for(user.capabilities, org_type)
        ),
    )
