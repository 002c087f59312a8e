"""打卡留存 — a daily check-in course with a warning and a removal rule, as an exact Markov chain.

Each member's state is their run of missed days, 0 … kick_after − 1. A check-in resets it to
0, a miss adds 1, and reaching kick_after removes the member. Members whose run has reached
warn_after have been warned and check in with ``revive``; the others with ``p``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kit import format as fmt
from .kit import markup, sensitivity, svg
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.sensitivity import Cell
from .kit.spec import Calculator
from .kit.typography import spaced


@dataclass(frozen=True)
class CheckinInputs:
    members: int = field("开营人数", Kind.INTEGER, unit="人", minimum=1, maximum=10_000_000, example="200",
                         hint="第 1 天开始时群里参加打卡的人数。")
    days: int = field("打卡天数", Kind.INTEGER, unit="天", minimum=1, maximum=365, example="7",
                      hint="课程或打卡活动一共几天，宝宝学英语的体验课是 7 天。")
    p: float = field("每日打卡率", Kind.RATE, example="0.8", hint="一个普通成员某一天会打卡的概率，可写 0.8 或 80%。")
    revive: float | None = field("被警告后打卡率", Kind.RATE, required=False,
                                 hint="收到警告的成员第二天会打卡的概率；留空则与每日打卡率相同。")
    warn_after: int = field("警告天数", Kind.INTEGER, unit="天", minimum=1, maximum=60, default=2,
                            hint="连续几天没打卡就一对一提醒，宝宝学英语是 2 天。")
    kick_after: int = field("移出天数", Kind.INTEGER, unit="天", minimum=2, maximum=61, default=3,
                            hint="连续几天没打卡就移出群，宝宝学英语是 3 天。")


@dataclass(frozen=True)
class CheckinOutputs:
    active: tuple[float, ...]
    checkins: tuple[float, ...]
    warnings: float
    warnings_per_day: tuple[float, ...]
    removed: float
    remaining: float
    perfect: float


@dataclass(frozen=True)
class Chain:
    """The chain's expectations day by day (unrounded)."""

    active: list[float]
    checkins: list[float]
    warnings: list[float]
    removed: list[float]


def check_rule(warn_after: int, kick_after: int) -> None:
    """The warning must come at least a day before the removal (shared with the camp calculator)."""
    if warn_after >= kick_after:
        raise InputError({"warn_after": spaced(
            f"“警告天数”（{warn_after}天）应小于“移出天数”（{kick_after}天）："
            "先警告、再移出，中间至少要留一天让成员补打卡。"
        )})


def check(inputs: CheckinInputs) -> None:
    check_rule(inputs.warn_after, inputs.kick_after)


def run_chain(members: float, days: int, p: float, revive: float, warn_after: int, kick_after: int) -> Chain:
    state = [0.0] * kick_after  # expected members by run of missed days
    state[0] = float(members)
    active_now = float(members)
    chain = Chain([], [], [], [])
    for _ in range(days):
        following = [0.0] * kick_after
        checked = warned = removed = 0.0
        for run, mass in enumerate(state):
            if mass == 0.0:
                continue
            chance = revive if run >= warn_after else p
            hit = mass * chance
            miss = mass - hit
            checked += hit
            following[0] += hit
            if run + 1 == kick_after:
                removed += miss
            else:
                following[run + 1] += miss
                if run + 1 == warn_after:
                    warned += miss
        state = following
        active_now = max(active_now - removed, 0.0)
        chain.active.append(active_now)
        chain.checkins.append(checked)
        chain.warnings.append(warned)
        chain.removed.append(removed)
    return chain


def revive_of(inputs: CheckinInputs, p: float) -> float:
    return p if inputs.revive is None else inputs.revive


def compute(inputs: CheckinInputs) -> CheckinOutputs:
    check(inputs)
    chain = run_chain(inputs.members, inputs.days, inputs.p, revive_of(inputs, inputs.p),
                      inputs.warn_after, inputs.kick_after)
    remaining = chain.active[-1]
    return CheckinOutputs(
        active=tuple(tidy(value) for value in chain.active),
        checkins=tuple(tidy(value) for value in chain.checkins),
        warnings=tidy(sum(chain.warnings)),
        warnings_per_day=tuple(tidy(value) for value in chain.warnings),
        removed=tidy(inputs.members - remaining),
        remaining=tidy(remaining),
        # Members who never missed stayed in state 0 every day, where the chance is always p.
        perfect=tidy(inputs.members * inputs.p ** inputs.days),
    )


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def sensitivity_rows(inputs: CheckinInputs) -> list[sensitivity.Row]:
    def row(change: float) -> list[Cell]:
        p = min(inputs.p * (1 + change), 1.0)
        chain = run_chain(inputs.members, inputs.days, p, revive_of(inputs, p), inputs.warn_after, inputs.kick_after)
        remaining = chain.active[-1]
        share = remaining / inputs.members
        return [Cell(fmt.percent(p, 1), tidy(p)), Cell(people(remaining), tidy(remaining)),
                Cell(fmt.percent(share, 1), tidy(share))]

    return sensitivity.steps(row)


def reading(inputs: CheckinInputs, out: CheckinOutputs) -> str:
    busiest = max(range(inputs.days), key=lambda day: out.warnings_per_day[day])
    text = (
        f"{inputs.days}天后预计还有 {fmt.count(out.remaining)}人在群里（{fmt.percent(out.remaining / inputs.members, 1)}），"
        f"移出 {fmt.count(out.removed)}人；一天都没落下的约 {fmt.count(out.perfect)}人。"
    )
    if out.warnings > 0:
        text += (
            f"运营一共要发约 {fmt.count(out.warnings)}次一对一提醒，最忙的是第 {busiest + 1}天"
            f"（约 {fmt.count(out.warnings_per_day[busiest])}次），请提前排好人手。"
        )
    if inputs.revive is not None and inputs.revive != inputs.p:
        text += (
            f"被警告后的打卡率按 {fmt.percent(inputs.revive, 1)}算（平时 {fmt.percent(inputs.p, 1)}）："
            "一对一提醒做得越用心，这个数越高，移出的人越少。"
        )
    return spaced(text)


def render(inputs: CheckinInputs, out: CheckinOutputs) -> str:
    days = inputs.days
    items = [
        markup.Figure(f"第 {days} 天后还在群里", people(out.remaining),
                      f"占开营人数 {fmt.percent(out.remaining / inputs.members, 1)}"),
        markup.Figure("一对一提醒", fmt.with_unit(fmt.count(out.warnings), "次"),
                      f"平均每天 {fmt.count(out.warnings / days)} 次"),
        markup.Figure("被移出", people(out.removed),
                      f"连续 {inputs.kick_after} 天未打卡"),
        markup.Figure("全勤", people(out.perfect), "一天都没落下"),
    ]
    labels = [str(day) for day in range(1, days + 1)]
    chart = svg.columns(
        "每天结束时在群人数与当天打卡人数折线图", labels,
        [("在群人数", out.active), ("打卡人数", out.checkins)],
    )
    rows = []
    csv_rows: list[list[object]] = []
    before = float(inputs.members)
    for day in range(days):
        removed_today = tidy(max(before - out.active[day], 0.0))
        before = out.active[day]
        rows.append([f"第 {day + 1} 天", fmt.count(out.active[day]), fmt.count(out.checkins[day]),
                     fmt.count(out.warnings_per_day[day]), fmt.count(removed_today)])
        csv_rows.append([day + 1, out.active[day], out.checkins[day], out.warnings_per_day[day], removed_today])
    sens = sensitivity.section(
        f"敏感性：每日打卡率变动时第 {days} 天后的在群人数", ["打卡率变动", "每日打卡率", "在群人数", "留存率"],
        sensitivity_rows(inputs), csv_name="打卡留存-敏感性.csv",
    )
    links = (
        "<p>提醒和移出怎么说、移出后怎么回访，见"
        f'{markup.playbook_link("case-baby-english")}；'
        f'老用户福利怎么把人拉回来，见{markup.playbook_link("incentive-loop")}。</p>'
    )
    return "".join([
        markup.figures(items),
        markup.paragraph(reading(inputs, out), "advice"),
        chart,
        markup.table("每天的在群人数、打卡、提醒与移出（期望值）",
                     ["天", "在群人数（人）", "打卡（人）", "提醒（次）", "移出（人）"], rows),
        sens.table,
        links,
        markup.csv_link("打卡留存.csv", ["天", "在群人数", "打卡人数", "提醒次数", "移出人数"], csv_rows),
        sens.csv,
    ])


CALCULATOR = Calculator(
    id="checkin",
    title="打卡留存",
    summary="按每日打卡率和“连续几天不打卡就提醒、再几天就移出”的规则，算出每天还剩多少人、要发多少次提醒。",
    inputs=CheckinInputs,
    compute=compute,
    render=render,
)
