"""More than one server: how long instance B takes to catch up after instance A ingests the
five seeds, and what the outbox check costs each search.

    .venv/bin/python bench/corpus_outbox.py [--searches 2000]

Uses a throwaway data directory (SQLite, or HAVEN_DATABASE_URL) with two index directories,
A and B, in one process (an instance is its index directory; the database is shared):
1. B is brought in step with the empty corpus; A ingests the five seeds (HAVEN_SEEDS_DIR),
   each ingest applying its own change; then B applies the outbox (`index_outbox.catch_up`)
   and the time is printed beside a full rebuild of B's index, and B's answers are compared
   with A's for a few queries;
2. top-20 searches on B: without the outbox check, with it before every search
   (HAVEN_CORPUS_CATCH_UP_MS=0: one indexed row read and a small file read), and with the
   default rate limit (one look a second); mean and p50 per search and the ratio to "without".
It prints figures; it asserts nothing.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, percentile, setup  # noqa: E402

QUERIES = ["trafficking", "victims", "States should", "due diligence", "child*", "remedy"]


def use(data: Path, name: str) -> None:
    from haven.corpus import index_outbox, search

    os.environ["HAVEN_CORPUS_INDEX_DIR"] = str(data / name)
    search.forget_index()
    index_outbox._reader_at[0] = None
    index_outbox._last_look[0] = float("-inf")


def catch_up_after_seeds(data: Path, seeds: Path) -> None:
    from haven.corpus import index_outbox, search
    from haven.corpus.actions import do_ingest_file

    use(data, "b")
    index_outbox.catch_up()
    use(data, "a")
    files = sorted(seeds.glob("00[0-4]_*.txt"))
    for path in files:
        do_ingest_file(path.name, path.read_bytes(), title=path.stem, acting_user=None)
    on_a = {q: [(h.document_id, h.anchor) for h in search.search(q).hits] for q in QUERIES}
    use(data, "b")
    started = time.perf_counter()
    outcome = index_outbox.catch_up()
    elapsed = time.perf_counter() - started
    entries = int(search.index().searcher().num_docs)
    print(
        f"catch-up: B applied {outcome.applied} changes ({len(files)} seeds, {entries} entries) "
        f"in {elapsed:.2f} s{' (rebuilt: ' + outcome.rebuilt + ')' if outcome.rebuilt else ''}"
    )
    started = time.perf_counter()
    index_outbox.rebuild()
    print(f"  for comparison, a full rebuild of B: {time.perf_counter() - started:.2f} s")
    same = all([(h.document_id, h.anchor) for h in search.search(q).hits] == on_a[q] for q in on_a)
    print(f"  B answers {len(QUERIES)} queries exactly as A does: {same}")


def timed(searches: int) -> list[float]:
    from haven.corpus import search

    times = []
    for n in range(searches):
        started = time.perf_counter()
        search.search(QUERIES[n % len(QUERIES)])
        times.append(time.perf_counter() - started)
    return times


def overhead(searches: int) -> None:
    from django.conf import settings

    from haven.corpus import index_outbox

    check = index_outbox.before_search
    timed(200)  # warm up
    index_outbox.before_search = lambda: None
    without = timed(searches)
    index_outbox.before_search = check
    settings.HAVEN_CORPUS_CATCH_UP_MS = 0
    every = timed(searches)
    settings.HAVEN_CORPUS_CATCH_UP_MS = 1000
    limited = timed(searches)
    base_mean, base_p50 = statistics.mean(without), percentile(without, 0.5)
    print(f"search top-20 on B, {searches} searches each:")
    for label, values in (
        ("without the outbox check", without),
        ("check before every search", every),
        ("check at most once a second", limited),
    ):
        mean, p50 = statistics.mean(values), percentile(values, 0.5)
        print(
            f"  {label:28} mean {mean * 1e3:6.3f} ms  p50 {p50 * 1e3:6.3f} ms  "
            f"ratio {mean / base_mean:4.2f}x mean, {p50 / base_p50:4.2f}x p50"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--searches", type=int, default=2000)
    args = parser.parse_args()
    seeds = Path(os.environ.get("HAVEN_SEEDS_DIR", ROOT.parent / "shared" / "seeds"))
    data = setup()
    from django.db import connection

    print(f"database: {connection.vendor}")
    catch_up_after_seeds(data, seeds)
    overhead(args.searches)


if __name__ == "__main__":
    main()
