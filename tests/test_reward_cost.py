"""奖励成本: the four incentive types by hand, the fraud uplift, per-person costs, ROI and every field's rules."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import InputError, run

EXAMPLE = {
    "joiners": "1000", "attract_cost": "2", "completers": "300", "guide_cost": "10",
    "existing": "2000", "loyal_cost": "5", "loyal_take": "0.1", "hidden_share": "0.2", "hidden_cost": "20",
    "tool_cost": "300", "labor_hours": "40", "hourly_rate": "50",
}
UNIT_COSTS = ("attract_cost", "guide_cost", "loyal_cost", "hidden_cost", "tool_cost", "hourly_rate", "other_cost")


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("reward_cost", {**EXAMPLE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("reward_cost", {**EXAMPLE, **changes})
    return error.value.errors


def people() -> st.SearchStrategy[int]:
    return st.integers(min_value=0, max_value=1_000_000)


def unit_costs() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=1_000, allow_nan=False)


def rates(maximum: float = 1.0) -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=maximum, allow_nan=False)


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, object]:
    joiners = draw(people())
    return {
        "joiners": joiners,
        "completers": draw(st.integers(min_value=0, max_value=joiners)),
        "existing": draw(people()),
        "loyal_take": draw(rates()),
        "hidden_share": draw(rates()),
        "fraud_rate": draw(rates(0.9)),
        "labor_hours": draw(st.floats(min_value=0, max_value=10_000)),
        **{name: draw(unit_costs()) for name in UNIT_COSTS},
    }


# --- worked by hand -------------------------------------------------------------------


def test_four_types_tools_and_labour_add_up_by_hand() -> None:
    out = outputs()
    assert out["by_type"] == {"attract": 2000, "guide": 3000, "loyal": 1000, "hidden": 1200}
    assert out["rewards"] == 7200
    assert out["labor"] == 2000
    assert out["total"] == 9500  # 7,200 + 300 tools + 2,000 labour
    assert out["per_new_user"] == 9.5
    assert out["per_completer"] == pytest.approx(9500 / 300)
    assert out["budget_left"] is None and out["roi"] is None


def test_fraud_raises_every_reward_type_but_not_tools_or_labour() -> None:
    out = outputs(fraud_rate="20%")
    assert out["by_type"] == {"attract": 2500, "guide": 3750, "loyal": 1250, "hidden": 1500}
    assert out["rewards"] == 9000  # 7,200 / (1 − 0.2)
    assert out["labor"] == 2000
    assert out["total"] == 11300


def test_budget_left_and_roi_when_given() -> None:
    out = outputs(budget="10000", value_per_user="30")
    assert out["budget_left"] == 500
    assert out["roi"] == pytest.approx((30 * 1000 - 9500) / 9500)


def test_over_budget_is_a_negative_budget_left() -> None:
    assert outputs(budget="9000")["budget_left"] == -500
    assert "超出预算 500 元" in run("reward_cost", {**EXAMPLE, "budget": "9000"}).html


def test_new_users_default_to_joiners_and_can_be_set() -> None:
    assert outputs()["per_new_user"] == 9.5
    out = outputs(new_users="500", value_per_user="30")
    assert out["per_new_user"] == 19
    assert out["roi"] == pytest.approx((30 * 500 - 9500) / 9500)


def test_nobody_to_divide_by_gives_no_per_person_cost() -> None:
    out = outputs(completers="0", new_users="0")
    assert out["per_completer"] is None and out["per_new_user"] is None


def test_zero_total_gives_no_roi() -> None:
    zero = {name: "0" for name in UNIT_COSTS}
    out = outputs(**zero, value_per_user="30")
    assert out["total"] == 0 and out["roi"] is None


def test_unit_costs_default_to_zero_when_blank() -> None:
    out = run("reward_cost", {"joiners": "100", "completers": "10"}).outputs
    assert out["total"] == 0 and out["rewards"] == 0


# --- cross-field rules ----------------------------------------------------------------


def test_more_completers_than_joiners_is_refused_naming_both() -> None:
    assert error_of(joiners="100", completers="101") == {"completers": (
        "“完成任务人数”（101 人）多于“入群人数”（100 人）：完成任务的人来自入群的人，不会更多。"
    )}


def test_fraud_rate_is_limited_to_ninety_percent() -> None:
    assert outputs(fraud_rate="0.9")["rewards"] == pytest.approx(72000)
    assert_rejected(error_of(fraud_rate="0.95"), "reward_cost", "fraud_rate", "0.95")
    assert "0 到 0.9 之间" in error_of(fraud_rate="0.95")["fraud_rate"]


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("joiners", ""),
    ("joiners", "-1"),
    ("joiners", "10.5"),
    ("joiners", "1000000001"),
    ("completers", ""),
    ("completers", "三百"),
    ("attract_cost", "-2"),
    ("attract_cost", "x"),
    ("guide_cost", "100001"),
    ("existing", "2.5"),
    ("loyal_cost", "-1"),
    ("loyal_take", "120%"),
    ("hidden_share", "-0.1"),
    ("hidden_cost", "abc"),
    ("fraud_rate", "-5%"),
    ("tool_cost", "-300"),
    ("labor_hours", "-3"),
    ("hourly_rate", "10001"),
    ("other_cost", "很多"),
    ("new_users", "2.5"),
    ("new_users", "-1"),
    ("budget", "abc"),
    ("budget", "-1"),
    ("value_per_user", "-1"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "reward_cost", field, value)


# --- the rendered result --------------------------------------------------------------


def test_result_says_the_reward_amounts_include_the_fraud_loss() -> None:
    html = run("reward_cost", {**EXAMPLE, "fraud_rate": "0.2"}).html
    assert "刷单比例 20%" in html and "都已含这部分损耗" in html
    assert "1,800 元发给了假号或重复领取的人" in html  # 9,000 paid for 7,200 genuine


def test_result_charts_and_tabulates_all_seven_cost_items() -> None:
    html = run("reward_cost", EXAMPLE).html
    assert html.count('class="qc-bar"') == 7
    for name in ("吸引福利", "引导福利", "老用户福利", "隐藏福利", "工具", "人工", "其他"):
        assert f'<th scope="row">{name}</th>' in html
    assert "21.1%" in html  # labour 2,000 of 9,500
    assert 'download="奖励成本.csv"' in html


def test_sensitivity_scales_the_reward_unit_costs_only() -> None:
    html = run("reward_cost", EXAMPLE).html
    # rewards 7,200 × 0.8 = 5,760 and total 5,760 + 2,300 = 8,060; × 1.2 → 8,640 and 10,940
    for text in ("5,760 元", "8,060 元", "8,640 元", "10,940 元"):
        assert text in html


def test_the_result_names_the_rules_the_design_touches() -> None:
    html = run("reward_cost", EXAMPLE).html
    assert "诱导分享" in html and "《微信外部链接内容管理规范》" in html and "限制" in html
    assert "有奖销售" in html and "送完即止" in html and "活动开始前公布" in html and "对参与者有利" in html
    assert 'href="../../playbooks/compliance/#induced-sharing"' in html
    assert 'href="../../playbooks/compliance/#prize-promotion"' in html


# --- properties -----------------------------------------------------------------------


@given(scenario=scenarios(), name=st.sampled_from(UNIT_COSTS), cost=unit_costs())
def test_total_is_linear_in_each_unit_cost(scenario: dict[str, object], name: str, cost: float) -> None:
    at_zero = run("reward_cost", {**scenario, name: 0}).outputs["total"]
    at_one = run("reward_cost", {**scenario, name: 1}).outputs["total"]
    at_cost = run("reward_cost", {**scenario, name: cost}).outputs["total"]
    # outputs keep 12 significant digits, and the slope's rounding is multiplied by the cost
    scale = abs(at_zero) + cost * (abs(at_one) + abs(at_zero))
    assert at_cost == pytest.approx(at_zero + cost * (at_one - at_zero), rel=1e-9, abs=1e-10 * scale + 1e-6)


@given(scenario=scenarios())
def test_total_is_the_sum_of_its_parts(scenario: dict[str, object]) -> None:
    out = run("reward_cost", scenario).outputs
    assert out["rewards"] == pytest.approx(sum(out["by_type"].values()), rel=1e-9, abs=1e-6)
    expected = out["rewards"] + float(scenario["tool_cost"]) + out["labor"] + float(scenario["other_cost"])  # type: ignore[arg-type]
    assert out["total"] == pytest.approx(expected, rel=1e-9, abs=1e-6)


@given(scenario=scenarios(), budget=st.floats(min_value=0, max_value=1e8), value=st.floats(min_value=0, max_value=1e5))
def test_outputs_are_never_nan_or_infinite(scenario: dict[str, object], budget: float, value: float) -> None:
    out = run("reward_cost", {**scenario, "budget": budget, "value_per_user": value}).outputs
    numbers = [*out["by_type"].values(), out["rewards"], out["labor"], out["total"], out["budget_left"]]
    numbers += [value for value in (out["per_new_user"], out["per_completer"], out["roi"]) if value is not None]
    assert all(math.isfinite(number) for number in numbers)
