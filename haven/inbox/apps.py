from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "haven.inbox"
    label = "inbox"
    verbose_name = "What waits for me: queues and notifications"

    def ready(self) -> None:
        from haven.inbox import signals  # noqa: F401  (turns arriving work into e-mails)
