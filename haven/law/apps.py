from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "haven.law"
    label = "law"
    verbose_name = "Legal knowledge base"
