"""The catalogue holds the standard's exact names and values, and checks values against them."""

import pytest

from haven.htcds import catalogue as c
from haven.htcds.catalogue import CatalogueError

ORG_TYPES = [
    "NGO",
    "LawEnforcement",
    "HealthServiceOrganisation",
    "CentralGovernmentOrganisation",
    "LocalGovernmentOrganisation",
    "ImmigrationService",
    "LegalService",
    "CorporateBusiness",
    "SchoolOrCollege",
]
METHODS_OF_CONTROL = [
    "PhysicalThreats",
    "ThreatsLawEnforcement",
    "ThreatensChildrenFamily",
    "DebtBondage",
    "FalsePromises",
    "PhysicalAbuse",
    "SexualAbuse",
    "TakesEarnings",
    "RestrictsFinancialAccess",
    "RestrictsMedicalCare",
    "WithholdsNecessities",
    "PsychologicalAbuse",
    "PsychoactiveSubstance",
    "ExcessiveWorkingHours",
    "WithholdsDocuments",
    "Other",
]


def test_org_type_has_exactly_the_nine_organisation_types():
    assert c.picklist("org_Type") == ORG_TYPES
    assert c.field("org_Type").entity == "Organization"


def test_case_status_values_and_labels():
    assert c.picklist("cas_Status") == ["Active", "FollowUp", "Closed", "ClosedReferred"]
    assert c.label("cas_Status", "ClosedReferred") == "Closed Referred"
    spec = c.field("cas_Status")
    assert (spec.entity, spec.prefix, spec.name, spec.type, spec.core) == (
        "Case",
        "cas_",
        "Status",
        "Picklist",
        True,
    )


def test_gender_values_and_labels_without_the_no_break_spaces_of_the_source():
    assert c.picklist("prs_Gender") == [
        "Feminine",
        "Masculine",
        "TransgenderFeminine",
        "TransgenderMasculine",
        "NonConforming",
        "NonSpecifiedUnknown",
    ]
    assert c.label("prs_Gender", "Feminine") == "Feminine"
    assert c.label("prs_Gender", "NonSpecifiedUnknown") == "Not Specified/Unknown"


def test_methods_of_control_is_a_multi_select_with_its_values():
    spec = c.field("vic_MethodsOfControl")
    assert spec.type == "Multiselect Picklist"
    assert spec.is_multi
    assert spec.entity == "Person - Victim Context"
    assert c.picklist("vic_MethodsOfControl") == METHODS_OF_CONTROL  # "DebtBondage " trimmed
    assert c.is_valid("vic_MethodsOfControl", ["DebtBondage", "TakesEarnings"])
    assert c.is_valid("vic_MethodsOfControl", [])
    assert not c.is_valid("vic_MethodsOfControl", "DebtBondage")  # one name, not a list
    assert not c.is_valid("vic_MethodsOfControl", ["DebtBondage", "DebtBondage"])
    assert not c.is_valid("vic_MethodsOfControl", ["Debt bondage"])  # a label, not a name


def test_single_picklists_take_one_value_name():
    assert c.is_valid("cas_Status", "FollowUp")
    assert not c.is_valid("cas_Status", "Follow Up")
    assert not c.is_valid("cas_Status", ["FollowUp"])


def test_every_section_of_the_standard_is_an_entity():
    assert [e.name for e in c.catalogue().entities] == [
        "Organization",
        "Person",
        "Person - Victim Context",
        "Person - Perpetrator Context",
        "Case",
        "Case Comment",
        "Historic Trafficking Events",
        "Support Plan",
        "Consent",
    ]
    assert c.field("cas_ReasonForOutgoingReferral").section == "Referral Details"
    assert c.field("cas_ReasonForOutgoingReferral").entity == "Case"
    assert c.picklist("hte_Type") == ["Recruitment", "Transit", "Exploitation"]


def test_fields_come_in_the_standards_order_with_consistent_names():
    ordered = c.fields()
    assert ordered[0].full_name == "org_Name"
    assert ordered[-1].full_name == "con_Consent"
    assert all(f.full_name == f.prefix + f.name for f in ordered)


def test_code_list_fields_are_checked_against_iso_codes():
    assert c.field("prs_Citizenship").code_list == "ISO 3166"
    assert c.is_valid("prs_Citizenship", ["GB", "UA"])
    assert not c.is_valid("prs_Citizenship", ["GB", "XX"])
    assert c.is_valid("prs_PrimaryLanguage", "ukr")
    assert c.is_valid("prs_PrimaryLanguage", "ger")  # ISO 639-2/B
    assert not c.is_valid("prs_PrimaryLanguage", "xyz")


def test_checkbox_takes_a_bool():
    assert c.is_valid("con_Consent", True)
    assert not c.is_valid("con_Consent", "TRUE")


def test_errors_name_the_field_and_the_bad_value():
    with pytest.raises(CatalogueError, match=r"vic_MethodsOfControl: 'Beating' is not one of"):
        c.validate("vic_MethodsOfControl", ["PhysicalAbuse", "Beating"])
    with pytest.raises(CatalogueError, match=r"cas_Status: 'Open' is not one of its values"):
        c.label("cas_Status", "Open")
    with pytest.raises(CatalogueError, match=r"'cas_State' is not an HTCDS field"):
        c.field("cas_State")
    with pytest.raises(CatalogueError, match=r"prs_FirstName is of type Text"):
        c.picklist("prs_FirstName")
    with pytest.raises(CatalogueError, match=r"prs_FirstName is of type Text"):
        c.is_valid("prs_FirstName", "Ana")


def test_xlsform_names_map_to_the_standards_names():
    assert c.xlsform_name_to_field("prs_First_Name") == "prs_FirstName"
    assert c.xlsform_name_to_field("vic_Methods_of_Control") == "vic_MethodsOfControl"
    assert c.xlsform_name_to_field("cas_Status") == "cas_Status"
    # A question the HTCDS XLSForm lacks still maps when built the same way.
    assert c.xlsform_name_to_field("prs_Middle_Name") == "prs_MiddleName"
    assert c.field("prs_FirstName").xlsform.name == "prs_First_Name"
    with pytest.raises(CatalogueError, match=r"XLSForm question 'start' matches no HTCDS field"):
        c.xlsform_name_to_field("start")


def test_xlsform_choices_map_to_value_names():
    assert c.xlsform_choice_to_value("vic_Methods_of_Control", "DebtBondage ") == "DebtBondage"
    assert c.xlsform_choice_to_value("cas_Status", "FollowUp") == "FollowUp"
    with pytest.raises(CatalogueError, match=r"cas_Status: XLSForm choice 'Open'"):
        c.xlsform_choice_to_value("cas_Status", "Open")
    choices = [ch.name for ch in c.field("vic_MethodsOfControl").xlsform.choices]
    assert choices == METHODS_OF_CONTROL


def test_xlsform_answers_become_htcds_values():
    answer = c.xlsform_answer("vic_Methods_of_Control", "DebtBondage TakesEarnings")
    assert answer == ["DebtBondage", "TakesEarnings"]
    assert c.xlsform_answer("con_Consent", "TRUE") is True
    assert c.xlsform_answer("con_Consent", "FALSE") is False
    assert c.xlsform_answer("prs_Citizenship", "UA") == ["UA"]  # select_one in the form
    assert c.xlsform_answer("vic_ForcedLabourIndustry", "F_Construction") == "F_Construction"
    assert c.xlsform_answer("prs_First_Name", "Ana") == "Ana"
    with pytest.raises(CatalogueError, match=r"vic_ForcedLabourIndustry: takes one value"):
        c.xlsform_answer("vic_ForcedLabourIndustry", "F_Construction P_Education")


def test_the_catalogue_credits_the_standard():
    credit = c.attribution()
    assert credit["licence"] == "CC BY 4.0"
    assert "IOM" in credit["credit"]
    assert "HTCDS" in credit["credit"]
