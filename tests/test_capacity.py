"""群容量与活码规划: groups filled by hand, live codes, QR renewals, admins, every field's rules, invariants."""

from __future__ import annotations

import json
import math
from itertools import pairwise
from typing import Any

import pytest
from html_text import text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run
from calculators.kit.cli import main
from calculators.kit.site import site

# Hand-worked examples switch at 200 (round numbers); the default keeps a margin below the scan limit.
BASE = {"daily": "300,800,500,300,200,100,50", "start": "2026-12-07", "switch_at": "200"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("capacity", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("capacity", {**BASE, **changes})
    return error.value.errors


def daily() -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(min_value=0, max_value=1_000_000), min_size=1, max_size=60).filter(lambda days: sum(days) > 0)


def switches() -> st.SearchStrategy[int]:
    return st.integers(min_value=2, max_value=100_000)


# --- worked by hand -------------------------------------------------------------------


def test_defaults_are_the_platform_limits_in_the_facts_file() -> None:
    """The switch size keeps a margin of 10 below the scan limit (live-code-setup: stay below it)."""
    inputs = run("capacity", {name: value for name, value in BASE.items() if name != "switch_at"}).inputs
    facts = [site().fact(fact_id) for fact_id in ("wechat.group.scan_join_limit", "wechat.group.max_members",
                                                  "wecom.join_code.max_groups", "wechat.group.qr_valid_days")]
    limits = tuple(fact.value for fact in facts)
    assert (inputs["switch_at"] + 10, inputs["cap"], inputs["per_code"], inputs["qr_days"]) == limits
    assert (inputs["switch_at"], inputs["cap"], inputs["per_code"], inputs["qr_days"]) == (190, 500, 5, 7)
    for name, fact in zip(("switch_at", "cap", "per_code", "qr_days"), facts, strict=True):
        hint = CALCULATORS["capacity"].field(name).hint
        assert fact.title in hint and fact.text in hint and fact.checked.isoformat() in hint, hint
    assert (inputs["reserve"], inputs["per_admin"], inputs["qr_date"]) == (0.2, 200, None)


def test_groups_fill_two_hundred_at_a_time_in_order() -> None:
    out = outputs()
    # 2,250 joiners / 200 = 11.25 → 12 groups; the last one has 50.
    assert out["total"] == 2250 and out["groups"] == 12 and out["last_group"] == 50
    assert out["cumulative"] == [300, 1100, 1600, 1900, 2100, 2200, 2250]
    # full groups at the end of each day: 300 // 200, 1100 // 200, …
    assert out["filled"] == [1, 5, 8, 9, 10, 11, 11]
    assert out["dates"][0] == "2026-12-07" and out["dates"][-1] == "2026-12-13"


def test_reserve_live_codes_and_admins_round_up() -> None:
    out = outputs()
    assert out["prepared"] == 15  # 12 × 1.2 = 14.4 → 15
    assert out["live_codes"] == 3  # 15 / 5
    assert out["admins"] == 12  # 2,250 / 200 = 11.25 → 12
    # no float dust: 5 groups × 1.2 is exactly 6, not 7
    assert outputs(daily="1000")["prepared"] == 6


def test_the_next_live_code_starts_the_day_its_first_group_takes_joiners() -> None:
    # groups taking the day's last joiner: 2, 6, 8, 10, 11, 11, 12 → codes of 5 groups: 1, 2, 2, 2, 3, 3, 3
    assert outputs()["codes_used"] == [1, 2, 2, 2, 3, 3, 3]
    assert outputs(per_code="20")["codes_used"] == [1] * 7
    html = run("capacity", {**BASE, "per_code": "1"}).html
    # one group per code: day 1 reaches group 2 (code 2), day 2 groups 3 … 6
    assert "启用第 2 个活码（第 2 群）" in html and "启用第 3–6 个活码（第 3–6 群）" in html


def test_qr_codes_are_renewed_every_seven_days_from_the_day_they_were_made() -> None:
    # made on the start day, valid 7 days: a 7-day campaign ends before they expire
    assert outputs()["refresh"] == []
    # made three days before the start: they expire on day 5; 15 prepared − 9 full by the end of day 4
    assert outputs(qr_date="2026-12-04")["refresh"] == [{"date": "2026-12-11", "day": 5, "codes": 6}]
    # 3-day validity from the start: renew on days 4 and 7
    refresh = outputs(qr_days="3")["refresh"]
    assert [(item["day"], item["codes"]) for item in refresh] == [(4, 15 - 8), (7, 15 - 11)]


def test_codes_already_expired_before_the_start_are_renewed_before_it() -> None:
    refresh = outputs(qr_date="2026-11-27", qr_days="7")["refresh"]
    assert refresh[0] == {"date": "2026-12-04", "day": -2, "codes": 15}
    assert refresh[1] == {"date": "2026-12-11", "day": 5, "codes": 6}


def test_command_line_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "capacity", "--json", "daily=450", "start=2026/12/7", "switch_at=199"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["inputs"]["start"] == "2026-12-07"  # parsed once, into a date: JSON shows it in ISO form
    assert answer["outputs"]["groups"] == 3 and answer["outputs"]["last_group"] == 52
    assert answer["outputs"]["dates"] == ["2026-12-07"]


# --- cross-field rules ----------------------------------------------------------------


def test_switching_above_the_cap_is_refused() -> None:
    assert error_of(switch_at="600") == {"switch_at": (
        "“活码切换人数”（600 人）大于“每群人数上限”（500 人）：群满了活码就切不过去了，切换人数应不大于人数上限，最好留出余量。"
    )}


def test_nobody_joining_is_refused() -> None:
    assert error_of(daily="0,0,0") == {"daily": "“每天入群人数”每一项都是 0：至少要有一天有人入群，才算得出要几个群。"}


@pytest.mark.parametrize(("value", "message"), [
    ("2026-12-08", "“群二维码生成日期”（2026-12-08）晚于“活动开始日期”（2026-12-07）：第 1 天就要有人扫码入群，群二维码应在开始当天或之前生成。"),
    ("2026-11-06", "“群二维码生成日期”（2026-11-06）比“活动开始日期”早了 31 天，超过 30 天：请填活动前最后一次生成、上传群二维码的日期。"),
])
def test_the_qr_codes_are_made_at_most_30_days_before_the_start(value: str, message: str) -> None:
    assert error_of(qr_date=value) == {"qr_date": message}


def test_dates_are_read_the_way_chinese_readers_write_them() -> None:
    for text in ("2026-12-07", "2026/12/7", "2026.12.07", "2026年12月7日", "２０２６－１２－０７", " 2026 年 12 月 7 日 "):
        assert outputs(start=text)["dates"][0] == "2026-12-07", text


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("daily", ""),
    ("daily", "100,-5"),
    ("daily", "100,1.5"),
    ("daily", ",".join(["1"] * 61)),
    ("start", ""),
    ("start", "下周一"),
    ("start", "2026-02-30"),
    ("start", "1999-12-31"),
    ("qr_date", "12/4"),
    ("switch_at", "1"),
    ("switch_at", "199.5"),
    ("cap", "100001"),
    ("per_code", "0"),
    ("qr_days", "0"),
    ("qr_days", "一周"),
    ("reserve", "1.5"),
    ("per_admin", "0"),
])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "capacity", field, value)


# --- the rendered result --------------------------------------------------------------


def test_result_reads_out_the_plan_and_warns_when_switching_at_the_cap() -> None:
    html = run("capacity", {**BASE, "qr_date": "2026-12-04"}).html
    assert "要用 12 个群，最后一个群约 50 人" in html
    assert "第 5 天（12 月 11 日），要换 6 个群的二维码" in html
    assert "启用第 2 个活码（第 6–10 群）" in html
    assert "多人同时扫码" not in html
    assert "多人同时扫码" in run("capacity", {**BASE, "switch_at": "500"}).html


def test_fewer_admins_than_groups_is_pointed_out() -> None:
    html = run("capacity", {**BASE, "per_admin": "1000"}).html
    assert "只要 3 位管理员，但每个群至少要有 1 个自己人，12 个群至少要 12 人" in html


def test_result_has_chart_tables_sensitivity_and_csv() -> None:
    html = run("capacity", BASE).html
    assert html.count("<svg") == 1 and "<table" in html
    assert "−20%" in html and "+20%" in html and "1,800 人" in html  # 2,250 × 0.8
    assert 'download="群容量与活码.csv"' in html and 'download="群容量与活码-敏感性.csv"' in html


def test_generated_copy_passes_the_typography_linter() -> None:
    autocorrect = pytest.importorskip("autocorrect_py")
    for scenario in (BASE, {**BASE, "qr_date": "2026-11-27", "switch_at": "500", "per_admin": "1000"}):
        for piece in text_pieces(run("capacity", scenario).html):
            assert autocorrect.format(piece) == piece
    for field in CALCULATORS["capacity"].fields:
        assert autocorrect.format(field.hint) == field.hint


# --- properties -----------------------------------------------------------------------


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(days=daily(), switch=switches(), extra=st.integers(min_value=0, max_value=100_000),
       reserve=st.floats(min_value=0, max_value=1), per_code=st.integers(min_value=1, max_value=1000))
def test_groups_are_enough_and_never_below_joiners_over_cap(
    days: list[int], switch: int, extra: int, reserve: float, per_code: int,
) -> None:
    cap = min(switch + extra, 100_000)
    out = outputs(daily=",".join(map(str, days)), switch_at=switch, cap=cap, reserve=reserve, per_code=per_code)
    total = sum(days)
    assert out["total"] == total
    assert out["groups"] >= total / cap
    assert out["groups"] * switch >= total > (out["groups"] - 1) * switch
    assert out["groups"] <= out["prepared"] <= math.ceil(out["groups"] * (1 + reserve)) + 1
    assert out["live_codes"] * per_code >= out["prepared"]
    assert 0 < out["last_group"] <= switch
    assert all(earlier <= later for earlier, later in pairwise(out["filled"]))
    assert out["filled"][-1] <= out["groups"]
    assert all(earlier <= later for earlier, later in pairwise(out["codes_used"]))
    assert 1 <= out["codes_used"][-1] <= out["live_codes"]


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(days=daily(), qr_days=st.integers(min_value=1, max_value=365), before=st.integers(min_value=0, max_value=30))
def test_renewals_fall_within_the_campaign_and_never_exceed_the_groups(days: list[int], qr_days: int, before: int) -> None:
    import datetime

    made = datetime.date(2026, 12, 7) - datetime.timedelta(days=before)
    out = outputs(daily=",".join(map(str, days)), qr_days=qr_days, qr_date=made.isoformat())
    for item in out["refresh"]:
        assert 1 - before <= item["day"] <= len(days)
        assert 0 < item["codes"] <= out["prepared"]
        assert (datetime.date.fromisoformat(item["date"]) - made).days % qr_days == 0
    assert [item["day"] for item in out["refresh"]] == sorted(item["day"] for item in out["refresh"])
