"""Progress bars for long commands (`haven htcds export`, ...), on stderr and only when stderr
is a terminal: output piped to a file, another program or a `--json` reader never sees them.

No progress library is a dependency, and a bar is one line rewritten with "\\r", so this is the
whole of it. `bar(n)` takes the number done so far, the shape of the `each` callbacks the long
functions already accept (haven.htcds.export.write_json_array).
"""

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

WIDTH = 30
EVERY_SECONDS = 0.1  # redrawing on every record would cost more than the work


@contextmanager
def progress_bar(
    label: str, total: int | None, stream: TextIO | None = None
) -> Iterator[Callable[[int], None]]:
    """A callable `bar(done)` that draws the bar; it draws nothing unless `stream` (stderr by
    default) is a terminal. The line is finished when the block ends."""
    out = sys.stderr if stream is None else stream
    if not out.isatty():
        yield _nothing
        return
    last = [float("-inf")]

    def bar(done: int) -> None:
        now = time.monotonic()
        if now - last[0] >= EVERY_SECONDS or done == total:
            last[0] = now
            out.write("\r" + bar_line(label, done, total))
            out.flush()

    try:
        yield bar
    finally:
        out.write("\n")


def bar_line(label: str, done: int, total: int | None) -> str:
    """`label [#####     ] 120/400 30%`, or `label 120` when the total is unknown."""
    if not total:
        return f"{label} {done:,}"
    share = min(done / total, 1.0)
    filled = round(WIDTH * share)
    return f"{label} [{'#' * filled}{' ' * (WIDTH - filled)}] {done:,}/{total:,} {share:.0%}"


def _nothing(done: int) -> None:
    """The bar when stderr is not a terminal."""
