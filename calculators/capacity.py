"""群容量与活码规划 — how many groups and live codes a campaign needs, when each group fills,
when the group QR codes behind the live code must be renewed, and how many admins to line up.

A live code sends each scanner to the group in use until that group has ``switch_at`` joiners,
then moves on to the next group. Joiners arrive day by day in the order given.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from .kit import dates, markup, sensitivity, svg
from .kit import format as fmt
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.sensitivity import Cell
from .kit.site import site
from .kit.spec import Calculator
from .kit.typography import spaced

MAX_DAYS = 60
EARLIEST_QR = 30  # a group QR code made more than this many days before the start is a typo
SCAN_LIMIT = site().fact("wechat.group.scan_join_limit")
# The live code switches a little before the scan limit: several people scanning at once would otherwise
# find the group full before the switch, and helpers and staff take places too (live-code-setup).
SWITCH_MARGIN = 10
GROUP_LIMIT = site().fact("wechat.group.max_members")
CODE_GROUPS = site().fact("wecom.join_code.max_groups")
QR_VALID = site().fact("wechat.group.qr_valid_days")


@dataclass(frozen=True)
class CapacityInputs:
    daily: tuple[int, ...] = field(
        "每天入群人数", Kind.INTEGERS, unit="人", minimum=0, maximum=1_000_000, max_items=MAX_DAYS,
        example="300,800,500,300,200,100,50",
        hint="活动每天预计扫活码入群的人数，用逗号分隔，第一项是第 1 天，最多 60 天；可以先用活动漏斗估算。")
    start: datetime.date = field("活动开始日期", Kind.DATE, example="2026-12-07", hint="活动第 1 天的日期。")
    switch_at: int = field(
        "活码切换人数", Kind.INTEGER, unit="人", minimum=2, maximum=100_000, default=SCAN_LIMIT.count - SWITCH_MARGIN,
        hint=f"活码把每个群带到多少人就切到下一个群。默认比扫码入群的上限（{SCAN_LIMIT.cited}）少 {SWITCH_MARGIN} 人："
             "多人同时扫码时，群不会在切换前就满；助手机器人和工作人员也有名额。")
    cap: int = field(
        "每群人数上限", Kind.INTEGER, unit="人", minimum=2, maximum=100_000, default=GROUP_LIMIT.count,
        hint=f"默认是{GROUP_LIMIT.cited}。QQ 群、企业微信客户群的上限不同，以平台当前规则为准。")
    per_code: int = field(
        "每个活码挂几个群", Kind.INTEGER, unit="个", minimum=1, maximum=1_000, default=CODE_GROUPS.count,
        hint=f"一个活码后台能录入几个群。默认是{CODE_GROUPS.cited}；第三方活码工具各不相同，以你所用工具的后台为准。")
    qr_days: int = field(
        "群二维码有效天数", Kind.INTEGER, unit="天", minimum=1, maximum=365, default=QR_VALID.count,
        hint=f"默认是{QR_VALID.cited}。过期要重新生成、上传到活码后台。")
    qr_date: datetime.date | None = field(
        "群二维码生成日期", Kind.DATE, required=False, example="2026-12-04",
        hint="群二维码是哪天生成、上传的；留空则按活动开始日期算。提前几天建群的，填建群那天。")
    reserve: float = field("备用群比例", Kind.RATE, default=0.2,
                           hint="在算出的群数之外多备的比例，默认 20%；建议多备 20% 到 50%。")
    per_admin: int = field("每位管理员照看人数", Kind.INTEGER, unit="人", minimum=1, maximum=100_000, default=200,
                           hint="一位管理员或自己人照看多少位成员，默认 200 人（经验值）；另外每个群至少要有 1 个自己人。")


@dataclass(frozen=True)
class Refresh:
    date: datetime.date
    day: int  # 1 = the first day of the campaign; 0 or less = before it
    codes: int


@dataclass(frozen=True)
class CapacityOutputs:
    dates: tuple[datetime.date, ...]
    cumulative: tuple[int, ...]
    total: int
    groups: int
    prepared: int
    live_codes: int
    admins: int
    filled: tuple[int, ...]
    codes_used: tuple[int, ...]
    last_group: int
    refresh: tuple[Refresh, ...]


def made_on(inputs: CapacityInputs) -> datetime.date:
    """The day the group QR codes were made: the start day unless given."""
    return inputs.start if inputs.qr_date is None else inputs.qr_date


def check(inputs: CapacityInputs) -> None:
    """Rules across fields."""
    start, made = inputs.start, made_on(inputs)
    if inputs.switch_at > inputs.cap:
        raise InputError({"switch_at": spaced(
            f"“活码切换人数”（{fmt.number(inputs.switch_at, 0)}人）大于“每群人数上限”（{fmt.number(inputs.cap, 0)}人）："
            "群满了活码就切不过去了，切换人数应不大于人数上限，最好留出余量。"
        )})
    if sum(inputs.daily) == 0:
        raise InputError({"daily": "“每天入群人数”每一项都是 0：至少要有一天有人入群，才算得出要几个群。"})
    if made > start:
        raise InputError({"qr_date": spaced(
            f"“群二维码生成日期”（{made.isoformat()}）晚于“活动开始日期”（{start.isoformat()}）："
            "第 1 天就要有人扫码入群，群二维码应在开始当天或之前生成。"
        )})
    if (start - made).days > EARLIEST_QR:
        raise InputError({"qr_date": spaced(
            f"“群二维码生成日期”（{made.isoformat()}）比“活动开始日期”早了 {(start - made).days}天，"
            f"超过 {EARLIEST_QR}天：请填活动前最后一次生成、上传群二维码的日期。"
        )})


def groups_for(total: float, switch_at: int) -> int:
    return math.ceil(round(total / switch_at, 9))


def prepared_for(groups: int, reserve: float) -> int:
    """Groups to set up: the ones needed plus the reserve, rounded up (without float dust)."""
    return math.ceil(round(groups * (1 + reserve), 9))


def compute(inputs: CapacityInputs) -> CapacityOutputs:
    check(inputs)
    start, made = inputs.start, made_on(inputs)
    days = len(inputs.daily)
    cumulative: list[int] = []
    running = 0
    for joined in inputs.daily:
        running += joined
        cumulative.append(running)
    total = running
    switch = inputs.switch_at
    groups = groups_for(total, switch)
    prepared = prepared_for(groups, inputs.reserve)
    filled = tuple(value // switch for value in cumulative)
    # The group taking the day's last joiner, and the live code it sits under (codes hold
    # groups 1 … per_code, per_code + 1 … 2 × per_code, …).
    in_use = [math.ceil(value / switch) for value in cumulative]
    codes_used = tuple(math.ceil(group / inputs.per_code) for group in in_use)
    refresh = []
    last = dates.add(start, days - 1)
    when = dates.add(made, inputs.qr_days)
    while when <= last:
        day = (when - start).days + 1
        full_before = filled[day - 2] if day >= 2 else 0
        codes = prepared - full_before
        if codes > 0:
            refresh.append(Refresh(when, day, codes))
        when = dates.add(when, inputs.qr_days)
    return CapacityOutputs(
        dates=tuple(dates.add(start, day) for day in range(days)),
        cumulative=tuple(cumulative),
        total=total,
        groups=groups,
        prepared=prepared,
        live_codes=math.ceil(prepared / inputs.per_code),
        admins=math.ceil(total / inputs.per_admin),
        filled=filled,
        codes_used=codes_used,
        last_group=total - (groups - 1) * switch,
        refresh=tuple(refresh),
    )


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def things(value: float, unit: str) -> str:
    return fmt.with_unit(fmt.number(value, 0), unit)


def group_range(first: int, last: int) -> str:
    return f"第 {first} 群" if first == last else f"第 {first}–{last} 群"


def day_label(start: datetime.date, day: int) -> str:
    """'第 3 天（12 月 9 日）'; days before the start read '开始前 2 天（12 月 5 日）'."""
    when = dates.short(dates.add(start, day - 1))
    if day >= 1:
        return f"第 {day} 天（{when}）"
    return f"开始前 {1 - day} 天（{when}）"


def daily_rows(
    inputs: CapacityInputs, out: CapacityOutputs, start: datetime.date,
) -> tuple[list[list[str]], list[list[object]]]:
    switch = inputs.switch_at
    refresh = {item.day: item for item in out.refresh}
    rows: list[list[str]] = []
    csv_rows: list[list[object]] = []
    before = 0
    codes_before = 0
    for day, (when, joined, total) in enumerate(zip(out.dates, inputs.daily, out.cumulative, strict=True), 1):
        receiving = group_range(before // switch + 1, math.ceil(total / switch)) if joined else "—"
        full_before = before // switch
        full_now = total // switch
        filled = group_range(full_before + 1, full_now) if full_now > full_before else "—"
        notes = []
        codes_now = out.codes_used[day - 1]
        if codes_now > max(codes_before, 1):
            first_code = max(codes_before, 1) + 1
            first = (first_code - 1) * inputs.per_code + 1
            last = min(codes_now * inputs.per_code, out.groups)
            codes = f"第 {first_code} 个活码" if first_code == codes_now else f"第 {first_code}–{codes_now} 个活码"
            notes.append(f"启用{codes}（{group_range(first, last)}）")
        codes_before = max(codes_before, codes_now)
        if day in refresh:
            notes.append(f"更新 {refresh[day].codes} 个群二维码")
        note = "；".join(notes) or "—"
        rows.append([f"第 {day} 天", dates.long(dates.add(start, day - 1)), fmt.number(joined, 0),
                     fmt.number(total, 0), receiving, filled, note])
        csv_rows.append([day, when.isoformat(), joined, total, receiving, filled, "" if note == "—" else note])
        before = total
    return rows, csv_rows


def sensitivity_rows(inputs: CapacityInputs) -> list[sensitivity.Row]:
    def row(change: float) -> list[Cell]:
        total = sum(inputs.daily) * (1 + change)
        groups = groups_for(total, inputs.switch_at)
        prepared = prepared_for(groups, inputs.reserve)
        codes = math.ceil(prepared / inputs.per_code)
        admins = math.ceil(round(total / inputs.per_admin, 9))
        return [Cell(people(total), tidy(total)), Cell(things(groups, "个"), groups), Cell(things(prepared, "个"), prepared),
                Cell(things(codes, "个"), codes), Cell(things(admins, "位"), admins)]

    return sensitivity.steps(row)


def reading(inputs: CapacityInputs, out: CapacityOutputs, start: datetime.date) -> str:
    switch = inputs.switch_at
    text = (
        f"{len(inputs.daily)}天里一共约 {fmt.number(out.total, 0)}人入群。活码每个群带 {fmt.number(switch, 0)}人就切换，"
        f"要用 {out.groups}个群，最后一个群约 {fmt.number(out.last_group, 0)}人；"
        f"加上 {fmt.percent(inputs.reserve, 0)}备用，建议建好 {out.prepared}个群，"
        f"分到 {out.live_codes}个活码（每个活码挂 {inputs.per_code}个群）。"
    )
    if out.filled[-1] >= 1:
        first_full = next(day for day, value in enumerate(out.filled, 1) if value >= 1)
        text += f"第 1 个群在{day_label(start, first_full)}满员。"
    second = next((day for day, codes in enumerate(out.codes_used, 1) if codes >= 2), None)
    if second is not None:
        text += (
            f"{day_label(start, second)}开始要用第 2 个活码；如果海报上只能放一个活码，"
            "就要在这之前往同一个活码后台补录新群。"
        )
    if out.refresh:
        first = out.refresh[0]
        text += (
            f"群二维码 {inputs.qr_days}天失效，活动期间要更新 {len(out.refresh)}次，"
            f"第一次在{day_label(start, first.day)}，要换 {first.codes}个群的二维码，请提前排好负责人。"
        )
    else:
        text += f"活动在群二维码失效（{inputs.qr_days}天）之前就结束了，期间不用更新群二维码。"
    if out.admins < out.groups:
        text += (
            f"按每人照看 {fmt.number(inputs.per_admin, 0)}人只要 {out.admins}位管理员，"
            f"但每个群至少要有 1 个自己人，{out.groups}个群至少要 {out.groups}人。"
        )
    if switch == inputs.cap:
        text += "切换人数等于群人数上限：多人同时扫码时，群可能在切换前就满了，后来的人会卡在“无法加入”，建议留些余量。"
    return spaced(text)


def render(inputs: CapacityInputs, out: CapacityOutputs) -> str:
    start = inputs.start
    items = [
        markup.Figure("需要的群", things(out.groups, "个"), f"每群切换人数 {fmt.number(inputs.switch_at, 0)} 人"),
        markup.Figure("建议建好", things(out.prepared, "个群"), f"含 {fmt.percent(inputs.reserve, 0)} 备用"),
        markup.Figure("活码", things(out.live_codes, "个"), f"每个活码挂 {inputs.per_code} 个群"),
        markup.Figure("管理员", things(out.admins, "位"), f"每人照看 {fmt.number(inputs.per_admin, 0)} 人"),
        markup.Figure("群二维码更新", things(len(out.refresh), "次"),
                      f"每 {inputs.qr_days} 天一次" if out.refresh else f"活动不到 {inputs.qr_days} 天"),
    ]
    labels = [str(day) for day in range(1, len(inputs.daily) + 1)]
    chart = svg.columns(
        "每天入群人数与累计入群人数折线图", labels,
        [("累计入群", [float(value) for value in out.cumulative]), ("当天入群", [float(value) for value in inputs.daily])],
    )
    rows, csv_rows = daily_rows(inputs, out, start)
    headers = ["天", "日期", "当天入群（人）", "累计（人）", "接人的群", "当天满员的群", "要做的事"]
    refresh_rows = [[day_label(start, item.day), dates.long(dates.add(start, item.day - 1)),
                     things(item.codes, "个")] for item in out.refresh]
    sens = sensitivity.section(
        "敏感性：每天入群人数同时变动时要准备的群、活码和管理员",
        ["入群人数变动", "入群总数", "需要的群", "建议建好", "活码", "管理员"], sensitivity_rows(inputs),
        csv_name="群容量与活码-敏感性.csv",
    )
    parts = [
        markup.figures(items),
        markup.paragraph(reading(inputs, out, start), "advice"),
        chart,
        markup.table("每天入群与群的使用（活码按顺序切换）", headers, rows, numeric_from=2),
    ]
    if refresh_rows:
        parts.append(markup.table("群二维码更新日期（在这一天开始前换上新码）", ["哪天", "日期", "要更新的群二维码"],
                                  refresh_rows, numeric_from=2))
    links = (
        f'<p>活码和群二维码的区别、后台怎么设置，见{markup.playbook_link("live-code-setup")}；'
        f'群满、码失效时怎么应急，见{markup.playbook_link("campaign-monitoring")}。</p>'
    )
    parts += [
        sens.table,
        links,
        markup.csv_link("群容量与活码.csv", ["天", "日期", "当天入群", "累计", "接人的群", "当天满员的群", "要做的事"],
                        csv_rows),
        sens.csv,
    ]
    return "".join(parts)


CALCULATOR = Calculator(
    id="capacity",
    title="群容量与活码规划",
    summary="按每天预计入群人数、活码切换人数和群二维码有效期，算出要建几个群、几个活码、哪天满员、哪天更新群二维码、要几位管理员。",
    inputs=CapacityInputs,
    compute=compute,
    render=render,
)
