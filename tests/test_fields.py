"""Inputs are declared once and parsed forgivingly; every rejection names field, value and rule.

The messages are pinned here, word for word, one case per rule; the calculator tests only check that
a message names the right field and echoes the value."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from calculators.kit.fields import Field, FieldProblem, Kind, field, fields_of, parse_value, raw_text, same_as

COUNT = Field("reach", "触达人数", Kind.INTEGER, unit="人", minimum=1, maximum=1_000_000)
AMOUNT = Field("cost", "单价", Kind.NUMBER, unit="元", minimum=0, maximum=100)
RATE = Field("rate", "转化率", Kind.RATE)
CAPPED = Field("fraud", "刷单比例", Kind.RATE, maximum=0.9)
RATES = Field("rates", "各步转化率", Kind.RATES, positive=True)
COUNTS = Field("counts", "各环节人数", Kind.INTEGERS, unit="人", minimum=0, maximum=100, min_items=2)
OPTIONAL = Field("target", "目标人数", Kind.INTEGER, minimum=1, maximum=100, required=False)
DEFAULTED = Field("cap", "每群人数", Kind.INTEGER, minimum=2, maximum=500, default=500)
NAMES = Field("stages", "各步名称", Kind.TEXTS, max_length=4, required=False)
NAME = Field("name", "群名称", Kind.TEXT, max_length=10)
CHOICE = Field("who", "谁能拉人", Kind.CHOICE, choices=("仅管理员", "所有成员"))
DATE = Field("start", "开始日期", Kind.DATE, max_length=20)


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
        (NAME, " 一群\t二群 ", "一群 二群"),
        (CHOICE, "所有成员", "所有成员"),
        (CHOICE, "僅管理員", "仅管理员"),  # the zh-Hant edition's spelling
        (DATE, "2026-12-07", datetime.date(2026, 12, 7)),
        (DATE, "2026/12/7", datetime.date(2026, 12, 7)),
        (DATE, "2026.12.07", datetime.date(2026, 12, 7)),
        (DATE, "2026年12月7日", datetime.date(2026, 12, 7)),
        (DATE, " 2026 年 12 月 7 日 ", datetime.date(2026, 12, 7)),
        (DATE, "２０２６－１２－０７", datetime.date(2026, 12, 7)),
    ],
)
def test_accepts_what_chinese_users_type(field: Field, raw: object, expected: object) -> None:
    assert parse_value(field, raw) == expected


@pytest.mark.parametrize(
    ("field", "raw", "message"),
    [
        # blank
        (COUNT, "", "“触达人数”不能为空，请填写 1 到 1,000,000 人之间的整数。"),
        (COUNT, None, "“触达人数”不能为空，请填写 1 到 1,000,000 人之间的整数。"),
        (RATE, "", "“转化率”不能为空，请填写 0 到 1 之间的小数（也可写作 0% 到 100%）。"),
        (DATE, "", "“开始日期”不能为空，请填写 2000-01-01 到 2100-12-31 之间的日期，写法如 2026-12-07。"),
        # not a number, or not finite
        (COUNT, "abc", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“abc”。"),
        (COUNT, "5,00", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“5,00”。"),
        (COUNT, "1e999", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“1e999”。"),
        (COUNT, "nan", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“nan”。"),
        (COUNT, "inf", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“inf”。"),
        (COUNT, True, "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“True”。"),
        (COUNT, float("nan"), "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“nan”。"),
        # out of range
        (COUNT, "-1", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“-1”。"),
        (COUNT, "0", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“0”。"),
        (COUNT, "1e308", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“1e308”。"),
        (AMOUNT, "101", "“单价”应为 0 到 100 元之间的数，收到的是“101”。"),
        (OPTIONAL, "101", "“目标人数”应为 1 到 100 之间的整数，收到的是“101”。"),
        # not whole
        (COUNT, "2.5", "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的是“2.5”，不是整数。"),
        # rates: range and percentages
        (RATE, "1.5", "“转化率”应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“1.5”。"),
        (RATE, "150%", "“转化率”应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“150%”。"),
        (RATE, "%", "“转化率”应为 0 到 1 之间的小数（也可写作 0% 到 100%），收到的是“%”。"),
        (CAPPED, "0.95", "“刷单比例”应为 0 到 0.9 之间的小数（也可写作 0% 到 90%），收到的是“0.95”。"),
        # a list item, by position
        (RATES, "0.4,0", "“各步转化率”第 2 项应为大于 0、不超过 1 的小数（也可写作百分数，如 40%），收到的是“0”。"),
        (RATES, "0.4,x", "“各步转化率”第 2 项应为大于 0、不超过 1 的小数（也可写作百分数，如 40%），收到的是“x”。"),
        (COUNTS, "100,1.5", "“各环节人数”第 2 项应为 0 到 100 人之间的整数，收到的是“1.5”，不是整数。"),
        # the number of list items
        (RATES, ",".join(["0.5"] * 13), "“各步转化率”应有 1 到 12 项（用逗号分隔），收到的是 13 项：“0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.…”。"),
        (COUNTS, "100", "“各环节人数”应有 2 到 12 项（用逗号分隔），收到的是 1 项：“100”。"),
        # text
        (NAMES, "扫码,完成转发任务", "“各步名称”应为不超过 4 个字，收到的有 6 个字。"),
        (NAME, "a\x1b[2Jb", "“群名称”里有控制字符或无法识别的字符，请删去后再填。收到的是“a\ufffd[2Jb”。"),
        # choices
        (CHOICE, "随便", "“谁能拉人”应为仅管理员、所有成员之一，收到的是“随便”。"),
        # dates
        (DATE, "明天", "“开始日期”应为 2000-01-01 到 2100-12-31 之间的日期，写法如 2026-12-07，收到的是“明天”。"),
        (DATE, "2026-02-30", "“开始日期”应为 2000-01-01 到 2100-12-31 之间的日期，写法如 2026-12-07，收到的是“2026-02-30”。"),
        (DATE, "1999-12-31", "“开始日期”应为 2000-01-01 到 2100-12-31 之间的日期，写法如 2026-12-07，收到的是“1999-12-31”。"),
    ],
)
def test_rejects_bad_input_with_the_field_value_and_rule(field: Field, raw: object, message: str) -> None:
    with pytest.raises(FieldProblem) as problem:
        parse_value(field, raw)
    assert str(problem.value) == message


def test_a_number_too_long_to_print_is_named_as_such() -> None:
    with pytest.raises(FieldProblem) as problem:
        parse_value(COUNT, 10**5000)
    assert str(problem.value) == "“触达人数”应为 1 到 1,000,000 人之间的整数，收到的数字太长。"


def test_long_values_are_shortened_in_messages() -> None:
    with pytest.raises(FieldProblem) as problem:
        parse_value(COUNT, "x" * 500)
    assert "x" * 30 + "…" in str(problem.value)
    assert "x" * 31 not in str(problem.value)


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (3, "3"), (0.1, "0.1"), (1234567.5, "1234567.5"), ((0.4, 0.25), "0.4,0.25"), (("扫码", "入群"), "扫码,入群"),
     (datetime.date(2026, 12, 7), "2026-12-07")],
)
def test_raw_text_is_what_parsing_reads_back(value: object, text: str) -> None:
    assert raw_text(value) == text  # type: ignore[arg-type]


# --- declaring inputs: the dataclass is the declaration ----------------------------------


@dataclasses.dataclass(frozen=True)
class Inputs:
    reach: int = field("触达人数", Kind.INTEGER, unit="人", minimum=1, example="50000", hint="看到活动的人数。")
    start: datetime.date | None = field("开始日期", Kind.DATE, required=False)


@dataclasses.dataclass(frozen=True)
class Borrowing:
    people: int = same_as(Inputs, "reach")


def test_an_inputs_dataclass_declares_its_fields_in_order() -> None:
    reach, start = fields_of(Inputs)
    assert reach == Field("reach", "触达人数", Kind.INTEGER, unit="人", minimum=1, example="50000", hint="看到活动的人数。")
    assert (start.name, start.kind, start.required, start.max_length) == ("start", Kind.DATE, False, 20)
    assert Inputs(reach=5, start=None).reach == 5  # still a plain dataclass


def test_another_calculators_field_keeps_its_declaration_under_the_new_name() -> None:
    (people,) = fields_of(Borrowing)
    assert people == dataclasses.replace(fields_of(Inputs)[0], name="people")


def test_an_undeclared_attribute_is_a_programming_error() -> None:
    @dataclasses.dataclass(frozen=True)
    class Plain:
        reach: int

    with pytest.raises(TypeError, match=r"Plain\.reach"):
        fields_of(Plain)
