"""活动排期: the day-by-day plan per campaign type, the sending limit, the CSV and .ics exports."""

from __future__ import annotations

import base64
import datetime
import re
from pathlib import Path
from typing import Any

import pytest
from html_text import text_pieces
from hypothesis import given, settings
from hypothesis import strategies as st
from rejected import assert_rejected

from calculators import CALCULATORS, InputError, run
from calculators.kit.cli import main
from calculators.kit.site import site
from calculators.kit.spec import compute
from calculators.timeline import KINDS, PLANS
from calculators.timeline.ics import fold
from calculators.timeline.ics import text as ics_text

ROOT = Path(__file__).resolve().parent.parent
BASE = {"launch": "2026-12-07", "days": "7"}


def outputs(**changes: object) -> dict[str, Any]:
    return dict(run("timeline", {**BASE, **changes}).outputs)


def error_of(**changes: object) -> dict[str, str]:
    with pytest.raises(InputError) as error:
        run("timeline", {**BASE, **changes})
    return error.value.errors


def ics_of(**changes: object) -> str:
    """The calendar file the result offers (and ``--export ics`` writes)."""
    return str(compute(CALCULATORS["timeline"], {**BASE, **changes}).export("ics"))


def offsets_of(out: dict[str, Any], task_start: str) -> list[int]:
    return [task["offset"] for task in out["tasks"] if task["task"].startswith(task_start)]


def unfolded(ics: str) -> list[str]:
    return ics.replace("\r\n ", "").split("\r\n")[:-1]


# --- the plan -------------------------------------------------------------------------


def test_a_one_day_event_runs_from_d_minus_7_to_d_plus_7() -> None:
    out = outputs(kind="线上活动", days="1")
    assert (out["first"], out["last"]) == ("2026-11-30", "2026-12-14")
    assert [day["offset"] for day in out["load"]] == list(range(-7, 8))
    assert offsets_of(out, "整理分享纪要") == [1]
    assert offsets_of(out, "复盘") == [3]
    assert offsets_of(out, "预告下一期") == [7]
    # the event day: a reminder, the opening and the closing summary, one message each
    assert [day["messages"] for day in out["load"] if day["offset"] == 0] == [3]


def test_an_invite_campaign_follows_the_playbooks_timetable() -> None:
    out = outputs(kind="裂变拉新")
    assert offsets_of(out, "活动策划定稿") == [-7]
    assert offsets_of(out, "海报文案和设计定稿") == [-5]
    assert offsets_of(out, "话术定稿") == [-4]
    assert offsets_of(out, "建群、配置活码后台") == [-3]
    assert offsets_of(out, "上线") == [0]
    assert offsets_of(out, "集中审核提交") == list(range(7))
    assert offsets_of(out, "每天记一次数据") == list(range(1, 7))
    assert offsets_of(out, "第一次提醒") == [3]  # the middle day
    assert offsets_of(out, "截止前最后一次提醒") == [6]
    assert offsets_of(out, "复盘") == [9]  # three days after the last day
    assert out["last"] == "2026-12-20"  # a week after the last day (D+6)


def test_short_campaigns_have_no_middle_reminder_and_one_day_ones_no_separate_last_day() -> None:
    assert offsets_of(outputs(kind="裂变拉新", days="2"), "第一次提醒") == []
    assert offsets_of(outputs(kind="裂变拉新", days="2"), "截止前最后一次提醒") == [1]
    assert offsets_of(outputs(kind="裂变拉新", days="1"), "截止前最后一次提醒") == []


def test_a_camp_warns_and_removes_from_the_third_day() -> None:
    out = outputs(kind="训练营")
    assert offsets_of(out, "私聊提醒连续 2 天未打卡") == [2, 3, 4, 5, 6]
    assert offsets_of(out, "开营仪式") == [0] and offsets_of(out, "结营") == [6]
    assert offsets_of(out, "引导学完的学员去听付费课的试听课") == [7]


def test_dates_follow_the_launch_date() -> None:
    out = outputs(launch="2026年2月27日", kind="线上活动", days="3")
    day = {task["offset"]: task["date"] for task in out["tasks"]}
    assert day[-7] == "2026-02-20" and day[2] == "2026-03-01"


# --- the sending limit ----------------------------------------------------------------


def test_the_camp_opening_day_goes_over_three_messages() -> None:
    out = outputs(kind="训练营")
    # opening notice, pledge chain, the day's lesson and the check-in tally
    assert [day["messages"] for day in out["load"]] == [0, 0, 0, 0, 0, 1, 1, 4, 2, 2, 2, 2, 2, 3, 1, 0, 0, 0, 0, 0, 1]
    assert out["over_days"] == [0] and out["peak"] == 4
    html = run("timeline", BASE).html
    assert "D0 · 12 月 7 日（周一）：每个群要发 4 条（开营公告、学习宣誓接龙、当天课程、打卡统计），超过上限 3 条。" in html
    assert outputs(limit="4")["over_days"] == []
    assert "没有超过你设的上限（4 条）" in run("timeline", {**BASE, "limit": "4"}).html


def test_a_limit_of_one_flags_every_busy_day() -> None:
    out = outputs(kind="裂变拉新", limit="1")
    assert out["over_days"] == [0, 3, 6]  # launch, middle reminder and last reminder add to the daily review notice


# --- exports --------------------------------------------------------------------------


def events(ics: str) -> list[list[str]]:
    lines = unfolded(ics)
    found, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = []
        elif line == "END:VEVENT" and current is not None:
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def occurrences(event: list[str]) -> int:
    rule = next((line for line in event if line.startswith("RRULE:")), "RRULE:COUNT=1")
    return int(rule.rsplit("COUNT=", 1)[1])


def test_the_ics_file_is_a_valid_calendar_with_all_day_events() -> None:
    out = outputs(name="双 11 营, 第 2 期; 测试\\")
    ics = ics_of(name="双 11 营, 第 2 期; 测试\\")
    assert ics.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", "")
    assert all(len(line.encode("utf-8")) <= 75 for line in ics.split("\r\n"))
    found = events(ics)
    uids = [line for event in found for line in event if line.startswith("UID:")]
    assert len(uids) == len(set(uids)) == len(found)
    # a daily task is one event repeated every day; together the events are the plan's tasks
    assert sum(occurrences(event) for event in found) == len(out["tasks"])
    first = found[0]
    assert "DTSTART;VALUE=DATE:20261130" in first and "DTEND;VALUE=DATE:20261201" in first
    summary = next(line for line in first if line.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:D−7 双 11 营\\, 第 2 期\\; 测试\\\\：定营期")
    description = next(line for line in first if line.startswith("DESCRIPTION:"))
    assert "负责人：运营负责人\\n" in description
    assert ics_text(f"手册：{site().playbook('incentive-loop').title}") in "".join(first)
    lesson = next(event for event in found if any("发布当天的课程" in line for line in event))
    assert "DTSTART;VALUE=DATE:20261207" in lesson and "RRULE:FREQ=DAILY;COUNT=7" in lesson
    assert any(line.startswith("SUMMARY:D0 到 D+6 每天 ") for line in lesson)


def test_folding_never_splits_a_character_or_an_escape() -> None:
    line = "SUMMARY:" + "活动排期" * 40
    pieces = fold(line)
    assert all(len(piece.encode("utf-8")) <= 75 for piece in pieces)
    assert pieces[0] + "".join(piece[1:] for piece in pieces[1:]) == line
    assert fold("A" * 74 + "\\n") == ["A" * 74, " \\n"]


def test_result_offers_csv_and_ics_downloads() -> None:
    html = run("timeline", BASE).html
    assert html.count("<svg") == 1
    csv = base64.b64decode(re.search(r'download="活动排期.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"', html).group(1)).decode()
    assert csv.startswith("\ufeff日期,第几天,阶段,任务,负责人,要发的消息,群消息条数,检查项,手册\r\n2026-11-30,D−7,准备,")
    ics = re.search(r'download="活动排期.ics" href="data:text/calendar;charset=utf-8;base64,([^"]+)"', html).group(1)
    assert base64.b64decode(ics).decode("utf-8") == ics_of()


def test_the_calendar_is_an_export_not_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert "ics" not in outputs()
    assert main(["run", "timeline", "--export", "ics", "launch=2026-12-07", "days=7"]) == 0
    assert capsys.readouterr().out == ics_of()
    assert main(["run", "timeline", "--export=ics", "launch=2026-12-07", "days=7", "kind=线上活动"]) == 0
    assert capsys.readouterr().out == ics_of(kind="线上活动")


@pytest.mark.parametrize(("words", "message"), [
    (["--export", "pdf"], "活动排期没有名为“pdf”的附带文件，可用的有：ics。"),
    (["--export"], "--export 后面要跟文件的名字"),
    (["--export", "ics", "--json"], "--json 和 --export 只能选一个。"),
])
def test_an_unknown_or_half_export_is_a_usage_error(capsys: pytest.CaptureFixture[str], words: list[str], message: str) -> None:
    assert main(["run", "timeline", *words, "launch=2026-12-07", "days=7"]) == 2
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_user_text_is_escaped() -> None:
    html = run("timeline", {**BASE, "name": "<b>营</b>"}).html
    assert "<b>" not in html and "&lt;b&gt;营&lt;/b&gt;" in html


# --- the templates are drawn from the playbooks ---------------------------------------


def test_every_step_cites_an_existing_playbook_and_a_known_role() -> None:
    from qunce_site.data.playbooks import ROLES

    for steps in PLANS.values():
        for step in steps:
            assert (ROOT / "playbooks" / f"{step.slug}.md").exists() and step.owner in ROLES, step
            assert step.when in ("prep", "day", "each", "mid", "last", "after")
            assert (step.sends > 0) <= bool(step.message), step


# --- every field's rules --------------------------------------------------------------


@pytest.mark.parametrize(("field", "value"), [
    ("launch", ""),
    ("launch", "明天"),
    ("launch", "2026-13-01"),
    ("name", "营" * 31),
    ("kind", "直播"),
    ("days", ""),
    ("days", "0"),
    ("days", "61"),
    ("days", "一周"),
    ("limit", "0"),
    ("limit", "2.5"),])
def test_each_field_rejects_bad_values_with_its_rule(field: str, value: str) -> None:
    assert_rejected(error_of(**{field: value}), "timeline", field, value)


def test_a_bad_date_is_reported_with_the_other_fields_errors() -> None:
    """The date is checked with every other field, so one answer names every mistake."""
    assert set(error_of(launch="明天", days="0", limit="0")) == {"launch", "days", "limit"}


def test_defaults() -> None:
    inputs = run("timeline", BASE).inputs
    assert (inputs["name"], inputs["kind"], inputs["limit"]) == ("7 天体验营", "训练营", 3)


def test_generated_copy_passes_the_typography_linter() -> None:
    autocorrect = pytest.importorskip("autocorrect_py")
    for kind in KINDS:
        for limit in ("1", "3"):
            for piece in text_pieces(run("timeline", {**BASE, "kind": kind, "limit": limit}).html):
                assert autocorrect.format(piece) == piece
    for field in CALCULATORS["timeline"].fields:
        assert autocorrect.format(field.hint) == field.hint


# --- properties -----------------------------------------------------------------------


@settings(deadline=None)  # each example renders a whole result; timings vary on a busy machine
@given(kind=st.sampled_from(KINDS), days=st.integers(min_value=1, max_value=60), limit=st.integers(min_value=1, max_value=50),
       launch=st.dates(min_value=datetime.date(2000, 1, 8), max_value=datetime.date(2100, 12, 31)))
def test_the_plan_covers_every_day_and_flags_exactly_the_days_over_the_limit(
    kind: str, days: int, limit: int, launch: datetime.date,
) -> None:
    out = outputs(kind=kind, days=days, limit=limit, launch=launch.isoformat())
    load = out["load"]
    assert [day["offset"] for day in load] == list(range(-7, days + 7))
    assert load[0]["date"] == (launch - datetime.timedelta(days=7)).isoformat()
    assert out["over_days"] == [day["offset"] for day in load if day["messages"] > limit]
    assert all(day["over"] == (day["messages"] > limit) for day in load)
    sends = {day["offset"]: 0 for day in load}
    for task in out["tasks"]:
        sends[task["offset"]] += task["sends"]
        assert datetime.date.fromisoformat(task["date"]) - launch == datetime.timedelta(days=task["offset"])
    assert sends == {day["offset"]: day["messages"] for day in load}
    assert [task["offset"] for task in out["tasks"]] == sorted(task["offset"] for task in out["tasks"])
    ics = ics_of(kind=kind, days=days, limit=limit, launch=launch.isoformat())
    assert sum(occurrences(event) for event in events(ics)) == len(out["tasks"])
    # every campaign day has work, and so does every preparation day of an invite campaign
    worked = {task["offset"] for task in out["tasks"]}
    assert set(range(days)) <= worked
    if kind == "裂变拉新":
        assert set(range(-7, 0)) <= worked
