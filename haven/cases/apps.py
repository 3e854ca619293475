from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "haven.cases"
    label = "cases"
    verbose_name = "Persons and cases"

    def ready(self) -> None:
        from haven.cases import retention  # noqa: F401  (registers its eraser)
