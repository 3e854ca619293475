"""One case as a row of the CTDC global dataset's variables and coding (data dictionary
15082018, in HTCDS_STANDARDS_DIR/ctdc/): flags "1", "0" or "-99" (missing), countries ISO 3166
alpha-2, *Concatenated fields joined with ";". Plain Python, no Django.

Haven records the age when trafficked, not the age at registration: ageBroad and
majorityStatusAtExploit are derived from it, and majorityStatus is left missing.
"""

from collections.abc import Sequence
from typing import Any, NamedTuple

from haven.stats.indicators import CTDC_GENDER, age_band

MISSING = "-99"


class Source(NamedTuple):
    """The stored values one row is built from (see export.SOURCE_FIELDS)."""

    year: int
    gender: str
    age: int | None
    citizenship: str
    exploitation_country: str
    methods_of_control: Sequence[str]
    types_of_exploitation: Sequence[str]
    labour_industry: str
    types_of_sex: Sequence[str]
    relation: str


# CTDC flag → the HTCDS vic_MethodsOfControl values that set it.
MEANS_OF_CONTROL = {
    "DebtBondage": ("DebtBondage",),
    "TakesEarnings": ("TakesEarnings",),
    "RestrictsFinancialAccess": ("RestrictsFinancialAccess",),
    "Threats": ("PhysicalThreats", "ThreatensChildrenFamily"),
    "PsychologicalAbuse": ("PsychologicalAbuse",),
    "PhysicalAbuse": ("PhysicalAbuse",),
    "SexualAbuse": ("SexualAbuse",),
    "FalsePromises": ("FalsePromises",),
    "PsychoactiveSubstances": ("PsychoactiveSubstance",),
    "RestrictsMovement": (),
    "RestrictsMedicalCare": ("RestrictsMedicalCare",),
    "ExcessiveWorkingHours": ("ExcessiveWorkingHours",),
    "UsesChildren": (),
    "ThreatOfLawEnforcement": ("ThreatsLawEnforcement",),
    "WithholdsNecessities": ("WithholdsNecessities",),
    "WithholdsDocuments": ("WithholdsDocuments",),
    "Other": ("Other",),
}
OTHER_EXPLOIT = (
    "ChildLabour",
    "Servitude",
    "ForcedBegging",
    "ForcedAdoption",
    "Surrogacy",
    "Other",
)
EXPLOITATION = {
    "isForcedLabour": ("ForcedLabour",),
    "isSexualExploit": ("SexualExploitation",),
    "isOtherExploit": OTHER_EXPLOIT,
    "isForcedMarriage": ("ForcedMarriage",),
    "isForcedMilitary": ("ForcedMilitaryByNonStateActors",),
    "isOrganRemoval": ("OrganRemoval",),
}
EXPLOIT_WORDS = {
    "isForcedLabour": "Forced labour",
    "isSexualExploit": "Sexual exploitation",
    "isOtherExploit": "Other",
    "isForcedMarriage": "Forced marriage",
    "isForcedMilitary": "Forced military",
    "isOrganRemoval": "Organ removal",
}
# CTDC typeOfLabour* ← HTCDS vic_ForcedLabourIndustry (ISIC section letter).
LABOUR = {
    "Agriculture": "A",
    "Aquafarming": "",
    "Begging": "",
    "Construction": "F",
    "DomesticWork": "T",
    "Hospitality": "I",
    "IllicitActivities": "",
    "Manufacturing": "C",
    "MiningOrDrilling": "B",
    "Peddling": "G",
    "Transportation": "H",
}
SEX = ("Prostitution", "Pornography", "RemoteInteractiveServices", "PrivateSexualServices")
RELATION = {
    "IntimatePartner": "",
    "Friend": "Acquainted",
    "Family": "Familial",
    "Other": "Unaquainted",
}

QUASI_IDENTIFIERS = (
    "yearOfRegistration",
    "gender",
    "ageBroad",
    "citizenship",
    "CountryOfExploitation",
)
COLUMNS = (
    "yearOfRegistration",
    "Datasource",
    "gender",
    "ageBroad",
    "majorityStatus",
    "majorityStatusAtExploit",
    "citizenship",
    *(f"meansOfControl{name}" for name in MEANS_OF_CONTROL),
    "meansOfControlNotSpecified",
    "meansOfControlConcatenated",
    *EXPLOITATION,
    "isSexAndLabour",
    "typeOfExploitConcatenated",
    *(f"typeOfLabour{name}" for name in LABOUR),
    "typeOfLabourOther",
    "typeOfLabourNotSpecified",
    "typeOfLabourConcatenated",
    *(f"typeOfSex{name}" for name in SEX),
    "typeOfSexConcatenated",
    "CountryOfExploitation",
    *(f"recruiterRelation{name}" for name in RELATION),
    "recruiterRelationUnknown",
)


def _flags(held: set[str], mapping: dict[str, tuple[str, ...]], prefix: str) -> dict[str, str]:
    if not held:
        return {f"{prefix}{name}": MISSING for name in mapping}
    return {
        f"{prefix}{name}": _bit(any(v in held for v in values)) for name, values in mapping.items()
    }


def _bit(value: bool) -> str:
    return "1" if value else "0"


def row(source: Source) -> dict[str, str]:
    out: dict[str, str] = {
        "yearOfRegistration": str(source.year),
        "Datasource": "Case management",
        "gender": CTDC_GENDER.get(source.gender, MISSING),
        "ageBroad": MISSING if source.age is None else age_band(source.age),
        "majorityStatus": MISSING,
        "majorityStatusAtExploit": _majority(source.age),
        "citizenship": source.citizenship or MISSING,
        "CountryOfExploitation": source.exploitation_country or MISSING,
    }
    out |= _control(set(source.methods_of_control))
    out |= _exploitation(set(source.types_of_exploitation))
    out |= _labour(out["isForcedLabour"], source.labour_industry, set(source.types_of_exploitation))
    out |= _sex(out["isSexualExploit"], set(source.types_of_sex))
    out |= _relation(source.relation)
    return {name: out[name] for name in COLUMNS}


def _majority(age: int | None) -> str:
    return MISSING if age is None else ("Minor" if age < 18 else "Adult")


def majority_of_band(band: str) -> str:
    """The majority status an ageBroad band implies (CTDC's bands split at 18)."""
    if band == MISSING:
        return MISSING
    return "Minor" if band in ("0--8", "9--17") else "Adult"


def _control(held: set[str]) -> dict[str, str]:
    out = _flags(held, MEANS_OF_CONTROL, "meansOfControl")
    out["meansOfControlNotSpecified"] = _bit(not held)
    out["meansOfControlConcatenated"] = (
        ";".join(n for n in MEANS_OF_CONTROL if out[f"meansOfControl{n}"] == "1") or MISSING
    )
    return out


def _exploitation(held: set[str]) -> dict[str, str]:
    out = _flags(held, EXPLOITATION, "")
    both = out["isForcedLabour"] == "1" and out["isSexualExploit"] == "1"
    out["isSexAndLabour"] = MISSING if not held else _bit(both)
    out["typeOfExploitConcatenated"] = (
        ";".join(w for f, w in EXPLOIT_WORDS.items() if out[f] == "1") or MISSING
    )
    return out


def _labour(forced: str, industry: str, exploitation: set[str]) -> dict[str, str]:
    names = [*LABOUR, "Other", "NotSpecified"]
    if forced != "1":
        return {f"typeOfLabour{n}": MISSING for n in names} | {"typeOfLabourConcatenated": MISSING}
    section = industry[:1]
    held = {n for n, letter in LABOUR.items() if letter and letter == section}
    held |= {"Begging"} if "ForcedBegging" in exploitation else set()
    held |= {"Other"} if section and not held else set()
    out = {f"typeOfLabour{n}": _bit(n in held) for n in names}
    out["typeOfLabourNotSpecified"] = _bit(not held)
    out["typeOfLabourConcatenated"] = ";".join(n for n in names if n in held) or MISSING
    return out


def _sex(sexual: str, held: set[str]) -> dict[str, str]:
    if sexual != "1" or not held:
        return {f"typeOfSex{n}": MISSING for n in SEX} | {"typeOfSexConcatenated": MISSING}
    out = {f"typeOfSex{n}": _bit(n in held) for n in SEX}
    out["typeOfSexConcatenated"] = ";".join(n for n in SEX if n in held)
    return out


def _relation(relation: str) -> dict[str, str]:
    out = {
        f"recruiterRelation{n}": (MISSING if not relation else _bit(v == relation))
        for n, v in RELATION.items()
    }
    out["recruiterRelationUnknown"] = _bit(not relation)
    return out


def rows(sources: Sequence[Sequence[Any]]) -> list[dict[str, str]]:
    return [row(Source(*source)) for source in sources]
