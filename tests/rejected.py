"""What a calculator test checks of a field's message: the field, its label and the value it got.

The wording of each rule is pinned once, in test_fields.py; calculator tests use this instead, so a
change of wording is one edit, not two hundred."""

from __future__ import annotations

import re
from collections.abc import Mapping

from calculators import CALCULATORS
from calculators.kit.fields import named, normalise, shown


def assert_rejected(errors: Mapping[str, str], calc_id: str, name: str, value: str) -> None:
    """One message, for ``name``: it names the field's label and echoes ``value`` (or asks for one when blank)."""
    assert set(errors) == {name}, errors
    message = errors[name]
    assert named(CALCULATORS[calc_id].field(name).label) in message, message
    text = normalise(value)
    if not text:
        assert "不能为空" in message, message
        return
    # the value, or the list item at fault, or (for text too long) its length
    echoes = [shown(text), *(shown(item) for item in re.split(r"[,;、\s]+", text) if item), f"收到的有 {len(text)} 个字"]
    assert any(echo in message for echo in echoes), message
