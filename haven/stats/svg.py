"""Horizontal bar charts as plain SVG, rendered on the server.

Hand-written rather than a chart library: the charts must pass the strict Content-Security-
Policy (no inline style, no script: colours are SVG presentation attributes), show suppressed
bars as such, and carry no JavaScript; pygal's output embeds <style> and <script> elements
and would need both relaxed. Each chart has its table beside it, which is what screen readers
and exports read.
"""

from html import escape

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from haven.stats.labels import category_label
from haven.stats.present import Shown

SUPPRESSED = _("suppressed")  # module level: xgettext misreads the f-strings below
ARIA_LABEL = _("%(indicator)s: chart; the table beside it has the figures")
BAR_HEIGHT = 18
GAP = 6
LABEL_WIDTH = 190
BAR_WIDTH = 320
TEXT = 'font-size="12" fill="#222"'


def bar_chart(shown: Shown) -> str:
    rows = shown.rows
    largest = max((row.cell.value or 0 for row in rows), default=0) or 1
    height = len(rows) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + BAR_WIDTH + 90
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-label="{escape(_aria_label(shown))}">'
    ]
    for i, row in enumerate(rows):
        label = category_label(shown.indicator, row.label)
        parts.append(_bar(i, label, row.cell.value, largest))
    parts.append("</svg>")
    return "".join(parts)


def _aria_label(shown: Shown) -> str:
    return str(ARIA_LABEL) % {"indicator": shown.indicator.local_name}


def _bar(i: int, label: str, value: int | None, largest: int) -> str:
    y = GAP + i * (BAR_HEIGHT + GAP)
    text_y = y + BAR_HEIGHT - 5
    name = (
        f'<text x="{LABEL_WIDTH - 6}" y="{text_y}" text-anchor="end" {TEXT}>'
        f"{escape(label[:30])}</text>"
    )
    if value is None:
        suppressed = escape(str(SUPPRESSED))
        return name + (
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            'fill="none" stroke="#777" stroke-dasharray="4 3"/>'
            f'<text x="{LABEL_WIDTH + 6}" y="{text_y}" {TEXT} font-style="italic">'
            f"{suppressed}</text>"
        )
    length = round(BAR_WIDTH * value / largest)
    return name + (
        f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="#2a6f97"/>'
        f'<text x="{LABEL_WIDTH + length + 6}" y="{text_y}" {TEXT}>{number_format(value)}</text>'
    )
