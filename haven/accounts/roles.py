"""Roles, the capabilities each grants, and the enforcement firewall.

Plain Python (Django only for the lazy translation of the labels): the rules of who may do what
are easy to read and test alone.
The firewall keeps support data away from police and immigration enforcement (DOMAIN.md 3;
seed 000 lines 84, 220, 226): it removes support capabilities from anyone in an enforcement
organisation or holding the enforcement role, whatever else they are granted, and with them the
audit trail (which shows who works on which case), aggregates (small counts single people out)
and the legal profiles the rights engine reads (FIREWALLED_CAPABILITIES).
"""

from collections.abc import Iterable
from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class OrgType(StrEnum):
    """HTCDS `org_Type` picklist value names."""

    NGO = "NGO"
    LAW_ENFORCEMENT = "LawEnforcement"
    HEALTH_SERVICE = "HealthServiceOrganisation"
    CENTRAL_GOVERNMENT = "CentralGovernmentOrganisation"
    LOCAL_GOVERNMENT = "LocalGovernmentOrganisation"
    IMMIGRATION_SERVICE = "ImmigrationService"
    LEGAL_SERVICE = "LegalService"
    CORPORATE_BUSINESS = "CorporateBusiness"
    SCHOOL_OR_COLLEGE = "SchoolOrCollege"


ORG_TYPE_LABELS = {
    OrgType.NGO: _("NGO"),
    OrgType.LAW_ENFORCEMENT: _("Law enforcement"),
    OrgType.HEALTH_SERVICE: _("Health service organisation"),
    OrgType.CENTRAL_GOVERNMENT: _("Central government organisation"),
    OrgType.LOCAL_GOVERNMENT: _("Local government organisation"),
    OrgType.IMMIGRATION_SERVICE: _("Immigration service"),
    OrgType.LEGAL_SERVICE: _("Legal service"),
    OrgType.CORPORATE_BUSINESS: _("Corporate business"),
    OrgType.SCHOOL_OR_COLLEGE: _("School or college"),
}

ENFORCEMENT_ORG_TYPES = frozenset({OrgType.LAW_ENFORCEMENT, OrgType.IMMIGRATION_SERVICE})


class Role(StrEnum):
    FRONTLINE_WORKER = "frontline_worker"
    CASE_MANAGER = "case_manager"
    SUPERVISOR = "supervisor"
    DECISION_TEAM = "decision_team"
    ORG_ADMIN = "org_admin"
    NATIONAL_COORDINATOR = "national_coordinator"
    ENFORCEMENT_OFFICER = "enforcement_officer"
    AUDITOR = "auditor"
    SYSTEM_ADMIN = "system_admin"
    GRIEVANCE_OFFICER = "grievance_officer"
    COMPANY_OFFICER = "company_officer"
    PROCUREMENT_OFFICER = "procurement_officer"
    MONITORING_BODY = "monitoring_body"
    GOVERNMENT_FOCAL_POINT = "government_focal_point"
    PLAN_MANAGER = "plan_manager"


ROLE_LABELS = {
    Role.FRONTLINE_WORKER: _("Front-line worker"),
    Role.CASE_MANAGER: _("Case manager"),
    Role.SUPERVISOR: _("Supervisor"),
    Role.DECISION_TEAM: _("Decision-team member"),
    Role.ORG_ADMIN: _("Organisation administrator"),
    Role.NATIONAL_COORDINATOR: _("National coordinator"),
    Role.ENFORCEMENT_OFFICER: _("Enforcement officer"),
    Role.AUDITOR: _("Auditor"),
    Role.SYSTEM_ADMIN: _("System administrator"),
    Role.GRIEVANCE_OFFICER: _("Grievance officer"),
    Role.COMPANY_OFFICER: _("Company due-diligence officer"),
    Role.PROCUREMENT_OFFICER: _("Procurement officer"),
    Role.MONITORING_BODY: _("Monitoring body / national rapporteur"),
    Role.GOVERNMENT_FOCAL_POINT: _("Government focal point"),
    Role.PLAN_MANAGER: _("Plan manager"),
}


class Capability(StrEnum):
    READ_SUPPORT_RECORDS = "read_support_records"
    READ_ALL_ORG_RECORDS = "read_all_org_records"
    CREATE_SUPPORT_RECORDS = "create_support_records"
    SEARCH_PERSONS = "search_persons"
    MANAGE_ORG_USERS = "manage_org_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AGGREGATES = "view_aggregates"
    READ_AUDIT = "read_audit"
    USE_DJANGO_ADMIN = "use_django_admin"
    EDIT_LEGAL_PROFILES = "edit_legal_profiles"
    DECIDE_EARLY_SUPPORT = "decide_early_support"
    HANDLE_GRIEVANCES = "handle_grievances"
    MANAGE_COMPANY_DATA = "manage_company_data"
    RUN_PROCUREMENT = "run_procurement"
    READ_PLAN = "read_plan"
    MANAGE_PLAN = "manage_plan"
    REPORT_PROGRESS = "report_progress"
    ASSESS_DUE_DILIGENCE = "assess_due_diligence"


C = Capability
ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.FRONTLINE_WORKER: frozenset(
        {C.READ_SUPPORT_RECORDS, C.CREATE_SUPPORT_RECORDS, C.SEARCH_PERSONS}
    ),
    Role.CASE_MANAGER: frozenset(
        {C.READ_SUPPORT_RECORDS, C.READ_ALL_ORG_RECORDS, C.CREATE_SUPPORT_RECORDS, C.SEARCH_PERSONS}
    ),
    Role.SUPERVISOR: frozenset(
        {
            C.READ_SUPPORT_RECORDS,
            C.READ_ALL_ORG_RECORDS,
            C.CREATE_SUPPORT_RECORDS,
            C.SEARCH_PERSONS,
            C.VIEW_AGGREGATES,
        }
    ),
    Role.DECISION_TEAM: frozenset(
        {C.READ_SUPPORT_RECORDS, C.READ_ALL_ORG_RECORDS, C.DECIDE_EARLY_SUPPORT}
    ),
    Role.ORG_ADMIN: frozenset({C.MANAGE_ORG_USERS}),
    Role.NATIONAL_COORDINATOR: frozenset({C.VIEW_AGGREGATES, C.EDIT_LEGAL_PROFILES}),
    Role.ENFORCEMENT_OFFICER: frozenset(),
    Role.AUDITOR: frozenset({C.READ_AUDIT}),
    Role.SYSTEM_ADMIN: frozenset(
        {C.MANAGE_ORGANISATIONS, C.USE_DJANGO_ADMIN, C.EDIT_LEGAL_PROFILES}
    ),
    Role.GRIEVANCE_OFFICER: frozenset({C.HANDLE_GRIEVANCES}),
    Role.COMPANY_OFFICER: frozenset({C.MANAGE_COMPANY_DATA}),
    Role.PROCUREMENT_OFFICER: frozenset({C.RUN_PROCUREMENT}),
    # State due diligence (issue 14): none of these reaches a person's record.
    Role.MONITORING_BODY: frozenset({C.READ_PLAN, C.ASSESS_DUE_DILIGENCE, C.VIEW_AGGREGATES}),
    Role.GOVERNMENT_FOCAL_POINT: frozenset({C.READ_PLAN, C.REPORT_PROGRESS}),
    Role.PLAN_MANAGER: frozenset({C.READ_PLAN, C.MANAGE_PLAN, C.REPORT_PROGRESS}),
}

SUPPORT_CAPABILITIES = frozenset(
    {
        C.READ_SUPPORT_RECORDS,
        C.READ_ALL_ORG_RECORDS,
        C.CREATE_SUPPORT_RECORDS,
        C.SEARCH_PERSONS,
        C.DECIDE_EARLY_SUPPORT,
        C.HANDLE_GRIEVANCES,
    }
)


# Beyond support records, what touches records, the audit trail or statistics, or changes the
# rules the rights engine applies: closed to enforcement as well.
# Assessing a State's due diligence is independent monitoring and draws on the statistics;
# company data hold workers' grievance figures: both closed to enforcement too. Plans, progress
# reports and tenders hold no personal data, and police and immigration services are among the
# institutions that must report on the measures that concern them, so those stay open.
FIREWALLED_CAPABILITIES = SUPPORT_CAPABILITIES | frozenset(
    {
        C.READ_AUDIT,
        C.VIEW_AGGREGATES,
        C.EDIT_LEGAL_PROFILES,
        C.ASSESS_DUE_DILIGENCE,
        C.MANAGE_COMPANY_DATA,
    }
)

# Capabilities whose grant needs a second administrator when the granter could reach the
# account: reading records or the audit trail, and administering accounts (an accomplice
# administrator account would otherwise be a second administrator of one person).
SENSITIVE_CAPABILITIES = SUPPORT_CAPABILITIES | frozenset(
    {C.READ_AUDIT, C.MANAGE_ORG_USERS, C.MANAGE_ORGANISATIONS, C.USE_DJANGO_ADMIN}
)


def firewalled_roles(roles: Iterable[str]) -> frozenset[Role]:
    """The roles among these that give something the firewall removes."""
    return frozenset(r for r in map(Role, roles) if ROLE_CAPABILITIES[r] & FIREWALLED_CAPABILITIES)


def sensitive_roles(roles: Iterable[str]) -> frozenset[Role]:
    """The roles among these whose grant needs a second administrator."""
    return frozenset(r for r in map(Role, roles) if ROLE_CAPABILITIES[r] & SENSITIVE_CAPABILITIES)


def is_behind_firewall(org_type: str | None, roles: Iterable[str]) -> bool:
    """True for anyone on the enforcement side of the firewall."""
    return org_type in ENFORCEMENT_ORG_TYPES or Role.ENFORCEMENT_OFFICER in set(roles)


def capabilities_for(org_type: str | None, roles: Iterable[str]) -> frozenset[Capability]:
    """What these roles allow in an organisation of this type, after the firewall."""
    held = [Role(role) for role in roles]
    granted = frozenset().union(*(ROLE_CAPABILITIES[role] for role in held))
    if is_behind_firewall(org_type, held):
        return granted - FIREWALLED_CAPABILITIES
    return granted


def roles_open_to(org_type: str | None) -> frozenset[Role]:
    """The roles an account in an organisation of this type (None: no organisation) can hold:
    with none, only system administrators and auditors; in an enforcement organisation, none
    that the firewall would void. The form offers these; `accounts.actions` refuses the rest."""
    if org_type is None:
        return frozenset({Role.SYSTEM_ADMIN, Role.AUDITOR})
    if org_type in ENFORCEMENT_ORG_TYPES:
        return frozenset(Role) - firewalled_roles(Role)
    return frozenset(Role)
