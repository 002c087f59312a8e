"""裂变增长 — how far a referral campaign spreads, generation by generation, from its K factor."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .kit import compliance, markup, sensitivity, svg
from .kit import format as fmt
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.sensitivity import Cell
from .kit.site import Fact, site
from .kit.spec import Calculator
from .kit.typography import spaced

# Beyond this many people the numbers mean nothing (and floats start to lose whole people).
CEILING = 1e15
CEILING_TEXT = "1,000 万亿"
SCAN = "扫码入群"
INVITE = "邀请入群"
# How newcomers join decides how full a group can get: scanning the group's QR code stops at one
# limit, after that only members' invitations work, up to the group's size limit.
ROUTE_LIMITS = {SCAN: "wechat.group.scan_join_limit", INVITE: "wechat.group.max_members"}


def limit_of(route: str) -> Fact:
    return site().fact(ROUTE_LIMITS[route])


@dataclass(frozen=True)
class FissionInputs:
    seeds: int = field("种子用户", Kind.INTEGER, unit="人", minimum=1, maximum=10_000_000, example="100",
                       hint="第 0 代：活动开始时由你直接触达、会参与推荐的人。")
    invites: float = field("人均发出邀请数", Kind.NUMBER, unit="人", minimum=0, maximum=100, example="3",
                           hint="每个新成员平均向多少人发出邀请（发出的邀请，不是最后加入的人），"
                                "例如宝宝学英语的“邀请 3 位好友”；乘以邀请转化率才是 K 因子。")
    conversion: float = field("邀请转化率", Kind.RATE, example="0.3",
                              hint="收到邀请的人里最终加入的比例，可写 0.3 或 30%。")
    generations: int = field("裂变代数", Kind.INTEGER, unit="代", minimum=1, maximum=60, example="10",
                             hint="算到第几代；种子是第 0 代。")
    cycle_days: float = field("每代天数", Kind.NUMBER, unit="天", minimum=0.1, maximum=365, default=1.0,
                              hint="新成员从入群到带来下一代平均要几天，默认 1 天。")
    market: int = field("市场规模", Kind.INTEGER, unit="人", minimum=0, maximum=2_000_000_000, default=0,
                        hint="最多可能加入的人数（目标人群、奖励库存等），0 表示不设上限。")
    join_route: str = field("入群方式", Kind.CHOICE, choices=(SCAN, INVITE), default=SCAN,
                            hint=f"新成员怎么入群，决定一个群能装多少人：扫群二维码入群满 {limit_of(SCAN).text}就停止，"
                                 f"之后只能由群成员邀请，邀请入群最多到 {limit_of(INVITE).text}。")
    group_cap: int | None = field("每群人数上限", Kind.INTEGER, unit="人", minimum=0, maximum=100_000, required=False,
                                  hint="想自己定一个群放多少人（例如给助手机器人留一个名额）就填这里；"
                                       "留空或填 0 就按入群方式取平台上限。")


@dataclass(frozen=True)
class FissionOutputs:
    k: float
    new: tuple[float, ...]
    cumulative: tuple[float, ...]
    total: float
    days: float
    group_size: int
    groups_needed: int
    limit: float | None


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
            f"“市场规模”（{fmt.number(inputs.market, 0)}人）小于“种子用户”（{fmt.number(inputs.seeds, 0)}人）："
            "种子用户本身就在市场里，市场规模应不小于种子用户，或填 0 表示不设上限。"
        )})
    if inputs.group_cap == 1:
        raise InputError({"group_cap": (
            "“每群人数上限”应为 2 到 100,000 人之间的整数（留空或填 0 就按入群方式取平台上限），收到的是“1”。"
        )})


def group_size(inputs: FissionInputs) -> int:
    """Members per group: the reader's own cap, or the platform limit of the join route."""
    return inputs.group_cap if inputs.group_cap else limit_of(inputs.join_route).count


def compute(inputs: FissionInputs) -> FissionOutputs:
    check(inputs)
    k = inputs.invites * inputs.conversion
    new, cumulative = grow(inputs.seeds, k, inputs.generations, inputs.market)
    if cumulative[-1] > CEILING:
        most = max_generations(inputs.seeds, k, inputs.generations)
        raise InputError({"generations": spaced(
            f"按 K = {fmt.number(k, 4)}、“裂变代数”{inputs.generations}代计算，累计人数会超过{CEILING_TEXT}人，"
            f"远超任何真实市场，结果已没有意义。请把代数减到{most}代以内，或填写“市场规模”。"
        )})
    total = tidy(cumulative[-1])
    size = group_size(inputs)
    return FissionOutputs(
        k=tidy(k),
        new=tuple(tidy(value) for value in new),
        cumulative=tuple(tidy(value) for value in cumulative),
        total=total,
        days=tidy(inputs.generations * inputs.cycle_days),
        group_size=size,
        groups_needed=math.ceil(total / size),
        limit=tidy(inputs.seeds / (1 - k)) if k < 1 else None,
    )


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def outlook(inputs: FissionInputs, out: FissionOutputs) -> str:
    """The plain-words reading of K: fades out toward a limit, or grows until stopped."""
    k = fmt.number(out.k, 4)
    market = inputs.market
    if out.k == 0:
        return spaced("K = 0：没有人带来新成员，活动只停留在种子用户这一代。"
                      "先看内容本身值不值得推荐、推荐起来方不方便；不要用奖励去换转发和邀请。")
    if out.limit is not None:
        text = (
            f"K = {k}，小于 1：每一代都比上一代少，活动会自然熄火。不管跑多少代，"
            f"累计人数只会逐渐接近“种子用户 ÷（1 − K）”≈ {fmt.count(out.limit)} 人。"
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


def group_reading(inputs: FissionInputs, out: FissionOutputs) -> str:
    """Which group size the number of groups rests on, and why."""
    groups = fmt.number(out.groups_needed, 0)
    if inputs.group_cap:
        return spaced(f"需要的群按你填的每群人数上限 {fmt.number(out.group_size, 0)}人算，共 {groups}个群。")
    limit = limit_of(inputs.join_route)
    if inputs.join_route == SCAN:
        why = "群满这个人数后只能由群成员邀请入群，所以活码要在这之前切到下一个群"
        other = f"新成员由群成员邀请入群的，选“{INVITE}”（每群最多 {limit_of(INVITE).text}）。"
    else:
        why = "新成员由群成员邀请入群，一个群最多装到这个人数"
        other = f"新成员扫群二维码入群的，选“{SCAN}”（每群 {limit_of(SCAN).text}）。"
    return spaced(
        f"需要的群按{inputs.join_route}算，每群 {limit.text}：{limit.title}是 {limit.text}（{limit.standing}），"
        f"{why}。共 {groups}个群；{other}"
    )


def sensitivity_rows(inputs: FissionInputs) -> list[sensitivity.Row]:
    def row(change: float) -> list[Cell]:
        invites = inputs.invites * (1 + change)
        k = invites * inputs.conversion
        _, cumulative = grow(inputs.seeds, k, inputs.generations, inputs.market)
        if cumulative[-1] > CEILING or len(cumulative) <= inputs.generations:
            total = Cell(f"超过 {CEILING_TEXT} 人", "")
        else:
            total = Cell(people(cumulative[-1]), tidy(cumulative[-1]))
        return [Cell(fmt.number(invites, 2), tidy(invites)), Cell(fmt.number(k, 4), tidy(k)), total]

    return sensitivity.steps(row)


def render(inputs: FissionInputs, out: FissionOutputs) -> str:
    generations = inputs.generations
    items = [
        markup.Figure("K 因子", fmt.number(out.k, 4),
                      f"{fmt.number(inputs.invites, 2)} 人 × {fmt.percent(inputs.conversion)}"),
        markup.Figure(f"第 {generations} 代后累计", people(out.total),
                      f"约 {fmt.number(out.days, 1)} 天，含种子 {fmt.number(inputs.seeds, 0)} 人"),
        markup.Figure("需要的群", fmt.with_unit(fmt.number(out.groups_needed, 0), "个"),
                      f"每群 {fmt.number(out.group_size, 0)} 人（{'你填的上限' if inputs.group_cap else inputs.join_route}）"),
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
    sens = sensitivity.section(
        f"敏感性：人均发出邀请数变动时第 {generations} 代后的累计人数",
        ["人均发出邀请数变动", "人均发出邀请数（人）", "K 因子", "累计人数"], sensitivity_rows(inputs),
        csv_name="裂变增长-敏感性.csv", csv_headers=["人均发出邀请数变动", "人均发出邀请数", "K 因子", "累计人数"],
    )
    flow = (
        f'<p>人数怎么接住、活动怎么排期，见{markup.playbook_link("fission-campaign-flow")}'
        f'和{markup.playbook_link("expansion-rhythm")}。</p>'
    )
    return "".join([
        markup.figures(items),
        markup.paragraph(outlook(inputs, out), "advice"),
        markup.paragraph(group_reading(inputs, out), "advice"),
        chart,
        markup.table("各代新增与累计人数", ["代", "第几天结束", "新增（人）", "累计（人）"], rows),
        sens.table,
        compliance.note(compliance.induced_sharing("靠奖励带动转发和邀请的裂变活动"),
                        compliance.prize_promotion("为拉新送出的奖品")),
        flow,
        markup.csv_link("裂变增长.csv", ["代", "第几天结束", "新增", "累计"], csv_rows),
        sens.csv,
    ])


CALCULATOR = Calculator(
    id="fission",
    title="裂变增长",
    summary="从种子用户、人均发出邀请数和邀请转化率算出 K 因子，逐代推算裂变能带来多少人、按入群方式要准备几个群。",
    inputs=FissionInputs,
    compute=compute,
    render=render,
)
