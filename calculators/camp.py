"""训练营转化 — a free or low-price camp leading to a paid course: who attends, who is still
there at the end (the check-in calculator's Markov chain, reused as is), who buys, and whether
a paying student's lifetime value covers what it cost to win them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import checkin
from .checkin import CheckinInputs
from .kit import format as fmt
from .kit import markup, sensitivity, svg
from .kit.fields import Kind, field, same_as
from .kit.numbers import tidy
from .kit.sensitivity import STEPS, Cell, change_label
from .kit.spec import Calculator
from .kit.typography import spaced

PEOPLE_MAX = 10_000_000
MONEY_MAX = 1_000_000_000
PRICE_MAX = 1_000_000
# Fewer paying students than this (a billionth of a person), or a cost per student below a
# billionth of a yuan, is nothing: dividing by it would only give meaningless or infinite ratios.
NOTHING = 1e-9


def money(label: str, hint: str, *, example: str = "", default: float | None = None,
          maximum: float = PRICE_MAX, required: bool = True) -> Any:
    return field(label, Kind.NUMBER, unit="元", minimum=0, maximum=maximum, example=example, default=default,
                 required=required, hint=hint)


@dataclass(frozen=True)
class CampInputs:
    signups: int = field("报名人数", Kind.INTEGER, unit="人", minimum=1, maximum=PEOPLE_MAX, example="1000",
                         hint="报名训练营（或领了体验课）的人数。")
    attend: float = field("到课率", Kind.RATE, example="0.6", hint="报名的人里入群、参加第 1 天的比例，可写 0.6 或 60%。")
    # The check-in calculator's own fields, so both speak with the same labels and rules.
    days: int = same_as(CheckinInputs, "days")
    p: float = same_as(CheckinInputs, "p")
    revive: float | None = same_as(CheckinInputs, "revive")
    warn_after: int = same_as(CheckinInputs, "warn_after")
    kick_after: int = same_as(CheckinInputs, "kick_after")
    convert: float = field("完营学员付费率", Kind.RATE, example="0.1", hint="营期结束时还在群里的学员里，买正价课的比例。")
    convert_removed: float = field("被移出学员付费率", Kind.RATE, default=0.0,
                                   hint="中途被移出的学员里，最后也买了正价课的比例；默认 0。")
    price: float = money("正价课价格", "学员买正价课付多少钱。", example="699")
    camp_price: float = money("训练营价格", "报名训练营付多少钱；免费营填 0（宝宝学英语的 7 天体验课是免费的）。", default=0.0)
    cost_per_signup: float = money("每位报名学员成本", "拉来一位报名学员的投放、奖品和服务成本，折合每人多少元。", example="30")
    fixed_cost: float = money("固定成本", "老师、助教、工具等不随人数变的费用。", example="5000", default=0.0, maximum=MONEY_MAX)
    ltv: float | None = money(
        "付费学员终身价值", "一位付费学员在整个生命周期里带来多少收入（含复购、续费）；留空按正价课价格算。", required=False)
    ltv_multiple: float = field(
        "终身价值要覆盖的倍数", Kind.NUMBER, unit="倍", minimum=0.1, maximum=100, default=3.0,
        hint="终身价值至少是获客成本的几倍才算划算。默认 3 倍是订阅类生意常用的经验值（LTV ÷ CAC ≥ 3），不是来源文章的数字。")


@dataclass(frozen=True)
class CampOutputs:
    attendees: float
    active: tuple[float, ...]
    checkins: tuple[float, ...]
    warnings: float
    removed: float
    finishers: float
    perfect: float
    payers: float
    paid_rate: float
    revenue: float
    camp_revenue: float
    course_revenue: float
    cost: float
    profit: float
    cost_per_payer: float | None
    ltv: float
    ltv_ratio: float | None
    covers: bool


@dataclass(frozen=True)
class Money:
    """The money side of one scenario (unrounded)."""

    finishers: float
    removed: float
    payers: float
    camp_revenue: float
    course_revenue: float
    cost: float

    @property
    def revenue(self) -> float:
        return self.camp_revenue + self.course_revenue

    @property
    def profit(self) -> float:
        return self.revenue - self.cost


def chain_of(inputs: CampInputs, p: float) -> checkin.Chain:
    revive = p if inputs.revive is None else inputs.revive
    return checkin.run_chain(inputs.signups * inputs.attend, inputs.days, p, revive, inputs.warn_after, inputs.kick_after)


def money_of(inputs: CampInputs, chain: checkin.Chain, convert: float) -> Money:
    attendees = inputs.signups * inputs.attend
    finishers = chain.active[-1]
    removed = attendees - finishers
    payers = finishers * convert + removed * inputs.convert_removed
    return Money(
        finishers=finishers,
        removed=removed,
        payers=payers,
        camp_revenue=inputs.signups * inputs.camp_price,
        course_revenue=payers * inputs.price,
        cost=inputs.signups * inputs.cost_per_signup + inputs.fixed_cost,
    )


def ltv_of(inputs: CampInputs) -> float:
    return inputs.price if inputs.ltv is None else inputs.ltv


def ratio(ltv: float, cost: float, payers: float) -> tuple[float | None, float | None]:
    """Cost per paying student and LTV ÷ that cost; None where there is nothing to divide by."""
    if payers < NOTHING:
        return None, None
    per_payer = cost / payers
    return per_payer, (ltv / per_payer if per_payer >= NOTHING else None)


def compute(inputs: CampInputs) -> CampOutputs:
    checkin.check_rule(inputs.warn_after, inputs.kick_after)
    chain = chain_of(inputs, inputs.p)
    result = money_of(inputs, chain, inputs.convert)
    ltv = ltv_of(inputs)
    per_payer, ltv_ratio = ratio(ltv, result.cost, result.payers)
    attendees = inputs.signups * inputs.attend
    covers = per_payer is not None and (ltv_ratio is None or tidy(ltv_ratio) >= inputs.ltv_multiple)
    return CampOutputs(
        attendees=tidy(attendees),
        active=tuple(tidy(value) for value in chain.active),
        checkins=tuple(tidy(value) for value in chain.checkins),
        warnings=tidy(sum(chain.warnings)),
        removed=tidy(result.removed),
        finishers=tidy(result.finishers),
        perfect=tidy(attendees * inputs.p ** inputs.days),
        payers=tidy(result.payers),
        paid_rate=tidy(result.payers / inputs.signups),
        revenue=tidy(result.revenue),
        camp_revenue=tidy(result.camp_revenue),
        course_revenue=tidy(result.course_revenue),
        cost=tidy(result.cost),
        profit=tidy(result.profit),
        cost_per_payer=tidy(per_payer) if per_payer is not None else None,
        ltv=tidy(ltv),
        ltv_ratio=tidy(ltv_ratio) if ltv_ratio is not None else None,
        covers=covers,
    )


# --- rendering -------------------------------------------------------------------------


def people(value: float) -> str:
    return fmt.with_unit(fmt.count(value), "人")


def signed_money(value: float) -> str:
    """Money that may be negative (a loss), with a true minus sign: '−2,573.63 元'."""
    return fmt.money(value).replace("-", "−")


def sensitivity_rows(inputs: CampInputs) -> list[sensitivity.Row]:
    """The paid rate moved −20 % … +20 %, then the check-in rate (the scenario itself once)."""
    ltv = ltv_of(inputs)

    def row(p: float, convert: float) -> list[Cell]:
        result = money_of(inputs, chain_of(inputs, p), convert)
        per_payer, multiple = ratio(ltv, result.cost, result.payers)
        return [
            Cell(fmt.percent(p, 1), tidy(p)), Cell(fmt.percent(convert, 1), tidy(convert)),
            Cell(people(result.finishers), tidy(result.finishers)), Cell(people(result.payers), tidy(result.payers)),
            Cell(signed_money(result.profit), tidy(result.profit)),
            Cell("—", "") if per_payer is None else Cell(fmt.money(per_payer), tidy(per_payer)),
            Cell("—", "") if multiple is None else Cell(f"{fmt.number(multiple, 2)} 倍", tidy(multiple)),
        ]

    rows: list[sensitivity.Row] = [(change_label(change) if change == 0 else f"付费率 {change_label(change)}",
             row(inputs.p, min(inputs.convert * (1 + change), 1.0))) for change in STEPS]
    rows += [(f"打卡率 {change_label(change)}", row(min(inputs.p * (1 + change), 1.0), inputs.convert))
             for change in STEPS if change != 0]
    return rows


def verdict(inputs: CampInputs, out: CampOutputs) -> str:
    multiple = fmt.number(inputs.ltv_multiple, 2)
    if out.cost_per_payer is None:
        text = "按这组数字没有人买正价课，获客成本收不回来。先看完营学员付费率：试听课和一对一跟进做到位了吗？"
    elif out.ltv_ratio is None:
        text = "没有获客成本，终身价值自然覆盖得了。"
    elif out.covers:
        text = (
            f"每位付费学员的获客成本约 {fmt.money(out.cost_per_payer or 0)}，终身价值 {fmt.money(out.ltv)}是它的 "
            f"{fmt.number(out.ltv_ratio, 2)}倍，达到了你要求的 {multiple}倍。"
        )
    else:
        text = (
            f"每位付费学员的获客成本约 {fmt.money(out.cost_per_payer or 0)}，终身价值 {fmt.money(out.ltv)}只是它的 "
            f"{fmt.number(out.ltv_ratio, 2)}倍，没达到你要求的 {multiple}倍：要么提高到课率、打卡率和付费率，"
            "要么降低每位报名学员的成本。"
        )
    lead = (
        f"{fmt.number(inputs.signups, 0)}人报名，约 {fmt.count(out.attendees)}人到课；{inputs.days}天后还有约 "
        f"{fmt.count(out.finishers)}人在营，约 {fmt.count(out.payers)}人买正价课（占报名的 {fmt.percent(out.paid_rate, 2)}）。"
        f"利润 {signed_money(out.profit)}。"
    )
    return spaced(lead + text)


def render(inputs: CampInputs, out: CampOutputs) -> str:
    days = inputs.days
    items = [
        markup.Figure("付费学员", people(out.payers), f"占报名 {fmt.percent(out.paid_rate, 2)}"),
        markup.Figure("收入", fmt.money(out.revenue),
                      f"营费 {fmt.money(out.camp_revenue)}，正价课 {fmt.money(out.course_revenue)}"),
        markup.Figure("成本", fmt.money(out.cost), f"每位报名学员 {fmt.money(inputs.cost_per_signup)}"),
        markup.Figure("利润", signed_money(out.profit), "收入 − 成本"),
        markup.Figure("每位付费学员成本", fmt.money(out.cost_per_payer) if out.cost_per_payer is not None else "—",
                      "成本 ÷ 付费学员"),
        markup.Figure("终身价值 ÷ 获客成本",
                      f"{fmt.number(out.ltv_ratio, 2)} 倍" if out.ltv_ratio is not None else "—",
                      ("达到" if out.covers else "没达到") + f" {fmt.number(inputs.ltv_multiple, 2)} 倍"),
    ]
    stages = ["报名", "到课", f"第 {days} 天后仍在营", "付费"]
    values = [float(inputs.signups), out.attendees, out.finishers, out.payers]
    chart = svg.bars("报名、到课、完营和付费人数条形图", stages, values, [people(value) for value in values])
    funnel_rows = [[stage, fmt.count(value), fmt.percent(value / inputs.signups, 2)]
                   for stage, value in zip(stages, values, strict=True)]
    day_rows = []
    csv_rows: list[list[object]] = []
    for day in range(days):
        day_rows.append([f"第 {day + 1} 天", fmt.count(out.active[day]), fmt.count(out.checkins[day])])
        csv_rows.append([day + 1, out.active[day], out.checkins[day]])
    sens = sensitivity.section(
        "敏感性：完营学员付费率、每日打卡率变动时的结果",
        ["变动", "每日打卡率", "完营学员付费率", "完营人数", "付费人数", "利润", "每位付费学员成本", "终身价值倍数"],
        sensitivity_rows(inputs), csv_name="训练营转化-敏感性.csv",
    )
    links = (
        "<p>体验课怎样一环扣一环地走到付费，见"
        f'{markup.playbook_link("case-baby-english")}；'
        f'开营、接龙和打卡的做法，见{markup.playbook_link("group-rituals")}；'
        f'只看打卡留存，用{markup.link(checkin.CALCULATOR.title, "../checkin/")}计算器。</p>'
    )
    return "".join([
        markup.figures(items),
        markup.paragraph(verdict(inputs, out), "advice"),
        chart,
        markup.table("报名到付费的每一步（期望值）", ["环节", "人数（人）", "占报名"], funnel_rows),
        markup.table("营期内每天的在营与打卡人数（与打卡留存计算器同一模型）", ["天", "在营人数（人）", "打卡（人）"], day_rows),
        sens.table,
        links,
        markup.csv_link("训练营转化.csv", ["环节", "人数", "占报名"],
                        [[stage, tidy(value), tidy(value / inputs.signups)]
                         for stage, value in zip(stages, values, strict=True)]),
        markup.csv_link("训练营转化-每天.csv", ["天", "在营人数", "打卡人数"], csv_rows, label="下载每天的 CSV"),
        sens.csv,
    ])


CALCULATOR = Calculator(
    id="camp",
    title="训练营转化",
    summary="从报名、到课、每日打卡（沿用打卡留存的模型）到买正价课，算出收入、成本、利润、每位付费学员的获客成本，以及终身价值够不够覆盖它。",
    inputs=CampInputs,
    compute=compute,
    render=render,
)
