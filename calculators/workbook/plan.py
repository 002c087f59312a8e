"""A plan computed: the parts in order (funnel, fission, reward cost, capacity, timeline), each linked input
taken from its source's result, every message collected with its part and field.

A link ties one input of a part to another part's output or to the plan's own name and start date. While
it is on, the input is the source's value (the typed one is kept, unused); cut, the typed value counts.
Links only point forward, so one pass in order resolves them all. A part whose linked source has no
result waits for it instead of reporting errors of its own.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import CALCULATORS
from ..fission import SCAN
from ..kit import dates
from ..kit import format as fmt
from ..kit.errors import InputError
from ..kit.fields import FieldProblem, Kind, Value, field, fields_of, parse_value, raw_text
from ..kit.spec import Calculator, Scenario, compute
from ..kit.typography import spaced
from .document import PARTS, Document

MAX_DAYS = 60  # the days capacity and the timeline can lay out


@dataclass(frozen=True)
class PlanHeader:
    """The plan's own inputs."""

    name: str = field("计划名称", Kind.TEXT, default="未命名计划", max_length=30,
                      hint="给这份计划起个名字，保存、导出和日历里都用它。")
    start: datetime.date = field("开始日期", Kind.DATE, example="2026-12-07",
                                 hint="活动第 1 天；群容量规划的开始日期和活动排期的上线日期都跟着它。")


HEADER = "plan"  # the header's part name in messages and forms ("plan.start")
HEADER_FIELDS = fields_of(PlanHeader)


@dataclass(frozen=True)
class Link:
    """One input of ``part`` that can follow ``source`` (another part, or the plan's header)."""

    part: str
    name: str
    source: str
    default: bool
    header_field: str = ""  # for a link to the header: which of its fields

    @property
    def id(self) -> str:
        return f"{self.part}.{self.name}"

    @property
    def source_title(self) -> str:
        """What the input follows: '裂变增长', '计划的开始日期'."""
        if self.source == HEADER:
            return {"start": "计划的开始日期", "name": "计划名称"}[self.header_field]
        return CALCULATORS[self.source].title


LINKS = (
    Link("fission", "seeds", "funnel", False),
    Link("reward_cost", "joiners", "fission", True),
    Link("capacity", "daily", "fission", True),
    Link("capacity", "switch_at", "fission", True),
    Link("capacity", "start", HEADER, True, "start"),
    Link("timeline", "name", HEADER, True, "name"),
    Link("timeline", "launch", HEADER, True, "start"),
    Link("timeline", "days", "capacity", True),
)
LINK_DEFAULTS = {link.id: link.default for link in LINKS}


def links_into(part: str) -> list[Link]:
    return [link for link in LINKS if link.part == part]


# --- what a link carries ---------------------------------------------------------------


def whole(value: float) -> int:
    """People are whole: halves round up (the same rounding everywhere a plan turns expectations into people)."""
    return math.floor(value + 0.5)


def new_members(fission: Scenario[Any, Any]) -> int:
    """Fission's new members: everyone it reaches but the seeds."""
    return whole(fission.outputs.total - fission.inputs.seeds)


def campaign_days(generations: int, cycle_days: float) -> int:
    return max(1, math.ceil(round(generations * cycle_days, 9)))


def spread(new: Sequence[float], cycle_days: float, total: int) -> tuple[int, ...]:
    """Joiners per day: generation g (1, 2, …) arrives evenly over days ((g − 1) × cycle, g × cycle].

    Whole people by rounding the running total, so the days add up to ``total`` exactly.
    """
    days = campaign_days(len(new) - 1, cycle_days)

    def arrived(time: float) -> float:
        return sum(count * min(max((time - (g - 1) * cycle_days) / cycle_days, 0.0), 1.0)
                   for g, count in enumerate(new[1:], 1))

    marks = [min(whole(arrived(day)), total) for day in range(1, days)] + [total]
    return tuple(now - before for before, now in zip([0, *marks[:-1]], marks, strict=True))


@dataclass(frozen=True)
class Resolved:
    """What a link gives: a value for the input and how to say it (``short``: '2,530 人'), or why it cannot."""

    value: Value
    short: str
    detail: str = ""
    problem: str = ""


def people(value: float) -> str:
    return fmt.with_unit(fmt.number(value, 0), "人")


Source = Callable[[Mapping[str, Value], Mapping[str, Scenario[Any, Any]]], Resolved]


def from_funnel_last(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    out = done["funnel"].outputs
    count = whole(out.counts[-1])
    return Resolved(count, people(count), f"最后一步“{out.stages[-1]}”的人数")


def from_fission_new(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    count = new_members(done["fission"])
    return Resolved(count, people(count), "新成员：累计人数减去种子用户")


def from_fission_days(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    fission = done["fission"]
    inputs, out = fission.inputs, fission.outputs
    count = new_members(fission)
    days = campaign_days(inputs.generations, inputs.cycle_days)
    cycle = fmt.number(inputs.cycle_days, 2)
    if days > MAX_DAYS:
        return Resolved(None, "", problem=spaced(
            f"裂变增长的 {inputs.generations}代 × 每代 {cycle}天 = {days}天，超过了群容量规划能排的 {MAX_DAYS}天："
            "减少裂变代数或每代天数，或取消跟随自己填每天入群人数。"
        ))
    daily = spread(out.new, inputs.cycle_days, count)
    return Resolved(daily, f"{people(count)}分布在 {days} 天里",
                    f"新成员按裂变的 {inputs.generations} 代、每代 {cycle} 天逐天到来")


def from_fission_group(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    fission = done["fission"]
    size = fission.outputs.group_size
    if fission.inputs.group_cap:
        return Resolved(size, f"每群 {people(size)}", "你在裂变增长里填的每群人数上限")
    detail = f"入群方式是{fission.inputs.join_route}"
    if fission.inputs.join_route == SCAN:
        detail += "：群满这个人数后只能邀请入群，活码在这之前切到下一个群"
    return Resolved(size, f"每群 {people(size)}", detail)


def from_start(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    start = header["start"]
    assert isinstance(start, datetime.date)
    return Resolved(start, dates.long(start))


def from_name(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    return Resolved(header["name"], f"“{header['name']}”")


def from_capacity_days(header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]]) -> Resolved:
    days = len(done["capacity"].inputs.daily)
    return Resolved(days, f"{days} 天", "每天入群人数排了几天")


SOURCES: dict[str, Source] = {
    "fission.seeds": from_funnel_last,
    "reward_cost.joiners": from_fission_new,
    "capacity.daily": from_fission_days,
    "capacity.switch_at": from_fission_group,
    "capacity.start": from_start,
    "timeline.name": from_name,
    "timeline.launch": from_start,
    "timeline.days": from_capacity_days,
}


# --- the plan, computed ----------------------------------------------------------------


@dataclass(frozen=True)
class LinkState:
    link: Link
    on: bool
    resolved: Resolved | None  # None: the source has no result

    @property
    def note(self) -> str:
        """How the page says it: '来自裂变增长：2,530 人（新成员：累计人数减去种子用户）'."""
        title = self.link.source_title
        resolved = self.resolved
        if resolved is None:
            return f"等{title}算出结果（那里有要改的输入）"
        if resolved.problem:
            return f"{title}的结果用不上：见上面的说明"
        if not self.on:
            return f"没有跟随，用你填的值；{title}算出的是 {resolved.short}"
        return f"来自{title}：{resolved.short}" + (f"（{resolved.detail}）" if resolved.detail else "")


@dataclass(frozen=True)
class Part:
    id: str
    form: Mapping[str, str]  # what the part's form shows: typed values, linked ones as their source gives them
    scenario: Scenario[Any, Any] | None
    errors: Mapping[str, str]  # field name → message
    waiting: tuple[str, ...]  # sources (parts or the header) without a result that this part follows

    @property
    def calculator(self) -> Calculator[Any, Any]:
        return CALCULATORS[self.id]

    @property
    def title(self) -> str:
        return self.calculator.title


@dataclass(frozen=True)
class PlanResult:
    document: Document
    header: Mapping[str, Value]  # the parsed header fields that are good
    header_errors: Mapping[str, str]
    parts: Mapping[str, Part]
    links: Mapping[str, LinkState]

    @property
    def title(self) -> str:
        return str(self.header.get("name") or HEADER_FIELDS[0].default)

    @property
    def errors(self) -> dict[str, str]:
        """Every message, keyed ``part.field`` (``plan.start`` for the header), in the plan's order."""
        found = {f"{HEADER}.{name}": message for name, message in self.header_errors.items()}
        for part in self.parts.values():
            found |= {f"{part.id}.{name}": message for name, message in part.errors.items()}
        return found

    def labelled_errors(self) -> dict[str, str]:
        """The messages with their part's title in front, for the command line and the warnings list."""
        titles = {HEADER: "计划"} | {part: CALCULATORS[part].title for part in PARTS}
        return {key: f"{titles[key.split('.')[0]]}：{message}" for key, message in self.errors.items()}

    def scenario(self, part: str) -> Scenario[Any, Any] | None:
        return self.parts[part].scenario


def parse_header(document: Document) -> tuple[dict[str, Value], dict[str, str]]:
    values: dict[str, Value] = {}
    errors: dict[str, str] = {}
    raw = {"name": document.name, "start": document.start}
    for item in HEADER_FIELDS:
        try:
            values[item.name] = parse_value(item, raw[item.name])
        except FieldProblem as problem:
            errors[item.name] = str(problem)
    return values, errors


def follow_note(link: Link) -> str:
    title = link.source_title
    if link.source == HEADER:
        return f"（这一项跟随{title}：改上面的{title}，或取消跟随自己填。）"
    return f"（这一项跟随{title}：改{title}里的输入，或取消跟随自己填。）"


def run_part(part: str, document: Document, header: Mapping[str, Value], done: Mapping[str, Scenario[Any, Any]],
             states: dict[str, LinkState]) -> Part:
    calculator = CALCULATORS[part]
    form = {item.name: document.value(part, item.name) for item in calculator.fields}
    waiting: list[str] = []
    problems: dict[str, str] = {}
    followed: dict[str, Link] = {}
    for link in links_into(part):
        on = document.links.get(link.id, link.default)
        ready = link.source in done or (link.source == HEADER and link.header_field in header)
        resolved = SOURCES[link.id](header, done) if ready else None
        states[link.id] = LinkState(link, on, resolved)
        if not on:
            continue
        followed[link.name] = link
        if resolved is None:
            waiting.append(link.source)
        elif resolved.problem:
            problems[link.name] = resolved.problem
        else:
            form[link.name] = raw_text(resolved.value)
    if waiting:
        return Part(part, form, None, {}, tuple(dict.fromkeys(waiting)))
    if problems:
        return Part(part, form, None, problems, ())
    try:
        scenario = compute(calculator, form)
    except InputError as error:
        errors = {name: message + (follow_note(followed[name]) if name in followed else "")
                  for name, message in error.errors.items()}
        return Part(part, form, None, errors, ())
    return Part(part, form, scenario, {}, ())


def plan(document: Document) -> PlanResult:
    """Compute every part in order, resolving each link from what came before."""
    header, header_errors = parse_header(document)
    done: dict[str, Scenario[Any, Any]] = {}
    parts: dict[str, Part] = {}
    states: dict[str, LinkState] = {}
    for part in PARTS:
        result = run_part(part, document, header, done, states)
        parts[part] = result
        if result.scenario is not None:
            done[part] = result.scenario
    return PlanResult(document, header, header_errors, parts, {link.id: states[link.id] for link in LINKS})


# --- the plan in a few numbers ---------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """The chain the summary shows: reach → new members → groups → cost → cost per new member → days.
    Each number comes from the part that owns it; None where that part has no result."""

    reach: int | None
    new_members: int | None
    groups: int | None
    prepared: int | None
    live_codes: int | None
    cost: float | None
    per_new_member: float | None
    days: int | None
    first: datetime.date | None  # the schedule, preparation to review
    last: datetime.date | None


def summary(result: PlanResult) -> Summary:
    funnel, fission, cost, capacity, timeline = (result.scenario(part) for part in PARTS)
    days = None
    if timeline is not None:
        days = timeline.inputs.days
    elif capacity is not None:
        days = len(capacity.inputs.daily)
    return Summary(
        reach=funnel.inputs.reach if funnel else None,
        new_members=new_members(fission) if fission else None,
        groups=capacity.outputs.groups if capacity else None,
        prepared=capacity.outputs.prepared if capacity else None,
        live_codes=capacity.outputs.live_codes if capacity else None,
        cost=cost.outputs.total if cost else None,
        per_new_member=cost.outputs.per_new_user if cost else None,
        days=days,
        first=timeline.outputs.first if timeline else None,
        last=timeline.outputs.last if timeline else None,
    )
