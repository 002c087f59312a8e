"""Choice values as the other edition spells them.

The zh-Hant edition of the site runs these calculators converted to Traditional characters
(hooks/traditional.py), so its choices read 僅管理員 where this source says 仅管理员. A scenario
link carries choices as text; with this table a link made in either edition opens in the other,
and the command line takes either spelling. tests/test_editions.py checks the table against OpenCC.
"""

from __future__ import annotations

from collections.abc import Sequence

# opencc: off (both spellings must survive the zh-Hant build's conversion of this package)
CHOICE_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("仅管理员", "僅管理員"),
    ("成员申请后由管理员邀请", "成員申請後由管理員邀請"),
    ("所有成员", "所有成員"),
    ("裂变拉新", "裂變拉新"),
    ("训练营", "訓練營"),
    ("线上活动", "線上活動"),
    ("长期运营", "長期運營"),
    ("几何分布", "幾何分佈"),
    ("泊松分布", "泊松分佈"),
    ("扫码入群", "掃碼入群"),
    ("邀请入群", "邀請入群"),
)
# opencc: on


def spellings(choice: str) -> tuple[str, ...]:
    """Every spelling of ``choice`` (itself included)."""
    for pair in CHOICE_SPELLINGS:
        if choice in pair:
            return pair
    return (choice,)


def as_spelled_in(text: str, choices: Sequence[str]) -> str | None:
    """The choice that ``text`` names, in the spelling ``choices`` use; None if it names none."""
    return next((choice for choice in choices if text in spellings(choice)), None)
