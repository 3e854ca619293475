"""The shape of the legal knowledge base's data files, checked when they are loaded.

Plain Python (pydantic, no Django). Every entry cites its `basis` (instrument and article) and
its `sources` (seed document and line range, optionally the paragraph), so that whatever Haven
shows can be traced to the law and to the document that relies on it.
"""

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Strength = Literal["shall", "endeavour", "consider", "in appropriate cases", "should"]
Body = Literal["UN", "ILO", "Council of Europe", "EU", "other"]
Kind = Literal["treaty", "protocol", "directive", "soft law"]
Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
DocId = Literal["000", "001", "002", "003", "004"]
LINES = re.compile(r"^(\d+)(?:-(\d+))?$")

ACTS = ("recruitment", "transportation", "transfer", "harbouring", "receipt")
MEANS = (
    "threat",
    "force",
    "coercion",
    "abduction",
    "fraud",
    "deception",
    "abuse_of_power",
    "abuse_of_vulnerability",
    "payments",
)
PURPOSES = (
    "sexual_exploitation",
    "forced_labour",
    "slavery",
    "servitude",
    "organ_removal",
    "begging",
    "forced_criminality",
    "forced_marriage",
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Source(Strict):
    """Where a seed document says it: `doc` and a line range such as "222" or "48-64"."""

    doc: DocId
    lines: str
    para: str | None = None

    @field_validator("lines")
    @classmethod
    def _range(cls, value: str) -> str:
        match = LINES.match(value)
        if not match or (match[2] and int(match[2]) < int(match[1])):
            raise ValueError("lines must be a line number or a range like '48-64'")
        return value

    @property
    def first_line(self) -> int:
        return int(LINES.match(self.lines)[1])  # type: ignore[index]  # the validator already matched LINES, so the match is not None

    @property
    def last_line(self) -> int:
        match = LINES.match(self.lines)
        return int(match[2] or match[1])  # type: ignore[index]  # the validator already matched LINES, so the match is not None


class Basis(Strict):
    """An instrument (by id) and the article relied on, e.g. coe_convention, "13"."""

    instrument: Code
    article: Annotated[str, Field(min_length=1, max_length=40)]


Sources = Annotated[list[Source], Field(min_length=1)]
Bases = Annotated[list[Basis], Field(min_length=1)]
Text = Annotated[str, Field(min_length=1, max_length=600)]
# Translations of a label beside its English (I18N conventions); checked by the loader, which
# names the file and entry, with haven.core.i18n.check_translations.
I18n = dict[str, str]


class Provision(Strict):
    article: Annotated[str, Field(min_length=1, max_length=40)]
    title: Annotated[str, Field(min_length=1, max_length=120)]
    summary: Text
    strength: Strength
    topics: list[Code] = []
    sources: Sources


class Instrument(Strict):
    id: Code
    short_name: Annotated[str, Field(min_length=1, max_length=80)]
    title: Annotated[str, Field(min_length=1, max_length=300)]
    body: Body
    year: Annotated[int, Field(ge=1900, le=2100)]
    kind: Kind
    symbol: str | None = None
    sources: Sources
    provisions: list[Provision] = []

    @model_validator(mode="after")
    def _unique_articles(self) -> "Instrument":
        articles = [p.article for p in self.provisions]
        duplicates = {a for a in articles if articles.count(a) > 1}
        if duplicates:
            raise ValueError(f"provision articles repeated: {sorted(duplicates)}")
        return self


class InstrumentsFile(Strict):
    schema_version: Literal[1]
    instrument: list[Instrument]


class Document(Strict):
    id: DocId
    symbol: str | None = None
    title: Annotated[str, Field(min_length=1, max_length=300)]
    author: str
    year: int
    short: Annotated[str, Field(min_length=1, max_length=60)]


class DocumentsFile(Strict):
    schema_version: Literal[1]
    document: list[Document]


class Term(Strict):
    """One act, means or purpose of the definition."""

    code: Code
    label: Annotated[str, Field(min_length=1, max_length=120)]
    label_i18n: I18n = {}
    summary: Text
    basis: Bases
    sources: Sources


class Rule(Strict):
    code: Code
    summary: Text
    basis: Bases
    sources: Sources


class DefinitionFile(Strict):
    schema_version: Literal[1]
    child_age: Annotated[int, Field(ge=1, le=25)]
    act: list[Term]
    means: list[Term]
    purpose: list[Term]
    rule: list[Rule]

    @model_validator(mode="after")
    def _fixed_codes(self) -> "DefinitionFile":
        for field, expected in (("act", ACTS), ("means", MEANS), ("purpose", PURPOSES)):
            codes = tuple(term.code for term in getattr(self, field))
            if sorted(codes) != sorted(expected):
                raise ValueError(f"{field} codes must be exactly {', '.join(expected)}")
        return self


class DefinitionProfileData(Strict):
    """How one legal order defines trafficking; national profiles use the same fields."""

    code: Code
    name: Annotated[str, Field(min_length=1, max_length=120)]
    name_i18n: I18n = {}
    summary: Text
    purposes: Annotated[list[Literal[PURPOSES]], Field(min_length=1)]  # type: ignore[valid-type]  # Literal of a tuple of strings: valid for pydantic, not for mypy
    open_purposes: bool
    means_required_for_children: bool = False
    requires_transnational: bool = False
    requires_organised_crime: bool = False
    requires_border_crossing: bool = False
    protects_only_women_and_children: bool = False
    child_age: int = 18
    basis: Bases
    sources: Sources


class ProfilesFile(Strict):
    schema_version: Literal[1]
    profile: list[DefinitionProfileData]


Trigger = Literal[
    "always",
    "indicators_present",
    "reasonable_grounds",
    "identified_victim",
    "child",
    "unaccompanied_child",
    "charged_offence",
    "detained",
    "removal_pending",
    "in_proceedings",
    "support_denied",
    "harm_suffered",
    "possible_victim",
    "exploitation_established",
    "labour_exploitation",
    "early_support_recommended",
]
JurisdictionSetting = Literal["reflection_days", "appeal_days"]


class Deadline(Strict):
    """When the right must be honoured: `days` fixed, or a jurisdiction's own setting."""

    starts: Trigger
    days: int | None = None
    days_setting: JurisdictionSetting | None = None
    before: Literal["removal", "proceedings", "interview"] | None = None
    summary: Text

    @model_validator(mode="after")
    def _one_rule(self) -> "Deadline":
        given = [x for x in (self.days, self.days_setting, self.before) if x is not None]
        if len(given) != 1:
            raise ValueError("a deadline needs exactly one of days, days_setting or before")
        return self


class Recommendation(Strict):
    """A reading that goes beyond the binding text, such as the Special Rapporteur's, shown
    beside the instrument's own strength and never in place of it."""

    by: Annotated[str, Field(min_length=1, max_length=120)]
    summary: Text
    strength: Strength = "should"
    sources: Sources


class Right(Strict):
    code: Code
    title: Annotated[str, Field(min_length=1, max_length=120)]
    title_i18n: I18n = {}
    summary: Text
    holder: Literal["person", "child", "state_duty"] = "person"
    triggers: Annotated[list[Trigger], Field(min_length=1)]
    deadline: Deadline | None = None
    strength: Strength
    conditional_on_cooperation: Literal[False] = False
    forms: list[Code] = []
    channels: list[Code] = []
    recommendation: Recommendation | None = None
    basis: Bases
    sources: Sources


class RightsFile(Strict):
    schema_version: Literal[1]
    right: list[Right]


class Jurisdiction(Strict):
    code: Annotated[str, Field(pattern=r"^(INTL|[A-Z]{2})$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    name_i18n: I18n = {}
    definition_profile: Code
    reflection_days: Annotated[int, Field(ge=0, le=3650)]
    notes: str = ""
    sources: Sources


class JurisdictionsFile(Strict):
    schema_version: Literal[1]
    jurisdiction: list[Jurisdiction]


GAP_CHECKS = (
    "means_required_for_children",
    "requires_transnational",
    "requires_organised_crime",
    "requires_border_crossing",
    "missing_minimum_purpose",
    "missing_later_purpose",
    "missing_forced_marriage",
    "only_women_and_children",
    "reflection_below_floor",
    "residence_conditional_on_cooperation",
    "assistance_conditional_on_cooperation",
    "no_non_punishment_provision",
    "no_return_risk_assessment",
    "no_guardian_for_children",
    "no_protection_regardless_of_status",
    "victims_detained",
    "no_appeal_against_support_denial",
    "no_free_legal_aid",
    "no_state_compensation_fund",
    "recognition_only_with_proceedings",
)


class GapRule(Strict):
    """A way a jurisdiction can fall short, the check that finds it, and what it offends.
    `strength_when_ratified`: the wording that binds once the State has ratified an instrument
    of the basis, where that is stronger than the baseline's."""

    code: Code
    check: Literal[GAP_CHECKS]  # type: ignore[valid-type]  # a tuple of names, checked above
    title: Annotated[str, Field(min_length=1, max_length=160)]
    title_i18n: I18n = {}
    explanation: Text
    strength: Strength
    strength_when_ratified: Strength | None = None
    basis: Bases
    sources: Sources


class GapsFile(Strict):
    schema_version: Literal[1]
    gap: list[GapRule]
