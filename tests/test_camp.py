"""训练营转化: the check-in chain reused, money worked by hand, the LTV test, every field's rules, invariants."""

from __future__ import annotations

import math
from typing import Any

import pytest
from html_text import text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run

# 200 sign-ups, half attend: the check-in calculator's hand-worked case (100 members, 3 days, p = 0.5).
BASE = {"signups": "200", "attend": "0.5", "days": "3", "p": "0.5", "convert": "0.2", "price": "1000",
        "cost_per_signup": "10", "fixed_cost": "1000"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("camp", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("camp", {**BASE, **changes})
    return error.value.errors


def chances() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=1, allow_nan=False)


# --- the check-in model is the check-in calculator's -----------------------------------


def test_attendance_and_check_ins_match_the_checkin_calculator() -> None:
    out = outputs()
    checkin = run("checkin", {"members": "100", "days": "3", "p": "0.5"}).outputs
    assert out["attendees"] == 100
    assert out["active"] == checkin["active"] == [100, 100, 87.5]
    assert out["checkins"] == checkin["checkins"]
    assert out["warnings"] == checkin["warnings"] == 37.5
    assert (out["finishers"], out["removed"], out["perfect"]) == (87.5, 12.5, 12.5)


@given(members=st.integers(min_value=1, max_value=100_000), days=st.integers(min_value=1, max_value=60),
       p=chances(), revive=chances())
@settings(deadline=None)  # each example renders two whole results; timings vary on a busy machine
def test_the_chain_is_the_same_for_any_rule(members: int, days: int, p: float, revive: float) -> None:
    camp = outputs(signups=members, attend=1, days=days, p=p, revive=revive)
    checkin = run("checkin", {"members": members, "days": days, "p": p, "revive": revive}).outputs
    assert camp["active"] == checkin["active"] and camp["finishers"] == checkin["remaining"]


def test_the_warning_rule_is_the_checkin_calculators() -> None:
    message = "“警告天数”（3 天）应小于“移出天数”（3 天）：先警告、再移出，中间至少要留一天让成员补打卡。"
    assert error_of(warn_after="3", kick_after="3") == {"warn_after": message}
    with pytest.raises(InputError) as error:
        run("checkin", {"members": "1", "days": "1", "p": "1", "warn_after": "3", "kick_after": "3"})
    assert error.value.errors == {"warn_after": message}


# --- money worked by hand -------------------------------------------------------------


def test_money_worked_by_hand() -> None:
    out = outputs()
    assert out["payers"] == 17.5  # 87.5 finishers × 20 %
    assert out["paid_rate"] == 0.0875  # 17.5 / 200 sign-ups
    assert out["course_revenue"] == 17500 and out["camp_revenue"] == 0 and out["revenue"] == 17500
    assert out["cost"] == 3000  # 200 × 10 + 1,000
    assert out["profit"] == 14500
    assert out["cost_per_payer"] == pytest.approx(3000 / 17.5)
    assert out["ltv"] == 1000  # the price, when left blank
    assert out["ltv_ratio"] == pytest.approx(1000 / (3000 / 17.5))  # ≈ 5.83
    assert out["covers"] is True


def test_removed_students_may_buy_too_and_camp_fees_count_as_revenue() -> None:
    out = outputs(convert_removed="0.4", camp_price="9.9")
    assert out["payers"] == 87.5 * 0.2 + 12.5 * 0.4
    assert out["camp_revenue"] == pytest.approx(200 * 9.9)
    assert out["revenue"] == pytest.approx(200 * 9.9 + 22.5 * 1000)


def test_lifetime_value_must_cover_cost_by_the_chosen_multiple() -> None:
    assert outputs(ltv_multiple="6")["covers"] is False  # 5.83 < 6
    assert outputs(ltv="1200", ltv_multiple="6")["covers"] is True  # 7 ≥ 6
    assert outputs(ltv="1200")["ltv"] == 1200


def test_nobody_buying_means_no_cost_per_payer() -> None:
    out = outputs(convert="0")
    assert out["payers"] == 0 and out["cost_per_payer"] is None and out["ltv_ratio"] is None
    assert out["covers"] is False and out["profit"] == -3000
    html = run("camp", {**BASE, "convert": "0"}).html
    assert "−3,000 元" in html and "获客成本收不回来" in html


def test_no_cost_covers_anything() -> None:
    out = outputs(cost_per_signup="0", fixed_cost="0")
    assert out["cost_per_payer"] == 0 and out["ltv_ratio"] is None and out["covers"] is True


# --- the rendered result --------------------------------------------------------------


def test_result_reads_out_the_funnel_and_the_verdict() -> None:
    html = run("camp", BASE).html
    assert "200 人报名，约 100 人到课；3 天后还有约 87.5 人在营，约 17.5 人买正价课（占报名的 8.75%）。" in html
    assert "达到了你要求的 3 倍" in html
    assert html.count("<svg") == 1
    assert '<th scope="row">第 3 天后仍在营</th><td class="qc-num">87.5</td>' in html


def test_sensitivity_varies_conversion_and_check_ins() -> None:
    html = run("camp", BASE).html
    for label in ("付费率 −20%", "付费率 +20%", "打卡率 −20%", "打卡率 +20%", "当前"):
        assert label in html
    assert 'download="训练营转化.csv"' in html and 'download="训练营转化-敏感性.csv"' in html


def test_generated_copy_passes_the_typography_linter() -> None:
    autocorrect = pytest.importorskip("autocorrect_py")
    calculator = CALCULATORS["camp"]
    for scenario in (calculator.example_inputs(), BASE, {**BASE, "convert": "0"}, {**BASE, "fixed_cost": "0",
                                                                                    "cost_per_signup": "0"}):
        for piece in text_pieces(run("camp", scenario).html):
            assert autocorrect.format(piece) == piece
    for field in calculator.fields:
        assert autocorrect.format(field.hint) == field.hint


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("signups", ""),
    ("signups", "0"),
    ("attend", ""),
    ("attend", "1.5"),
    ("days", "366"),
    ("p", "八成"),
    ("kick_after", "1"),
    ("convert", "200%"),
    ("convert_removed", "-0.1"),
    ("price", ""),
    ("price", "abc"),
    ("camp_price", "-9.9"),
    ("cost_per_signup", "1000001"),
    ("fixed_cost", "-1"),
    ("ltv", "x"),
    ("ltv_multiple", "0"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "camp", field, value)


def test_defaults() -> None:
    inputs = run("camp", BASE).inputs
    assert (inputs["warn_after"], inputs["kick_after"], inputs["revive"]) == (2, 3, None)
    assert (inputs["convert_removed"], inputs["camp_price"], inputs["fixed_cost"], inputs["ltv"],
            inputs["ltv_multiple"]) == (0.0, 0.0, 1000.0, None, 3.0)


# --- properties -----------------------------------------------------------------------


@given(signups=st.integers(min_value=1, max_value=10_000_000), attend=chances(), days=st.integers(min_value=1, max_value=60),
       p=chances(), convert=chances(), convert_removed=chances(),
       price=st.floats(min_value=0, max_value=1_000_000), cost=st.floats(min_value=0, max_value=1_000_000))
@settings(deadline=None)  # each example renders a whole result with a sensitivity table; timings vary
def test_people_never_grow_along_the_way_and_money_adds_up(
    signups: int, attend: float, days: int, p: float, convert: float, convert_removed: float, price: float, cost: float,
) -> None:
    out = outputs(signups=signups, attend=attend, days=days, p=p, convert=convert, convert_removed=convert_removed,
                  price=price, cost_per_signup=cost, fixed_cost=0)
    slack = signups * 1e-9
    assert 0 <= out["payers"] <= out["attendees"] + slack <= signups + 2 * slack
    assert 0 <= out["finishers"] <= out["attendees"] + slack
    assert out["finishers"] + out["removed"] == pytest.approx(out["attendees"], rel=1e-9, abs=1e-9)
    assert 0 <= out["paid_rate"] <= 1
    assert out["revenue"] == pytest.approx(out["payers"] * price, rel=1e-9, abs=1e-6)
    assert out["profit"] == pytest.approx(out["revenue"] - out["cost"], rel=1e-9, abs=1e-6)
    numbers = [out["attendees"], out["finishers"], out["payers"], out["revenue"], out["cost"], out["profit"],
               *out["active"], *out["checkins"]]
    assert all(math.isfinite(value) for value in numbers)
    if out["cost_per_payer"] is not None:
        assert math.isfinite(out["cost_per_payer"]) and out["cost_per_payer"] >= 0
    if out["ltv_ratio"] is not None:
        assert math.isfinite(out["ltv_ratio"]) and out["covers"] == (out["ltv_ratio"] >= 3)
