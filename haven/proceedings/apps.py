from django.apps import AppConfig


class ProceedingsConfig(AppConfig):
    name = "haven.proceedings"
    label = "proceedings"
    verbose_name = "Proceedings, remedies and return"

    def ready(self) -> None:
        from haven.proceedings import retention  # noqa: F401  (registers its eraser)
