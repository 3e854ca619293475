"""Every audit action name the corpus records, with its kind (read by the audit registry)."""

AUDIT_ACTIONS: dict[str, str] = {
    "corpus.document_ingested": "write",
    "corpus.tags_corrected": "write",
    "corpus.document_removed": "write",
    "corpus.index_outbox_pruned": "write",
    "corpus.ingest_queued": "write",
    "corpus.ingest_failed": "write",
}
