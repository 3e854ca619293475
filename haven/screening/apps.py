from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "haven.screening"
    label = "screening"
    verbose_name = "Screening and early support"
