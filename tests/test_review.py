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
