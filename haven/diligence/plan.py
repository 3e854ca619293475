"""Reporting schedules and clustering for the implementation plan. No Django.

IMPACT OSS generates an indicator's due dates from its start, end and reporting frequency;
NRTD groups similar recommendations so that one measure can answer many.
"""

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

FREQUENCIES = (1, 3, 6, 12)
DUE_SOON_DAYS = 30
_STOP = "a an and the of to in on for with by its it as at be that this from or all such other"
STOPWORDS = frozenset(_STOP.split()) | {"their", "further", "continue", "ensure", "take", "efforts"}


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_dates(start: date, end: date, frequency_months: int) -> list[date]:
    """A report is due at the end of each period from start, and at the end date."""
    if frequency_months not in FREQUENCIES:
        raise ValueError(f"reporting frequency must be one of {FREQUENCIES} months")
    if end < start:
        raise ValueError("the end date is before the start date")
    dates, step = [], 1
    while (due := add_months(start, frequency_months * step)) < end:
        dates.append(due)
        step += 1
    return [*dates, end]


def classify_due(dates: Sequence[date], reported: set[date], today: date) -> dict[str, list[date]]:
    """Unreported due dates that are overdue, and those due within the next 30 days."""
    open_dates = [day for day in dates if day not in reported]
    soon = today + timedelta(days=DUE_SOON_DAYS)
    return {
        "overdue": [day for day in open_dates if day < today],
        "due_soon": [day for day in open_dates if today <= day <= soon],
    }


@dataclass(frozen=True)
class Item:
    key: int
    theme: str
    text: str


def words(text: str) -> frozenset[str]:
    tokens = re.findall(r"[a-z]{3,}", text.lower())
    return frozenset(token for token in tokens if token not in STOPWORDS)


def similarity(left: str, right: str) -> float:
    a, b = words(left), words(right)
    return len(a & b) / len(a | b) if a and b else 0.0


def clusters(items: Sequence[Item], threshold: float = 0.35) -> list[list[int]]:
    """Groups (two or more) of items with the same first theme and similar words: each joins
    the first group holding an item it resembles (single linkage)."""
    groups: list[list[Item]] = []
    for item in items:
        home = next((g for g in groups if _joins(g, item, threshold)), None)
        if home is None:
            groups.append([item])
        else:
            home.append(item)
    return [[item.key for item in group] for group in groups if len(group) > 1]


def _joins(group: list[Item], item: Item, threshold: float) -> bool:
    return group[0].theme == item.theme and any(
        similarity(member.text, item.text) >= threshold for member in group
    )
