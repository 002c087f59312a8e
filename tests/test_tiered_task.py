"""阶梯任务与奖品库存: tiers worked by hand for both distributions, stock running out, every rule, invariants."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import pytest
from html_text import text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run

# mean 1, no invalid helpers, geometric: P(at least n valid helpers) = (1/2)^n
BASE = {"participants": "800", "mean": "1", "invalid": "0", "days": "10",
        "need1": "1", "prize1": "1", "stock1": "500",
        "need2": "2", "prize2": "10", "stock2": "100",
        "need3": "3", "prize3": "100", "stock3": ""}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("tiered_task", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("tiered_task", {**BASE, **changes})
    return error.value.errors


@st.composite
def tiers(draw: st.DrawFn) -> dict[str, str]:
    """One to three tiers with rising thresholds, any prize, stock or none."""
    count = draw(st.integers(min_value=1, max_value=3))
    needs = sorted(draw(st.sets(st.integers(min_value=1, max_value=1000), min_size=count, max_size=count)))
    values: dict[str, str] = {}
    for number in range(1, 4):
        if number <= count:
            values[f"need{number}"] = str(needs[number - 1])
            values[f"prize{number}"] = str(draw(st.floats(min_value=0, max_value=100_000)))
            stock = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=10_000_000)))
            values[f"stock{number}"] = "" if stock is None else str(stock)
        else:
            values.update({f"need{number}": "", f"prize{number}": "", f"stock{number}": ""})
    return values


# --- worked by hand -------------------------------------------------------------------


def test_geometric_tiers_worked_by_hand() -> None:
    out = outputs()
    first, second, third = out["tiers"]
    assert (first["reach"], second["reach"], third["reach"]) == (400, 200, 100)  # 800 × 1/2, 1/4, 1/8
    assert (first["given"], second["given"], third["given"]) == (400, 100, 100)
    assert (first["left"], second["left"], third["left"]) == (100, 0, None)
    assert (first["short"], second["short"], third["short"]) == (0, 100, 0)
    assert [tier["runs_out"] for tier in out["tiers"]] == [False, True, False]
    # 100 prizes for 200 claimants: gone half-way, after 400 participants, on day 5 of 10
    assert (second["out_after"], second["out_day"]) == (400, 5)
    assert out["prizes"] == 600 and out["cost"] == 400 * 1 + 100 * 10 + 100 * 100
    assert out["members"] == 800 and out["invalid_helpers"] == 0
    assert out["cost_per_member"] == pytest.approx(11400 / 800)
    assert out["none_reached"] == 400


def test_invalid_helpers_thin_the_mean_and_do_not_count_as_members() -> None:
    out = outputs(mean="2", invalid="50%")
    assert out["valid_mean"] == 1 and out["members"] == 800 and out["invalid_helpers"] == 800
    assert out["tiers"][0]["reach"] == 400  # same as a mean of 1


def test_poisson_tiers_worked_by_hand() -> None:
    out = outputs(distribution="泊松分布")
    e = math.exp(-1)
    expected = [800 * (1 - e), 800 * (1 - 2 * e), 800 * (1 - 2.5 * e)]
    assert [tier["reach"] for tier in out["tiers"]] == pytest.approx(expected, rel=1e-9)
    assert out["tiers"][1]["given"] == 100 and out["tiers"][1]["runs_out"] is True


def test_the_geometric_tail_is_longer_than_the_poisson_one() -> None:
    geometric = outputs(need3="10", mean="3")["tiers"][2]["reach"]
    poisson = outputs(need3="10", mean="3", distribution="泊松分布")["tiers"][2]["reach"]
    assert geometric > 10 * poisson


def test_nobody_invites_nobody_reaches_a_tier() -> None:
    out = outputs(mean="0")
    assert [tier["reach"] for tier in out["tiers"]] == [0, 0, 0]
    assert out["cost"] == 0 and out["members"] == 0 and out["cost_per_member"] is None


def test_a_tier_without_stock_gives_nothing() -> None:
    out = outputs(stock1="0")
    assert out["tiers"][0]["given"] == 0 and out["tiers"][0]["out_after"] == 0 and out["tiers"][0]["short"] == 400
    assert "第 1 档没有库存" in run("tiered_task", {**BASE, "stock1": "0"}).html


def test_one_tier_is_enough() -> None:
    out = outputs(need2="", prize2="", stock2="", need3="", prize3="", stock3="")
    assert len(out["tiers"]) == 1 and out["cost"] == 400


# --- cross-field rules ----------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"need2": "1"}, "need2", "“第 2 档助力人数”（1 人）应多于第 1 档（1 人）：阶梯越往上，要拉的人越多。"),
    ({"need3": "2"}, "need3", "“第 3 档助力人数”（2 人）应多于第 2 档（2 人）：阶梯越往上，要拉的人越多。"),
    ({"prize2": ""}, "prize2", "“第 2 档奖品单价”不能为空：填了第 2 档助力人数，就要填这一档奖品的单价。"),
    ({"need2": "", "prize2": "", "stock2": ""}, "need3", "“第 3 档助力人数”填了，但第 2 档是空的：请先填第 2 档。"),
    ({"need3": ""}, "need3", "填了第 3 档的奖品单价或库存，却没填“第 3 档助力人数”；不设这一档就把三项都留空。"),
])
def test_tiers_must_rise_and_be_complete(changes: dict[str, str], field: str, message: str) -> None:
    assert error_of(**changes) == {field: message}


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("participants", ""),
    ("participants", "0"),
    ("mean", "101"),
    ("mean", "三个"),
    ("distribution", "正态分布"),
    ("invalid", "120%"),
    ("days", "0"),
    ("need1", ""),
    ("need1", "0"),
    ("need2", "2.5"),
    ("prize1", ""),
    ("prize3", "-1"),
    ("stock1", "10.5"),
    ("stock2", "-1"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "tiered_task", field, value)


# --- the rendered result --------------------------------------------------------------


def test_result_explains_stock_running_out() -> None:
    html = run("tiered_task", BASE).html
    assert "第 2 档约 200 人达到，库存 100 份会在约第 5 天（第 400 位参与者前后）发完，约 100 人领不到。" in html
    assert "已经达到的人必须兑现" in html


def test_result_has_chart_tables_sensitivity_and_csv() -> None:
    html = run("tiered_task", BASE).html
    assert html.count("<svg") == 1
    # the chart's table: 0 helpers, then each tier's band
    assert '<th scope="row">0 人</th><td class="qc-num">400</td>' in html
    assert '<th scope="row">1 人（第 1 档）</th><td class="qc-num">200</td>' in html
    assert '<th scope="row">3 人及以上（第 3 档）</th><td class="qc-num">100</td>' in html
    assert "改用泊松分布" in html and "−20%" in html
    assert 'download="阶梯任务.csv"' in html and 'download="阶梯任务-敏感性.csv"' in html


def test_defaults_and_the_example() -> None:
    calculator = CALCULATORS["tiered_task"]
    inputs = run("tiered_task", {**calculator.example_inputs(), "invalid": "", "distribution": "", "days": ""}).inputs
    assert (inputs["invalid"], inputs["distribution"], inputs["days"]) == (0.0, "几何分布", 7)
    assert calculator.example_inputs()["need1"] == "3"  # 宝宝学英语: invite 3 friends


def test_generated_copy_passes_the_typography_linter() -> None:
    autocorrect = pytest.importorskip("autocorrect_py")
    calculator = CALCULATORS["tiered_task"]
    for scenario in (calculator.example_inputs(), BASE, {**BASE, "stock1": "0", "distribution": "泊松分布"}):
        for piece in text_pieces(run("tiered_task", scenario).html):
            assert autocorrect.format(piece) == piece
    for field in calculator.fields:
        assert autocorrect.format(field.hint) == field.hint


def test_the_result_names_the_rules_the_design_touches() -> None:
    html = run("tiered_task", BASE).html
    assert "诱导分享" in html and "《微信外部链接内容管理规范》" in html and "限制" in html
    assert "有奖销售" in html and "送完即止" in html and "活动开始前公布" in html and "对参与者有利" in html
    assert 'href="../../playbooks/compliance/#induced-sharing"' in html
    assert 'href="../../playbooks/compliance/#prize-promotion"' in html


def test_people_brought_in_are_not_fissions_invitations_sent() -> None:
    """Both calculators once said 人均邀请数 for different things, both defaulting to 3 from the same case."""
    mean, invites = CALCULATORS["tiered_task"].field("mean"), CALCULATORS["fission"].field("invites")
    assert (mean.label, invites.label) == ("人均带来人数", "人均发出邀请数")
    assert "不是发出" in mean.hint and "不是最后加入的人" in invites.hint


# --- properties -----------------------------------------------------------------------


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(tier_values=tiers(), participants=st.integers(min_value=1, max_value=10_000_000),
       mean=st.floats(min_value=0, max_value=100), invalid=st.floats(min_value=0, max_value=1),
       distribution=st.sampled_from(["几何分布", "泊松分布"]), days=st.integers(min_value=1, max_value=365))
def test_stock_is_never_negative_and_prizes_never_exceed_claims_or_stock(
    tier_values: dict[str, str], participants: int, mean: float, invalid: float, distribution: str, days: int,
) -> None:
    out = outputs(**tier_values, participants=participants, mean=mean, invalid=invalid, distribution=distribution,
                  days=days)
    reach = [tier["reach"] for tier in out["tiers"]]
    assert all(0 <= value <= participants * (1 + 1e-12) for value in reach)
    assert all(later <= earlier for earlier, later in pairwise(reach))
    for tier in out["tiers"]:
        assert 0 <= tier["given"] <= tier["reach"]
        if tier["stock"] is not None:
            assert tier["given"] <= tier["stock"]
            assert tier["left"] >= 0
            assert tier["left"] + tier["given"] == pytest.approx(tier["stock"])
        assert tier["short"] >= 0
        assert tier["runs_out"] == (tier["short"] > 0)
        if tier["runs_out"]:
            assert 0 <= tier["out_day"] <= days and 0 <= tier["out_after"] <= participants
    assert out["cost"] == pytest.approx(sum(tier["given"] * tier["prize"] for tier in out["tiers"]))
    assert out["members"] == pytest.approx(participants * mean * (1 - invalid))
    assert 0 <= out["none_reached"] <= participants
    numbers = [out["cost"], out["members"], out["prizes"], out["invalid_helpers"], *reach]
    assert all(math.isfinite(value) and value >= 0 for value in numbers)


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(mean=st.floats(min_value=0.01, max_value=50), need=st.integers(min_value=1, max_value=1000),
       distribution=st.sampled_from(["几何分布", "泊松分布"]))
def test_more_invitations_never_mean_fewer_people_at_a_tier(mean: float, need: int, distribution: str) -> None:
    base = {"need1": need, "need2": "", "prize2": "", "stock2": "", "need3": "", "prize3": "", "stock3": "",
            "stock1": "", "distribution": distribution}
    low = outputs(**base, mean=mean)["tiers"][0]["reach"]
    high = outputs(**base, mean=mean * 1.5)["tiers"][0]["reach"]
    assert high >= low
