"""社群健康度 — a group's rates for one period, each held against an adjustable rule of thumb.

Every rate shares one base, the members who were in the group at some time in the period
(members at the start plus those who joined), so each one stays between 0 and 100 %.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .kit import format as fmt
from .kit import markup, svg
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.numbers import tidy
from .kit.spec import Calculator
from .kit.typography import spaced

PEOPLE_MAX = 10_000_000
MESSAGES_MAX = 1_000_000_000
TOP_SHARE = 0.1  # "the top 10 %" of the members who spoke


def count(label: str, example: str, hint: str, *, maximum: int = PEOPLE_MAX, unit: str = "人") -> Any:
    return field(label, Kind.INTEGER, unit=unit, minimum=0, maximum=maximum, example=example, hint=hint)


@dataclass(frozen=True)
class HealthInputs:
    start_members: int = field("期初人数", Kind.INTEGER, unit="人", minimum=1, maximum=PEOPLE_MAX, example="480",
                               hint="统计期第一天开始时群里的人数。")
    joined: int = count("新加入人数", "60", "统计期内入群的人数。")
    left: int = count("退出人数", "25", "统计期内退群或被移出的人数。")
    speakers: int = count("发言人数", "70", "统计期内至少发过一条消息的人数（新老成员都算）。")
    messages: int = count("消息条数", "900", "统计期内群里的消息总数，不含运营自己发的最好。", maximum=MESSAGES_MAX, unit="条")
    new_speakers: int = count("发过言的新成员", "20", "新加入的人里，统计期内发过言的人数（例如做了自我介绍）。")
    top_messages: int | None = field(
        "最活跃 10% 发言者的消息数", Kind.INTEGER, unit="条", minimum=0, maximum=MESSAGES_MAX, required=False, example="520",
        hint="把发过言的人按消息数从多到少排，前 10% 的人一共发了多少条；不方便统计可留空。")
    days: int = field("统计天数", Kind.INTEGER, unit="天", minimum=1, maximum=365, default=7,
                      hint="这组数字统计了几天；下面的经验线按 7 天设定，统计期更长时请相应调整。")
    min_speak: float = field("发言率经验线", Kind.RATE, default=0.1,
                             hint="经验值：统计期内至少 10% 的成员发过言。"
                                  "参考网络社区常说的 90-9-1 规律（约九成的人只看不说），不是来源文章的数字。")
    max_leave: float = field("流失率警戒线", Kind.RATE, default=0.05,
                             hint="经验值：统计期内退群的人不超过 5%。临时群在活动结束后大量退群是正常的。")
    min_growth: float = field("净增长经验线", Kind.RATE, minimum=-1.0, default=0.0,
                              hint="经验值：统计期内人数不减少（0%）；想要增长就填正数，如 5%。")
    min_messages: float = field("人均消息经验线", Kind.NUMBER, unit="条", minimum=0, maximum=10_000, default=1.0,
                                hint="经验值：统计期内平均每位成员至少 1 条消息。")
    min_new_speak: float = field("新人发言率经验线", Kind.RATE, default=0.5,
                                 hint="经验值：新成员里至少一半在统计期内发过言，例如按群规做了自我介绍。")
    max_top: float = field("发言集中度警戒线", Kind.RATE, default=0.6,
                           hint="经验值：最活跃的 10% 发言者发的消息不超过全部的 60%，否则群像是少数人的聊天室。")


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    value: float
    threshold: float
    higher_is_better: bool
    ok: bool


@dataclass(frozen=True)
class HealthOutputs:
    end_members: int
    present: int
    join_share: float
    leave_rate: float
    net_growth: float
    speak_rate: float
    messages_per_member: float
    messages_per_speaker: float | None
    new_speak_rate: float | None
    top_group: int
    concentration: float | None
    checks: tuple[Check, ...]
    passed: int


def check(inputs: HealthInputs) -> None:
    present = inputs.start_members + inputs.joined
    errors: dict[str, str] = {}
    if inputs.left > present:
        errors["left"] = spaced(
            f"“退出人数”（{fmt.number(inputs.left, 0)}人）多于期初人数与新加入人数之和（{fmt.number(present, 0)}人）："
            "退出的人只能是期初就在群里或后来加入的人。"
        )
    if inputs.speakers > present:
        errors["speakers"] = spaced(
            f"“发言人数”（{fmt.number(inputs.speakers, 0)}人）多于期初人数与新加入人数之和（{fmt.number(present, 0)}人）："
            "发言的人一定在群里待过。"
        )
    if inputs.new_speakers > min(inputs.joined, inputs.speakers):
        errors["new_speakers"] = spaced(
            f"“发过言的新成员”（{fmt.number(inputs.new_speakers, 0)}人）多于“新加入人数”"
            f"（{fmt.number(inputs.joined, 0)}人）或“发言人数”（{fmt.number(inputs.speakers, 0)}人）："
            "他们既是新成员，也是发言的人。"
        )
    if inputs.messages < inputs.speakers:
        errors["messages"] = spaced(
            f"“消息条数”（{fmt.number(inputs.messages, 0)}条）少于“发言人数”（{fmt.number(inputs.speakers, 0)}人）："
            "每位发言的人至少发过一条消息。"
        )
    if inputs.top_messages is not None and "messages" not in errors:
        top = top_group(inputs.speakers)
        floor = math.ceil(round(inputs.messages * top / inputs.speakers, 9)) if inputs.speakers else 0
        ceiling = inputs.messages - (inputs.speakers - top)
        if inputs.speakers == 0 and inputs.top_messages > 0:
            errors["top_messages"] = spaced(
                f"“最活跃 10% 发言者的消息数”是 {fmt.number(inputs.top_messages, 0)}条，但“发言人数”是 0人："
                "没有人发言，就没有最活跃的人。"
            )
        elif inputs.speakers and not floor <= inputs.top_messages <= ceiling:
            errors["top_messages"] = spaced(
                f"“最活跃 10% 发言者的消息数”应在 {fmt.number(floor, 0)}到 {fmt.number(ceiling, 0)}条之间，"
                f"收到的是 {fmt.number(inputs.top_messages, 0)}条：最活跃的 {top}人发的不会少于平均水平，"
                "其余每位发言的人也至少发过一条。"
            )
    if errors:
        raise InputError(errors)


def top_group(speakers: int) -> int:
    """How many people 'the top 10 % of the members who spoke' is: at least one when anyone spoke."""
    return math.ceil(round(speakers * TOP_SHARE, 9))


def rule(key: str, label: str, value: float, threshold: float, *, higher_is_better: bool) -> Check:
    """One indicator against its rule of thumb; compared after rounding off float dust."""
    shown = tidy(value)
    ok = shown >= threshold if higher_is_better else shown <= threshold
    return Check(key, label, shown, threshold, higher_is_better, ok)


def compute(inputs: HealthInputs) -> HealthOutputs:
    check(inputs)
    present = inputs.start_members + inputs.joined
    end = present - inputs.left
    speak_rate = inputs.speakers / present
    leave_rate = inputs.left / present
    growth = (end - inputs.start_members) / inputs.start_members
    per_member = inputs.messages / present
    new_speak = inputs.new_speakers / inputs.joined if inputs.joined else None
    top = top_group(inputs.speakers)
    concentration = (
        inputs.top_messages / inputs.messages if inputs.top_messages is not None and inputs.messages else None
    )
    checks = [
        rule("speak_rate", "发言率", speak_rate, inputs.min_speak, higher_is_better=True),
        rule("leave_rate", "流失率", leave_rate, inputs.max_leave, higher_is_better=False),
        rule("net_growth", "净增长", growth, inputs.min_growth, higher_is_better=True),
        rule("messages_per_member", "人均消息", per_member, inputs.min_messages, higher_is_better=True),
    ]
    if new_speak is not None:
        checks.append(rule("new_speak_rate", "新人发言率", new_speak, inputs.min_new_speak, higher_is_better=True))
    if concentration is not None:
        checks.append(rule("concentration", "发言集中度", concentration, inputs.max_top, higher_is_better=False))
    return HealthOutputs(
        end_members=end,
        present=present,
        join_share=tidy(inputs.joined / present),
        leave_rate=tidy(leave_rate),
        net_growth=tidy(growth),
        speak_rate=tidy(speak_rate),
        messages_per_member=tidy(per_member),
        messages_per_speaker=tidy(inputs.messages / inputs.speakers) if inputs.speakers else None,
        new_speak_rate=tidy(new_speak) if new_speak is not None else None,
        top_group=top,
        concentration=tidy(concentration) if concentration is not None else None,
        checks=tuple(checks),
        passed=sum(1 for item in checks if item.ok),
    )


@dataclass(frozen=True)
class Advice:
    """What to do when an indicator misses its rule of thumb, and the playbook (by slug) that shows how."""

    text: str
    slug: str


ADVICE = {
    "speak_rate": Advice("说话的人太少：先找回成员入群想要的价值，再用固定活动日给大家一个回来的理由。",
                         slug="revive-silent-group"),
    "leave_rate": Advice("退群的人偏多：看看是不是广告和刷屏把好成员挤走了，定期清理广告号。", slug="clear-spam-accounts"),
    "net_growth": Advice("人数在减少：如果这不是一个活动结束的临时群，就该想想下一次扩张的节奏和范围。",
                         slug="expansion-rhythm"),
    "messages_per_member": Advice("群里消息太少：用开营、接龙、签到和固定活动日这类低门槛的仪式带动发言。",
                                  slug="group-rituals"),
    "new_speak_rate": Advice("新人入群后不说话：24 小时内要有人回应他，帮他找到 2～3 位能聊得来的老成员。",
                             slug="case-facebook-7-friends"),
    "concentration": Advice("发言集中在少数人身上：把活跃的人发展成核心用户，请他们带新人、带话题，而不是替所有人说话。",
                            slug="member-tiers"),
}


def shown_value(item: Check) -> str:
    if item.key == "messages_per_member":
        return fmt.with_unit(fmt.number(item.value, 2), "条")
    if item.key == "net_growth":
        return growth_text(item.value)
    return fmt.percent(item.value, 1)


def growth_text(value: float) -> str:
    """'+7.3%', '0%', '−5%'."""
    return ("+" if value > 0 else "") + fmt.percent(value, 1).replace("-", "−")


def shown_threshold(item: Check) -> str:
    sign = "≥" if item.higher_is_better else "≤"
    if item.key == "messages_per_member":
        return f"{sign} {fmt.with_unit(fmt.number(item.threshold, 2), '条')}"
    return f"{sign} {fmt.percent(item.threshold, 1).replace('-', '−')}"


def gap(inputs: HealthInputs, out: HealthOutputs, item: Check) -> str:
    """What it would take to meet the rule of thumb, in people or messages."""
    if item.ok:
        return "—"
    present = out.present
    if item.key == "speak_rate":
        return f"还要 {fmt.number(math.ceil(round(item.threshold * present, 9)) - inputs.speakers, 0)} 人发言"
    if item.key == "leave_rate":
        return f"多走了 {fmt.number(inputs.left - math.floor(round(item.threshold * present, 9)), 0)} 人"
    if item.key == "net_growth":
        wanted = math.ceil(round(inputs.start_members * (1 + item.threshold), 9))
        return f"差 {fmt.number(wanted - out.end_members, 0)} 人"
    if item.key == "messages_per_member":
        return f"还差 {fmt.number(math.ceil(round(item.threshold * present, 9)) - inputs.messages, 0)} 条"
    if item.key == "new_speak_rate":
        return f"还要 {fmt.number(math.ceil(round(item.threshold * inputs.joined, 9)) - inputs.new_speakers, 0)} 位新人发言"
    return f"高出 {fmt.number((item.value - item.threshold) * 100, 1)} 个百分点"


def reading(inputs: HealthInputs, out: HealthOutputs) -> str:
    text = (
        f"{inputs.days}天里群里先后有 {fmt.number(out.present, 0)}人，期末还有 {fmt.number(out.end_members, 0)}人。"
        f"{len(out.checks)}项指标里有 {out.passed}项在经验线以内。"
    )
    if out.passed == len(out.checks):
        text += "这个群目前很健康，保持现在的节奏。"
    return spaced(text)


def advice_html(checks: Iterable[Check]) -> str:
    """What to change for each check below its rule of thumb, with the playbook that shows how (also for chat)."""
    items = [
        f"<li>{markup.esc(item.label)}：{markup.esc(ADVICE[item.key].text)}参考："
        f"{markup.playbook_link(ADVICE[item.key].slug)}。</li>"
        for item in checks if not item.ok
    ]
    if not items:
        return ""
    return f'<div class="qc-advice"><p>没达到经验线的指标，可以这样改：</p><ul>{"".join(items)}</ul></div>'


def render(inputs: HealthInputs, out: HealthOutputs) -> str:
    figures = [
        markup.Figure("达到经验线", f"{out.passed} / {len(out.checks)} 项", f"统计 {inputs.days} 天"),
        markup.Figure("发言率", fmt.percent(out.speak_rate, 1),
                      f"{fmt.number(inputs.speakers, 0)} / {fmt.number(out.present, 0)} 人"),
        markup.Figure("流失率", fmt.percent(out.leave_rate, 1), f"退出 {fmt.number(inputs.left, 0)} 人"),
        markup.Figure("净增长", growth_text(out.net_growth),
                      f"期末 {fmt.number(out.end_members, 0)} 人"),
    ]
    if out.new_speak_rate is not None:
        figures.append(markup.Figure("新人发言率", fmt.percent(out.new_speak_rate, 1),
                                     f"{fmt.number(inputs.new_speakers, 0)} / {fmt.number(inputs.joined, 0)} 人"))
    if out.concentration is not None:
        figures.append(markup.Figure("发言集中度", fmt.percent(out.concentration, 1),
                                     f"最活跃的 {out.top_group} 人发的消息占比"))
    rated = [item for item in out.checks if item.key != "messages_per_member" and item.key != "net_growth"]
    rated.insert(0, Check("join_share", "新人占比", out.join_share, 0.0, True, True))
    chart = svg.bars("各项比例条形图", [item.label for item in rated], [item.value for item in rated],
                     [fmt.percent(item.value, 1) for item in rated])
    rows = [[item.label, shown_value(item), shown_threshold(item), "达到" if item.ok else "未达到", gap(inputs, out, item)]
            for item in out.checks]
    csv_rows: list[list[object]] = [
        [item.label, item.value, item.threshold, "达到" if item.ok else "未达到"] for item in out.checks
    ]
    csv_rows.insert(0, ["新人占比", out.join_share, "", ""])
    per_speaker = (fmt.with_unit(fmt.number(out.messages_per_speaker, 1), "条")
                   if out.messages_per_speaker is not None else "—")
    more = markup.paragraph(spaced(
        f"新人占比 {fmt.percent(out.join_share, 1)}（本期入群的人占群里先后待过的人的比例）；"
        f"每位发言者平均 {per_speaker}。"
    ))
    links = (
        f'<p>群没人说话时怎么办，见{markup.playbook_link("revive-silent-group")}；'
        f'怎么按外围、适应、核心用户分别运营，见{markup.playbook_link("member-tiers")}。</p>'
    )
    return "".join([
        markup.figures(figures),
        markup.paragraph(reading(inputs, out), "advice"),
        advice_html(out.checks),
        chart,
        markup.table("各项指标与经验线（经验线可在上面调整）", ["指标", "本期", "经验线", "判断", "差距"], rows),
        more,
        links,
        markup.csv_link("社群健康度.csv", ["指标", "本期", "经验线", "判断"], csv_rows),
    ])


CALCULATOR = Calculator(
    id="health",
    title="社群健康度",
    summary="填入一段时间的入群、退群、发言人数和消息数，算出发言率、流失率、净增长、新人发言率和发言集中度，对照可调整的经验线。",
    inputs=HealthInputs,
    compute=compute,
    render=render,
)
