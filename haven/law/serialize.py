"""Plain, JSON-ready views of the knowledge base and its findings, shared by the API and the CLI
so that both give the same answer for the same question."""

from typing import Any

from haven.law.definition import DefinitionFinding, ElementFinding
from haven.law.gaps import GapFinding
from haven.law.loader import LawBase, law
from haven.law.schema import Basis, Source


def basis_citation(basis: Basis, base: LawBase | None = None) -> str:
    base = base or law()
    instrument = base.instruments[basis.instrument]
    # "13" is an article; "Principle 8" or "paras 19-23" name themselves.
    prefix = "art. " if basis.article[:1].isdigit() else ""
    return f"{instrument.short_name}, {prefix}{basis.article}"


def source_citation(source: Source, base: LawBase | None = None) -> str:
    base = base or law()
    document = base.documents[source.doc]
    name = document.symbol or document.short
    para = f", para. {source.para}" if source.para else ""
    lines = "lines" if "-" in source.lines else "line"
    return f"{name}{para} (document {source.doc}, {lines} {source.lines})"


def basis_json(bases: Any) -> list[dict[str, str]]:
    return [
        {"instrument": b.instrument, "article": b.article, "citation": basis_citation(b)}
        for b in bases
    ]


def sources_json(sources: Any) -> list[dict[str, Any]]:
    return [
        {"doc": s.doc, "lines": s.lines, "para": s.para, "citation": source_citation(s)}
        for s in sources
    ]


def element_json(finding: ElementFinding) -> dict[str, Any]:
    return {
        "status": finding.status,
        "reason": finding.reason,
        "basis": basis_json(finding.basis),
        "sources": sources_json(finding.sources),
    }


def finding_json(finding: DefinitionFinding, jurisdiction: str) -> dict[str, Any]:
    return {
        "jurisdiction": jurisdiction,
        "profile": finding.profile,
        "child": finding.child,
        "overall": finding.overall,
        "elements": {name: element_json(e) for name, e in finding.elements.items()},
    }


def gap_json(finding: GapFinding) -> dict[str, Any]:
    rule = finding.rule
    return {
        "code": rule.code,
        "outcome": finding.outcome,
        "title": rule.title,
        "detail": finding.detail,
        "explanation": rule.explanation,
        "strength": finding.strength,
        "against": finding.against,
        "basis": basis_json(rule.basis),
        "sources": sources_json(rule.sources),
    }


def gaps_json(jurisdiction: str, profile: str, findings: list[GapFinding]) -> dict[str, Any]:
    by_outcome = {o: [gap_json(f) for f in findings if f.outcome == o] for o in ("gap", "unknown")}
    return {
        "jurisdiction": jurisdiction,
        "definition_profile": profile,
        "gaps": by_outcome["gap"],
        "not_assessed": by_outcome["unknown"],
        "checked": len(findings),
    }


def right_json(code: str) -> dict[str, Any]:
    right = law().rights[code]
    data = right.model_dump(exclude={"basis", "sources"})
    return {**data, "basis": basis_json(right.basis), "sources": sources_json(right.sources)}


def instrument_json(instrument_id: str) -> dict[str, Any]:
    instrument = law().instruments[instrument_id]
    data = instrument.model_dump(exclude={"sources", "provisions"})
    provisions = [
        {**p.model_dump(exclude={"sources"}), "sources": sources_json(p.sources)}
        for p in instrument.provisions
    ]
    return {**data, "sources": sources_json(instrument.sources), "provisions": provisions}
