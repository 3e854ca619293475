import pytest

from haven.accounts.roles import (
    FIREWALLED_CAPABILITIES,
    SUPPORT_CAPABILITIES,
    Capability,
    OrgType,
    Role,
    capabilities_for,
    is_behind_firewall,
)


@pytest.mark.parametrize("org_type", [OrgType.LAW_ENFORCEMENT, OrgType.IMMIGRATION_SERVICE])
def test_enforcement_organisations_get_no_support_capability_whatever_the_roles(org_type):
    assert not capabilities_for(org_type, list(Role)) & SUPPORT_CAPABILITIES


def test_the_enforcement_role_strips_support_capabilities_in_any_organisation():
    granted = capabilities_for(OrgType.NGO, [Role.CASE_MANAGER, Role.ENFORCEMENT_OFFICER])
    assert not granted & SUPPORT_CAPABILITIES


@pytest.mark.parametrize(
    ("org_type", "roles"),
    [
        (OrgType.LAW_ENFORCEMENT, [Role.AUDITOR, Role.NATIONAL_COORDINATOR, Role.SUPERVISOR]),
        (OrgType.IMMIGRATION_SERVICE, [Role.AUDITOR, Role.NATIONAL_COORDINATOR]),
        (OrgType.NGO, [Role.ENFORCEMENT_OFFICER, Role.AUDITOR, Role.NATIONAL_COORDINATOR]),
        (None, [Role.ENFORCEMENT_OFFICER, Role.AUDITOR, Role.SYSTEM_ADMIN]),
    ],
)
def test_f3_enforcement_gets_no_audit_trail_aggregates_or_legal_profile_edits(org_type, roles):
    granted = capabilities_for(org_type, roles)
    assert not granted & FIREWALLED_CAPABILITIES
    assert not granted & {
        Capability.READ_AUDIT,
        Capability.VIEW_AGGREGATES,
        Capability.EDIT_LEGAL_PROFILES,
    }


def test_the_firewall_leaves_administration_alone():
    assert capabilities_for(OrgType.LAW_ENFORCEMENT, [Role.ORG_ADMIN]) == {
        Capability.MANAGE_ORG_USERS
    }


def test_an_ngo_case_manager_reads_support_records():
    assert Capability.READ_SUPPORT_RECORDS in capabilities_for(OrgType.NGO, [Role.CASE_MANAGER])
    assert not is_behind_firewall(OrgType.NGO, [Role.CASE_MANAGER])


def test_the_national_coordinator_sees_aggregates_and_edits_the_law_but_no_record():
    granted = capabilities_for(OrgType.CENTRAL_GOVERNMENT, [Role.NATIONAL_COORDINATOR])
    assert granted == {Capability.VIEW_AGGREGATES, Capability.EDIT_LEGAL_PROFILES}
    assert not granted & SUPPORT_CAPABILITIES


def test_org_types_are_the_htcds_value_names():
    assert {t.value for t in OrgType} >= {
        "NGO",
        "LawEnforcement",
        "HealthServiceOrganisation",
        "CentralGovernmentOrganisation",
        "LocalGovernmentOrganisation",
        "ImmigrationService",
        "LegalService",
        "CorporateBusiness",
    }
