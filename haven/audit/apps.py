from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "haven.audit"
    label = "audit"
    verbose_name = "Audit trail"

    def ready(self) -> None:
        from haven.audit.registry import registry

        registry()  # a malformed or clashing audit_names.py fails at start, not at first use
