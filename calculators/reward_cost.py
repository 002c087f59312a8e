"""奖励成本 — what a campaign's four incentive types, tools and labour cost, in total and per person."""

from __future__ import annotations

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

MONEY_MAX = 100_000_000
UNIT_MAX = 100_000
PEOPLE_MAX = 1_000_000_000
TYPE_NAMES = {"attract": "吸引福利", "guide": "引导福利", "loyal": "老用户福利", "hidden": "隐藏福利"}


def money(label: str, example: str, hint: str, *, maximum: float = UNIT_MAX) -> Any:
    return field(label, Kind.NUMBER, unit="元", minimum=0, maximum=maximum, default=0.0, example=example, hint=hint)


@dataclass(frozen=True)
class RewardCostInputs:
    joiners: int = field("入群人数", Kind.INTEGER, unit="人", minimum=0, maximum=PEOPLE_MAX, example="1000",
                         hint="活动期间真实加入的人数（不含刷单的假号），可用活动漏斗估算。")
    attract_cost: float = money("吸引福利单价", "2", "每个入群的人都能领的福利，折合每人多少元，如体验课、资料包的边际成本。")
    completers: int = field("完成任务人数", Kind.INTEGER, unit="人", minimum=0, maximum=PEOPLE_MAX, example="300",
                            hint="完成学习、打卡、体验这类任务的人数，不超过入群人数。")
    guide_cost: float = money("引导福利单价", "10", "完成任务的人每人领到的奖励折合多少元，如宝宝学英语的小礼品。")
    existing: int = field("老成员人数", Kind.INTEGER, unit="人", minimum=0, maximum=PEOPLE_MAX, default=0, example="2000",
                          hint="可以领老用户福利的老成员人数，没有就填 0。")
    loyal_cost: float = money("老用户福利单价", "5", "每位老成员领一次折合多少元。")
    loyal_take: float = field("老成员领取率", Kind.RATE, default=0.0, example="0.1",
                              hint="老成员里实际来领的比例，可写 0.1 或 10%。")
    hidden_share: float = field("隐藏福利比例", Kind.RATE, default=0.0, example="0.2",
                                hint="完成任务的人里，事后收到惊喜（隐藏福利）的比例。")
    hidden_cost: float = money("隐藏福利单价", "20", "每份隐藏福利折合多少元。")
    fraud_rate: float = field("刷单比例", Kind.RATE, maximum=0.9, default=0.0, example="0.05",
                              hint="领奖的人里假号、重复号所占的比例：奖励照发，却没带来真人。")
    tool_cost: float = money("工具费用", "300", "裂变工具、活码、群管理工具等本次活动的费用。", maximum=MONEY_MAX)
    labor_hours: float = field("人工工时", Kind.NUMBER, unit="小时", minimum=0, maximum=1_000_000, default=0.0, example="40",
                               hint="策划、设计、审核、答疑、值班一共多少小时。")
    hourly_rate: float = field("每小时人工成本", Kind.NUMBER, unit="元", minimum=0, maximum=10_000, default=0.0, example="50",
                               hint="折合每小时多少元（工资、社保等）。")
    other_cost: float = money("其他费用", "", "物流、投放、设计外包等其他费用。", maximum=MONEY_MAX)
    new_users: int | None = field("新增用户数", Kind.INTEGER, unit="人", minimum=0, maximum=PEOPLE_MAX, required=False,
                                  hint="用来算人均获客成本；留空则等于入群人数。")
    budget: float | None = field("预算", Kind.NUMBER, unit="元", minimum=0, maximum=MONEY_MAX, required=False, example="10000",
                                 hint="本次活动的预算上限，可留空。")
    value_per_user: float | None = field(
        "每位新用户价值", Kind.NUMBER, unit="元", minimum=0, maximum=UNIT_MAX, required=False, example="30",
        hint="一位新用户预计带来的收入（毛利），用来算投入产出比（ROI），可留空。")


@dataclass(frozen=True)
class ByType:
    attract: float
    guide: float
    loyal: float
    hidden: float


@dataclass(frozen=True)
class RewardCostOutputs:
    by_type: ByType
    rewards: float
    labor: float
    total: float
    per_new_user: float | None
    per_completer: float | None
    budget_left: float | None
    roi: float | None


def check(inputs: RewardCostInputs) -> None:
    if inputs.completers > inputs.joiners:
        raise InputError({"completers": spaced(
            f"“完成任务人数”（{fmt.number(inputs.completers, 0)}人）多于“入群人数”"
            f"（{fmt.number(inputs.joiners, 0)}人）：完成任务的人来自入群的人，不会更多。"
        )})


def reward_types(inputs: RewardCostInputs, scale: float = 1.0) -> ByType:
    """The four reward spends, unit costs times ``scale``, raised for the claims fraud takes."""
    uplift = 1 / (1 - inputs.fraud_rate)
    return ByType(
        attract=inputs.joiners * inputs.attract_cost * scale * uplift,
        guide=inputs.completers * inputs.guide_cost * scale * uplift,
        loyal=inputs.existing * inputs.loyal_take * inputs.loyal_cost * scale * uplift,
        hidden=inputs.completers * inputs.hidden_share * inputs.hidden_cost * scale * uplift,
    )


def rewards_of(types: ByType) -> float:
    return types.attract + types.guide + types.loyal + types.hidden


def total_of(inputs: RewardCostInputs, scale: float = 1.0) -> float:
    return (rewards_of(reward_types(inputs, scale)) + inputs.tool_cost
            + inputs.labor_hours * inputs.hourly_rate + inputs.other_cost)


def new_users(inputs: RewardCostInputs) -> int:
    return inputs.joiners if inputs.new_users is None else inputs.new_users


def compute(inputs: RewardCostInputs) -> RewardCostOutputs:
    check(inputs)
    types = reward_types(inputs)
    rewards = rewards_of(types)
    labor = inputs.labor_hours * inputs.hourly_rate
    total = rewards + inputs.tool_cost + labor + inputs.other_cost
    users = new_users(inputs)
    roi = None
    if inputs.value_per_user is not None and total > 0:
        roi = tidy((inputs.value_per_user * users - total) / total)
    return RewardCostOutputs(
        by_type=ByType(tidy(types.attract), tidy(types.guide), tidy(types.loyal), tidy(types.hidden)),
        rewards=tidy(rewards),
        labor=tidy(labor),
        total=tidy(total),
        per_new_user=tidy(total / users) if users else None,
        per_completer=tidy(total / inputs.completers) if inputs.completers else None,
        budget_left=tidy(inputs.budget - total) if inputs.budget is not None else None,
        roi=roi,
    )


def items(inputs: RewardCostInputs, out: RewardCostOutputs) -> list[tuple[str, float]]:
    return [
        (TYPE_NAMES["attract"], out.by_type.attract),
        (TYPE_NAMES["guide"], out.by_type.guide),
        (TYPE_NAMES["loyal"], out.by_type.loyal),
        (TYPE_NAMES["hidden"], out.by_type.hidden),
        ("工具", inputs.tool_cost),
        ("人工", out.labor),
        ("其他", inputs.other_cost),
    ]


def share(value: float, total: float) -> float:
    return value / total if total > 0 else 0.0


def summary_text(inputs: RewardCostInputs, out: RewardCostOutputs) -> str:
    text = f"四类福利一共 {fmt.money(out.rewards)}"
    if inputs.fraud_rate > 0:
        genuine = out.rewards * (1 - inputs.fraud_rate)
        text += (
            f"，其中约 {fmt.money(out.rewards - genuine)}发给了假号或重复领取的人"
            f"（刷单比例 {fmt.percent(inputs.fraud_rate)}，下表各类福利的金额都已含这部分损耗）"
        )
    text += "。"
    if out.budget_left is not None:
        if out.budget_left >= 0:
            text += f"预算还剩 {fmt.money(out.budget_left)}。"
        else:
            text += f"超出预算 {fmt.money(-out.budget_left)}：先看占比最大的一项能不能换成边际成本更低的奖励。"
    if out.roi is not None:
        text += (
            f"按每位新用户价值 {fmt.money(inputs.value_per_user or 0)}算，投入产出比（ROI）为 {fmt.percent(out.roi, 1)}"
            + ("，收回了成本。" if out.roi >= 0 else "，还没收回成本。")
        )
    return spaced(text)


def sensitivity_rows(inputs: RewardCostInputs) -> list[sensitivity.Row]:
    users = new_users(inputs)

    def row(change: float) -> list[Cell]:
        scale = 1 + change
        rewards = rewards_of(reward_types(inputs, scale))
        total = total_of(inputs, scale)
        per_user = Cell(fmt.money(total / users), tidy(total / users)) if users else Cell("—", "")
        return [Cell(fmt.money(rewards), tidy(rewards)), Cell(fmt.money(total), tidy(total)), per_user]

    return sensitivity.steps(row)


def render(inputs: RewardCostInputs, out: RewardCostOutputs) -> str:
    users = new_users(inputs)
    figures = [
        markup.Figure("总成本", fmt.money(out.total),
                      f"奖励 {fmt.money(out.rewards)}，人工 {fmt.money(out.labor)}"),
        markup.Figure("人均获客成本", fmt.money(out.per_new_user) if out.per_new_user is not None else "—",
                      f"按新增 {fmt.number(users, 0)} 人"),
        markup.Figure("每位完成者成本", fmt.money(out.per_completer) if out.per_completer is not None else "—",
                      f"按完成任务 {fmt.number(inputs.completers, 0)} 人"),
    ]
    if out.budget_left is not None:
        figures.append(markup.Figure(
            "预算结余" if out.budget_left >= 0 else "超出预算", fmt.money(abs(out.budget_left)),
            f"预算 {fmt.money(inputs.budget or 0)}",
        ))
    if out.roi is not None:
        figures.append(markup.Figure("投入产出比（ROI）", fmt.percent(out.roi, 1), "（新用户价值 − 总成本）÷ 总成本"))
    parts = items(inputs, out)
    labels = [name for name, _ in parts]
    values = [value for _, value in parts]
    shares = [share(value, out.total) for value in values]
    chart = svg.bars("各项成本占比条形图", labels, shares, [fmt.percent(value, 1) for value in shares])
    rows = [[name, fmt.number(value, 2), fmt.percent(part, 1)] for (name, value), part in zip(parts, shares, strict=True)]
    rows.append(["合计", fmt.number(out.total, 2), "100%" if out.total > 0 else "0%"])
    csv_rows: list[list[object]] = [[name, value, tidy(part)] for (name, value), part in zip(parts, shares, strict=True)]
    csv_rows.append(["合计", out.total, 1 if out.total > 0 else 0])
    sens = sensitivity.section(
        "敏感性：四类福利单价同时变动时的成本", ["单价变动", "奖励合计", "总成本", "人均获客成本"], sensitivity_rows(inputs),
        csv_name="奖励成本-敏感性.csv", csv_headers=["单价变动", "奖励合计（元）", "总成本（元）", "人均获客成本（元）"],
    )
    advice = (
        f'<p>怎样选边际成本低的诱饵，见{markup.playbook_link("bait-design")}；'
        f'四类福利各管哪一环，见{markup.playbook_link("incentive-loop")}。</p>'
    )
    return "".join([
        markup.figures(figures),
        markup.paragraph(summary_text(inputs, out), "advice"),
        chart,
        markup.table("各项成本与占比", ["项目", "金额（元）", "占比"], rows),
        sens.table,
        compliance.note(compliance.induced_sharing("用引导福利奖励转发、集赞或邀请好友"),
                        compliance.prize_promotion("为拉新送出的吸引福利和引导福利")),
        advice,
        markup.csv_link("奖励成本.csv", ["项目", "金额（元）", "占比"], csv_rows),
        sens.csv,
    ])


CALCULATOR = Calculator(
    id="reward_cost",
    title="奖励成本",
    summary="按吸引、引导、老用户、隐藏四类福利，加上刷单损耗、工具和人工，算出活动总成本、人均获客成本和投入产出比。",
    inputs=RewardCostInputs,
    compute=compute,
    render=render,
)
