"""The same order on every instance: hits with equal scores are ordered by their entry's key.

tantivy orders equal scores by where the entries sit in its segments, and two instances that
applied the same changes in different batches lay their segments out differently, so a tie
(common: a prefix* or filter-only query scores every match 1.0; short paragraphs often score
alike) would come out in a different order, or a different member would make the cut. So the
top `limit` are fetched together with every entry tied with the last one (up to TIE_CAP), and
sorted by (score descending, key).
"""

from typing import Any

TIE_CAP = 1000  # more entries tied at the cut than this keep the engine's order (docs/corpus.md)


def top(searcher: Any, query: Any, limit: int) -> list[tuple[float, Any]]:
    """The best `limit` entries (score, stored entry), ties broken by key."""
    wanted = limit
    while True:
        found = searcher.search(query, wanted + 1, count=False).hits
        if not _tied_beyond(found, limit, wanted) or wanted >= TIE_CAP:
            break
        wanted = min(wanted * 4, TIE_CAP)
    if len(found) <= limit:
        candidates = found
    else:
        cut = found[limit - 1][0]
        candidates = [(score, address) for score, address in found if score >= cut]
    entries = [(score, searcher.doc(address)) for score, address in candidates]
    entries.sort(key=lambda pair: (-pair[0], pair[1]["key"][0]))
    return entries[:limit]


def _tied_beyond(found: list[Any], limit: int, wanted: int) -> bool:
    # More matches than fetched, and the last fetched one still ties with the cut.
    return len(found) > wanted and found[wanted][0] == found[limit - 1][0]
