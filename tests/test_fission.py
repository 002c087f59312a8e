"""裂变增长: generations by hand, the market limit, the K < 1 limit, overflow and every field's rules."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import InputError, run
from calculators.kit.cli import main
from calculators.kit.site import site

BASE = {"seeds": "10", "invites": "2", "conversion": "1", "generations": "10"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("fission", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("fission", {**BASE, **changes})
    return error.value.errors


def seeds() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=10_000_000)


def invites() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=100, allow_nan=False)


def conversions() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=1, allow_nan=False)


def generations() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=60)


# --- worked by hand -------------------------------------------------------------------


def test_ten_seeds_doubling_for_ten_generations_reach_20470() -> None:
    out = outputs()
    assert out["k"] == 2
    assert out["new"] == [10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240]
    assert out["cumulative"] == [10, 30, 70, 150, 310, 630, 1270, 2550, 5110, 10230, 20470]
    assert out["total"] == 20470
    assert out["days"] == 10
    assert out["group_size"] == 200  # joining by scanning the group QR code stops at 200 (facts.json)
    assert out["groups_needed"] == 103  # 20470 / 200 = 102.35, rounded up
    assert out["limit"] is None


def test_command_line_json_gives_the_documented_total(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "fission", "--json", "seeds=10", "invites=2", "conversion=1", "generations=10"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["id"] == "fission"
    assert answer["outputs"]["total"] == 20470
    assert answer["inputs"]["cycle_days"] == 1 and answer["inputs"]["market"] == 0 and answer["inputs"]["group_cap"] is None
    assert answer["inputs"]["join_route"] == "扫码入群" and answer["outputs"]["group_size"] == 200


def test_k_below_one_shrinks_each_generation_and_reports_its_limit() -> None:
    out = outputs(seeds="100", invites="3", conversion="30%", generations="2")
    assert out["k"] == 0.9
    assert out["new"] == [100, 90, 81]
    assert out["cumulative"] == [100, 190, 271]
    assert out["limit"] == 1000  # 100 / (1 − 0.9)


def test_market_damps_each_generation_by_the_share_still_free() -> None:
    out = outputs(generations="2", market="100")
    # 10 × 2 × (1 − 10/100) = 18; 18 × 2 × (1 − 28/100) = 25.92
    assert out["new"] == [10, 18, 25.92]
    assert out["cumulative"] == [10, 28, 53.92]


def test_a_generation_never_takes_more_people_than_the_market_has_left() -> None:
    out = outputs(seeds="500", invites="10", generations="2", market="1000")
    # the formula alone would give 500 × 10 × (1 − 500/1000) = 2,500 with only 500 left
    assert out["new"] == [500, 500, 0]
    assert out["cumulative"] == [500, 1000, 1000]


def test_days_are_generations_times_cycle_days() -> None:
    assert outputs(generations="3", cycle_days="2.5")["days"] == 7.5


def test_groups_needed_rounds_up_to_whole_groups() -> None:
    assert outputs(group_cap="20470")["groups_needed"] == 1
    assert outputs(group_cap="20469")["groups_needed"] == 2


@pytest.mark.parametrize(("route", "fact_id"), [("扫码入群", "wechat.group.scan_join_limit"), ("邀请入群", "wechat.group.max_members")])
def test_groups_are_sized_by_the_join_route_from_the_facts(route: str, fact_id: str) -> None:
    fact = site().fact(fact_id)
    result = run("fission", {**BASE, "join_route": route})
    assert result.outputs["group_size"] == fact.value
    assert result.outputs["groups_needed"] == math.ceil(20470 / fact.count)
    # the result says which limit it used and why
    assert f"需要的群按{route}算" in result.html and fact.title in result.html and fact.text in result.html


@pytest.mark.parametrize("cap", ["", "0"])
def test_a_blank_or_zero_group_cap_means_by_route(cap: str) -> None:
    assert outputs(group_cap=cap, join_route="邀请入群")["group_size"] == site().fact("wechat.group.max_members").value


def test_a_group_cap_overrides_the_route_and_says_so() -> None:
    result = run("fission", {**BASE, "group_cap": "150", "join_route": "邀请入群"})
    assert result.outputs["group_size"] == 150 and result.outputs["groups_needed"] == 137
    assert "按你填的每群人数上限 150 人算" in result.html


def test_zero_invites_keep_only_the_seeds() -> None:
    out = outputs(invites="0")
    assert out["total"] == 10 and out["limit"] == 10 and out["new"][1:] == [0] * 10


# --- cross-field rules and overflow ---------------------------------------------------


def test_totals_beyond_the_ceiling_are_refused_on_generations() -> None:
    errors = error_of(invites="100", generations="60")
    assert errors == {"generations": (
        "按 K = 100、“裂变代数”60 代计算，累计人数会超过 1,000 万亿人，远超任何真实市场，结果已没有意义。"
        "请把代数减到 6 代以内，或填写“市场规模”。"
    )}
    assert outputs(invites="100", generations="6")["total"] <= 1e15


def test_a_market_smaller_than_the_seeds_is_refused() -> None:
    assert error_of(seeds="1000", market="100") == {"market": (
        "“市场规模”（100 人）小于“种子用户”（1,000 人）：种子用户本身就在市场里，"
        "市场规模应不小于种子用户，或填 0 表示不设上限。"
    )}


def test_a_market_keeps_huge_k_finite() -> None:
    out = outputs(seeds="1000", invites="100", generations="60", market="100000")
    assert out["total"] == 100000


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("seeds", ""),
    ("seeds", "-1"),
    ("seeds", "1.5"),
    ("seeds", "10000001"),
    ("seeds", "很多"),
    ("invites", ""),
    ("invites", "-0.5"),
    ("invites", "101"),
    ("invites", "abc"),
    ("conversion", ""),
    ("conversion", "1.5"),
    ("conversion", "-0.1"),
    ("conversion", "三成"),
    ("generations", ""),
    ("generations", "2.5"),
    ("generations", "61"),
    ("generations", "0"),
    ("cycle_days", "0"),
    ("cycle_days", "366"),
    ("cycle_days", "x"),
    ("market", "-5"),
    ("market", "2000000001"),
    ("market", "1000.5"),
    ("group_cap", "1"),
    ("group_cap", "100001"),
    ("group_cap", "-500"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "fission", field, value)


def test_blank_optional_fields_take_their_defaults() -> None:
    inputs = run("fission", {**BASE, "cycle_days": "", "market": " ", "group_cap": "", "join_route": ""}).inputs
    assert (inputs["cycle_days"], inputs["market"], inputs["group_cap"], inputs["join_route"]) == (1.0, 0, None, "扫码入群")


def test_forgiving_input_full_width_and_separators() -> None:
    out = outputs(seeds="１０", market="1,000,000", conversion="１００％")
    assert out["k"] == 2


# --- the rendered result --------------------------------------------------------------


def test_k_below_one_is_explained_as_fading_out_toward_its_limit() -> None:
    html = run("fission", {**BASE, "seeds": "100", "invites": "3", "conversion": "0.3"}).html
    assert "小于 1" in html and "自然熄火" in html and "1,000 人" in html


def test_k_at_least_one_is_explained_as_growing_until_stopped() -> None:
    html = run("fission", BASE).html
    assert "直到市场被占满或活动停止" in html and "没有填市场规模" in html


def test_sensitivity_varies_invites_twenty_percent_each_way() -> None:
    html = run("fission", BASE).html
    # invites 1.6 … 2.4 → K 1.6 … 2.4; the middle row is the scenario itself
    for text in ("−20%", "−10%", "当前", "+10%", "+20%", "20,470 人"):
        assert text in html
    k_low = 1.6
    low_total = 10 * (k_low ** 11 - 1) / (k_low - 1)
    assert f"{round(low_total):,} 人" in html


def test_result_has_chart_table_and_csv() -> None:
    html = run("fission", BASE).html
    assert html.count("<svg") == 1 and "<table" in html
    assert 'download="裂变增长.csv"' in html


def test_the_result_names_the_rules_the_design_touches() -> None:
    html = run("fission", BASE).html
    assert "诱导分享" in html and "《微信外部链接内容管理规范》" in html and "限制" in html
    assert "有奖销售" in html and "送完即止" in html and "活动开始前公布" in html and "对参与者有利" in html
    assert 'href="../../playbooks/compliance/#induced-sharing"' in html
    assert 'href="../../playbooks/compliance/#prize-promotion"' in html


# --- properties -----------------------------------------------------------------------


@given(seeds=seeds(), invites=invites(), conversion=conversions(), generations=generations(),
       extra=st.integers(min_value=0, max_value=1_000_000_000))
def test_cumulative_never_decreases_and_never_exceeds_the_market(
    seeds: int, invites: float, conversion: float, generations: int, extra: int,
) -> None:
    market = seeds + extra
    out = outputs(seeds=seeds, invites=invites, conversion=conversion, generations=generations, market=market)
    cumulative = out["cumulative"]
    assert len(cumulative) == len(out["new"]) == generations + 1
    assert all(later >= earlier for earlier, later in pairwise(cumulative))
    assert all(value <= market for value in cumulative)
    assert all(value >= 0 for value in out["new"])


@given(seeds=seeds(), k=st.floats(min_value=0, max_value=0.8))
def test_k_below_one_approaches_seeds_over_one_minus_k(seeds: int, k: float) -> None:
    out = outputs(seeds=seeds, invites=k, conversion=1, generations=60)
    assert out["limit"] == pytest.approx(seeds / (1 - k), rel=1e-9)
    assert out["total"] <= out["limit"] * (1 + 1e-9)
    assert out["total"] == pytest.approx(out["limit"], rel=1e-5)


@given(seeds=seeds(), invites=invites(), conversion=conversions(), generations=generations(),
       market=st.sampled_from([0, 0, 2_000_000_000]))
def test_outputs_are_finite_or_the_generations_are_refused(
    seeds: int, invites: float, conversion: float, generations: int, market: int,
) -> None:
    try:
        out = outputs(seeds=seeds, invites=invites, conversion=conversion, generations=generations, market=market)
    except InputError as error:
        assert set(error.errors) == {"generations"}
        return
    numbers = [out["k"], out["total"], out["days"], *out["new"], *out["cumulative"]]
    if out["limit"] is not None:
        numbers.append(out["limit"])
    assert all(math.isfinite(value) for value in numbers)
    assert out["total"] <= 1e15
    assert out["groups_needed"] == math.ceil(out["total"] / out["group_size"])


@given(seeds=seeds(), invites=st.floats(min_value=1.01, max_value=100), generations=generations())
def test_the_suggested_number_of_generations_is_accepted(seeds: int, invites: float, generations: int) -> None:
    try:
        outputs(seeds=seeds, invites=invites, conversion=1, generations=generations)
    except InputError as error:
        message = error.errors["generations"]
        most = int(message.split("请把代数减到 ")[1].split(" 代以内")[0])
        assume(most >= 1)
        assert most < generations
        assert outputs(seeds=seeds, invites=invites, conversion=1, generations=most)["total"] <= 1e15
