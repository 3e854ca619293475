"""The forms Haven serves to ODK Collect and Enketo, and how their answers are read back.

- `htcds`: IOM's HTCDS XLSForm, read from the standards directory (never copied into Haven)
  and converted with pyxform.
- `haven_interview`: Haven's own interview, generated as an XLSForm from the screening
  vocabulary and the legal elements (so the vocabulary stays the one source), then converted
  with pyxform. `record_from_answers` turns its answers back into the interview record contract
  (`haven.screening.record`), where an indicator not answered is `not_asked`, never `no`, and
  an element list left empty is unknown (null), never "none".
"""

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pyxform.xls2xform import convert

from haven.law.schema import ACTS, MEANS, PURPOSES
from haven.screening.vocabulary import GENDERS, vocabulary

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_STANDARDS_DIR = REPO_ROOT / ".." / "shared" / "standards"
HTCDS_XLSFORM = "htcds_xlsform.xlsx"
INTERVIEW_ID = "haven_interview"
HTCDS_ID = "htcds_xlsform"
INTERVIEW_VERSION = "1"
YES_NO = "yes_no"
ANSWERS = "indicator_answer"
BOOLEAN_QUESTIONS = {
    "interpreter": ("encounter", "interpreter"),
    "age_disputed": ("person", "age_disputed"),
    "unaccompanied": ("person", "unaccompanied"),
    "detained": ("situation", "detained"),
    "removal_pending": ("situation", "removal_pending"),
    "in_proceedings": ("situation", "in_proceedings"),
}


class FormMissing(LookupError):
    """The standard's form is not where HAVEN_STANDARDS_DIR says."""


@dataclass(frozen=True)
class Form:
    form_id: str
    name: str
    version: str
    xml: str

    @property
    def hash(self) -> str:
        return "md5:" + hashlib.md5(self.xml.encode(), usedforsecurity=False).hexdigest()


def standards_xlsform() -> Path:
    """The HTCDS XLSForm; HAVEN_STANDARDS_DIR may name the standards or its htcds directory."""
    directory = Path(os.environ.get("HAVEN_STANDARDS_DIR", DEFAULT_STANDARDS_DIR))
    for candidate in (directory / "htcds" / HTCDS_XLSFORM, directory / HTCDS_XLSFORM):
        if candidate.is_file():
            return candidate
    raise FormMissing(f"{HTCDS_XLSFORM} not found under {directory.resolve()}")


@cache
def htcds_form() -> Form:
    xml = convert(xlsform=standards_xlsform()).xform
    return Form(HTCDS_ID, "HTCDS case (IOM)", _version(xml), xml)


def _version(xml: str) -> str:
    start = xml.index('version="') + len('version="')
    return xml[start : xml.index('"', start)]


def _choices(list_name: str, items: dict[str, str]) -> list[dict[str, str]]:
    return [{"list_name": list_name, "name": code, "label": label} for code, label in items.items()]


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize()


def _question(kind: str, name: str, label: str, **extra: str) -> dict[str, str]:
    return {"type": kind, "name": name, "label": label, **extra}


def _indicator_rows() -> list[dict[str, str]]:
    rows = []
    voc = vocabulary()
    for category in voc.categories.values():
        rows.append(
            {"type": "begin_group", "name": f"cat_{category.code}", "label": category.label}
        )
        rows += [
            _question(f"select_one {ANSWERS}", f"ind_{i.code}", i.label, default="not_asked")
            for i in category.indicator
        ]
        rows.append({"type": "end_group", "name": f"cat_{category.code}"})
    return rows


def _survey() -> list[dict[str, str]]:
    yes_no = f"select_one {YES_NO}"
    return [
        _question("text", "jurisdiction", "Jurisdiction (ISO code, or INTL)"),
        _question("date", "encounter_date", "Date of the interview", required="yes"),
        _question("select_one setting", "setting", "Where the person was met"),
        _question(yes_no, "interpreter", "Was an interpreter present?"),
        _question("text", "language", "Language of the interview"),
        _question("integer", "age", "Age, if known"),
        _question(yes_no, "age_disputed", "Is the age uncertain or disputed?"),
        _question("select_one gender", "gender", "Gender"),
        _question("text", "nationality", "Nationality (ISO 3166 alpha-2 code)"),
        _question(yes_no, "unaccompanied", "Is the person an unaccompanied child?"),
        _question("select_multiple vulnerability", "vulnerabilities", "Vulnerabilities"),
        *_indicator_rows(),
        _question("select_multiple act", "acts", "Acts (leave empty if unknown)"),
        _question("select_multiple means", "means", "Means (leave empty if unknown)"),
        _question("select_multiple purpose", "purposes", "Purposes (leave empty if unknown)"),
        _question(yes_no, "detained", "Is the person detained?"),
        _question("select_multiple offence", "charged_offences", "Offences charged"),
        _question(yes_no, "removal_pending", "Is removal from the country pending?"),
        _question(yes_no, "in_proceedings", "Is the person in criminal proceedings?"),
        _question(yes_no, "consent_to_record", "Does the person consent to this record?"),
    ]


def interview_xlsform() -> dict[str, Any]:
    voc = vocabulary()
    choices = [
        *_choices(YES_NO, {"yes": "Yes", "no": "No"}),
        *_choices(ANSWERS, {"yes": "Yes", "no": "No", "not_asked": "Not asked"}),
        *_choices("setting", {s.code: s.label for s in voc.settings.values()}),
        *_choices("gender", {g: _words(g) for g in GENDERS if g == GENDERS[g]}),
        *_choices("vulnerability", {x.code: x.label for x in voc.vulnerabilities.values()}),
        *_choices("offence", {o.code: o.label for o in voc.offences.values()}),
        *_choices("act", {c: _words(c) for c in ACTS}),
        *_choices("means", {c: _words(c) for c in MEANS}),
        *_choices("purpose", {c: _words(c) for c in PURPOSES}),
    ]
    settings = {"form_id": INTERVIEW_ID, "form_title": "Haven interview"}
    return {
        "survey": _survey(),
        "choices": choices,
        "settings": [{**settings, "version": INTERVIEW_VERSION}],
    }


@cache
def interview_form() -> Form:
    xml = convert(xlsform=interview_xlsform()).xform
    return Form(INTERVIEW_ID, "Haven interview", INTERVIEW_VERSION, xml)


def forms() -> dict[str, Form]:
    """The forms served; the HTCDS form only when the standard's file is present."""
    served = {INTERVIEW_ID: interview_form()}
    try:
        htcds = htcds_form()
    except FormMissing:
        return served
    return {htcds.form_id: htcds, **served}


def _split(value: str | None) -> list[str] | None:
    return value.split() if value else None


def _yes(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def record_from_answers(answers: dict[str, str]) -> dict[str, Any]:
    """The interview record (as JSON data) from the generated form's answers, by leaf name."""
    person: dict[str, Any] = {"age": int(answers["age"]) if answers.get("age") else None}
    person |= {"gender": answers.get("gender") or None}
    person |= {"nationality": answers.get("nationality") or None}
    record: dict[str, Any] = {
        "jurisdiction": answers.get("jurisdiction") or None,
        "encounter": {
            "date": answers.get("encounter_date"),
            "setting": answers.get("setting") or None,
            "language": answers.get("language") or None,
        },
        "person": person,
        "vulnerabilities": _split(answers.get("vulnerabilities")) or [],
        "indicators": _indicators(answers),
        "facts": {name: _split(answers.get(name)) for name in ("acts", "means", "purposes")},
        "situation": {"charged_offences": _split(answers.get("charged_offences")) or []},
        "consent_to_record": _yes(answers.get("consent_to_record")),
    }
    for question, (part, field) in BOOLEAN_QUESTIONS.items():
        answer = _yes(answers.get(question))
        if answer is not None:  # unanswered: the contract's own default for that field
            record[part][field] = answer
    return record


def _indicators(answers: dict[str, str]) -> dict[str, str]:
    given = {code: answers.get(f"ind_{code}") for code in vocabulary().indicators}
    return {code: value for code, value in given.items() if value in ("yes", "no")}
