from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    name = "haven.languages"
    label = "languages"
    verbose_name = _("Interface languages")

    def ready(self) -> None:
        from haven.languages import preference  # noqa: F401  (applies the choice on login)
