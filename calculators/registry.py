"""Which calculators exist: ids in the order the site lists them."""

from __future__ import annotations

from typing import Any

from . import camp, capacity, checkin, fission, funnel, health, review, reward_cost, rules, tiered_task, timeline
from .errors import UnknownCalculatorError
from .spec import Calculator

CALCULATORS: dict[str, Calculator[Any, Any]] = {
    module.CALCULATOR.id: module.CALCULATOR
    for module in (funnel, review, fission, reward_cost, checkin, rules, capacity, timeline, health, tiered_task, camp)
}


def get(calc_id: str) -> Calculator[Any, Any]:
    try:
        return CALCULATORS[calc_id]
    except KeyError:
        raise UnknownCalculatorError(calc_id, list(CALCULATORS)) from None
