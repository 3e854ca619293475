"""The statistics app's writers: audit events for reading figures and exporting microdata."""

from collections.abc import Callable

from haven.accounts.models import User
from haven.audit.action import action
from haven.audit.log import record
from haven.audit.purposes import Purpose


@action()
def do_record_stats_read(user: User, *, page: str, exact: bool, year: int | None) -> None:
    """A viewer read a page of figures (or downloaded its tables)."""
    name = "stats.downloaded" if page in ("csv", "xlsx") else "stats.viewed"
    details = {"page": page, "exact": exact, "year": year}
    record(actor=user, action=name, target_type="stats", target_id=page, details=details)


@action()
def do_record_ctdc_export(
    user: User | None,
    *,
    country: str,
    k: int,
    records: int,
    suppressed: int,
    path_name: str,
    publish: Callable[[], object],
) -> None:
    """The export's audit event; `publish` moves the finished file into place inside the same
    transaction, so there is no export without its event and no event without the file."""
    details = {"country": country, "k": k, "records": records, "suppressed": suppressed}
    record(
        actor=user,
        action="stats.exported",
        target_type="ctdc_export",
        target_id=path_name[:100],
        purpose=Purpose.STATISTICS_EXPORT,
        details=details,
    )
    publish()
