"""裂变增长 — how far a referral campaign spreads, generation by generation, from its K factor."""

from __future__ import annotations

import math
from dataclasses import dataclass

from . import format as fmt
from . import markup, svg
from .errors import InputError
from .fields import Field, Kind
from .numbers import tidy
from .playbook_links import playbook_href
from .spec import Calculator
from .typography import spaced

# Beyond this many people the numbers mean nothing (and floats start to lose whole people).
CEILING = 1e15
CEILING_TEXT = "1,000 万亿"
SENSITIVITY = fmt.SENSITIVITY_STEPS


@dataclass(frozen=True)
class FissionInputs:
    seeds: int
    invites: float
    conversion: float
    generations: int
    cycle_days: float
    market: int
    group_cap: int


@dataclass(frozen=True)
class FissionOutputs:
    k: float
    new: tuple[float, ...]
    cumulative: tuple[float, ...]
    total: float
    days: float
    groups_needed: int
    limit: float | None


FIELDS = (
    Field("seeds", "种子用户", Kind.INTEGER, unit="人", minimum=1, maximum=10_000_000, example="100",
          hint="第 0 代：活动开始时由你直接触达、会参与转发的人。"),
    Field("invites", "人均邀请数", Kind.NUMBER, unit="人", minimum=0, maximum=100, example="3",
          hint="每个新成员平均会邀请多少人，例如宝宝学英语的“邀请 3 位好友”。"),
    Field("conversion", "邀请转化率", Kind.RATE, example="0.3",
          hint="收到邀请的人里最终加入的比例，可写 0.3 或 30%。"),
    Field("generations", "裂变代数", Kind.INTEGER, unit="代", minimum=1, maximum=60, example="10",
          hint="算到第几代；种子是第 0 代。"),
    Field("cycle_days", "每代天数", Kind.NUMBER, unit="天", minimum=0.1, maximum=365, default=1.0,
          hint="新成员从入群到带来下一代平均要几天，默认 1 天。"),
    Field("market", "市场规模", Kind.INTEGER, unit="人", minimum=0, maximum=2_000_000_000, default=0,
          hint="最多可能加入的人数（目标人群、奖励库存等），0 表示不设上限。"),
    Field("group_cap", "每群人数上限", Kind.INTEGER, unit="人", minimum=2, maximum=100_000, default=500,
          hint="一个群最多容纳多少人，用来估算要准备几个群，默认 500 人。"),
)


def grow(seeds: float, k: float, generations: int, market: int) -> tuple[list[float], list[float]]:
    """New and cumulative members per generation; stops early (returns fewer) past CEILING.

    With a market, each generation is damped by the share of the market still free, and
    never takes more people than are left.
    """
    new = [float(seeds)]
    cumulative = [float(seeds)]
    for _ in range(generations):
        step = new[-1] * k
        if market:
            left = market - cumulative[-1]
            step = min(max(step * (1 - cumulative[-1] / market), 0.0), max(left, 0.0))
        new.append(step)
        cumulative.append(cumulative[-1] + step)
        if cumulative[-1] > CEILING:
            break
    return new, cumulative


def max_generations(seeds: float, k: float, generations: int) -> int:
    """The most generations that keep the total within CEILING (no market)."""
    _, cumulative = grow(seeds, k, generations, 0)
    return next(g for g, value in enumerate(cumulative) if value > CEILING) - 1


def check(inputs: FissionInputs) -> None:
    if inputs.market and inputs.market < inputs.seeds:
        raise InputError({"market": spaced(
            f"「市场规模」（{fmt.number(inputs.market, 0)}人）小于「种子用户」（{fmt.number(inputs.seeds, 0)}人）："
            "种子用户本身就在市场里，市场规模应不小于种子用户，或填 0 表示不设上限。"
        )})


def compute(inputs: FissionInputs) -> FissionOutputs:
    check(inputs)
    k = inputs.invites * inputs.conversion
    new, cumulative = grow(inputs.seeds, k, inputs.generations, inputs.market)
    if cumulative[-1] > CEILING:
        most = max_generations(inputs.seeds, k, inputs.generations)
        raise InputError({"generations": spaced(
            f"按 K = {fmt.number(k, 4)}、「裂变代数」{inputs.generations}代计算，累计人数会超过{CEILING_TEXT}人，"
            f"远超任何真实市场，结果已没有意义。请把代数减到{most}代以内，或填写「市场规模」。"
        )})
    total = tidy(cumulative[-1])
    return FissionOutputs(
        k=tidy(k),
        new=tuple(tidy(value) for value in new),
        cumulative=tuple(tidy(value) for value in cumulative),
        total=total,
        days=tidy(inputs.generations * inputs.cycle_days),
        groups_needed=math.ceil(total / inputs.group_cap),
        limit=tidy(inputs.seeds / (1 - k)) if k < 1 else None,
    )


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def outlook(inputs: FissionInputs, out: FissionOutputs) -> str:
    """The plain-words reading of K: fades out toward a limit, or grows until stopped."""
    k = fmt.number(out.k, 4)
    market = inputs.market
    if out.k == 0:
        return spaced("K = 0：没有人带来新成员，活动只停留在种子用户这一代。先检查邀请任务和奖励是否让人愿意转发。")
    if out.limit is not None:
        text = (
            f"K = {k}，小于 1：每一代都比上一代少，活动会自然熄火。不管跑多少代，"
            f"累计人数只会逐渐接近「种子用户 ÷（1 − K）」≈ {fmt.count(out.limit)} 人。"
        )
        if market and market < out.limit:
            text += f"你填的市场规模只有 {fmt.number(market, 0)} 人，会先碰到这个上限。"
        text += "想让它自己滚起来，就要把 K 提到 1 以上：提高邀请数或邀请转化率。"
        return spaced(text)
    text = f"K = {k}，不小于 1：每一代不少于上一代，人数会一直涨，直到市场被占满或活动停止。"
    if market:
        text += (
            f"你填的市场规模是 {fmt.number(market, 0)} 人：越接近这个数，还没加入的人越少，新增就越慢"
            f"（到第 {inputs.generations} 代已占市场的 {fmt.percent(out.total / market, 1)}）。"
        )
    else:
        text += "你没有填市场规模：真实活动一定有上限（目标人群、奖励库存、群和活码的容量），请填上试试。"
    return spaced(text)


def sensitivity(inputs: FissionInputs) -> tuple[list[list[str]], list[list[object]]]:
    rows: list[list[str]] = []
    csv_rows: list[list[object]] = []
    for change in SENSITIVITY:
        invites = inputs.invites * (1 + change)
        k = invites * inputs.conversion
        _, cumulative = grow(inputs.seeds, k, inputs.generations, inputs.market)
        label = fmt.change_label(change)
        if cumulative[-1] > CEILING or len(cumulative) <= inputs.generations:
            total_text, total_value = f"超过 {CEILING_TEXT} 人", ""
        else:
            total_text, total_value = people(cumulative[-1]), str(tidy(cumulative[-1]))
        rows.append([label, fmt.number(invites, 2), fmt.number(k, 4), total_text])
        csv_rows.append([label, tidy(invites), tidy(k), total_value])
    return rows, csv_rows


def render(inputs: FissionInputs, out: FissionOutputs) -> str:
    generations = inputs.generations
    items = [
        markup.Figure("K 因子", fmt.number(out.k, 4),
                      f"{fmt.number(inputs.invites, 2)} 人 × {fmt.percent(inputs.conversion)}"),
        markup.Figure(f"第 {generations} 代后累计", people(out.total),
                      f"约 {fmt.number(out.days, 1)} 天，含种子 {fmt.number(inputs.seeds, 0)} 人"),
        markup.Figure("需要的群", fmt.with_unit(fmt.number(out.groups_needed, 0), "个"),
                      f"每群 {fmt.number(inputs.group_cap, 0)} 人"),
        markup.Figure("累计人数的极限", people(out.limit) if out.limit is not None else "不会自然熄火",
                      "种子 ÷（1 − K）" if out.limit is not None else "K ≥ 1，直到市场或活动停止"),
    ]
    labels = [str(g) for g in range(generations + 1)]
    chart = svg.columns(
        "各代累计人数与新增人数折线图", labels,
        [("累计人数", out.cumulative), ("每代新增", out.new)],
    )
    rows = []
    csv_rows: list[list[object]] = []
    for g, (added, total) in enumerate(zip(out.new, out.cumulative, strict=True)):
        name = "第 0 代（种子）" if g == 0 else f"第 {g} 代"
        day = g * inputs.cycle_days
        rows.append([name, fmt.number(day, 1), fmt.count(added), fmt.count(total)])
        csv_rows.append([g, tidy(day), added, total])
    sens_rows, sens_csv = sensitivity(inputs)
    flow = (
        f'<p>人数怎么接住、活动怎么排期，见{markup.link("裂变活动三大流程", playbook_href("fission-campaign-flow"))}'
        f'和{markup.link("扩张节奏与范围", playbook_href("expansion-rhythm"))}。</p>'
    )
    return "".join([
        markup.figures(items),
        markup.paragraph(outlook(inputs, out), "advice"),
        chart,
        markup.table("各代新增与累计人数", ["代", "第几天结束", "新增（人）", "累计（人）"], rows),
        markup.table(
            f"敏感性：人均邀请数变动时第 {generations} 代后的累计人数",
            ["人均邀请数变动", "人均邀请数（人）", "K 因子", "累计人数"], sens_rows,
        ),
        flow,
        markup.csv_link("裂变增长.csv", ["代", "第几天结束", "新增", "累计"], csv_rows),
        markup.csv_link("裂变增长-敏感性.csv", ["人均邀请数变动", "人均邀请数", "K 因子", "累计人数"], sens_csv,
                        label="下载敏感性 CSV"),
    ])


CALCULATOR = Calculator(
    id="fission",
    title="裂变增长",
    summary="从种子用户、人均邀请数和邀请转化率算出 K 因子，逐代推算裂变能带来多少人、要准备几个群。",
    fields=FIELDS,
    inputs=FissionInputs,
    compute=compute,
    render=render,
)
