"""Request and response shapes of the API. The interview record itself is the screening app's
pydantic contract (`haven.screening.record.Record`), not a copy of it."""

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from haven.cases.models import Gender
from haven.support.models import MilestoneKind, ServiceKind, ServiceStatus


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
    more_received: bool  # a next page of received referrals follows (?received_page=)
    more_sent: bool


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


# Support plans (routes/support.py)


class PlanIn(Schema):
    goals: str = Field(min_length=1, max_length=5000, description="HTCDS spl_Objectives")
    types: list[str] = Field(default_factory=list, description="HTCDS spl_Type value names")
    planned_end_date: IsoDate | None = None
    actual_end_date: IsoDate | None = None


class PlanOut(Schema):
    id: int
    goals: str
    types: list[str]
    planned_end_date: datetime.date | None
    actual_end_date: datetime.date | None
    version: int


class ServiceIn(Schema):
    kind: ServiceKind
    provider_organisation_id: int | None = None
    provider_name: str = Field("", max_length=200)
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    notes: str = Field("", max_length=5000)


class ServiceOut(Schema):
    id: int
    plan_id: int
    kind: str
    provider_organisation_id: int | None
    provider_name: str
    status: str
    consent_given_on: datetime.date | None
    start_date: datetime.date | None
    end_date: datetime.date | None
    notes: str
    version: int


class ServiceStatusIn(Schema):
    status: ServiceStatus
    # The version the caller read: a service changed since is refused as a conflict.
    expected_version: int = Field(..., ge=0)


class ConsentIn(Schema):
    given_on: IsoDate


class MilestoneIn(Schema):
    kind: MilestoneKind
    target_date: IsoDate | None = None
    notes: str = Field("", max_length=5000)


class MilestoneOut(Schema):
    id: int
    plan_id: int
    kind: str
    target_date: datetime.date | None
    achieved_on: datetime.date | None
    notes: str


class AchievedIn(Schema):
    achieved_on: IsoDate


class SupportPlanOut(Schema):
    case_id: int
    plan: PlanOut | None
    services: list[ServiceOut]
    milestones: list[MilestoneOut]


# Recommendations and the plan answering them (routes/diligence.py)


class RecommendationOut(Schema):
    id: int
    state: str
    mechanism: str
    cycle: int | None
    number: str
    text: str
    recommending_states: list[Any]
    position: str
    themes: list[Any]
    sdgs: list[Any]
    affected_persons: list[Any]
    areas: list[Any]
    rights: list[Any]
    source_citation: str
    published: bool
    measure_ids: list[int]


class MeasureIn(Schema):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field("", max_length=5000)
    institution_id: int
    target_date: IsoDate | None = None
    also: list[int] = Field(
        default_factory=list, max_length=200, description="Other recommendations it answers"
    )


class MeasureStatusIn(Schema):
    status: Literal["planned", "in_progress", "completed", "delayed", "cancelled"]


class MeasureOut(Schema):
    id: int
    state: str
    title: str
    description: str
    institution_id: int
    institution: str
    target_date: datetime.date | None
    status: str
    published: bool
    recommendation_ids: list[int]
    indicator_ids: list[int]


FigureValue = Annotated[float, Field(allow_inf_nan=False)]


class ProgressIn(Schema):
    due_date: IsoDate = Field(description="One of the indicator's due dates")
    text: str = Field(min_length=1, max_length=10000)
    figures: dict[Annotated[str, Field(min_length=1, max_length=200)], FigureValue] = Field(
        default_factory=dict, max_length=100, description="label → number"
    )
    evidence: str = Field("", max_length=400, description="A citation or document reference")


class ProgressOut(Schema):
    id: int
    indicator_id: int
    due_date: datetime.date
    text: str
    figures: dict[str, float]
    evidence: str
    submitted_at: datetime.datetime


class IndicatorOut(Schema):
    id: int
    measure_id: int
    name: str
    manager_id: int
    start: datetime.date
    end: datetime.date
    frequency_months: int
    due_dates: list[datetime.date]
    overdue: list[datetime.date]
    due_soon: list[datetime.date]
    reports: list[ProgressOut]


# Published statistics (routes/statistics.py)


class StatisticsOut(Schema):
    country: str
    scope: str
    k: int = Field(description="No shown cell counts fewer persons than this")
    rounding: int
    legal_basis: str
    year: int | None
    indicators: list[dict[str, Any]] = Field(
        description="As `haven stats summary --json`: a suppressed cell has `count` null and "
        "says why in `suppressed`"
    )
