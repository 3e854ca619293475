"""The count beside a navigation link: how many wait, shown as "99+" beyond BADGE_CAP - 1, and
said in words to a screen reader. Built in Python, not an included template: every page shows
up to six of them (bench/cases.py)."""

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext

# The navigation's badges show "99+" beyond this: an exact count of 170,000 open deadlines at
# 1,000,000 cases read that many index entries on every page, for a figure nobody acts on.
BADGE_CAP = 100

BADGE = (
    '<span class="count"><span class="visually-hidden">({})</span>'
    '<span aria-hidden="true">{}</span></span>'
)


def badge(count: int) -> SafeString:
    """The badge for `count` waiting items; nothing for none."""
    if count <= 0:
        return SafeString("")
    if count >= BADGE_CAP:
        return format_html(BADGE, gettext("more than 99 waiting"), f"{BADGE_CAP - 1}+")
    spoken = ngettext("%(counter)s waiting", "%(counter)s waiting", count) % {"counter": count}
    return format_html(BADGE, spoken, count)
