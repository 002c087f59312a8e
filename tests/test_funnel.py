"""活动漏斗: forward plan, reverse target, and its invariants."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from calculators import InputError, run


def rates() -> st.SearchStrategy[list[float]]:
    return st.lists(st.floats(min_value=0.001, max_value=1.0), min_size=1, max_size=12)


def reaches() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=1_000_000_000)


def test_counts_follow_each_rate_from_the_reach() -> None:
    out = run("funnel", {"reach": "50000", "rates": "0.4,0.25,0.1"}).outputs
    assert out["counts"] == [50000, 20000, 5000, 500]
    assert out["overall_rate"] == 0.01
    assert out["required_reach"] is None
    assert out["stages"] == ["触达", "第 1 步", "第 2 步", "第 3 步"]


def test_target_gives_the_reach_it_needs() -> None:
    out = run("funnel", {"reach": "50000", "rates": "40%,25%,10%", "target": "1000"}).outputs
    assert out["required_reach"] == 100000


def test_named_stages_label_the_counts() -> None:
    out = run("funnel", {"reach": "100", "rates": "0.5,0.5", "stages": "扫码,入群"}).outputs
    assert out["stages"] == ["触达", "扫码", "入群"]


def test_stage_names_must_match_the_rates() -> None:
    with pytest.raises(InputError) as error:
        run("funnel", {"reach": "100", "rates": "0.5,0.5", "stages": "扫码"})
    assert error.value.errors == {"stages": "“各步名称”有 1 项，应与“各步转化率”的 2 项一一对应。"}


def test_every_bad_field_is_reported_at_once() -> None:
    with pytest.raises(InputError) as error:
        run("funnel", {"reach": "abc", "rates": "1.5"})
    assert set(error.value.errors) == {"reach", "rates"}


def test_missing_required_fields_are_named() -> None:
    with pytest.raises(InputError) as error:
        run("funnel", {})
    assert error.value.errors["reach"].startswith("“触达人数”不能为空")
    assert error.value.errors["rates"].startswith("“各步转化率”不能为空")


@given(reach=reaches(), rates=rates())
def test_counts_never_increase_along_the_funnel(reach: int, rates: list[float]) -> None:
    counts = run("funnel", {"reach": reach, "rates": rates}).outputs["counts"]
    assert counts[0] == reach
    assert len(counts) == len(rates) + 1
    assert all(later <= earlier for earlier, later in itertools.pairwise(counts))
    assert all(math.isfinite(value) for value in counts)


@given(target=st.integers(min_value=1, max_value=1_000_000), rates=rates())
def test_required_reach_round_trips_to_the_target(target: int, rates: list[float]) -> None:
    required = run("funnel", {"reach": 1, "rates": rates, "target": target}).outputs["required_reach"]
    if required > 1_000_000_000:
        return  # beyond the form's range for reach: nothing to round-trip
    back = run("funnel", {"reach": math.ceil(required), "rates": rates}).outputs["counts"][-1]
    assert back >= target * (1 - 1e-9)
    assert back <= target + math.prod(rates) + 1e-6 * target  # reach rounded up by less than one person


@given(reach=reaches(), rates=rates())
def test_overall_rate_is_last_over_first(reach: int, rates: list[float]) -> None:
    out = run("funnel", {"reach": reach, "rates": rates}).outputs
    assert out["overall_rate"] == pytest.approx(out["counts"][-1] / reach, rel=1e-9, abs=1e-15)
