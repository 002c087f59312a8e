"""活动排期 — a day-by-day SOP plan from preparation (D−7) to review (a week after the end),
drawn from the playbooks (the plans are data: plans.py), with the messages each group gets and a
warning on every day that goes over the sending limit. Downloads: CSV, and an iCalendar file made by
the ``ics`` export (ics.py), which the command line writes with ``--export ics``.

Day offsets count from the launch day, D0; a campaign of ``days`` days runs D0 … D(days − 1).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..kit import dates, markup, svg
from ..kit import format as fmt
from ..kit.fields import Kind, field
from ..kit.site import site
from ..kit.spec import Calculator, Export
from ..kit.typography import spaced
from . import ics
from .plans import KINDS, PLANS, Step

PREP_DAYS = 7
MINUS = "−"


@dataclass(frozen=True)
class TimelineInputs:
    name: str = field("活动名称", Kind.TEXT, default="7 天体验营", max_length=30, hint="出现在日历事件和下载的文件里。")
    launch: datetime.date = field("上线日期", Kind.DATE, example="2026-12-07",
                                  hint="活动第 1 天（D0）的日期；准备从 7 天前（D−7）开始。")
    kind: str = field("活动类型", Kind.CHOICE, choices=KINDS, default="训练营",
                      hint="裂变拉新（海报、扫码、入群任务）、训练营（打卡课、体验课）或线上活动（嘉宾分享、主题讨论）。")
    days: int = field("活动天数", Kind.INTEGER, unit="天", minimum=1, maximum=60, example="7",
                      hint="从上线当天算起一共几天；线上活动一般是 1 天，宝宝学英语的体验课是 7 天。")
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


def day_offsets(step: Step, days: int) -> list[int]:
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
        for offset in day_offsets(step, inputs.days):
            tasks.append((offset, order, step))
    tasks.sort(key=lambda item: (item[0], item[1]))
    return [
        Task(
            date=dates.add(launch, offset), offset=offset, phase=phase(offset, inputs.days),
            task=step.task, owner=step.owner, message=step.message, sends=step.sends, checks=step.checks,
            playbook=step.slug,
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


def events(inputs: TimelineInputs) -> list[tuple[int, int, Step]]:
    """Calendar events as (first offset, days, step): a daily task is one event repeated daily."""
    found: list[tuple[int, int, int, Step]] = []
    for order, step in enumerate(PLANS[inputs.kind]):
        offsets = day_offsets(step, inputs.days)
        if step.when == "each" and len(offsets) > 1:
            found.append((offsets[0], order, len(offsets), step))
        else:
            found += [(offset, order, 1, step) for offset in offsets]
    return [(offset, count, step) for offset, _, count, step in sorted(found, key=lambda item: (item[0], item[1]))]


def calendar(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    """One all-day event per task, a daily task as one event repeated (RRULE)."""
    launch = inputs.launch
    found = []
    for number, (offset, count, step) in enumerate(events(inputs), 1):
        details = [f"负责人：{step.owner}"]
        if step.message:
            details.append(f"要发的消息：{step.message}")
        details += [f"□ {item}" for item in step.checks]
        details.append(f"手册：{site().playbook(step.slug).title}")
        when = d_label(offset) if count == 1 else f"{d_label(offset)} 到 {d_label(offset + count - 1)} 每天"
        found.append(ics.Event(
            uid=f"{launch.isoformat()}-{KINDS.index(inputs.kind)}-{inputs.days}-{number}@qunce.timeline",
            start=dates.add(launch, offset), count=count, summary=f"{when} {inputs.name}：{step.task}",
            description="\n".join(details), category=phase(offset, inputs.days),
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
