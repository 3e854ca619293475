"""What every benchmark needs: a throwaway Haven data directory, and percentiles."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(data: Path | None = None) -> Path:
    """A new data directory with keys and a migrated SQLite database (or HAVEN_DATABASE_URL);
    `data`: this directory instead, made if missing and kept (a benchmark may reuse it)."""
    data = data or Path(tempfile.mkdtemp(prefix="haven-bench-"))
    os.environ["HAVEN_DATA_DIR"] = str(data)
    os.environ.setdefault("HAVEN_SECRET_KEY", "bench-" + "x" * 40)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haven.settings")
    os.environ.pop("HAVEN_CORPUS_INDEX_DIR", None)
    from haven import bootstrap

    bootstrap.prepare_data_dir()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    from haven.law.actions import do_load_builtin_jurisdictions

    do_load_builtin_jurisdictions()  # as `haven init` does: interviews need a jurisdiction
    return data


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
