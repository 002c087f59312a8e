"""群策的计算器：纯 Python、只用标准库，命令行、建站和浏览器共用同一个入口 ``run``。

Each calculator is one module (timeline is a folder) declaring its inputs, a pure ``compute`` and a
``render``; the shared machinery is in ``kit``. The site imports ``calculators.web``. A campaign plan
runs several of them with linked inputs: ``plan(document)`` (the ``workbook`` package).

>>> run("funnel", {"reach": "50000", "rates": "0.4,0.25,0.1"}).outputs["counts"]
[50000, 20000, 5000, 500]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import (
    camp,
    capacity,
    chat,
    checkin,
    cohort,
    fission,
    funnel,
    health,
    review,
    reward_cost,
    rules,
    tiered_task,
    timeline,
    wecom,
)
from .kit.errors import InputError, UnknownCalculatorError
from .kit.spec import Calculator, Result, evaluate

__all__ = ["CALCULATORS", "READERS", "Calculator", "InputError", "Result", "UnknownCalculatorError", "get", "plan",
           "run"]
__version__ = "0.1.0"

# In the order the site lists them.
CALCULATORS: dict[str, Calculator[Any, Any]] = {
    module.CALCULATOR.id: module.CALCULATOR
    for module in (funnel, review, fission, reward_cost, checkin, rules, capacity, timeline, health, tiered_task, camp)
}

# Calculators that read files the reader gives them (a chat export, group statistics, progress files)
# instead of numbers typed into a form: same contract, their own page layout (kit/web.py) and commands.
READERS: dict[str, Calculator[Any, Any]] = {module.CALCULATOR.id: module.CALCULATOR for module in (chat, wecom, cohort)}


def get(calc_id: str) -> Calculator[Any, Any]:
    try:
        return CALCULATORS[calc_id] if calc_id in CALCULATORS else READERS[calc_id]
    except KeyError:
        raise UnknownCalculatorError(calc_id, [*CALCULATORS, *READERS]) from None


def run(calc_id: str, inputs: Mapping[str, object]) -> Result:
    """Parse and check ``inputs`` against the calculator's fields, compute and render.

    Raises InputError (a ValueError) with one Chinese message per bad field, and
    UnknownCalculatorError for an id that does not exist.
    """
    return evaluate(get(calc_id), inputs)


# Last: the workbook runs the calculators above.
from .workbook import plan  # noqa: E402
