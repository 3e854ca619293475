"""Check the knowledge base's citations against the seed documents themselves.

The seeds are not part of Haven (they stay in ../shared/seeds); this reads them only to prove
that each cited line range exists and holds text.
"""

import os
from pathlib import Path

from haven.law.loader import LawBase

DEFAULT_SEEDS_DIR = Path("../shared/seeds")


def seeds_dir() -> Path:
    return Path(os.environ.get("HAVEN_SEEDS_DIR", DEFAULT_SEEDS_DIR))


def seed_lines(directory: Path, doc: str) -> list[str] | None:
    matches = sorted(directory.glob(f"{doc}_*.txt"))
    if not matches:
        return None
    return matches[0].read_text(encoding="utf-8").splitlines()


def check_sources(base: LawBase, directory: Path) -> list[str]:
    """Problems with the citations: a missing document, a range past its end, or blank lines."""
    documents = {doc: seed_lines(directory, doc) for doc in base.documents}
    problems = []
    for label, source in base.all_sources():
        lines = documents.get(source.doc)
        where = f"{label}: document {source.doc} lines {source.lines}"
        if lines is None:
            problems.append(f"{where}: no seed file {source.doc}_*.txt in {directory}")
        elif source.last_line > len(lines):
            problems.append(f"{where}: the document has only {len(lines)} lines")
        elif not "".join(lines[source.first_line - 1 : source.last_line]).strip():
            problems.append(f"{where}: the cited lines are blank")
    return problems
