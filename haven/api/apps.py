from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "haven.api"
    label = "api"
    verbose_name = "API clients, webhooks and offline collection"

    def ready(self) -> None:
        from haven.api import outbox  # noqa: F401  (turns audit events into webhook deliveries)
