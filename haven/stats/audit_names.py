"""Every audit action name the statistics app records, and whether it reads or writes."""

AUDIT_ACTIONS: dict[str, str] = {
    "stats.viewed": "read",
    "stats.downloaded": "read",
    "stats.exported": "read",
    "stats.published": "write",
    "stats.withdrawn": "write",
    "stats.snapshots_stored": "write",
}
