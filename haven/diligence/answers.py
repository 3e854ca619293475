"""Answers to a criterion from data Haven already holds, offered to the assessor as evidence.

A criterion's `data` (data/framework.toml) names its sources: the jurisdiction profile's
recovery and reflection period, a rule of the legal gap report (haven/law/gaps.py, run on the
jurisdiction's profile), or a statistical indicator (haven/stats) for the State. Each answer
carries its citation: the instrument articles and the seed paragraph it rests on, or the
indicator's own basis. An answer is a suggestion: the finding and its narrative stay the
assessor's, who attaches an answer as evidence with one audited action.

Figures are always the disclosure-controlled national ones, the figures `haven stats summary`
publishes: an assessment is not a record, and its author may not see exact small counts.
"""

from dataclasses import dataclass, replace

from django.utils.translation import gettext

from haven.diligence.framework import Criterion, data_kind
from haven.law.gaps import REFLECTION_FLOOR_DAYS, GapFinding, find_gaps
from haven.law.loader import law
from haven.law.models import JurisdictionProfile
from haven.law.profiles import UnknownProfile, jurisdiction_settings
from haven.law.schema import Basis, Source
from haven.law.serialize import basis_citation, source_citation
from haven.stats.access import national_scope
from haven.stats.compute import compute
from haven.stats.dashboard import rules_for
from haven.stats.indicators import by_id
from haven.stats.labels import category_label
from haven.stats.present import Cell, Shown, show

SOURCES_CITED = 2  # the first seed passages of a rule; the knowledge base holds the rest


@dataclass(frozen=True)
class Answer:
    source: str  # as the criterion names it: "gap:no_free_legal_aid"
    kind: str  # the evidence kind it becomes: "law" or "figure"
    text: str
    citation: str
    settled: bool = True  # False: the data says nothing yet (a setting not entered)

    def evidence(self) -> dict[str, str]:
        return {"kind": self.kind, "citation": self.citation, "note": self.text}


def answers_for(criterion: Criterion, *, state: str, figures: bool) -> list[Answer]:
    """Every answer the criterion's sources give for the State; statistics only if `figures`
    (the reader may view aggregates). A source with nothing to say is left out."""
    found = []
    for source in criterion.data:
        if data_kind(source) == "stats" and not figures:
            continue
        item = answer(source, state=state)
        if item is not None:
            found.append(item)
    return found


def answer(source: str, *, state: str) -> Answer | None:
    kind, _, code = source.partition(":")
    if kind == "stats":
        return _figures(source, code, state)
    profile = JurisdictionProfile.objects.filter(code=state.upper()).first()
    if profile is None:
        return None
    if kind == "reflection_period":
        return _reflection(source, profile)
    if kind == "gap":
        return _gap(source, code, profile)
    return None


def _cite(bases: list[Basis], sources: list[Source], lead: str) -> str:
    parts = [lead, *(basis_citation(b) for b in bases)]
    parts += [source_citation(s) for s in sources[:SOURCES_CITED]]
    return "; ".join(parts)


def _profile_name(profile: JurisdictionProfile) -> str:
    return gettext("Haven jurisdiction profile %(code)s, version %(version)s") % {
        "code": profile.code,
        "version": profile.version,
    }


def _reflection(source: str, profile: JurisdictionProfile) -> Answer:
    right = law().rights["reflection_period"]
    builtin = law().jurisdictions.get(profile.code)
    # A built-in profile cites where its number was reported; an entered one, the right itself.
    sources = list(builtin.sources) if builtin else list(right.sources)
    text = gettext(
        "%(name)s grants a recovery and reflection period of %(days)s days "
        "(the floor is %(floor)s days)."
    ) % {"name": profile.name, "days": profile.reflection_days, "floor": REFLECTION_FLOOR_DAYS}
    return Answer(source, "law", text, _cite(list(right.basis), sources, _profile_name(profile)))


def _gap(source: str, code: str, profile: JurisdictionProfile) -> Answer | None:
    rule = law().gaps.get(code)
    if rule is None:
        return None
    try:
        findings = find_gaps(jurisdiction_settings(profile))
    except UnknownProfile:
        return None  # the profile names a definition profile that is gone: nothing to say
    finding = next(f for f in findings if f.rule.code == code)
    lead = gettext("Haven legal gap report, %(code)s") % {"code": profile.code}
    citation = _cite(list(rule.basis), list(rule.sources), lead)
    return Answer(source, "law", _gap_text(finding), citation, finding.outcome != "unknown")


def _gap_text(finding: GapFinding) -> str:
    title, detail = finding.rule.title, finding.detail
    if finding.outcome == "gap":
        return gettext("Gap: %(title)s. %(detail)s") % {"title": title, "detail": detail}
    if finding.outcome == "ok":
        return gettext("No gap (%(title)s): %(detail)s") % {"title": title, "detail": detail}
    return gettext("Not entered in the jurisdiction profile: %(title)s.") % {"title": title}


def _figures(source: str, indicator_id: str, state: str) -> Answer | None:
    try:
        indicator = by_id(indicator_id)
    except KeyError:
        return None
    scope = national_scope(state.upper())
    # Never exact, whoever reads: the national scope is controlled, and the rules say so too.
    rules = replace(rules_for(scope), exact=False)
    shown = show(compute(indicator, scope.cases), rules)
    lead = gettext("Haven statistics, %(state)s, disclosure-controlled (k = %(k)s)") % {
        "state": state.upper(),
        "k": rules.k,
    }
    citation = f"{lead}; {indicator.name}; {indicator.basis}"
    return Answer(source, "figure", _figures_text(shown, rules.k), citation)


def _count(cell: Cell) -> str:
    return gettext("suppressed") if cell.hidden else str(cell.value)


def _figures_text(shown: Shown, k: int) -> str:
    indicator = shown.indicator
    if shown.refused:
        return gettext("%(name)s: not shown.") % {"name": indicator.local_name}
    parts = [
        gettext("%(name)s. Records with a value: %(counted)s.")
        % {"name": indicator.local_name, "counted": _count(shown.counted)}
    ]
    parts += [
        f"{category_label(indicator, row.label)}: {_count(row.cell)}"
        + (f" ({row.share})." if row.percent is not None else ".")
        for row in shown.rows
    ]
    if shown.counted.hidden or any(row.cell.hidden for row in shown.rows):
        parts.append(
            gettext("Counts under %(k)s, and counts that would reveal one, are suppressed.")
            % {"k": k}
        )
    return " ".join(parts)
