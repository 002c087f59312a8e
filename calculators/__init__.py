"""群策的计算器：纯 Python、只用标准库，命令行、建站和浏览器共用同一个入口 ``run``。

>>> run("funnel", {"reach": "50000", "rates": "0.4,0.25,0.1"}).outputs["counts"]
[50000, 20000, 5000, 500]
"""

from __future__ import annotations

from collections.abc import Mapping

from .errors import InputError, UnknownCalculatorError
from .registry import CALCULATORS, get
from .spec import Calculator, Result, evaluate

__all__ = ["CALCULATORS", "Calculator", "InputError", "Result", "UnknownCalculatorError", "get", "run"]
__version__ = "0.1.0"


def run(calc_id: str, inputs: Mapping[str, object]) -> Result:
    """Parse and check ``inputs`` against the calculator's fields, compute and render.

    Raises InputError (a ValueError) with one Chinese message per bad field, and
    UnknownCalculatorError for an id that does not exist.
    """
    return evaluate(get(calc_id), inputs)
