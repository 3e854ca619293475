"""Request and response shapes of the API. The interview record itself is the screening app's
pydantic contract (`haven.screening.record.Record`), not a copy of it."""

import datetime
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from haven.cases.models import Gender


def _iso_text(value: Any) -> Any:
    """Lax pydantic would read a number as seconds since 1970: a date must be written out."""
    if not isinstance(value, str | datetime.date):
        raise ValueError("a date is written YYYY-MM-DD")
    return value


IsoDate = Annotated[datetime.date, BeforeValidator(_iso_text)]


class Error(Schema):
    detail: Any = Field(description="What is wrong, naming the field where there is one")


class ScreeningOut(Schema):
    id: int
    case_id: int
    jurisdiction: str
    encounter_date: datetime.date
    reasonable_grounds: bool
    early_support_recommended: bool
    result: dict[str, Any] = Field(description="The rights result, as `haven screen --json`")


class CaseIn(Schema):
    """A new case, by the HTCDS Person fields Haven holds."""

    prs_FirstName: str = Field(min_length=1, max_length=200)
    prs_MiddleName: str = Field("", max_length=200)
    prs_SecondName: str = Field("", max_length=200)
    prs_Birthdate: IsoDate | None = None
    prs_Gender: Gender | None = Field(None, description="HTCDS prs_Gender value name")
    prs_Citizenship: list[str] = Field(
        default_factory=list, max_length=1, description="At most one ISO 3166 alpha-2 code"
    )


class CaseOut(Schema):
    id: int
    record: dict[str, Any] = Field(description="The case as an HTCDS record (docs/htcds.md)")


class CaseList(Schema):
    cases: list[CaseOut]
    more: bool


class ReferralIn(Schema):
    case_id: int
    to_organisation_id: int
    reason: str = Field(description="HTCDS cas_ReasonForOutgoingReferral value name")
    sections: list[str]
    details: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=500)


class Answer(Schema):
    # The version the caller read (GET /referrals/{id}): an answer to a referral that changed
    # since is refused as a conflict, never applied over it.
    expected_version: int = Field(..., ge=0)
    reason: str = Field("", max_length=500)


class ReferralOut(Schema):
    id: int
    reference: str
    case_id: int
    from_organisation_id: int
    to_organisation_id: int
    reason: str
    sections: list[str]
    status: str
    cross_border: bool
    version: int
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None


class ReferralList(Schema):
    received: list[ReferralOut]
    sent: list[ReferralOut]


class OrganisationOut(Schema):
    id: int
    name: str
    org_type: str
    country: str


class Hit(Schema):
    citation: str
    snippet: str
    document_id: int
    anchor: str
    kind: str


class SearchOut(Schema):
    hits: list[Hit]
    errors: list[str]


class ParagraphOut(Schema):
    id: int
    document_id: int
    locator: str
    citation: str
    heading: str
    text: str
