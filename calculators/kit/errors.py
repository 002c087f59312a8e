"""The one exception family for bad input."""

from __future__ import annotations

from collections.abc import Mapping


class InputError(ValueError):
    """Bad input: one Chinese message per field, naming the field, the value and the rule.

    ``errors`` maps a field's public name to its message. Every field's problem is
    collected before raising, so a form can mark all bad fields at once.
    """

    def __init__(self, errors: Mapping[str, str]) -> None:
        if not errors:
            raise TypeError("InputError needs at least one field message")
        self.errors: dict[str, str] = dict(errors)
        super().__init__("；".join(self.errors.values()))


class UnknownCalculatorError(LookupError):
    """No calculator has the id that was asked for."""

    def __init__(self, calc_id: str, known: list[str]) -> None:
        self.calc_id = calc_id
        super().__init__(f"没有名为“{calc_id}”的计算器，可用的有：{'、'.join(known)}")
