"""The audit action names this app records, and whether each reads or writes."""

AUDIT_ACTIONS: dict[str, str] = {
    "job.requested": "write",
    "job.finished": "write",
    "job.failed": "write",
    "job.output_downloaded": "read",
}
