from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "haven.corpus"
    label = "corpus"
    verbose_name = "Documents and guidance"
