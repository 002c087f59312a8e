"""Chinese copy rules applied to generated text: a space between Han characters and Latin letters or digits."""

from __future__ import annotations

import re

HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
LATIN = r"[A-Za-z0-9]"
HAN_THEN_LATIN = re.compile(f"({HAN})({LATIN}|[-+−](?=[0-9]))")  # also before a signed number: 为 -1
LATIN_THEN_HAN = re.compile(f"({LATIN}|%)({HAN})")


def spaced(text: str) -> str:
    """'请填写1到100人' → '请填写 1 到 100 人'. Only for our own templates, never user input."""
    text = HAN_THEN_LATIN.sub(r"\1 \2", text)
    return LATIN_THEN_HAN.sub(r"\1 \2", text)
