from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "haven.support"
    label = "support"
    verbose_name = "Support plans"

    def ready(self) -> None:
        from haven.support import retention  # noqa: F401  (registers its eraser)
