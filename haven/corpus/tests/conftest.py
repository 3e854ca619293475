import os
from pathlib import Path

import pytest

from haven.corpus import search
from haven.testing.shared import unavailable

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def corpus_index(tmp_path, monkeypatch):
    """Each test gets its own empty search index."""
    monkeypatch.setenv("HAVEN_CORPUS_INDEX_DIR", str(tmp_path / "corpus-index"))
    search.forget_index()
    yield tmp_path / "corpus-index"
    search.forget_index()


@pytest.fixture
def seeds():
    from haven.law.seeds import seeds_dir

    directory = seeds_dir()
    if not any(directory.glob("001_*.txt")):
        reason = f"seed documents not found in {directory.resolve()} (set HAVEN_SEEDS_DIR)"
        unavailable(reason)
    return directory


@pytest.fixture
def ingest(django_capture_on_commit_callbacks):
    """Ingest a fixture (or any path) as the system, running the after-commit indexing."""
    from haven.corpus.actions import do_ingest_file

    def run(path, **kwargs):
        path = Path(path) if os.sep in str(path) else FIXTURES / path
        with django_capture_on_commit_callbacks(execute=True):
            return do_ingest_file(path.name, path.read_bytes(), acting_user=None, **kwargs)

    return run
