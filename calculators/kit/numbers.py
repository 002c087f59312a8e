"""Numeric helpers shared by the calculators."""

from __future__ import annotations

import math
from collections.abc import Iterable


def tidy(value: float) -> float | int:
    """Drop floating-point dust: 0.010000000000000002 → 0.01, 20000.0 → 20000.

    Outputs are expectations, so a whole number is shown as one; the rounding (12
    significant digits) is far below anything a reader could act on.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value == 0:
        return 0
    digits = 12 - math.floor(math.log10(abs(value))) - 1
    rounded = round(value, max(digits, 0))
    if rounded == int(rounded) and abs(rounded) < 2**53:
        return int(rounded)
    return rounded


def product(values: Iterable[float]) -> float:
    return math.prod(values)
