"""Dates typed the way Chinese readers write them, and how the calculators show them.

A date is a text field (``DateField``), checked with the other fields when the inputs are parsed: ``2026-12-07``,
``2026/12/7``, ``2026.12.7`` and ``2026年12月7日`` are all accepted, full-width digits too.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .errors import InputError
from .fields import Field, FieldProblem, Kind, normalise, shown
from .typography import spaced

DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
FIRST = datetime.date(2000, 1, 1)
LAST = datetime.date(2100, 12, 31)
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class DateField(Field):
    """A date, typed as text; its rule reads as a date range, not as a text length."""

    kind: Kind = Kind.TEXT
    max_length: int = 20

    def allowed(self) -> str:
        return "2000-01-01 到 2100-12-31 之间的日期，写法如 2026-12-07"

    def check_text(self, text: str) -> str:
        if to_date(text) is None:
            raise FieldProblem(message(self, text))
        return text


def to_date(raw: str) -> datetime.date | None:
    """The date ``raw`` names, if it is a real date in range."""
    match = DATE.fullmatch(normalise(raw))
    if match is None:
        return None
    year, month, day = (int(part) for part in match.groups())
    try:
        value = datetime.date(year, month, day)
    except ValueError:
        return None
    return value if FIRST <= value <= LAST else None


def message(field: Field, raw: str) -> str:
    return spaced(f"「{field.label}」应为{field.allowed()}，收到的是") + f"{shown(raw)}。"


def parse_date(field: Field, raw: str) -> datetime.date:
    """The date in ``raw`` (a DateField's value, already checked when the inputs were parsed)."""
    value = to_date(raw)
    if value is None:
        raise InputError({field.name: message(field, raw)})
    return value


def iso(value: datetime.date) -> str:
    return value.isoformat()


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
