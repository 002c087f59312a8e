"""活动漏斗 — plan a campaign forward from its reach, or backward from a target."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .kit import format as fmt
from .kit import markup, svg
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import product, tidy
from .kit.spec import Calculator

REACH_LABEL = "触达"


@dataclass(frozen=True)
class FunnelInputs:
    reach: int = field("触达人数", Kind.INTEGER, unit="人", minimum=1, maximum=1_000_000_000, example="50000",
                       hint="看到活动的人数，例如海报曝光、推送送达人数（启动量）。")
    rates: tuple[float, ...] = field("各步转化率", Kind.RATES, positive=True, example="0.4,0.25,0.1",
                                     hint="每一步留下的比例，用逗号分隔，可写 0.4 或 40%。")
    stages: tuple[str, ...] | None = field("各步名称", Kind.TEXTS, required=False, max_length=20,
                                           example="扫码,入群,完成任务", hint="与转化率一一对应，可留空。")
    target: int | None = field("目标人数", Kind.INTEGER, unit="人", minimum=1, maximum=1_000_000_000, required=False,
                               example="1000", hint="想在最后一步得到多少人；填了就反推需要的触达人数，可留空。")


@dataclass(frozen=True)
class FunnelOutputs:
    stages: tuple[str, ...]
    counts: tuple[float, ...]
    overall_rate: float
    required_reach: float | None


def stage_names(rates: tuple[float, ...], stages: tuple[str, ...] | None, field_label: str) -> tuple[str, ...]:
    """The names of the steps; generic ones when none are given."""
    if stages is None:
        return tuple(f"第 {index} 步" for index in range(1, len(rates) + 1))
    if len(stages) != len(rates):
        raise InputError({
            "stages": f"“各步名称”有 {len(stages)} 项，应与“{field_label}”的 {len(rates)} 项一一对应。"
        })
    return stages


def compute(inputs: FunnelInputs) -> FunnelOutputs:
    names = stage_names(inputs.rates, inputs.stages, "各步转化率")
    counts = [float(inputs.reach)]
    for rate in inputs.rates:
        counts.append(counts[-1] * rate)
    overall = product(inputs.rates)
    required = tidy(inputs.target / overall) if inputs.target is not None else None
    return FunnelOutputs(
        stages=(REACH_LABEL, *names),
        counts=tuple(tidy(value) for value in counts),
        overall_rate=tidy(overall),
        required_reach=required,
    )


def render(inputs: FunnelInputs, out: FunnelOutputs) -> str:
    last = out.counts[-1]
    items = [
        markup.Figure(f"最后一步（{out.stages[-1]}）", fmt.with_unit(fmt.count(last), "人")),
        markup.Figure("整体转化率", fmt.percent(out.overall_rate, 4)),
    ]
    if out.required_reach is not None and inputs.target is not None:
        items.append(markup.Figure(
            "要达到目标需触达", fmt.with_unit(fmt.number(math.ceil(out.required_reach), 0), "人"),
            f"目标 {fmt.number(inputs.target, 0)} 人",
        ))
    rows = []
    csv_rows: list[list[object]] = []
    for index, (name, value) in enumerate(zip(out.stages, out.counts, strict=True)):
        step = "—" if index == 0 else fmt.percent(inputs.rates[index - 1])
        cumulative = value / out.counts[0]
        rows.append([name, fmt.count(value), step, fmt.percent(cumulative, 4)])
        csv_rows.append([name, value, "" if index == 0 else inputs.rates[index - 1], tidy(cumulative)])
    headers = ["环节", "人数（人）", "本步转化率", "累计转化率"]
    chart = svg.bars(
        "各环节人数条形图", out.stages, out.counts, [fmt.with_unit(fmt.count(v), "人") for v in out.counts]
    )
    parts = [markup.figures(items), chart, markup.table("各环节人数", headers, rows)]
    if out.required_reach is not None and inputs.target is not None:
        gap = out.required_reach - inputs.reach
        if gap > 0:
            parts.append(markup.paragraph(
                f"按这组转化率，要在最后一步得到 {fmt.number(inputs.target, 0)} 人，需要触达约 "
                f"{fmt.number(math.ceil(out.required_reach), 0)} 人，比现在多 {fmt.number(math.ceil(gap), 0)} 人；"
                "也可以先提高最弱一步的转化率。", "advice"))
        else:
            parts.append(markup.paragraph(
                f"现在的触达人数已经足够：按这组转化率，最后一步约有 {fmt.count(last)} 人，"
                f"超过目标 {fmt.number(inputs.target, 0)} 人。", "advice"))
    parts.append(markup.csv_link("活动漏斗.csv", ["环节", "人数", "本步转化率", "累计转化率"], csv_rows))
    return "".join(parts)


CALCULATOR = Calculator(
    id="funnel",
    title="活动漏斗",
    summary="从触达人数和每一步的转化率，算出每个环节会剩下多少人；或从目标人数反推要触达多少人。",
    inputs=FunnelInputs,
    compute=compute,
    render=render,
)
