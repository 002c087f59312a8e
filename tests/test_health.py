"""社群健康度: rates worked by hand, the rules of thumb and their advice, every field's rules, invariants."""

from __future__ import annotations

import math
from typing import Any

import pytest
from html_text import text_pieces
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run

BASE = {"start_members": "480", "joined": "60", "left": "25", "speakers": "70", "messages": "900",
        "new_speakers": "20", "top_messages": "520"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("health", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("health", {**BASE, **changes})
    return error.value.errors


def checks(out: dict[str, Any]) -> dict[str, bool]:
    return {item["key"]: item["ok"] for item in out["checks"]}


@st.composite
def periods(draw: st.DrawFn) -> dict[str, int]:
    """Counts that can happen together in one period."""
    start = draw(st.integers(min_value=1, max_value=100_000))
    joined = draw(st.integers(min_value=0, max_value=100_000))
    present = start + joined
    left = draw(st.integers(min_value=0, max_value=present))
    speakers = draw(st.integers(min_value=0, max_value=present))
    new_speakers = draw(st.integers(min_value=0, max_value=min(joined, speakers)))
    messages = draw(st.integers(min_value=speakers, max_value=speakers * 50 + 10))
    return {"start_members": start, "joined": joined, "left": left, "speakers": speakers,
            "new_speakers": new_speakers, "messages": messages}


# --- worked by hand -------------------------------------------------------------------


def test_rates_share_one_base_the_members_present_during_the_period() -> None:
    out = outputs()
    assert out["present"] == 540 and out["end_members"] == 515  # 480 + 60, then − 25
    assert out["speak_rate"] == pytest.approx(70 / 540)
    assert out["leave_rate"] == pytest.approx(25 / 540)
    assert out["join_share"] == pytest.approx(60 / 540)
    assert out["net_growth"] == pytest.approx(35 / 480)
    assert out["messages_per_member"] == pytest.approx(900 / 540)
    assert out["messages_per_speaker"] == pytest.approx(900 / 70)
    assert out["new_speak_rate"] == pytest.approx(20 / 60)
    assert out["top_group"] == 7  # 10 % of 70 speakers
    assert out["concentration"] == pytest.approx(520 / 900)


def test_each_rate_is_held_against_its_rule_of_thumb() -> None:
    out = outputs()
    assert checks(out) == {"speak_rate": True, "leave_rate": True, "net_growth": True, "messages_per_member": True,
                           "new_speak_rate": False, "concentration": True}
    assert out["passed"] == 5
    assert [item["threshold"] for item in out["checks"]] == [0.1, 0.05, 0.0, 1.0, 0.5, 0.6]


def test_thresholds_are_adjustable() -> None:
    out = outputs(min_new_speak="30%", min_speak="0.2", max_top="50%")
    assert checks(out)["new_speak_rate"] is True
    assert checks(out)["speak_rate"] is False and checks(out)["concentration"] is False


def test_a_threshold_met_exactly_counts_as_met() -> None:
    # 54 / 540 is 10 % on the nose; 27 / 540 is 5 %
    assert checks(outputs(speakers="54", left="27"))["speak_rate"] is True
    assert checks(outputs(left="27"))["leave_rate"] is True
    assert checks(outputs(left="28"))["leave_rate"] is False


def test_shrinking_groups_show_negative_growth() -> None:
    out = outputs(joined="0", left="48", new_speakers="0")
    assert out["net_growth"] == -0.1 and checks(out)["net_growth"] is False
    assert "new_speak_rate" not in checks(out) and out["new_speak_rate"] is None
    assert "−10%" in run("health", {**BASE, "joined": "0", "left": "48", "new_speakers": "0"}).html


def test_concentration_is_left_out_when_not_given() -> None:
    out = outputs(top_messages="")
    assert out["concentration"] is None and "concentration" not in checks(out)


def test_nobody_speaking_is_a_valid_period() -> None:
    out = outputs(speakers="0", messages="0", new_speakers="0", top_messages="")
    assert out["speak_rate"] == 0 and out["messages_per_speaker"] is None and out["top_group"] == 0
    assert checks(out)["speak_rate"] is False


# --- advice ---------------------------------------------------------------------------


def test_failed_rules_link_to_the_playbooks_that_fix_them() -> None:
    html = run("health", {**BASE, "speakers": "30", "new_speakers": "5", "left": "60", "top_messages": "800"}).html
    assert "还要 24 人发言" in html  # 10 % of 540 = 54
    assert "多走了 33 人" in html  # 60 − 27
    assert "还要 25 位新人发言" in html  # 50 % of 60 = 30
    assert "高出 28.9 个百分点" in html  # 800 / 900 = 88.9 %
    for slug in ("revive-silent-group", "clear-spam-accounts", "case-facebook-7-friends", "member-tiers"):
        assert f'href="../../playbooks/{slug}/"' in html


def test_a_healthy_group_is_told_so() -> None:
    html = run("health", {**BASE, "new_speakers": "40"}).html
    assert "6 项指标里有 6 项在经验线以内。这个群目前很健康" in html
    assert "没达到经验线的指标" not in html


def test_result_has_chart_table_and_csv() -> None:
    html = run("health", BASE).html
    assert html.count("<svg") == 1 and "<table" in html and 'download="社群健康度.csv"' in html
    assert '<th scope="row">新人发言率</th><td class="qc-num">33.3%</td><td class="qc-num">≥ 50%</td>' in html


# --- cross-field rules ----------------------------------------------------------------


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"left": "541"}, "left",
     "“退出人数”（541 人）多于期初人数与新加入人数之和（540 人）：退出的人只能是期初就在群里或后来加入的人。"),
    ({"speakers": "541", "messages": "1000", "top_messages": ""}, "speakers",
     "“发言人数”（541 人）多于期初人数与新加入人数之和（540 人）：发言的人一定在群里待过。"),
    ({"new_speakers": "61"}, "new_speakers",
     "“发过言的新成员”（61 人）多于“新加入人数”（60 人）或“发言人数”（70 人）：他们既是新成员，也是发言的人。"),
    ({"messages": "69"}, "messages", "“消息条数”（69 条）少于“发言人数”（70 人）：每位发言的人至少发过一条消息。"),
    ({"top_messages": "89"}, "top_messages",
     "“最活跃 10% 发言者的消息数”应在 90 到 837 条之间，收到的是 89 条：最活跃的 7 人发的不会少于平均水平，其余每位发言的人也至少发过一条。"),
    ({"top_messages": "838"}, "top_messages",
     "“最活跃 10% 发言者的消息数”应在 90 到 837 条之间，收到的是 838 条：最活跃的 7 人发的不会少于平均水平，其余每位发言的人也至少发过一条。"),
    ({"speakers": "0", "new_speakers": "0", "messages": "0", "top_messages": "3"}, "top_messages",
     "“最活跃 10% 发言者的消息数”是 3 条，但“发言人数”是 0 人：没有人发言，就没有最活跃的人。"),
])
def test_counts_that_cannot_happen_together_are_refused(changes: dict[str, str], field: str, message: str) -> None:
    assert error_of(**changes) == {field: message}


def test_all_cross_field_problems_are_reported_at_once() -> None:
    assert set(error_of(left="999", speakers="600", messages="10")) == {"left", "speakers", "messages"}


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("start_members", ""),
    ("start_members", "0"),
    ("joined", "-1"),
    ("left", "2.5"),
    ("speakers", "很多"),
    ("messages", "1000000001"),
    ("new_speakers", ""),
    ("top_messages", "-3"),
    ("days", "0"),
    ("min_speak", "1.2"),
    ("max_leave", "-5%"),
    ("min_growth", "-150%"),
    ("min_messages", "x"),
    ("min_new_speak", "2"),
    ("max_top", "abc"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "health", field, value)


def test_defaults_are_the_rules_of_thumb() -> None:
    inputs = run("health", BASE).inputs
    assert [inputs[name] for name in ("days", "min_speak", "max_leave", "min_growth", "min_messages", "min_new_speak",
                                      "max_top")] == [7, 0.1, 0.05, 0.0, 1.0, 0.5, 0.6]


def test_generated_copy_passes_the_typography_linter() -> None:
    autocorrect = pytest.importorskip("autocorrect_py")
    for scenario in (BASE, {**BASE, "speakers": "30", "new_speakers": "5", "left": "60", "top_messages": "800"},
                     {**BASE, "joined": "0", "new_speakers": "0", "left": "48", "messages": "100", "top_messages": ""}):
        for piece in text_pieces(run("health", scenario).html):
            assert autocorrect.format(piece) == piece
    for field in CALCULATORS["health"].fields:
        assert autocorrect.format(field.hint) == field.hint


# --- properties -----------------------------------------------------------------------


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(period=periods(), top=st.floats(min_value=0, max_value=1))
def test_rates_stay_within_0_and_100_percent_and_are_finite(period: dict[str, int], top: float) -> None:
    speakers, messages = period["speakers"], period["messages"]
    changes: dict[str, object] = dict(period)
    if speakers:
        group = math.ceil(round(speakers * 0.1, 9))
        low, high = math.ceil(round(messages * group / speakers, 9)), messages - (speakers - group)
        changes["top_messages"] = low + round((high - low) * top)
    else:
        changes["top_messages"] = ""
    out = outputs(**changes)
    for name in ("join_share", "leave_rate", "speak_rate", "new_speak_rate", "concentration"):
        value = out[name]
        assert value is None or 0 <= value <= 1, name
    assert out["net_growth"] >= -1 and math.isfinite(out["net_growth"])
    assert out["end_members"] == period["start_members"] + period["joined"] - period["left"] >= 0
    assert 0 <= out["passed"] <= len(out["checks"]) <= 6
    assert all(math.isfinite(item["value"]) for item in out["checks"])


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(period=periods())
def test_more_speakers_never_lowers_the_speaking_rate(period: dict[str, int]) -> None:
    assume(period["speakers"] < period["start_members"] + period["joined"])
    before = outputs(**period, top_messages="")
    after = outputs(**{**period, "speakers": period["speakers"] + 1, "messages": period["messages"] + 1}, top_messages="")
    assert after["speak_rate"] >= before["speak_rate"]
