"""Haven's own choices are the standard's value names, so HTCDS data passes through unchanged."""

from haven.accounts.roles import OrgType
from haven.cases.models import CaseStatus, Gender
from haven.htcds.catalogue import picklist


def test_org_type_is_the_htcds_org_type_picklist():
    assert [t.value for t in OrgType] == picklist("org_Type")


def test_gender_is_the_htcds_gender_picklist():
    assert list(Gender.values) == picklist("prs_Gender")


def test_case_status_is_the_htcds_case_status_picklist():
    assert list(CaseStatus.values) == picklist("cas_Status")
