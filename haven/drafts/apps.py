from django.apps import AppConfig


class DraftsConfig(AppConfig):
    name = "haven.drafts"
    label = "drafts"
    verbose_name = "Drafts of forms in progress"

    def ready(self) -> None:
        from haven.drafts import retention  # noqa: F401  (registers its eraser)
