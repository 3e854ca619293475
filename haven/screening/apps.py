from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "haven.screening"
    label = "screening"
    verbose_name = "Screening and early support"

    def ready(self) -> None:
        from haven.screening import retention  # noqa: F401  (registers its eraser)
