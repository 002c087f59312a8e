"""Parsing is forgiving where Chinese users expect it, and every rejection names field, value and rule."""

from __future__ import annotations

import pytest

from calculators.fields import Field, FieldProblem, Kind, parse_value

COUNT = Field("reach", "触达人数", Kind.INTEGER, unit="人", minimum=1, maximum=1_000_000)
RATE = Field("rate", "转化率", Kind.RATE)
RATES = Field("rates", "各步转化率", Kind.RATES, positive=True)
OPTIONAL = Field("target", "目标人数", Kind.INTEGER, minimum=1, maximum=100, required=False)
DEFAULTED = Field("cap", "每群人数", Kind.INTEGER, minimum=2, maximum=500, default=500)
NAMES = Field("stages", "各步名称", Kind.TEXTS, max_length=4, required=False)
CHOICE = Field("who", "谁能拉人", Kind.CHOICE, choices=("仅管理员", "所有成员"))


@pytest.mark.parametrize(
    ("field", "raw", "expected"),
    [
        (COUNT, "50000", 50000),
        (COUNT, " 50000 ", 50000),
        (COUNT, "５００００", 50000),
        (COUNT, "50,000", 50000),
        (COUNT, "５０，０００", 50000),
        (COUNT, "5e4", 50000),
        (COUNT, 123, 123),
        (RATE, "0.4", 0.4),
        (RATE, "40%", 0.4),
        (RATE, "４０％", 0.4),
        (RATE, "．５", 0.5),
        (RATES, "0.4,0.25,0.1", (0.4, 0.25, 0.1)),
        (RATES, "40%、25%、10%", (0.4, 0.25, 0.1)),
        (RATES, "0.4，0.25", (0.4, 0.25)),
        (RATES, "0.4 0.25", (0.4, 0.25)),
        (OPTIONAL, "", None),
        (OPTIONAL, "   ", None),
        (DEFAULTED, None, 500),
        (DEFAULTED, "", 500),
        (NAMES, "扫码,入群", ("扫码", "入群")),
        (CHOICE, "所有成员", "所有成员"),
    ],
)
def test_accepts_what_chinese_users_type(field: Field, raw: object, expected: object) -> None:
    assert parse_value(field, raw) == expected


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        (COUNT, "", "「触达人数」不能为空，请填写 1 到 1,000,000 人之间的整数。"),
        (COUNT, None, "「触达人数」不能为空，请填写 1 到 1,000,000 人之间的整数。"),
        (COUNT, "abc", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“abc”。"),
        (COUNT, "-1", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“-1”。"),
        (COUNT, "0", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“0”。"),
        (COUNT, "2.5", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“2.5”，不是整数。"),
        (COUNT, "1e308", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“1e308”。"),
        (COUNT, "1e999", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“1e999”。"),
        (COUNT, "nan", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“nan”。"),
        (COUNT, "inf", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“inf”。"),
        (COUNT, "5,00", "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“5,00”。"),
        (COUNT, True, "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“True”。"),
        (COUNT, float("nan"), "「触达人数」应为 1 到 1,000,000 人之间的整数，收到的是“nan”。"),
        (RATE, "1.5", "「转化率」应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“1.5”。"),
        (RATE, "150%", "「转化率」应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“150%”。"),
        (RATE, "%", "「转化率」应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“%”。"),
        (RATES, "0.4,0", "「各步转化率」第 2 项应为大于 0、不超过 1 的小数（也可写作百分数，如 40%），收到的是“0”。"),
        (RATES, "0.4,x", "「各步转化率」第 2 项应为大于 0、不超过 1 的小数（也可写作百分数，如 40%），收到的是“x”。"),
        (RATES, ",".join(["0.5"] * 13), "「各步转化率」应有 1 到 12 项（用逗号分隔），收到的是 13 项："),
        (OPTIONAL, "101", "「目标人数」应为 1 到 100 之间的整数，收到的是“101”。"),
        (NAMES, "扫码,完成转发任务", "「各步名称」应为不超过 4 个字，收到的有 6 个字。"),
        (CHOICE, "随便", "「谁能拉人」应为仅管理员、所有成员之一，收到的是“随便”。"),
    ],
)
def test_rejects_bad_input_with_the_field_value_and_rule(field: Field, raw: object, message: str) -> None:
    with pytest.raises(FieldProblem) as problem:
        parse_value(field, raw)
    assert str(problem.value).startswith(message)


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(FieldProblem) as problem:
        parse_value(COUNT, "x" * 500)
    assert "x" * 30 + "…" in str(problem.value)
    assert "x" * 31 not in str(problem.value)
