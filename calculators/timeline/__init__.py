"""活动排期 — a day-by-day SOP plan from preparation (D−7) to review (a week after the end),
drawn from the playbooks (the plans are data: plans.py), with the messages each group gets and a
warning on every day that goes over the sending limit. Downloads: CSV, and an iCalendar file made by
the ``ics`` export (ics.py), which the command line writes with ``--export ics``.

The fourth type, 长期运营, is a long-running group's rhythm rather than a campaign: daily slots, weekly
columns on fixed weekdays, a four-week cycle with one bigger event, and how often it @mentions everyone.

Day offsets count from the launch day, D0; a campaign of ``days`` days runs D0 … D(days − 1).
"""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass

from ..kit import dates, markup, svg
from ..kit import format as fmt
from ..kit.fields import Kind, field
from ..kit.site import site
from ..kit.spec import Calculator, Export
from ..kit.typography import spaced
from . import ics
from .plans import CYCLE_WEEKS, KINDS, LONG_RUN, PLANS, Step

PREP_DAYS = 7
MINUS = "−"


@dataclass(frozen=True)
class TimelineInputs:
    name: str = field("活动名称", Kind.TEXT, default="7 天体验营", max_length=30, hint="出现在日历事件和下载的文件里。")
    launch: datetime.date = field("上线日期", Kind.DATE, example="2026-12-07",
                                  hint="活动第 1 天（D0）的日期；准备从 7 天前（D−7）开始。")
    kind: str = field("活动类型", Kind.CHOICE, choices=KINDS, default="训练营",
                      hint="裂变拉新（海报、扫码、入群任务）、训练营（打卡课、体验课）、线上活动（嘉宾分享、主题讨论），"
                           "或长期运营（长期群每天、每周的固定节奏，4 周一轮）。")
    days: int = field("活动天数", Kind.INTEGER, unit="天", minimum=1, maximum=60, example="7",
                      hint="从上线当天算起一共几天；线上活动一般是 1 天，宝宝学英语的体验课是 7 天，"
                           "长期运营排一轮 4 周填 28 天、两轮填 56 天。")
    limit: int = field("每群每天消息上限", Kind.INTEGER, unit="条", minimum=1, maximum=50, default=3,
                       hint="运营每天在每个群里发的群消息（公告、课程、提醒、统计）最多几条。默认 3 条是经验值，不是平台限制；"
                            "反复 @所有人会打扰已完成任务的人，无关信息太多容易让人退群。")


@dataclass(frozen=True)
class Task:
    date: datetime.date
    offset: int
    phase: str
    task: str
    owner: str
    message: str
    sends: int
    checks: tuple[str, ...]
    playbook: str
    at_all: bool


@dataclass(frozen=True)
class DayLoad:
    date: datetime.date
    offset: int
    messages: int
    over: bool


@dataclass(frozen=True)
class TimelineOutputs:
    first: datetime.date
    last: datetime.date
    tasks: tuple[Task, ...]
    load: tuple[DayLoad, ...]
    over_days: tuple[int, ...]
    peak: int
    at_all: int  # messages that @mention everyone


def week_of_cycle(offset: int) -> int:
    """Which week of its four-week cycle a campaign day is in: 1 … 4, counted from launch."""
    return offset // 7 % CYCLE_WEEKS + 1


def day_offsets(step: Step, days: int, launch: datetime.date) -> list[int]:
    """The offsets from launch on which a step falls, for a campaign of ``days`` days."""
    last = days - 1
    if step.when == "prep":
        return [-step.at]
    if step.when == "day":
        return [step.at] if step.at <= last else []
    if step.when == "each":
        return list(range(step.at, days))
    if step.when == "mid":
        return [days // 2] if days >= 3 else []
    if step.when == "last":
        return [last] if days >= 2 else []
    if step.when == "weekly":
        first = launch.weekday()
        return [offset for offset in range(days)
                if (first + offset) % 7 == step.at and (not step.weeks or week_of_cycle(offset) in step.weeks)]
    if step.when == "cycle_end":
        return list(range(7 * CYCLE_WEEKS - 1, days, 7 * CYCLE_WEEKS))
    return [last + step.at]


def phase(offset: int, days: int) -> str:
    if offset < 0:
        return "准备"
    if offset == 0:
        return "上线"
    if offset < days:
        return "进行"
    return "收尾复盘"


def d_label(offset: int) -> str:
    """'D−7', 'D0', 'D+3'."""
    if offset < 0:
        return f"D{MINUS}{-offset}"
    return "D0" if offset == 0 else f"D+{offset}"


def plan(inputs: TimelineInputs, launch: datetime.date) -> list[Task]:
    tasks: list[tuple[int, int, Step]] = []
    for order, step in enumerate(PLANS[inputs.kind]):
        for offset in day_offsets(step, inputs.days, launch):
            tasks.append((offset, order, step))
    tasks.sort(key=lambda item: (item[0], item[1]))
    return [
        Task(
            date=dates.add(launch, offset), offset=offset, phase=phase(offset, inputs.days),
            task=step.task, owner=step.owner, message=step.message, sends=step.sends, checks=step.checks,
            playbook=step.slug, at_all=step.at_all,
        )
        for offset, _, step in tasks
    ]


def loads(tasks: list[Task], launch: datetime.date, days: int, limit: int) -> list[DayLoad]:
    first, last = -PREP_DAYS, days - 1 + PREP_DAYS
    per_day = dict.fromkeys(range(first, last + 1), 0)
    for task in tasks:
        per_day[task.offset] += task.sends
    return [DayLoad(dates.add(launch, offset), offset, count, count > limit)
            for offset, count in per_day.items()]


# --- the calendar file -----------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A step's occurrences as one calendar event: ``count`` times, ``every`` days apart from ``offset``."""

    offset: int
    count: int
    every: int
    step: Step


def period(step: Step) -> int:
    """Days between a repeating step's occurrences (0: it does not repeat)."""
    if step.when == "each":
        return 1
    if step.when == "cycle_end" or (step.when == "weekly" and step.weeks):
        return 7 * CYCLE_WEEKS
    if step.when == "weekly":
        return 7
    return 0


def series(step: Step, offsets: list[int]) -> list[Series]:
    """The step's offsets as repeating events: one per run ``period`` days apart (a weekly slot in weeks
    1 and 2 of each cycle is two series, each every four weeks)."""
    every = period(step)
    if not every or len(offsets) < 2:
        return [Series(offset, 1, 1, step) for offset in offsets]
    runs: dict[int, list[int]] = {}
    for offset in offsets:
        runs.setdefault(offset % every, []).append(offset)
    found = []
    for run_offsets in runs.values():
        if all(b - a == every for a, b in itertools.pairwise(run_offsets)):
            found.append(Series(run_offsets[0], len(run_offsets), every, step))
        else:
            found += [Series(offset, 1, 1, step) for offset in run_offsets]
    return found


def events(inputs: TimelineInputs) -> list[Series]:
    """Calendar events in date order: a repeating task is one event with a rule (RRULE)."""
    found: list[tuple[int, int, Series]] = []
    for order, step in enumerate(PLANS[inputs.kind]):
        found += [(item.offset, order, item) for item in series(step, day_offsets(step, inputs.days, inputs.launch))]
    return [item for _, _, item in sorted(found, key=lambda entry: (entry[0], entry[1]))]


def repeat_label(item: Series, launch: datetime.date) -> str:
    """'D−3', 'D0 到 D+6 每天', 'D+5 起每周六，共 8 次', 'D+5 起每 4 周的周六，共 2 次'."""
    if item.count == 1:
        return d_label(item.offset)
    if item.every == 1:
        return f"{d_label(item.offset)} 到 {d_label(item.offset + item.count - 1)} 每天"
    weekday = dates.weekday(dates.add(launch, item.offset))
    weeks = "每" if item.every == 7 else f"每 {item.every // 7} 周的"
    return f"{d_label(item.offset)} 起{weeks}{weekday}，共 {item.count} 次"


def calendar(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    """One all-day event per task, a repeating task as one event with a rule (RRULE)."""
    launch = inputs.launch
    found = []
    for number, item in enumerate(events(inputs), 1):
        step = item.step
        details = [f"负责人：{step.owner}"]
        if step.message:
            details.append(f"要发的消息：{step.message}")
        details += [f"□ {check}" for check in step.checks]
        details.append(f"手册：{site().playbook(step.slug).title}")
        found.append(ics.Event(
            uid=f"{launch.isoformat()}-{KINDS.index(inputs.kind)}-{inputs.days}-{number}@qunce.timeline",
            start=dates.add(launch, item.offset), count=item.count, every=item.every,
            summary=f"{repeat_label(item, launch)} {inputs.name}：{step.task}",
            description="\n".join(details), category=phase(item.offset, inputs.days),
        ))
    return ics.calendar(f"{inputs.name}·活动排期", launch, found)


ICS = Export(filename="活动排期.ics", mime="text/calendar", label="下载日历文件（.ics）", make=calendar)


def compute(inputs: TimelineInputs) -> TimelineOutputs:
    launch = inputs.launch
    tasks = plan(inputs, launch)
    load = loads(tasks, launch, inputs.days, inputs.limit)
    return TimelineOutputs(
        first=load[0].date,
        last=load[-1].date,
        tasks=tuple(tasks),
        load=tuple(load),
        over_days=tuple(day.offset for day in load if day.over),
        peak=max(day.messages for day in load),
        at_all=sum(1 for task in tasks if task.at_all),
    )


# --- rendering -------------------------------------------------------------------------


def when(offset: int, day: datetime.date) -> str:
    """'D−3 · 12 月 4 日（周五）'."""
    return f"{d_label(offset)} · {dates.short(day)}（{dates.weekday(day)}）"


def warnings(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    if not out.over_days:
        return markup.paragraph(spaced(
            f"每个群每天最多收到 {out.peak}条运营消息，没有超过你设的上限（{inputs.limit}条）。"
        ), "advice")
    items = []
    for day in out.load:
        if not day.over:
            continue
        names = "、".join(task.message for task in out.tasks if task.offset == day.offset and task.sends)
        items.append(
            f"<li>{markup.esc(when(day.offset, day.date))}：每个群要发 {day.messages} 条（{markup.esc(names)}），"
            f"超过上限 {inputs.limit} 条。</li>"
        )
    return (
        f'<div class="qc-advice"><p>有 {len(out.over_days)} 天超过了每群每天 {inputs.limit} 条的上限：</p>'
        f"<ul>{''.join(items)}</ul>"
        "<p>可以把几条合并成一条（例如把接龙放进公告里），把不急的挪到前后一天，或改成私聊、放到群公告里。</p></div>"
    )


def task_rows(out: TimelineOutputs) -> tuple[list[list[str]], list[list[object]]]:
    rows: list[list[str]] = []
    csv_rows: list[list[object]] = []
    for task in out.tasks:
        checks = "；".join(task.checks) or "—"
        message = task.message or "—"
        title = site().playbook(task.playbook).title
        rows.append([when(task.offset, task.date), task.phase, task.task, task.owner, message, checks, title])
        csv_rows.append([task.date.isoformat(), d_label(task.offset), task.phase, task.task, task.owner, task.message,
                         task.sends, "；".join(task.checks), title])
    return rows, csv_rows


def short_name(step: Step) -> str:
    """A step as a calendar cell names it: its message, or its task up to the colon."""
    return step.message or step.task.split("：")[0]


def rhythm(inputs: TimelineInputs) -> str:
    """The long-running calendar at a glance: the daily slots, and the weekly ones in a 7 × 4 grid."""
    steps = PLANS[inputs.kind]
    daily = "、".join(short_name(step) for step in steps if step.when == "each")
    grid: dict[tuple[int, int], list[str]] = {}
    for step in steps:
        for week in range(1, CYCLE_WEEKS + 1):
            if step.when == "weekly" and (not step.weeks or week in step.weeks):
                grid.setdefault((step.at, week), []).append(short_name(step))
    end = (inputs.launch.weekday() + 7 * CYCLE_WEEKS - 1) % 7
    for step in steps:
        if step.when == "cycle_end":
            grid.setdefault((end, CYCLE_WEEKS), []).append(short_name(step))
    rows = [
        ["周" + dates.WEEKDAYS[day], *("、".join(grid.get((day, week), [])) or "—" for week in range(1, CYCLE_WEEKS + 1))]
        for day in range(7)
    ]
    return (
        markup.paragraph(spaced(f"每天：{daily}。下表是每周的固定栏目，4 周一轮；第几周从上线当天算起。"))
        + markup.table(f"{inputs.name}：每周固定栏目（4 周一轮）", ["星期", *(f"第 {week} 周" for week in range(1, 5))],
                       rows, numeric_from=99)
    )


def at_all_reading(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    """How often the plan @mentions everyone, against the playbook's once a week at most."""
    weeks = inputs.days / 7
    text = ""
    if inputs.days < 7 * CYCLE_WEEKS:
        text += (f"只排了 {inputs.days}天，不到一轮 4 周：第 3 周的月度大事和月末复盘没有排进来。"
                 "排一轮填 28 天，两轮填 56 天。")
    if out.at_all == 0:
        text += "这段时间里没有 @所有人。"
    else:
        times = "、".join(when(task.offset, task.date) for task in out.tasks if task.at_all)
        text += f"这段时间里 @所有人 {out.at_all}次（{times}），"
        if out.at_all <= weeks:
            text += "平均每周不超过一次。"
        else:
            text += f"平均每周超过一次（{inputs.days}天里 {out.at_all}次）：红点太多，成员会直接不看，把不急的改成普通消息。"
    text += "@所有人只用在人人都需要知道的事上：活动马上开始、规则变化、重要通知；不用在促销上。"
    return markup.paragraph(spaced(text), "advice")


def render(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    first, last = out.first, out.last
    owners: dict[str, int] = {}
    for task in out.tasks:
        owners[task.owner] = owners.get(task.owner, 0) + 1
    busiest = max(owners, key=lambda owner: owners[owner])
    items = [
        markup.Figure("排期", f"{dates.short(first)} 至 {dates.short(last)}",
                      f"{d_label(-PREP_DAYS)} 到 {d_label(inputs.days - 1 + PREP_DAYS)}，共 {len(out.load)} 天"),
        markup.Figure("任务", fmt.with_unit(str(len(out.tasks)), "项"), f"最多的是{busiest}（{owners[busiest]} 项）"),
        markup.Figure("每群每天最多", fmt.with_unit(str(out.peak), "条"), f"上限 {inputs.limit} 条"),
        markup.Figure("超过上限", fmt.with_unit(str(len(out.over_days)), "天"),
                      "需要合并或挪开的日子" if out.over_days else "没有超过"),
    ]
    long_run = inputs.kind == LONG_RUN
    if long_run:
        items.append(markup.Figure("@所有人", fmt.with_unit(str(out.at_all), "次"), "平均每周不超过一次"))
    labels = [d_label(day.offset) for day in out.load]
    chart = svg.columns(
        "每天每个群收到的运营消息条数与上限折线图", labels,
        [("每群消息（条）", [float(day.messages) for day in out.load]),
         ("上限（条）", [float(inputs.limit)] * len(out.load))],
    )
    load_rows = [[when(day.offset, day.date), str(day.messages), "超过" if day.over else "—"] for day in out.load]
    rows, csv_rows = task_rows(out)
    owner_list = "、".join(f"{owner} {count} 项" for owner, count in owners.items())
    used = list(dict.fromkeys(task.playbook for task in out.tasks))
    links = (
        f"<p>各角色的任务数：{markup.esc(owner_list)}。这份排期出自这些手册："
        + "、".join(markup.playbook_link(slug) for slug in used)
        + "。</p>"
    )
    return "".join([
        markup.figures(items),
        warnings(inputs, out),
        *([at_all_reading(inputs, out), rhythm(inputs)] if long_run else []),
        chart,
        markup.table(f"{inputs.name}（{inputs.kind}）排期：每天的任务、负责人、要发的消息和检查项",
                     ["日期", "阶段", "任务", "负责人", "要发的消息", "检查项", "出自"], rows, numeric_from=99),
        markup.table("每个群每天收到的运营消息", ["日期", "群消息（条）", "是否超过上限"], load_rows, numeric_from=1),
        links,
        markup.csv_link("活动排期.csv",
                        ["日期", "第几天", "阶段", "任务", "负责人", "要发的消息", "群消息条数", "检查项", "手册"], csv_rows),
        markup.download(ICS.filename, ICS.mime, ICS.make(inputs, out), ICS.label),
    ])


CALCULATOR = Calculator(
    id="timeline",
    title="活动排期",
    summary=("从上线日期、活动类型和天数，排出从准备（D−7）到复盘的每日任务、负责人、要发的消息和检查项，"
             "超过每群每天消息上限时提醒；可下载 CSV 和日历文件。"),
    inputs=TimelineInputs,
    compute=compute,
    render=render,
    exports={"ics": ICS},
)
