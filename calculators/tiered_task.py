"""阶梯任务与奖品库存 — an invite task with up to three tiers, each with a prize and a stock.

Each participant brings a random number of helpers with a chosen mean. A share of them leave
or unfollow and do not count. The valid helpers follow the same family of distribution with
the mean reduced accordingly (binomial thinning keeps a Poisson a Poisson and a geometric a
geometric). Everyone who reaches a tier claims its prize (tiers are claimed one after another,
so reaching tier 3 also claims tiers 1 and 2) while stock lasts. Participants start evenly over
the campaign, so a stock that covers a share s of the claims runs out after s of the days.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .kit import compliance, markup, sensitivity, svg
from .kit import format as fmt
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.sensitivity import Cell
from .kit.spec import Calculator
from .kit.typography import spaced

GEOMETRIC = "几何分布"
POISSON = "泊松分布"
DISTRIBUTIONS = (GEOMETRIC, POISSON)
TIERS = 3
PEOPLE_MAX = 10_000_000
NEED_MAX = 1_000
PRICE_MAX = 100_000
NOTHING = 1e-9  # fewer new members than a billionth of a person is none: no cost per member


def need(number: int, example: str) -> Any:
    later = "留空表示不设这一档。" if number > 1 else ""
    return field(f"第 {number} 档助力人数", Kind.INTEGER, unit="人", minimum=1, maximum=NEED_MAX, required=number == 1,
                 example=example, hint=f"拉满多少位有效助力好友能领第 {number} 档奖品；要比上一档多。{later}")


def prize(number: int, example: str) -> Any:
    return field(f"第 {number} 档奖品单价", Kind.NUMBER, unit="元", minimum=0, maximum=PRICE_MAX, required=number == 1,
                 example=example, hint="每份奖品折合多少元（虚拟奖品按边际成本算）。")


def stock(number: int, example: str) -> Any:
    return field(f"第 {number} 档库存", Kind.INTEGER, unit="份", minimum=0, maximum=PEOPLE_MAX, required=False,
                 example=example, hint="这一档一共有多少份奖品；留空表示不限量。")


@dataclass(frozen=True)
class TieredTaskInputs:
    participants: int = field("参与人数", Kind.INTEGER, unit="人", minimum=1, maximum=PEOPLE_MAX, example="1000",
                              hint="领了任务、开始邀请好友的人数。")
    mean: float = field("人均带来人数", Kind.NUMBER, unit="人", minimum=0, maximum=100, example="3",
                        hint="每位参与者平均实际带来多少位助力好友（点了助力的人，含事后退群、取关的），"
                             "不是发出了多少邀请；约等于裂变增长里的 K 因子。")
    distribution: str = field("带来人数的分布", Kind.CHOICE, choices=DISTRIBUTIONS, default=GEOMETRIC,
                              hint="几何分布：多数人只带来一两个，少数人带来很多，更接近真实活动（影响力大的人带来更多人）；"
                                   "泊松分布：人人差不多，拉满高档的人会少很多。")
    invalid: float = field("无效助力比例", Kind.RATE, default=0.0, example="0.2",
                           hint="助力好友里事后退群、取关的比例：这些助力不算数，也不算新增成员。")
    days: int = field("活动天数", Kind.INTEGER, unit="天", minimum=1, maximum=365, default=7,
                      hint="用来估算库存在第几天发完；假定参与者在活动期间均匀进来。")
    need1: int = need(1, "3")
    prize1: float = prize(1, "5")
    stock1: int | None = stock(1, "300")
    need2: int | None = need(2, "8")
    prize2: float | None = prize(2, "30")
    stock2: int | None = stock(2, "50")
    need3: int | None = need(3, "15")
    prize3: float | None = prize(3, "100")
    stock3: int | None = stock(3, "10")


@dataclass(frozen=True)
class Tier:
    need: int
    prize: float
    stock: int | None  # None = no limit


@dataclass(frozen=True)
class TierResult:
    need: int
    prize: float
    stock: int | None
    reach: float
    given: float
    left: float | None
    short: float
    runs_out: bool
    out_after: float | None  # participants started when the stock runs out
    out_day: float | None
    cost: float


@dataclass(frozen=True)
class TieredTaskOutputs:
    valid_mean: float
    tiers: tuple[TierResult, ...]
    prizes: float
    cost: float
    members: float
    invalid_helpers: float
    cost_per_member: float | None
    none_reached: float


def tiers_of(inputs: TieredTaskInputs) -> list[Tier]:
    """The tiers in use, checked: each needs more helpers than the one before, and has a prize."""
    tiers = [Tier(inputs.need1, inputs.prize1, inputs.stock1)]
    errors: dict[str, str] = {}
    rows = ((2, inputs.need2, inputs.prize2, inputs.stock2), (3, inputs.need3, inputs.prize3, inputs.stock3))
    for number, need, prize, stock in rows:
        # One problem at a time: a later tier is only checked against a sound earlier one.
        if need is None:
            if prize is not None or stock is not None:
                errors[f"need{number}"] = (
                    f"填了第 {number} 档的奖品单价或库存，却没填“第 {number} 档助力人数”；不设这一档就把三项都留空。"
                )
                break
            continue
        if len(tiers) < number - 1:
            errors[f"need{number}"] = f"“第 {number} 档助力人数”填了，但第 {number - 1} 档是空的：请先填第 {number - 1} 档。"
        elif prize is None:
            errors[f"prize{number}"] = f"“第 {number} 档奖品单价”不能为空：填了第 {number} 档助力人数，就要填这一档奖品的单价。"
        elif need <= tiers[-1].need:
            errors[f"need{number}"] = spaced(
                f"“第 {number} 档助力人数”（{need}人）应多于第 {number - 1} 档（{tiers[-1].need}人）："
                "阶梯越往上，要拉的人越多。"
            )
        else:
            tiers.append(Tier(need, prize, stock))
            continue
        break
    if errors:
        raise InputError(errors)
    return tiers


def tail(distribution: str, mean: float, need: int) -> float:
    """P(valid helpers ≥ need) for one participant."""
    if need <= 0:
        return 1.0
    if mean == 0:
        return 0.0
    if distribution == GEOMETRIC:
        return (mean / (1 + mean)) ** need
    return poisson_tail(mean, need)


def poisson_tail(mean: float, need: int) -> float:
    """P(X ≥ need) for a Poisson X, accurate in the far tail too.

    Below the mean, one minus the sum of the first terms; beyond it, the tail's own terms
    summed from P(X = need) (taken in logs, so it neither overflows nor underflows to a
    misleading value), which shrink at least geometrically.
    """
    if need <= mean:
        term = math.exp(-mean)
        below = 0.0
        for k in range(need):
            if k:
                term *= mean / k
            below += term
        return min(max(1.0 - below, 0.0), 1.0)
    term = math.exp(-mean + need * math.log(mean) - math.lgamma(need + 1))
    total = 0.0
    k = need
    while term > total * 1e-17 and term > 0.0:
        total += term
        k += 1
        term *= mean / k
    return min(total, 1.0)


@dataclass(frozen=True)
class Plan:
    """Unrounded results for one scenario (the sensitivity table runs several)."""

    valid_mean: float
    reach: list[float]
    given: list[float]
    cost: float
    members: float


def plan(inputs: TieredTaskInputs, tiers: list[Tier], mean: float, distribution: str) -> Plan:
    valid = mean * (1 - inputs.invalid)
    reach = [inputs.participants * tail(distribution, valid, tier.need) for tier in tiers]
    given = [value if tier.stock is None else min(value, float(tier.stock)) for value, tier in zip(reach, tiers, strict=True)]
    cost = sum(count * tier.prize for count, tier in zip(given, tiers, strict=True))
    return Plan(valid, reach, given, cost, inputs.participants * valid)


def compute(inputs: TieredTaskInputs) -> TieredTaskOutputs:
    tiers = tiers_of(inputs)
    result = plan(inputs, tiers, inputs.mean, inputs.distribution)
    rows = []
    for tier, reach, given in zip(tiers, result.reach, result.given, strict=True):
        runs_out = tier.stock is not None and reach > tier.stock
        share = tier.stock / reach if runs_out and tier.stock is not None else None
        rows.append(TierResult(
            need=tier.need,
            prize=tier.prize,
            stock=tier.stock,
            reach=tidy(reach),
            given=tidy(given),
            left=tidy(tier.stock - given) if tier.stock is not None else None,
            short=tidy(reach - given),
            runs_out=runs_out,
            out_after=tidy(inputs.participants * share) if share is not None else None,
            out_day=tidy(inputs.days * share) if share is not None else None,
            cost=tidy(given * tier.prize),
        ))
    helpers = inputs.participants * inputs.mean
    return TieredTaskOutputs(
        valid_mean=tidy(result.valid_mean),
        tiers=tuple(rows),
        prizes=tidy(sum(result.given)),
        cost=tidy(result.cost),
        members=tidy(result.members),
        invalid_helpers=tidy(helpers - result.members),
        cost_per_member=tidy(result.cost / result.members) if result.members >= NOTHING else None,
        none_reached=tidy(inputs.participants - result.reach[0]),
    )


# --- rendering -------------------------------------------------------------------------


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def stock_text(value: int | None) -> str:
    return "不限" if value is None else fmt.with_unit(fmt.number(value, 0), "份")


def out_text(item: TierResult, *, detail: bool = True) -> str:
    """When a tier's stock runs out: '约第 6 天（第 853 位参与者前后）', or '约第 6 天' in short."""
    if not item.runs_out or item.out_day is None or item.out_after is None:
        return "发不完"
    if item.out_after == 0:
        return "没有库存"
    day = f"约第 {math.ceil(item.out_day)} 天"
    return f"{day}（第 {fmt.count(item.out_after)} 位参与者前后）" if detail else day


def buckets(inputs: TieredTaskInputs, out: TieredTaskOutputs) -> list[tuple[str, float]]:
    """Participants by valid helpers: none, below the first tier, then each tier's band."""
    edges = [tier.need for tier in out.tiers]
    groups: list[tuple[str, float]] = []
    reach = [float(tier.reach) for tier in out.tiers]
    positive = inputs.participants * tail(inputs.distribution, out.valid_mean, 1)
    groups.append(("0 人", inputs.participants - positive))
    if edges[0] > 1:
        label = "1 人" if edges[0] == 2 else f"1–{edges[0] - 1} 人"
        groups.append((label, positive - reach[0]))
    for index, need in enumerate(edges):
        upper = edges[index + 1] - 1 if index + 1 < len(edges) else None
        band = reach[index] - (reach[index + 1] if upper is not None else 0.0)
        if upper is None:
            label = f"{need} 人及以上"
        elif upper == need:
            label = f"{need} 人"
        else:
            label = f"{need}–{upper} 人"
        groups.append((f"{label}（第 {index + 1} 档）", band))
    return [(label, max(value, 0.0)) for label, value in groups]


def sensitivity_rows(inputs: TieredTaskInputs) -> list[sensitivity.Row]:
    """The mean moved −20 % … +20 %, then the other distribution."""
    tiers = tiers_of(inputs)
    other = POISSON if inputs.distribution == GEOMETRIC else GEOMETRIC

    def row(mean: float, distribution: str) -> list[Cell]:
        result = plan(inputs, tiers, mean, distribution)
        reached = [Cell(people(value), tidy(value)) for value in result.reach] + [Cell("—", "")] * (TIERS - len(tiers))
        return [Cell(fmt.number(mean, 2), tidy(mean)), *reached, Cell(fmt.money(result.cost), tidy(result.cost)),
                Cell(people(result.members), tidy(result.members))]

    return [*sensitivity.steps(lambda change: row(inputs.mean * (1 + change), inputs.distribution)),
            (f"改用{other}", row(inputs.mean, other))]


def reading(inputs: TieredTaskInputs, out: TieredTaskOutputs) -> str:
    text = (
        f"去掉 {fmt.percent(inputs.invalid, 1)}无效助力后，每位参与者平均带来 {fmt.number(out.valid_mean, 2)}位有效好友，"
        f"一共约 {fmt.count(out.members)}位新成员；{fmt.count(out.none_reached)}人连第 1 档都没拉满。"
    )
    for number, item in enumerate(out.tiers, 1):
        if item.runs_out:
            if item.out_after == 0:
                text += f"第 {number}档没有库存，达到的 {fmt.count(item.reach)}人一个也领不到。"
            else:
                text += (
                    f"第 {number}档约 {fmt.count(item.reach)}人达到，库存 {item.stock}份会在{out_text(item)}发完，"
                    f"约 {fmt.count(item.short)}人领不到。"
                )
    if any(item.runs_out for item in out.tiers):
        text += (
            "每档的数量和“送完即止”要在活动开始前写进规则；活动中只能做追加库存这类对参与者有利的改动，"
            "不能临时提高门槛或减少奖品，已经达到的人必须兑现。"
        )
    else:
        text += "按这组数字，每一档的库存都够发。"
    return spaced(text)


def render(inputs: TieredTaskInputs, out: TieredTaskOutputs) -> str:
    items = [
        markup.Figure("新增成员", people(out.members), f"有效助力，已去掉 {fmt.count(out.invalid_helpers)} 位无效助力"),
        markup.Figure("奖品成本", fmt.money(out.cost), f"发出 {fmt.count(out.prizes)} 份"),
        markup.Figure("每位新成员成本", fmt.money(out.cost_per_member) if out.cost_per_member is not None else "—",
                      "奖品成本 ÷ 新增成员"),
    ]
    for number, item in enumerate(out.tiers, 1):
        items.append(markup.Figure(f"第 {number} 档达到", people(item.reach),
                                   f"库存{out_text(item, detail=False) + '发完' if item.runs_out else '够发'}"
                                   if item.stock is not None else "库存不限"))
    groups = buckets(inputs, out)
    chart = svg.bars("按有效助力人数分组的参与者条形图", [label for label, _ in groups], [value for _, value in groups],
                     [people(value) for _, value in groups])
    group_rows = [[label, fmt.count(value), fmt.percent(value / inputs.participants, 1)] for label, value in groups]
    rows = []
    csv_rows: list[list[object]] = []
    for number, item in enumerate(out.tiers, 1):
        rows.append([f"第 {number} 档", fmt.with_unit(str(item.need), "人"), fmt.money(item.prize), stock_text(item.stock),
                     fmt.count(item.reach), fmt.count(item.given), "—" if item.left is None else fmt.count(item.left),
                     fmt.count(item.short), out_text(item, detail=False), fmt.money(item.cost)])
        csv_rows.append([number, item.need, item.prize, "" if item.stock is None else item.stock, item.reach, item.given,
                         "" if item.left is None else item.left, item.short, "" if item.out_day is None else item.out_day,
                         item.cost])
    tier_headers = [f"第 {number} 档达到" for number in range(1, TIERS + 1)]
    sens = sensitivity.section(
        "敏感性：人均带来人数变动、或换一种分布时各档达到人数",
        ["人均带来人数变动", "人均带来（人）", *tier_headers, "奖品成本", "新增成员"], sensitivity_rows(inputs),
        csv_name="阶梯任务-敏感性.csv",
        csv_headers=["人均带来人数变动", "人均带来", *tier_headers, "奖品成本（元）", "新增成员"],
    )
    links = (
        f'<p>奖品怎么选才能边际成本低，见{markup.playbook_link("bait-design")}；'
        f'引导福利和动作怎么绑定，见{markup.playbook_link("incentive-loop")}；'
        f'奖品快发完时怎么公告，见{markup.playbook_link("campaign-monitoring")}。</p>'
    )
    return "".join([
        markup.figures(items),
        markup.paragraph(reading(inputs, out), "advice"),
        chart,
        markup.table(f"按有效助力人数分组的参与者（{inputs.distribution}）", ["有效助力", "参与者（人）", "占比"],
                     group_rows),
        markup.table("各档达到人数、库存与成本（期望值）",
                     ["档位", "助力人数", "奖品单价", "库存", "达到（人）", "发出（份）", "剩余（份）", "领不到（人）",
                      "库存发完", "成本"], rows),
        sens.table,
        compliance.note(compliance.induced_sharing("邀请好友助力领奖品"),
                        compliance.prize_promotion("阶梯奖品")),
        links,
        markup.csv_link("阶梯任务.csv", ["档位", "助力人数", "奖品单价（元）", "库存", "达到人数", "发出份数", "剩余份数",
                                      "领不到人数", "库存发完（第几天）", "成本（元）"], csv_rows),
        sens.csv,
    ])


CALCULATOR = Calculator(
    id="tiered_task",
    title="阶梯任务与奖品库存",
    summary="按参与人数、人均带来人数和无效助力比例，算出最多三档阶梯任务各有多少人达到、库存哪天发完、发出多少奖品、花多少钱、带来多少新成员。",
    inputs=TieredTaskInputs,
    compute=compute,
    render=render,
)
