"""Dates typed the way Chinese readers write them, and how the calculators show them.

``2026-12-07``, ``2026/12/7``, ``2026.12.7`` and ``2026年12月7日`` are all read, full-width digits too
(fields.py parses a date field once, into a ``datetime.date``; nothing parses it again).
"""

from __future__ import annotations

import datetime
import re
import unicodedata

DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
FIRST = datetime.date(2000, 1, 1)
LAST = datetime.date(2100, 12, 31)
WEEKDAYS = "一二三四五六日"


def to_date(raw: str) -> datetime.date | None:
    """The date ``raw`` names, if it is a real date in range."""
    match = DATE.fullmatch(unicodedata.normalize("NFKC", raw).strip())
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return None
    return value if FIRST <= value <= LAST else None


def weekday(value: datetime.date) -> str:
    """'周一' … '周日'."""
    return "周" + WEEKDAYS[value.weekday()]


def long(value: datetime.date) -> str:
    """'2026-12-07（周一）'."""
    return f"{value.isoformat()}（{weekday(value)}）"


def short(value: datetime.date) -> str:
    """'12 月 7 日'."""
    return f"{value.month} 月 {value.day} 日"


def add(value: datetime.date, days: int) -> datetime.date:
    return value + datetime.timedelta(days=days)
