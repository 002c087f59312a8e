"""活动复盘 — read a finished campaign's actual numbers: step rates, losses and the bottleneck."""

from __future__ import annotations

from dataclasses import dataclass

from . import format as fmt
from . import markup, svg
from .errors import InputError
from .fields import Field, Kind
from .numbers import tidy
from .playbook_links import advice_for_step, playbook_href
from .spec import Calculator


@dataclass(frozen=True)
class ReviewInputs:
    counts: tuple[int, ...]
    stages: tuple[str, ...] | None


@dataclass(frozen=True)
class ReviewOutputs:
    stages: tuple[str, ...]
    step_rates: tuple[float, ...]
    overall_rate: float
    bottleneck: int
    lost: tuple[int, ...]


FIELDS = (
    Field("counts", "各环节人数", Kind.INTEGERS, unit="人", minimum=0, maximum=1_000_000_000, min_items=2,
          example="20000,3000,1800,600",
          hint="实际记录到的人数，第一个是启动量，依次如扫码、入群、完成任务，用逗号分隔。"),
    Field("stages", "各环节名称", Kind.TEXTS, required=False, max_length=20, min_items=2,
          example="启动量,扫码,入群,完成任务", hint="与人数一一对应，可留空。"),
)


def check(inputs: ReviewInputs) -> tuple[str, ...]:
    """Rules across items: no stage may gain people, and a rate needs people before it."""
    counts = inputs.counts
    for index in range(1, len(counts)):
        before, now = counts[index - 1], counts[index]
        if now > before:
            raise InputError({"counts": (
                f"「各环节人数」第 {index + 1} 项（{fmt.number(now, 0)} 人）多于第 {index} 项"
                f"（{fmt.number(before, 0)} 人）：后一环节的人来自前一环节，人数不会更多。请检查是否填反或漏了一个环节。"
            )})
    for index, value in enumerate(counts[:-1]):
        if value == 0:
            raise InputError({"counts": (
                f"「各环节人数」第 {index + 1} 项是 0 人，后面的环节就算不出转化率；"
                "只有最后一个环节可以是 0 人。"
            )})
    if inputs.stages is None:
        return ("启动量", *(f"第 {index} 环节" for index in range(2, len(counts) + 1)))
    if len(inputs.stages) != len(counts):
        raise InputError({"stages": (
            f"「各环节名称」有 {len(inputs.stages)} 项，应与「各环节人数」的 {len(counts)} 项一一对应。"
        )})
    return inputs.stages


def compute(inputs: ReviewInputs) -> ReviewOutputs:
    names = check(inputs)
    counts = inputs.counts
    rates = tuple(tidy(counts[i + 1] / counts[i]) for i in range(len(counts) - 1))
    bottleneck = min(range(len(rates)), key=lambda i: (rates[i], i))
    return ReviewOutputs(
        stages=names,
        step_rates=rates,
        overall_rate=tidy(counts[-1] / counts[0]),
        bottleneck=bottleneck,
        lost=tuple(counts[i] - counts[i + 1] for i in range(len(counts) - 1)),
    )


def step_name(out: ReviewOutputs, index: int) -> str:
    return f"{out.stages[index]} → {out.stages[index + 1]}"


def render(inputs: ReviewInputs, out: ReviewOutputs) -> str:
    weak = out.bottleneck
    advice = advice_for_step(out.stages[weak + 1], weak, len(out.step_rates))
    items = [
        markup.Figure("整体转化率", fmt.percent(out.overall_rate, 4),
                      f"{fmt.number(inputs.counts[-1], 0)} / {fmt.number(inputs.counts[0], 0)} 人"),
        markup.Figure("最弱的一步", step_name(out, weak), f"转化率 {fmt.percent(out.step_rates[weak])}"),
        markup.Figure("流失最多的一步", step_name(out, max(range(len(out.lost)), key=lambda i: out.lost[i])),
                      f"流失 {fmt.number(max(out.lost), 0)} 人"),
    ]
    rows = [[out.stages[0], fmt.number(inputs.counts[0], 0), "—", "—"]]
    csv_rows: list[list[object]] = [[out.stages[0], inputs.counts[0], "", ""]]
    for index, rate in enumerate(out.step_rates):
        rows.append([out.stages[index + 1], fmt.number(inputs.counts[index + 1], 0), fmt.percent(rate),
                     fmt.number(out.lost[index], 0)])
        csv_rows.append([out.stages[index + 1], inputs.counts[index + 1], rate, out.lost[index]])
    chart = svg.bars(
        "各环节实际人数条形图", out.stages, [float(v) for v in inputs.counts],
        [fmt.with_unit(fmt.number(v, 0), "人") for v in inputs.counts],
    )
    advice_html = (
        f'<p class="qc-advice">瓶颈在「{markup.esc(step_name(out, weak))}」这一步'
        f"（转化率 {markup.esc(fmt.percent(out.step_rates[weak]))}）。{markup.esc(advice.text)}"
        f"参考：{markup.link(advice.title, playbook_href(advice.slug))}。</p>"
    )
    return "".join([
        markup.figures(items),
        chart,
        advice_html,
        markup.table("各环节转化与流失", ["环节", "人数（人）", "本步转化率", "本步流失（人）"], rows),
        markup.csv_link("活动复盘.csv", ["环节", "人数", "本步转化率", "本步流失"], csv_rows),
    ])


CALCULATOR = Calculator(
    id="review",
    title="活动复盘",
    summary="填入活动实际记录的各环节人数，算出每一步的转化率、流失人数，找出瓶颈环节。",
    fields=FIELDS,
    inputs=ReviewInputs,
    compute=compute,
    render=render,
)
