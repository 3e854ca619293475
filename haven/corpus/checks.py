"""A system check run when the server starts (`haven serve`, `runserver`): it warns when the
search index and the database disagree (a crash between an ingest's commit and its index
write), and says how to mend it."""

from typing import Any

from django.core.checks import Warning, register
from django.db import DatabaseError


@register()
def search_index_in_step(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    from haven.corpus import search

    try:
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
