"""The assessment report as a Word document (python-docx): the printable page's content, so a
monitoring body can file, edit the layout of, or send the report it signed off.

Every criterion gives its obligation, legal basis, 001 paragraphs, finding, narrative and the
citation of each piece of evidence. Labels are in the active language, with the same words as
the printable page (assessment_print.html), so both read alike.
"""

from dataclasses import dataclass
from typing import Any

import docx
from django.utils.translation import gettext

from haven.diligence.export import docx_bytes
from haven.diligence.framework import Area, Criterion, Obligation
from haven.diligence.templatetags.diligence_i18n import duty, evidence_kind, tr

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class Row:
    finding: Any  # models.Finding
    obligation: Obligation | None
    criterion: Criterion | None
    basis: list[str]


def assessment_docx(assessment: Any, area: Area, rows: list[Row], *, document: str) -> bytes:
    out = docx.Document()
    out.core_properties.title = _title(assessment, area)
    out.add_heading(
        gettext("Due-diligence assessment: %(area)s") % {"area": tr(area, "title")}, level=0
    )
    out.add_paragraph(_facts(assessment))
    out.add_paragraph(
        gettext(
            "Framework: %(document)s, %(citation)s. Due diligence is an obligation of conduct "
            "judged by the effect of what the State did (%(document)s, paras. 17-18, 47)."
        )
        % {"document": document, "citation": area.citation}
    )
    for number, row in enumerate(rows, start=1):
        _criterion(out, number, row)
    return docx_bytes(out)


def _title(assessment: Any, area: Area) -> str:
    return gettext("Due-diligence assessment: %(area)s, %(state)s %(year)s") % {
        "area": tr(area, "title"),
        "state": assessment.state,
        "year": assessment.year,
    }


def _facts(assessment: Any) -> str:
    facts = gettext("State: %(state)s. Year: %(year)s. Version %(version)s, %(status)s") % {
        "state": assessment.state,
        "year": assessment.year,
        "version": assessment.version,
        "status": assessment.get_status_display(),
    }
    if assessment.signed_off_at:
        when = assessment.signed_off_at.date().isoformat()
        facts += " (" + gettext("on %(date)s") % {"date": when} + ")"
    return facts + "."


def _criterion(out: Any, number: int, row: Row) -> None:
    finding = row.finding
    question = tr(row.criterion, "question") if row.criterion else finding.criterion
    out.add_heading(f"{number}. {question}", level=1)
    if row.obligation:
        summary = {"duty": duty(row.obligation.duty), "summary": tr(row.obligation, "summary")}
        out.add_paragraph(gettext("Obligation (%(duty)s): %(summary)s") % summary)
        cited = {"basis": "; ".join(row.basis), "citation": row.obligation.citation}
        out.add_paragraph(gettext("Legal basis: %(basis)s. Guidance: %(citation)s.") % cited)
    result = out.add_paragraph(gettext("Finding:") + " ")
    result.add_run(str(finding.get_result_display())).bold = True
    out.add_paragraph(finding.narrative or gettext("No narrative."))
    out.add_heading(gettext("Evidence"), level=2)
    if not finding.evidence:
        out.add_paragraph(gettext("None cited."), style="List Number")
    for item in finding.evidence:
        note = f" — {item['note']}" if item.get("note") else ""
        line = f"{evidence_kind(item['kind'])}: {item['citation']}{note}"
        out.add_paragraph(line, style="List Number")
