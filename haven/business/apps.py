from django.apps import AppConfig


class BusinessConfig(AppConfig):
    name = "haven.business"
    label = "business"
    verbose_name = "Business due diligence"
