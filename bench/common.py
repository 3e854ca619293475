"""What every benchmark needs: a throwaway Haven data directory, and percentiles."""

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup(data: Path | None = None) -> Path:
    """A new data directory with keys and a migrated SQLite database (or HAVEN_DATABASE_URL);
    `data` (or HAVEN_BENCH_DATA_DIR): that directory instead, made if missing and kept between
    runs: generating 1,000,000 cases takes minutes, and the encrypted names need the keys they
    were written with."""
    data = _data_dir(data)
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


def _data_dir(data: Path | None) -> Path:
    kept = data or os.environ.get("HAVEN_BENCH_DATA_DIR")
    if not kept:
        return Path(tempfile.mkdtemp(prefix="haven-bench-"))
    Path(kept).mkdir(parents=True, exist_ok=True)
    print(f"data directory kept between runs: {kept}")
    return Path(kept)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]
