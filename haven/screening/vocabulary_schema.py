"""The shape of the screening vocabularies (haven/screening/data/*.toml), checked on load.

Vulnerabilities, indicators, encounter settings and offences are data, each with the seed lines
it comes from, so that the interview asks what the documents ask and nothing the software made up.
"""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from haven.core.i18n import check_translations
from haven.law.schema import Bases, Code, Sources, Strict, Text

Label = Annotated[str, Field(min_length=1, max_length=160)]


def _translations(table: Any) -> dict[str, str]:
    return check_translations(table, where="translations")


# The English beside it in the other interface languages (haven/core/i18n.py); the loader's
# error names the file, the entry and the field.
Translations = Annotated[dict[str, str], AfterValidator(_translations)]


class Vulnerability(Strict):
    code: Code
    label: Label
    label_i18n: Translations = {}
    description: Text
    description_i18n: Translations = {}
    group: Literal[
        "personal",
        "discrimination",
        "social_protection",
        "power",
        "migration",
        "crisis",
        "violence",
        "economic",
    ]
    sources: Sources


class VulnerabilitiesFile(Strict):
    schema_version: Literal[1]
    vulnerability: list[Vulnerability]


class Indicator(Strict):
    """`exploitation`: the indicator itself shows exploitation (being made to commit crimes or
    to serve clients), whatever its category suggests, so it concerns a child with no means
    needed (002 L64; 003 L573-578, L3006-3007). `labour_exploitation`: it shows exploitation at
    work, which opens wage claims and compensation with or without trafficking grounds (000
    rec. 71 at L236)."""

    code: Code
    label: Label
    label_i18n: Translations = {}
    exploitation: bool = False
    labour_exploitation: bool = False
    sources: Sources


class IndicatorCategory(Strict):
    """One of the six ILO/EC categories; `phase` says whether it speaks of recruitment or of the
    situation at destination, which the reasonable-grounds rule combines."""

    code: Code
    label: Label
    label_i18n: Translations = {}
    phase: Literal["recruitment", "destination"]
    suggests: Literal["means", "exploitation"]
    sources: Sources
    indicator: Annotated[list[Indicator], Field(min_length=1)]


class IndicatorsFile(Strict):
    schema_version: Literal[1]
    category: Annotated[list[IndicatorCategory], Field(min_length=6, max_length=6)]


class Setting(Strict):
    code: Code
    label: Label
    label_i18n: Translations = {}
    description: Text
    description_i18n: Translations = {}
    sources: Sources


class SettingsFile(Strict):
    schema_version: Literal[1]
    setting: list[Setting]


class Offence(Strict):
    """An offence a trafficked person is often charged with: the non-punishment principle's
    typical cases (DOMAIN.md 3)."""

    code: Code
    label: Label
    label_i18n: Translations = {}
    description: Text
    description_i18n: Translations = {}
    sources: Sources


class OffencesFile(Strict):
    schema_version: Literal[1]
    offence: list[Offence]


class Alert(Strict):
    code: Code
    message: Text
    message_i18n: Translations = {}
    basis: Bases
    sources: Sources


class AlertsFile(Strict):
    schema_version: Literal[1]
    alert: list[Alert]
