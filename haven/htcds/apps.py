from django.apps import AppConfig


class HtcdsConfig(AppConfig):
    name = "haven.htcds"
    label = "htcds"
    verbose_name = "HTCDS import and export"
