"""活动复盘: step rates, losses, the bottleneck, and the rules on actual counts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import InputError, run


@st.composite
def counts(draw: st.DrawFn) -> list[int]:
    """Non-increasing stage counts, every one but the last at least 1."""
    first = draw(st.integers(min_value=1, max_value=10_000_000))
    values = [first]
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        values.append(draw(st.integers(min_value=1, max_value=values[-1])))
    if draw(st.booleans()):
        values[-1] = draw(st.integers(min_value=0, max_value=values[-1]))
    return values


def test_rates_losses_and_bottleneck_of_a_campaign() -> None:
    out = run("review", {"counts": "20000,3000,1800,600", "stages": "启动量,扫码,入群,完成任务"}).outputs
    assert out["step_rates"] == [0.15, 0.6, pytest.approx(1 / 3)]
    assert out["lost"] == [17000, 1200, 1200]
    assert out["overall_rate"] == 0.03
    assert out["bottleneck"] == 0


def test_ties_go_to_the_earlier_step() -> None:
    assert run("review", {"counts": "100,50,25"}).outputs["bottleneck"] == 0


def test_bottleneck_links_to_the_playbook_that_fixes_it() -> None:
    html = run("review", {"counts": "1000,900,100", "stages": "启动量,扫码,入群"}).html
    assert "入群" in html and "../../playbooks/live-code-setup/" in html


def test_a_count_larger_than_the_one_before_is_a_field_error() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "100,50,60"})
    assert error.value.errors == {"counts": (
        "“各环节人数”第 3 项（60 人）多于第 2 项（50 人）：后一环节的人来自前一环节，人数不会更多。请检查是否填反或漏了一个环节。"
    )}


def test_zero_before_the_last_stage_is_a_field_error() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "100,0,0"})
    assert error.value.errors["counts"].startswith("“各环节人数”第 2 项是 0 人")


def test_a_single_count_is_not_enough() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "100"})
    assert error.value.errors["counts"].startswith("“各环节人数”应有 2 到 12 项")


def test_stage_names_must_match_the_counts() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "100,50", "stages": "启动量,扫码,入群"})
    assert error.value.errors == {"stages": "“各环节名称”有 3 项，应与“各环节人数”的 2 项一一对应。"}


@given(values=counts())
def test_rates_are_fractions_and_losses_add_up(values: list[int]) -> None:
    out = run("review", {"counts": values}).outputs
    assert all(0 <= rate <= 1 for rate in out["step_rates"])
    assert sum(out["lost"]) == values[0] - values[-1]
    assert out["step_rates"][out["bottleneck"]] == min(out["step_rates"])


@given(values=counts())
def test_review_rates_replay_the_counts_in_the_funnel(values: list[int]) -> None:
    """The review's rates, fed to the plan, give back the actual counts."""
    rates = run("review", {"counts": values}).outputs["step_rates"]
    if 0 in rates:
        return  # the plan takes only positive rates
    planned = run("funnel", {"reach": values[0], "rates": rates}).outputs["counts"]
    assert planned == pytest.approx(values, rel=1e-9, abs=1e-6)


# --- against the plan ------------------------------------------------------------------


def test_with_a_plan_the_bottleneck_is_the_step_furthest_below_its_plan() -> None:
    """Hand-worked: actual 30 %, 20 %, 10 % against a plan of 40 %, 25 %, 10 % reaches 75 %, 80 % and 100 % of
    the plan. The first step falls furthest short, though the third has the lowest rate."""
    out = run("review", {"counts": "10000,3000,600,60", "plan_rates": "40%,25%,10%"}).outputs
    assert out["step_rates"] == [0.3, 0.2, 0.1]
    assert out["attainment"] == [0.75, 0.8, 1]
    assert out["planned_counts"] == [10000, 4000, 1000, 100]
    assert out["bottleneck"] == 0
    assert out["lowest"] == 2


def test_without_a_plan_the_bottleneck_is_the_lowest_rate_and_the_result_says_so() -> None:
    result = run("review", {"counts": "10000,3000,600,60"})
    assert result.outputs["bottleneck"] == result.outputs["lowest"] == 2
    assert result.outputs["attainment"] is None
    assert "这里只比较了各步转化率的高低" in result.html


def test_the_result_shows_planned_and_actual_side_by_side() -> None:
    html = run("review", {"counts": "10000,3000,600,60", "stages": "触达,扫码,入群,完成任务",
                          "plan_rates": "0.4,0.25,0.1"}).html
    assert "<th scope=\"col\" class=\"qc-num\">计划人数（人）</th>" in html
    assert "<td class=\"qc-num\">30%</td><td class=\"qc-num\">40%</td><td class=\"qc-num\">75%</td>" in html
    assert "与计划差距最大的是“触达 → 扫码”这一步：实际 30%，计划 40%，只达到计划的 75%。" in html
    assert "这里只比较了各步转化率的高低" not in html


def test_a_plan_met_at_every_step_says_so() -> None:
    html = run("review", {"counts": "1000,500,100", "plan_rates": "0.5,0.2"}).html
    assert "每一步都达到或超过了计划" in html


def test_the_plan_needs_one_rate_per_step() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "1000,500,100", "plan_rates": "0.5"})
    assert error.value.errors == {"plan_rates": "“计划转化率”有 1 项，应有 2 项：3 个环节之间有 2 步，每一步一个计划转化率。"}


def test_a_planned_rate_of_zero_is_a_field_error() -> None:
    with pytest.raises(InputError) as error:
        run("review", {"counts": "1000,500,100", "plan_rates": "0.5,0"})
    assert error.value.errors["plan_rates"].startswith("“计划转化率”第 2 项应为大于 0、不超过 1 的小数")


@st.composite
def counts_and_plan(draw: st.DrawFn) -> tuple[list[int], list[float]]:
    values = draw(counts())
    plan = draw(st.lists(st.floats(min_value=0.001, max_value=1), min_size=len(values) - 1, max_size=len(values) - 1))
    return values, plan


@given(case=counts_and_plan())
def test_with_a_plan_the_bottleneck_has_the_smallest_share_of_its_plan(case: tuple[list[int], list[float]]) -> None:
    values, plan = case
    out = run("review", {"counts": values, "plan_rates": plan}).outputs
    assert out["attainment"][out["bottleneck"]] == min(out["attainment"])
    assert out["attainment"] == pytest.approx([rate / planned for rate, planned in zip(out["step_rates"], plan, strict=True)])
    assert out["planned_counts"][0] == values[0]
