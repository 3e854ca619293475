from django.apps import AppConfig


class DiligenceConfig(AppConfig):
    name = "haven.diligence"
    label = "diligence"
    verbose_name = "State due diligence"
