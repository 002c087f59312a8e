"""How numbers are written for readers: thousands separators, percentages, units."""

from __future__ import annotations

import math


def number(value: float, digits: int = 2) -> str:
    """A plain number with thousands separators and at most ``digits`` decimals.

    >>> number(50000)
    '50,000'
    >>> number(1234.5678)
    '1,234.57'
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    rounded = round(value, digits)
    if rounded == int(rounded):
        return f"{int(rounded):,}"
    return f"{rounded:,.{digits}f}".rstrip("0").rstrip(".")


def count(value: float) -> str:
    """People or other things counted; expected values keep one decimal when small."""
    if abs(value) >= 100 or value == int(value):
        return number(round(value), 0)
    return number(value, 1)


def percent(fraction: float, digits: int = 2) -> str:
    """A fraction written as a percentage: 0.4 → '40%', 0.0125 → '1.25%'."""
    return number(fraction * 100, digits) + "%"


def with_unit(text: str, unit: str) -> str:
    """Join a number and its unit the way Chinese copy wants it: '500 人' but '40%'."""
    if not unit:
        return text
    if unit == "%":
        return text + unit
    return f"{text} {unit}"


def money(value: float) -> str:
    """Money in 元 with two decimals at most: '1,234.5 元'."""
    return with_unit(number(value, 2), "元")

