"""A system check run when the server starts (`haven serve`, `runserver`): it warns when the
search index and the database disagree (a crash between an ingest's commit and its index
write), and says how to mend it; or that the index has not applied the outbox yet (W002)."""

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError


@register()
def search_index_in_step(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from haven.corpus import index_outbox, search

    try:
        if index_outbox.applied() != index_outbox.head():
            return _behind()  # counting now would only repeat what the outbox will mend
        report = search.check()
    except (DatabaseError, ValueError, OSError):
        return []  # no tables yet (before migrate) or no index: nothing to compare
    if report.ok:
        return []
    return [
        Warning(
            "The corpus search index is out of step with the database: "
            + "; ".join(report.lines()[:5]),
            hint="Run `haven search --repair`.",
            id="corpus.W001",
        )
    ]


def _behind() -> list[Warning]:
    from haven.corpus.models import Document

    if not Document.objects.exists():
        return []  # a new instance with nothing to index yet
    return [
        Warning(
            "The corpus search index has not applied every index change in the database "
            "(made through another instance, or it is new).",
            hint="It catches up before its first search; `haven search --catch-up` does it now.",
            id="corpus.W002",
        )
    ]
