"""Corpus benchmark: ingest throughput and search latency against the raw engine.

    .venv/bin/python bench/corpus.py [--documents 10000] [--paragraphs 1000000] [--queries 200]

Uses a throwaway data directory (SQLite database and search index). Steps:
1. ingest the five seeds (HAVEN_SEEDS_DIR, default ../shared/seeds) and report MB/s;
2. build a synthetic corpus of --documents documents and --paragraphs paragraphs whose words
   are drawn from the seeds' own word stream (so word frequencies follow the seeds'), store
   it in the database and rebuild the index from it (`haven search --reindex`);
3. time top-20 searches for frequent and rare terms through Haven (`search.search`: engine,
   database fetch, citation and snippet) beside the raw engine query on the same index
   (`search.raw_search`), and print p50/p95 and the ratio.
4. ingest the sample PDFs (HAVEN_CORPUS_SAMPLES_DIR, default ../shared/corpus-samples) and
   print pages/s for the whole ingest (layout, parse, classify, store, index) beside the text
   extractor alone (pypdfium2, the one ingestion uses; and pypdf, the one it replaced), as a
   ratio. The ingest is timed as one operation (`ingest_files`, what `haven ingest` does with
   several files: one transaction, one index commit) and file by file (`do_ingest_file` each).
   `--pdf-only` runs this step alone.
It prints figures; it asserts nothing (timings vary by machine).
"""

import argparse
import os
import random
import re
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, percentile, setup  # noqa: E402


def ingest_seeds(seeds: Path) -> list[str]:
    from haven.corpus import search
    from haven.corpus.actions import do_ingest_file

    files = sorted(seeds.glob("00[0-4]_*.txt"))
    if not files:
        sys.exit(f"no seeds in {seeds}")
    total = sum(f.stat().st_size for f in files)
    started = time.perf_counter()
    words: list[str] = []
    for path in files:
        symbol = "A/70/260" if path.name.startswith("001") else ""
        do_ingest_file(
            path.name, path.read_bytes(), symbol=symbol, title=path.stem, acting_user=None
        )
        words += re.findall(r"[A-Za-z][a-z]{2,}", path.read_text(encoding="utf-8"))
    elapsed = time.perf_counter() - started
    print(
        f"seeds: {len(files)} files, {total / 1e6:.2f} MB in {elapsed:.2f} s "
        f"= {total / 1e6 / elapsed:.2f} MB/s (parse, classify, store, index)"
    )
    search.reindex()
    return words


def _best(call, repeat: int) -> tuple[float, float]:
    """The best wall time and the best CPU time (this process, all its threads) of `repeat`
    runs. On a shared, loaded machine the wall time waits for a core; the CPU time less so."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        call()
        wall = min(wall, time.perf_counter() - started)
        cpu = min(cpu, time.process_time() - used)
    return wall, cpu


def pdf_pages_per_second(samples: Path, repeat: int = 3) -> None:
    """Whole ingest of the sample PDFs beside the extractor alone, best of `repeat` runs."""
    import io

    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from haven.corpus.actions import FileToIngest, do_ingest_file, ingest_files

    files = [(p.name, p.read_bytes()) for p in sorted(samples.glob("*.pdf"))]
    if not files:
        print(f"pdf: no sample PDFs in {samples} (set HAVEN_CORPUS_SAMPLES_DIR)")
        return
    pages = sum(len(pdfium.PdfDocument(data)) for _, data in files)
    calls = {
        "pdfium": lambda: [
            page.get_textpage().get_text_range()
            for _, data in files
            for page in pdfium.PdfDocument(data)
        ],
        "pypdf": lambda: [
            page.extract_text() for _, data in files for page in PdfReader(io.BytesIO(data)).pages
        ],
        # `haven ingest` given the ten files: one transaction, one index commit.
        "ingest": lambda: ingest_files(
            [FileToIngest(n, data) for n, data in files], acting_user=None
        ),
        # One `haven ingest` per file: a transaction and an index commit each.
        "each": lambda: [do_ingest_file(n, data, acting_user=None) for n, data in files],
    }
    best = {label: _best(call, repeat) for label, call in calls.items()}
    times = {k: wall for k, (wall, _) in best.items()}
    cpu = {k: used for k, (_, used) in best.items()}
    print(f"pdf: {len(files)} sample files, {pages} pages (best of {repeat})")
    labels = {
        "ingest": "ingest, one operation (layout, parse, classify, store, index)",
        "each": "ingest, file by file (a transaction and index commit each)",
        "pdfium": "extractor alone, pypdfium2 plain text",
        "pypdf": "extractor alone, pypdf plain text",
    }
    print(f"  {'':<62} {'wall':>7}          {'CPU':>7}")
    for key, label in labels.items():
        print(f"  {label:<62} {pages / times[key]:7.1f} pages/s  {pages / cpu[key]:7.1f} pages/s")
    for name, table in (("wall", times), ("CPU", cpu)):
        print(
            f"  ratio ({name}) ingest / pypdfium2 alone {table['pdfium'] / table['ingest']:5.2f}x"
            f"   ingest / pypdf alone {table['pypdf'] / table['ingest']:5.2f}x"
            f"   one operation / file by file {table['each'] / table['ingest']:5.2f}x"
        )


def build(words: list[str], documents: int, paragraphs: int, seed: int = 7) -> None:
    from django.db import transaction

    from haven.corpus import search
    from haven.corpus.models import Document, Paragraph

    rng = random.Random(seed)  # noqa: S311  (synthetic text, not secrets)
    per_doc = max(1, paragraphs // documents)
    started = time.perf_counter()
    size = 0
    for start in range(0, documents, 500):
        with transaction.atomic():
            docs = Document.objects.bulk_create(
                Document(
                    key=f"SYN/{n}",
                    symbol=f"SYN/{n}",
                    title=f"Synthetic {n}",
                    year=1990 + n % 35,
                    source_filename=f"syn-{n}.txt",
                )
                for n in range(start, min(documents, start + 500))
            )
            rows = []
            for doc in docs:
                for number in range(1, per_doc + 1):
                    text = " ".join(rng.choices(words, k=rng.randint(30, 90))) + "."
                    size += len(text)
                    rows.append(
                        Paragraph(
                            document=doc,
                            position=number,
                            locator=str(number),
                            number=str(number),
                            text=text,
                            citation=f"{doc.symbol}, para. {number}",
                            first_line=number,
                            last_line=number,
                        )
                    )
            Paragraph.objects.bulk_create(rows, batch_size=5000)
    stored = time.perf_counter() - started
    print(
        f"synthetic: {documents} documents, {documents * per_doc} paragraphs, "
        f"{size / 1e6:.0f} MB stored in {stored:.1f} s ({size / 1e6 / stored:.1f} MB/s)"
    )
    started = time.perf_counter()
    entries = search.reindex()
    indexed = time.perf_counter() - started
    print(f"reindex: {entries} entries in {indexed:.1f} s ({size / 1e6 / indexed:.1f} MB/s)")


def timed(call, query: str) -> float:
    started = time.perf_counter()
    call(query)
    return (time.perf_counter() - started) * 1000


def measure(label: str, queries: list[str]) -> None:
    from haven.corpus import search

    for q in queries[:5]:  # warm the caches
        search.search(q, limit=20)
    haven = [timed(lambda q: search.search(q, limit=20), q) for q in queries]
    raw = [timed(lambda q: search.raw_search(q, limit=20), q) for q in queries]
    for name, share in (("p50", 0.5), ("p95", 0.95)):
        h, r = percentile(haven, share), percentile(raw, share)
        print(
            f"  {label:<9} {name}: haven {h:7.2f} ms   raw engine {r:7.2f} ms   ratio {h / r:5.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--paragraphs", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--pdf-only", action="store_true", help="only the sample-PDF step")
    parser.add_argument(
        "--samples",
        type=Path,
        default=Path(
            os.environ.get("HAVEN_CORPUS_SAMPLES_DIR", ROOT.parent / "shared/corpus-samples")
        ),
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        default=Path(os.environ.get("HAVEN_SEEDS_DIR", ROOT.parent / "shared/seeds")),
    )
    args = parser.parse_args()
    data = setup()
    try:
        run(args)
    finally:
        shutil.rmtree(data, ignore_errors=True)


def run(args: argparse.Namespace) -> None:
    if args.pdf_only:
        pdf_pages_per_second(args.samples)
        return
    words = ingest_seeds(args.seeds)
    build(words, args.documents, args.paragraphs)
    counts = Counter(w.lower() for w in words)
    ranked = [w for w, _ in counts.most_common() if len(w) > 3]
    rng = random.Random(11)  # noqa: S311
    frequent = [rng.choice(ranked[:20]) for _ in range(args.queries)]
    rare = [rng.choice([w for w in ranked if counts[w] == 2]) for _ in range(args.queries)]
    phrases = [" ".join(rng.sample(ranked[:50], 2)) for _ in range(args.queries)]
    print(f"search top-20, {args.queries} queries each:")
    measure("frequent", frequent)
    measure("rare", rare)
    measure("two words", phrases)
    pdf_pages_per_second(args.samples)


if __name__ == "__main__":
    main()
