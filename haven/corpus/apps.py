from django.apps import AppConfig


class CorpusConfig(AppConfig):
    name = "haven.corpus"
    label = "corpus"
    verbose_name = "Documents and guidance"

    def ready(self) -> None:
        from haven.corpus import checks  # noqa: F401  (registers the index check)
