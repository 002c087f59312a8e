"""打卡留存: the Markov chain worked by hand, the warn/kick rule, and its invariants."""

from __future__ import annotations

import math
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import InputError, run

BASE = {"members": "100", "days": "3", "p": "0.5"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("checkin", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("checkin", {**BASE, **changes})
    return error.value.errors


def members() -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=10_000_000)


def chances() -> st.SearchStrategy[float]:
    return st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def rules(draw: st.DrawFn) -> tuple[int, int]:
    """(warn_after, kick_after) with warn_after < kick_after."""
    kick = draw(st.integers(min_value=2, max_value=10))
    return draw(st.integers(min_value=1, max_value=kick - 1)), kick


# --- worked by hand -------------------------------------------------------------------


def test_two_day_chain_worked_by_hand() -> None:
    # One member, p = 0.5, warned after 1 missed day, removed after 2.
    # Day 1: checks in 0.5 (run 0); misses 0.5 (run 1, warned 0.5).
    # Day 2: run 0 → checks in 0.25, misses 0.25 (warned 0.25); run 1 → checks in 0.25, misses 0.25 (removed).
    out = outputs(members="1", days="2", warn_after="1", kick_after="2")
    assert out["active"] == [1, 0.75]
    assert out["checkins"] == [0.5, 0.5]
    assert out["warnings_per_day"] == [0.5, 0.25]
    assert out["warnings"] == 0.75
    assert out["removed"] == 0.25
    assert out["remaining"] == 0.75
    assert out["perfect"] == 0.25


def test_three_days_with_the_baby_english_rule_worked_by_hand() -> None:
    # 100 members, p = 0.5, warned after 2 missed days, removed after 3 (the defaults).
    # Day 1: 50 at run 0, 50 at run 1. Day 2: 50 at run 0, 25 at run 1, 25 reach run 2 (warned).
    # Day 3: 12.5 of run 1 reach run 2 (warned); 12.5 of run 2 miss again and are removed.
    out = outputs()
    assert out["active"] == [100, 100, 87.5]
    assert out["checkins"] == [50, 50, 50]
    assert out["warnings_per_day"] == [0, 25, 12.5]
    assert out["warnings"] == 37.5
    assert out["removed"] == 12.5
    assert out["remaining"] == 87.5
    assert out["perfect"] == 12.5


def test_warned_members_check_in_with_revive() -> None:
    # Same as above, but every warned member checks in the next day: nobody is removed.
    out = outputs(revive="1")
    assert out["active"] == [100, 100, 100]
    assert out["checkins"] == [50, 50, 62.5]
    assert out["removed"] == 0


def test_revive_defaults_to_p() -> None:
    assert outputs(revive="") == outputs(revive="0.5")
    assert run("checkin", BASE).inputs["revive"] is None


def test_perfect_attendance_does_not_depend_on_revive() -> None:
    assert outputs(revive="0")["perfect"] == outputs(revive="1")["perfect"] == 12.5


def test_defaults_are_warn_after_two_and_kick_after_three() -> None:
    inputs = run("checkin", BASE).inputs
    assert (inputs["warn_after"], inputs["kick_after"]) == (2, 3)


def test_nobody_is_removed_before_kick_after_days() -> None:
    out = outputs(p="0", days="5", kick_after="4", warn_after="2")
    assert out["active"] == [100, 100, 100, 0, 0]


# --- cross-field rules ----------------------------------------------------------------


def test_warning_must_come_before_removal() -> None:
    assert error_of(warn_after="3", kick_after="3") == {"warn_after": (
        "“警告天数”（3 天）应小于“移出天数”（3 天）：先警告、再移出，中间至少要留一天让成员补打卡。"
    )}
    assert set(error_of(warn_after="5", kick_after="3")) == {"warn_after"}


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("members", ""),
    ("members", "0"),
    ("members", "-10"),
    ("members", "1.5"),
    ("members", "一百"),
    ("days", ""),
    ("days", "366"),
    ("days", "7.5"),
    ("p", ""),
    ("p", "1.1"),
    ("p", "-1"),
    ("p", "八成"),
    ("revive", "abc"),
    ("revive", "200%"),
    ("warn_after", "0"),
    ("warn_after", "1.5"),
    ("kick_after", "1"),
    ("kick_after", "62"),
    ("kick_after", "x"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "checkin", field, value)


# --- the rendered result --------------------------------------------------------------


def test_result_shows_the_daily_warning_workload() -> None:
    html = run("checkin", BASE).html
    assert "一对一提醒" in html and "最忙的是第 2 天（约 25 次）" in html
    assert '<th scope="row">第 3 天</th><td class="qc-num">87.5</td><td class="qc-num">50</td>' \
           '<td class="qc-num">12.5</td><td class="qc-num">12.5</td>' in html


def test_sensitivity_varies_p_and_caps_it_at_one() -> None:
    html = run("checkin", {**BASE, "p": "0.9"}).html
    assert "−20%" in html and "+20%" in html
    assert "72%" in html and "100%" in html  # 0.9 × 0.8 and min(0.9 × 1.2, 1)
    assert 'download="打卡留存.csv"' in html and html.count("<svg") == 1


# --- properties -----------------------------------------------------------------------


@given(members=members(), days=st.integers(min_value=1, max_value=60), p=chances(), revive=chances(), rule=rules())
def test_remaining_and_removed_add_up_and_active_never_increases(
    members: int, days: int, p: float, revive: float, rule: tuple[int, int],
) -> None:
    warn, kick = rule
    out = outputs(members=members, days=days, p=p, revive=revive, warn_after=warn, kick_after=kick)
    assert len(out["active"]) == len(out["checkins"]) == len(out["warnings_per_day"]) == days
    assert out["remaining"] + out["removed"] == pytest.approx(members, rel=1e-9)
    active = [members, *out["active"]]
    assert all(later <= earlier for earlier, later in pairwise(active))
    # expectations are exact to far below one person in a billion of the members
    slack = members * 1e-9
    assert all(0 <= checked <= before + slack for checked, before in zip(out["checkins"], active, strict=False))
    assert out["warnings"] == pytest.approx(sum(out["warnings_per_day"]), rel=1e-9, abs=1e-9)
    assert 0 <= out["perfect"] <= out["remaining"] + slack


@given(members=members(), days=st.integers(min_value=1, max_value=365), rule=rules())
def test_everyone_stays_when_everyone_checks_in(members: int, days: int, rule: tuple[int, int]) -> None:
    warn, kick = rule
    out = outputs(members=members, days=days, p=1, warn_after=warn, kick_after=kick)
    assert out["active"] == [members] * days
    assert out["checkins"] == [members] * days
    assert out["removed"] == 0 and out["warnings"] == 0 and out["perfect"] == members


@given(members=members(), rule=rules(), extra=st.integers(min_value=0, max_value=5))
def test_nobody_checking_in_removes_everyone_on_day_kick_after(members: int, rule: tuple[int, int], extra: int) -> None:
    warn, kick = rule
    out = outputs(members=members, days=kick + extra, p=0, revive=0, warn_after=warn, kick_after=kick)
    assert out["active"][kick - 2] == members  # still everyone the day before
    assert out["active"][kick - 1] == 0
    assert out["removed"] == members and out["remaining"] == 0
    assert out["warnings"] == members  # each warned exactly once
    assert out["warnings_per_day"][warn - 1] == members


@given(members=members(), days=st.integers(min_value=1, max_value=365), p=chances(),
       revive=st.one_of(st.none(), chances()), rule=rules())
def test_outputs_are_never_nan_or_infinite(
    members: int, days: int, p: float, revive: float | None, rule: tuple[int, int],
) -> None:
    warn, kick = rule
    out = outputs(members=members, days=days, p=p, revive="" if revive is None else revive,
                  warn_after=warn, kick_after=kick)
    numbers = [*out["active"], *out["checkins"], *out["warnings_per_day"], out["warnings"], out["removed"],
               out["remaining"], out["perfect"]]
    assert all(math.isfinite(value) and value >= 0 for value in numbers)
