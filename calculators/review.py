"""活动复盘 — read a finished campaign's actual numbers: step rates, losses and the bottleneck.

With the planned step rates beside the counts, the bottleneck is the step furthest below its plan
(actual ÷ planned, smallest): a step that was always going to be low is not the one to fix. Without a
plan it can only be the lowest rate, and the result says that it compared rates only.
"""

from __future__ import annotations

from dataclasses import dataclass

from .kit import format as fmt
from .kit import markup, svg
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.spec import Calculator
from .kit.typography import spaced


@dataclass(frozen=True)
class ReviewInputs:
    counts: tuple[int, ...] = field(
        "各环节人数", Kind.INTEGERS, unit="人", minimum=0, maximum=1_000_000_000, min_items=2, example="20000,3000,1800,600",
        hint="实际记录到的人数，第一个是启动量，依次如扫码、入群、完成任务，用逗号分隔。")
    stages: tuple[str, ...] | None = field("各环节名称", Kind.TEXTS, required=False, max_length=20, min_items=2,
                                           example="启动量,扫码,入群,完成任务", hint="与人数一一对应，可留空。")
    plan_rates: tuple[float, ...] | None = field(
        "计划转化率", Kind.RATES, required=False, positive=True,
        hint="活动前计划的每一步转化率（如活动漏斗里填的），比人数少一项，用逗号分隔；"
             "填了就按“实际 ÷ 计划”找出与计划差距最大的一步，可留空。")


@dataclass(frozen=True)
class ReviewOutputs:
    stages: tuple[str, ...]
    step_rates: tuple[float, ...]
    overall_rate: float
    bottleneck: int
    lost: tuple[int, ...]
    lowest: int  # the step with the lowest rate (the bottleneck when there is no plan)
    plan_rates: tuple[float, ...] | None
    planned_counts: tuple[float, ...] | None  # the first count carried through the planned rates
    attainment: tuple[float, ...] | None  # actual ÷ planned rate, per step


@dataclass(frozen=True)
class Advice:
    """What to fix when a step is the bottleneck, and the playbook (by slug) that shows how."""

    keywords: tuple[str, ...]
    text: str
    slug: str


# Matched against the name of the stage a step leads to, in order (the reader's own words, so both
# 入群 and 进群 count).
STEP_ADVICE: tuple[Advice, ...] = (
    Advice(("扫码", "点击", "看到", "关注"), "看到海报的人不扫码，多半是海报没说清“我能得到什么”。先改主标题和卖点。",
           slug="fission-poster"),
    Advice(("入群", "进群", "加群", "加好友"), "扫了码却没入群，多半卡在活码、群满或加好友的验证上。把入群路径用测试账号走一遍。",
           slug="live-code-setup"),
    Advice(("完成", "任务", "转发", "分享", "邀请"), "入群了却不做任务，多半是欢迎语里的任务说明太长、太难，或奖励不够诱人。",
           slug="fission-scripts"),
    Advice(("付费", "购买", "下单", "转化", "成交"), "来了却不买，回头看福利设计：先给用户一个马上能用上的好处。",
           slug="incentive-loop"),
)
FALLBACK = (
    Advice((), "第一步流失最多，通常要先改海报和投放渠道。", slug="fission-poster"),
    Advice((), "中间环节流失最多，把每一步用测试账号亲自走一遍，找出卡住的地方。", slug="live-code-setup"),
    Advice((), "最后一步流失最多，检查任务是否简单、奖励是否值得。", slug="fission-scripts"),
)


def advice_for_step(stage_name: str, index: int, steps: int) -> Advice:
    """The advice for the step that leads into ``stage_name`` (step ``index`` of ``steps``)."""
    for advice in STEP_ADVICE:
        if any(word in stage_name for word in advice.keywords):
            return advice
    if index == 0:
        return FALLBACK[0]
    if index == steps - 1:
        return FALLBACK[2]
    return FALLBACK[1]


def check(inputs: ReviewInputs) -> tuple[str, ...]:
    """Rules across items: no stage may gain people, and a rate needs people before it."""
    counts = inputs.counts
    for index in range(1, len(counts)):
        before, now = counts[index - 1], counts[index]
        if now > before:
            raise InputError({"counts": (
                f"“各环节人数”第 {index + 1} 项（{fmt.number(now, 0)} 人）多于第 {index} 项"
                f"（{fmt.number(before, 0)} 人）：后一环节的人来自前一环节，人数不会更多。请检查是否填反或漏了一个环节。"
            )})
    for index, value in enumerate(counts[:-1]):
        if value == 0:
            raise InputError({"counts": (
                f"“各环节人数”第 {index + 1} 项是 0 人，后面的环节就算不出转化率；"
                "只有最后一个环节可以是 0 人。"
            )})
    if inputs.plan_rates is not None and len(inputs.plan_rates) != len(counts) - 1:
        raise InputError({"plan_rates": (
            f"“计划转化率”有 {len(inputs.plan_rates)} 项，应有 {len(counts) - 1} 项："
            f"{len(counts)} 个环节之间有 {len(counts) - 1} 步，每一步一个计划转化率。"
        )})
    if inputs.stages is None:
        return ("启动量", *(f"第 {index} 环节" for index in range(2, len(counts) + 1)))
    if len(inputs.stages) != len(counts):
        raise InputError({"stages": (
            f"“各环节名称”有 {len(inputs.stages)} 项，应与“各环节人数”的 {len(counts)} 项一一对应。"
        )})
    return inputs.stages


def compute(inputs: ReviewInputs) -> ReviewOutputs:
    names = check(inputs)
    counts = inputs.counts
    rates = tuple(tidy(counts[i + 1] / counts[i]) for i in range(len(counts) - 1))
    steps = range(len(rates))
    lowest = min(steps, key=lambda i: (rates[i], i))
    planned = inputs.plan_rates
    attainment = planned_counts = None
    bottleneck = lowest
    if planned is not None:
        # Ties go to the earlier step, as without a plan: people lost early are lost to every later step.
        ratios = [counts[i + 1] / counts[i] / planned[i] for i in steps]
        bottleneck = min(steps, key=lambda i: (ratios[i], i))
        attainment = tuple(tidy(ratio) for ratio in ratios)
        carried = [float(counts[0])]
        for rate in planned:
            carried.append(carried[-1] * rate)
        planned_counts = tuple(tidy(value) for value in carried)
    return ReviewOutputs(
        stages=names,
        step_rates=rates,
        overall_rate=tidy(counts[-1] / counts[0]),
        bottleneck=bottleneck,
        lost=tuple(counts[i] - counts[i + 1] for i in range(len(counts) - 1)),
        lowest=lowest,
        plan_rates=planned,
        planned_counts=planned_counts,
        attainment=attainment,
    )


def step_name(out: ReviewOutputs, index: int) -> str:
    return f"{out.stages[index]} → {out.stages[index + 1]}"


def advice_paragraph(out: ReviewOutputs) -> str:
    weak = out.bottleneck
    advice = advice_for_step(out.stages[weak + 1], weak, len(out.step_rates))
    step = markup.esc(step_name(out, weak))
    rate = markup.esc(fmt.percent(out.step_rates[weak]))
    if out.plan_rates is None or out.attainment is None:
        return (
            f'<p class="qc-advice">转化率最低的是“{step}”这一步（{rate}）。{markup.esc(advice.text)}'
            f"参考：{markup.playbook_link(advice.slug)}。</p>"
            + markup.paragraph(spaced(
                "这里只比较了各步转化率的高低：有的步骤本来就低（例如从看到海报到扫码），最低的一步不一定最该改。"
                "填上活动前的“计划转化率”，就按实际与计划的差距找瓶颈。"
            ), "advice")
        )
    planned = markup.esc(fmt.percent(out.plan_rates[weak]))
    reached = markup.esc(fmt.percent(out.attainment[weak], 1))
    if out.attainment[weak] >= 1:
        return (
            f'<p class="qc-advice">每一步都达到或超过了计划。相对计划最弱的是“{step}”这一步'
            f"（实际 {rate}，计划 {planned}，达到计划的 {reached}）。"
            "下一场活动可以把计划定得更高，或把省下的预算用在扩大触达上。</p>"
        )
    return (
        f'<p class="qc-advice">与计划差距最大的是“{step}”这一步：实际 {rate}，计划 {planned}，'
        f"只达到计划的 {reached}。{markup.esc(advice.text)}参考：{markup.playbook_link(advice.slug)}。</p>"
    )


def render(inputs: ReviewInputs, out: ReviewOutputs) -> str:
    weak = out.bottleneck
    most_lost = max(range(len(out.lost)), key=lambda i: out.lost[i])
    items = [
        markup.Figure("整体转化率", fmt.percent(out.overall_rate, 4),
                      f"{fmt.number(inputs.counts[-1], 0)} / {fmt.number(inputs.counts[0], 0)} 人"),
    ]
    if out.plan_rates is not None and out.attainment is not None and out.planned_counts is not None:
        items += [
            markup.Figure("与计划差距最大的一步", step_name(out, weak),
                          f"实际 {fmt.percent(out.step_rates[weak])}，计划 {fmt.percent(out.plan_rates[weak])}"),
            markup.Figure("最后一步：实际与计划", fmt.with_unit(fmt.number(inputs.counts[-1], 0), "人"),
                          f"计划 {fmt.count(out.planned_counts[-1])} 人"),
        ]
    else:
        items.append(markup.Figure("转化率最低的一步", step_name(out, weak), f"转化率 {fmt.percent(out.step_rates[weak])}"))
    items.append(markup.Figure("流失最多的一步", step_name(out, most_lost), f"流失 {fmt.number(out.lost[most_lost], 0)} 人"))
    if out.plan_rates is not None and out.attainment is not None and out.planned_counts is not None:
        planned, reached, carried = out.plan_rates, out.attainment, out.planned_counts
        headers = ["环节", "实际人数（人）", "计划人数（人）", "实际转化率", "计划转化率", "实际 ÷ 计划", "本步流失（人）"]
        rows = [[out.stages[0], fmt.number(inputs.counts[0], 0), fmt.count(carried[0]), "—", "—", "—", "—"]]
        csv_rows: list[list[object]] = [[out.stages[0], inputs.counts[0], carried[0], "", "", "", ""]]
        for index, rate in enumerate(out.step_rates):
            rows.append([out.stages[index + 1], fmt.number(inputs.counts[index + 1], 0), fmt.count(carried[index + 1]),
                         fmt.percent(rate), fmt.percent(planned[index]), fmt.percent(reached[index], 1),
                         fmt.number(out.lost[index], 0)])
            csv_rows.append([out.stages[index + 1], inputs.counts[index + 1], carried[index + 1], rate, planned[index],
                             reached[index], out.lost[index]])
        chart = svg.columns(
            "各环节实际人数与计划人数折线图", out.stages,
            [("实际人数", [float(v) for v in inputs.counts]), ("计划人数", [float(v) for v in carried])],
        )
        table = markup.table("各环节实际与计划（计划人数按实际启动量和计划转化率推算）", headers, rows)
        csv_headers = ["环节", "实际人数", "计划人数", "实际转化率", "计划转化率", "实际÷计划", "本步流失"]
        csv = markup.csv_link("活动复盘.csv", csv_headers, csv_rows)
    else:
        rows = [[out.stages[0], fmt.number(inputs.counts[0], 0), "—", "—"]]
        csv_rows = [[out.stages[0], inputs.counts[0], "", ""]]
        for index, rate in enumerate(out.step_rates):
            rows.append([out.stages[index + 1], fmt.number(inputs.counts[index + 1], 0), fmt.percent(rate),
                         fmt.number(out.lost[index], 0)])
            csv_rows.append([out.stages[index + 1], inputs.counts[index + 1], rate, out.lost[index]])
        chart = svg.bars(
            "各环节实际人数条形图", out.stages, [float(v) for v in inputs.counts],
            [fmt.with_unit(fmt.number(v, 0), "人") for v in inputs.counts],
        )
        table = markup.table("各环节转化与流失", ["环节", "人数（人）", "本步转化率", "本步流失（人）"], rows)
        csv = markup.csv_link("活动复盘.csv", ["环节", "人数", "本步转化率", "本步流失"], csv_rows)
    return "".join([markup.figures(items), chart, advice_paragraph(out), table, csv])


CALCULATOR = Calculator(
    id="review",
    title="活动复盘",
    summary="填入活动实际记录的各环节人数，算出每一步的转化率、流失人数；填上计划转化率，就找出与计划差距最大的一步。",
    inputs=ReviewInputs,
    compute=compute,
    render=render,
)
