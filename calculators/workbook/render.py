"""The workbook page, rendered: the saved-plans bar, the plan's name and start date, the summary, the
warnings from every part, one section per part (its form and its result, as the calculator pages render
them, from the same ``run``), the export and review links, and the one-page printout.

The live page swaps pieces of it by name (``data-slot``): ``slots`` gives the same pieces the whole body
holds, so typing never replaces a form the reader is typing in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from .. import CALCULATORS
from ..kit import dates, markup
from ..kit import format as fmt
from ..kit.fields import raw_text
from ..kit.spec import Scenario
from ..kit.startup import problem_messages, status_attributes, time_limit_attribute
from ..kit.typography import spaced
from ..kit.web import field_html
from .document import MAX_FILE_BYTES, PARTS
from .plan import HEADER, HEADER_FIELDS, LINKS, LinkState, Part, PlanResult, links_into, new_members, summary
from .share import MAX_LINK

ABOUT = {
    "funnel": "多少人会看到活动，每一步留下多少人。",
    "fission": "种子用户能把活动传多远，要准备几个群。",
    "reward_cost": "四类福利、工具和人工一共花多少钱，每位新成员多少钱。",
    "capacity": "每天有多少人入群，要建几个群、几个活码，哪天更新群二维码。",
    "timeline": "从准备到复盘，每天做什么、谁负责、发哪条消息。",
}
FIRST_WEEK = 7
# The workbook repeats five calculator pages: it stays out of the search index. Material's search parser
# ends an excluded block at the first closing tag of the same name, so the block is an <article> (none
# inside it), and each heading inside, which would start a section of its own, is excluded too.
UNSEARCHED = "data-search-exclude"
UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass(frozen=True)
class Notice:
    part: str  # where to look: a part's id, or HEADER
    text: str


# --- warnings --------------------------------------------------------------------------


def part_warnings(result: PlanResult) -> list[Notice]:
    """What needs the reader's attention, from each part's result (not its messages: those come first)."""
    found: list[Notice] = []
    funnel, fission, cost, capacity, timeline = (result.scenario(part) for part in PARTS)
    if funnel is not None and funnel.outputs.required_reach is not None and funnel.inputs.target is not None:
        gap = funnel.outputs.required_reach - funnel.inputs.reach
        if gap > 0:
            found.append(Notice("funnel", spaced(
                f"要在最后一步得到 {fmt.number(funnel.inputs.target, 0)}人，需要触达约 "
                f"{fmt.number(funnel.outputs.required_reach, 0)}人，比现在多 {fmt.number(gap, 0)}人。"
            )))
    if fission is not None and fission.outputs.k < 1:
        found.append(Notice("fission", spaced(
            f"K = {fmt.number(fission.outputs.k, 4)}，小于 1：裂变会自然熄火，新成员最多约 "
            f"{fmt.count((fission.outputs.limit or fission.outputs.total) - fission.inputs.seeds)}人。"
        )))
    if cost is not None:
        out = cost.outputs
        if out.budget_left is not None and out.budget_left < 0:
            over = fmt.money(-out.budget_left)
            found.append(Notice("reward_cost", spaced(f"总成本 {fmt.money(out.total)}，超出预算 {over}。")))
        if out.roi is not None and out.roi < 0:
            found.append(Notice("reward_cost", spaced(
                f"投入产出比（ROI）为 {fmt.percent(out.roi, 1)}：按填的新用户价值还收不回成本。")))
    if capacity is not None:
        out = capacity.outputs
        if out.refresh:
            first = out.refresh[0]
            found.append(Notice("capacity", spaced(
                f"活动期间群二维码要更新 {len(out.refresh)}次，第一次在 {dates.long(first.date)}，"
                f"要换 {first.codes}个群的二维码：提前排好负责人。"
            )))
        if out.admins < out.groups:
            found.append(Notice("capacity", spaced(
                f"{out.groups}个群每个至少要有 1 个自己人：至少要 {out.groups}人，不只是按人数算的 {out.admins}位管理员。"
            )))
    if timeline is not None and timeline.outputs.over_days:
        found.append(Notice("timeline", spaced(
            f"有 {len(timeline.outputs.over_days)}天每个群收到的运营消息超过每天 {timeline.inputs.limit}条的上限。"
        )))
    return found


def warnings(result: PlanResult) -> list[Notice]:
    """Every part's messages first (in the plan's order), then what the results say needs attention."""
    found = [Notice(key.split(".")[0], message) for key, message in result.labelled_errors().items()]
    for part in result.parts.values():
        for source in part.waiting:
            title = "计划" if source == HEADER else CALCULATORS[source].title
            found.append(Notice(part.id, f"{part.title}：要等{title}算出结果，先改好那里标出的输入。"))
    return found + part_warnings(result)


def anchor(part: str) -> str:
    return "plan-head" if part == HEADER else f"plan-{part}"


def warnings_html(result: PlanResult) -> str:
    items = warnings(result)
    if not items:
        return '<div class="qc-plan-warnings"><p>各部分都算出了结果，没有要特别注意的事。</p></div>'
    rows = "".join(
        f'<li><a href="#{anchor(item.part)}">{markup.esc(title_of(item.part))}</a>：{markup.esc(strip_title(item))}</li>'
        for item in items
    )
    return f'<div class="qc-plan-warnings"><h2 {UNSEARCHED}>要注意的事（{len(items)} 条）</h2><ul>{rows}</ul></div>'


def title_of(part: str) -> str:
    return "计划" if part == HEADER else CALCULATORS[part].title


def strip_title(item: Notice) -> str:
    """A message without its part's title in front (the link before it names the part)."""
    return item.text.removeprefix(f"{title_of(item.part)}：")


# --- the summary -----------------------------------------------------------------------


def summary_figures(result: PlanResult) -> list[markup.Figure]:
    numbers = summary(result)
    missing = "—"

    def things(value: int | None, unit: str) -> str:
        return missing if value is None else fmt.with_unit(fmt.number(value, 0), unit)

    cost = result.scenario("reward_cost")
    fission = result.scenario("fission")
    users = cost.inputs.new_users if cost is not None and cost.inputs.new_users is not None else None
    return [
        markup.Figure("触达", things(numbers.reach, "人"), "活动漏斗"),
        markup.Figure("新成员", things(numbers.new_members, "人"),
                      f"裂变增长，K = {fmt.number(fission.outputs.k, 4)}" if fission is not None else "裂变增长"),
        markup.Figure("群", things(numbers.groups, "个"),
                      f"建好 {numbers.prepared} 个、{numbers.live_codes} 个活码"
                      if numbers.prepared is not None else "群容量与活码规划"),
        markup.Figure("总成本", missing if numbers.cost is None else fmt.money(numbers.cost), "奖励成本"),
        markup.Figure("每位新成员成本", missing if numbers.per_new_member is None else fmt.money(numbers.per_new_member),
                      f"按新增 {fmt.number(users, 0)} 人" if users is not None else "总成本 ÷ 入群人数"),
        markup.Figure("活动天数", things(numbers.days, "天"),
                      f"排期 {dates.short(numbers.first)} 至 {dates.short(numbers.last)}"
                      if numbers.first is not None and numbers.last is not None else "活动排期"),
    ]


def summary_html(result: PlanResult) -> str:
    return f'<div class="qc-plan-summary">{markup.figures(summary_figures(result))}</div>'


# --- the parts -------------------------------------------------------------------------


def link_control(state: LinkState) -> str:
    ident = f"qc-link-{state.link.part}-{state.link.name}"
    checked = " checked" if state.on else ""
    return (
        f'<div class="qc-link"><input type="checkbox" id="{ident}" data-link="{state.link.id}"{checked}>'
        f'<label for="{ident}">跟随{markup.esc(state.link.source_title)}</label> '
        f'<span class="qc-link-note" data-slot="link:{state.link.id}">{markup.esc(state.note)}</span></div>'
    )


def linked_field(part: str, html: str, name: str, state: LinkState) -> str:
    """A field that can follow a link: read-only while it does, with the link's switch and note."""
    if state.on:
        opening = f'<input id="qc-{part}-{name}" '
        assert html.count(opening) == 1, f"{part}.{name}: the field's input is not where it was"
        html = html.replace(opening, f'<input readonly id="qc-{part}-{name}" ')
    assert html.endswith("</div>")
    return html[: -len("</div>")] + link_control(state) + "</div>"


def part_form(part: Part, result: PlanResult) -> str:
    links = {link.name: result.links[link.id] for link in links_into(part.id)}
    fields = []
    for item in part.calculator.fields:
        html = field_html(part.id, item, part.form[item.name])
        fields.append(linked_field(part.id, html, item.name, links[item.name]) if item.name in links else html)
    return f'<form class="qc-form" aria-label="{markup.esc(part.title)}的输入" novalidate>{"".join(fields)}</form>'


def result_html(scenario: Scenario[Any, Any]) -> str:
    """A part's result as its calculator page renders it (without the JSON copy of its outputs)."""
    return scenario.calculator.render(scenario.inputs, scenario.outputs)


def part_result(part: Part) -> str:
    if part.scenario is not None:
        return result_html(part.scenario)
    if part.waiting:
        return markup.paragraph("要等前面的部分算出结果：先改好那里标出的输入。", "advice")
    return markup.paragraph("这一部分有要改的输入，见上面标出的项；改好后结果会出现在这里。", "advice")


def part_section(number: int, part: Part, result: PlanResult) -> str:
    ident = anchor(part.id)
    return (
        f'<section class="qc-plan-part" id="{ident}" data-part="{part.id}" aria-labelledby="{ident}-title">'
        f'<h2 id="{ident}-title" {UNSEARCHED}>{number}. {markup.esc(part.title)}</h2>'
        f'<p class="qc-plan-about">{markup.esc(ABOUT[part.id])}也可以单独打开'
        f'{markup.link(part.title, f"../{part.id}/")}计算器。</p>'
        f"{part_form(part, result)}"
        f'<div class="qc-result" data-slot="part:{part.id}" aria-live="polite">{part_result(part)}</div>'
        "</section>"
    )


def header_form(result: PlanResult) -> str:
    raw = {"name": result.document.name, "start": result.document.start}
    fields = "".join(field_html(HEADER, item, raw[item.name]) for item in HEADER_FIELDS)
    return (
        f'<form class="qc-form qc-plan-head" id="{anchor(HEADER)}" data-part="{HEADER}" aria-label="计划的名称和开始日期" '
        f"novalidate>{fields}</form>"
    )


# --- export, review, link --------------------------------------------------------------


def export_name(result: PlanResult) -> str:
    name = UNSAFE_NAME.sub("-", result.title).strip("-.") or "计划"
    return f"群策计划-{name}.json"


def review_query(funnel: Scenario[Any, Any]) -> str:
    """The review page's fields, pre-filled from the funnel: its stages and rates as the plan, the planned
    counts standing in for the actual ones until the reader types them."""
    out = funnel.outputs
    counts = [round(value) for value in out.counts]
    return urlencode({"counts": raw_text(tuple(counts)), "stages": ",".join(out.stages),
                      "plan_rates": raw_text(tuple(funnel.inputs.rates))})


def actions_html(result: PlanResult, share: str) -> str:
    export = markup.download(export_name(result), "application/json", result.document.text(), "导出计划文件（.json）")
    parts = [
        '<div class="qc-plan-actions">',
        f"<p>{export}</p>",
        markup.paragraph("计划文件可以发给同事，或在另一台设备上用“导入计划文件”打开；换了设备或清了浏览器数据，"
                         "保存在这台设备上的计划就没有了，重要的计划请导出一份。"),
    ]
    if share:
        parts.append(markup.paragraph("这个页面的链接里带着整份计划：复制链接发给别人，打开就是这份计划，"
                                      "对方改动后保存在他自己的设备上。"))
    else:
        parts.append(markup.paragraph(spaced(f"这份计划太长，放不进链接（最多 {MAX_LINK}个字符）：请用计划文件分享。")))
    funnel = result.scenario("funnel")
    if funnel is not None:
        href = f"../review/?{review_query(funnel)}"
        parts.append(
            f'<p>活动结束后：{markup.link("按这份计划复盘", href)}。各环节名称和计划转化率已经填好，'
            "把各环节人数改成实际记录到的人数，复盘会按“实际 ÷ 计划”找出差距最大的一步。</p>"
        )
    parts.append("</div>")
    return "".join(parts)


# --- the printout ----------------------------------------------------------------------


def key_figures(result: PlanResult, part: str) -> str:
    scenario = result.scenario(part)
    if scenario is None:
        return "有要改的输入，没有算出结果。"
    inputs, out = scenario.inputs, scenario.outputs
    if part == "funnel":
        text = (f"触达 {fmt.number(inputs.reach, 0)}人，最后一步（{out.stages[-1]}）约 {fmt.count(out.counts[-1])}人，"
                f"整体转化率 {fmt.percent(out.overall_rate, 4)}。")
    elif part == "fission":
        text = (f"K = {fmt.number(out.k, 4)}，种子 {fmt.number(inputs.seeds, 0)}人，{inputs.generations}代约 "
                f"{fmt.number(out.days, 1)}天，新成员 {fmt.number(new_members(scenario), 0)}人。")
    elif part == "reward_cost":
        text = f"总成本 {fmt.money(out.total)}，其中奖励 {fmt.money(out.rewards)}"
        if out.per_new_user is not None:
            text += f"，每位新成员 {fmt.money(out.per_new_user)}"
        if out.budget_left is not None:
            left = out.budget_left
            text += f"，预算结余 {fmt.money(left)}" if left >= 0 else f"，超出预算 {fmt.money(-left)}"
        text += "。"
    elif part == "capacity":
        text = (f"{out.groups}个群（建好 {out.prepared}个），{out.live_codes}个活码，{out.admins}位管理员，"
                f"群二维码更新 {len(out.refresh)}次。")
    else:
        text = (f"{inputs.kind}，{dates.short(out.first)} 至 {dates.short(out.last)}，{len(out.tasks)}项任务，"
                f"每群每天最多 {out.peak}条消息。")
    return spaced(text)


def first_week(result: PlanResult) -> str:
    """The launch week, one row a day: the tasks with who does them, and the messages each group gets."""
    timeline = result.scenario("timeline")
    if timeline is None:
        return markup.paragraph("活动排期有要改的输入，没有排出第一周。")
    rows = []
    for offset in range(FIRST_WEEK):
        tasks = [task for task in timeline.outputs.tasks if task.offset == offset]
        if not tasks:
            continue
        day = tasks[0].date
        rows.append([
            f"{dates.short(day)}（{dates.weekday(day)}）",
            "；".join(f"{task.task}（{task.owner}）" for task in tasks),
            "、".join(task.message for task in tasks if task.message) or "—",
        ])
    return markup.table("上线第一周（D0 到 D+6）", ["日期", "任务（负责人）", "要发的消息"], rows, numeric_from=99)


def print_html(result: PlanResult) -> str:
    start = result.header.get("start")
    when = f"开始日期 {dates.long(start)}" if start is not None else "开始日期未填好"  # type: ignore[arg-type]
    rows = [[CALCULATORS[part].title, key_figures(result, part)] for part in PARTS]
    items = warnings(result)
    notes = "".join(f"<li>{markup.esc(item.text)}</li>" for item in items)
    return (
        f'<h2 class="qc-plan-print-title" {UNSEARCHED}>{markup.esc(result.title)}</h2>'
        f"<p>{markup.esc(when)}</p>"
        f"{markup.figures(summary_figures(result))}"
        f"{markup.table('各部分的关键数字', ['部分', '关键数字'], rows, numeric_from=99)}"
        f"{first_week(result)}"
        + (f"<h3 {UNSEARCHED}>要注意的事</h3><ul>{notes}</ul>" if items else "")
    )


# --- the page --------------------------------------------------------------------------


def affected(result: PlanResult, changed: Iterable[str]) -> set[str]:
    """The parts whose result can differ after an edit to ``changed`` (parts, or HEADER): those and every
    part that follows one of them through a link that is on."""
    found = set(changed)
    for link in LINKS:  # links point forward: one pass in order reaches every follower
        if link.source in found and result.links[link.id].on:
            found.add(link.part)
    return found


def slots(result: PlanResult, share: str, changed: Iterable[str] | None = None) -> dict[str, str]:
    """The pieces the live page swaps, by name: the summary, warnings, links and printout always, the parts'
    results where they can have changed (all without ``changed``). A part without a result keeps its old one,
    marked stale."""
    found = {
        "summary": summary_html(result),
        "warnings": warnings_html(result),
        "actions": actions_html(result, share),
        "print": print_html(result),
    }
    redo = set(PARTS) if changed is None else affected(result, changed)
    for part in result.parts.values():
        if part.scenario is not None and part.id in redo:
            found[f"part:{part.id}"] = result_html(part.scenario)
    for link_id, state in result.links.items():
        found[f"link:{link_id}"] = markup.esc(state.note)
    return found


def values(result: PlanResult) -> dict[str, str]:
    """The values linked inputs show now (the page writes them into the read-only fields)."""
    return {link.id: result.parts[link.part].form[link.name] for link in LINKS if result.links[link.id].on}


def body(result: PlanResult, share: str) -> str:
    """Everything the page replaces when another plan is opened."""
    sections = "".join(part_section(number, result.parts[part], result) for number, part in enumerate(PARTS, 1))
    return (
        '<div class="qc-plan-body">'
        f"{header_form(result)}"
        f'<div data-slot="summary">{summary_html(result)}</div>'
        f'<div data-slot="warnings">{warnings_html(result)}</div>'
        f'<div data-slot="actions">{actions_html(result, share)}</div>'
        f"{sections}"
        f'<div class="qc-plan-print" data-slot="print">{print_html(result)}</div>'
        "</div>"
    )


STATUS = {
    "loading": "正在载入计算引擎，下面是示例计划……",
    "ready": "改动任何一项，整份计划立即重算，并保存在这台设备上。",
    "example": "这是示例计划：改动任何一项，就保存为你的计划。",
    "saved": "已保存在这台设备上。",
    "opened": "已打开保存的计划。",
    "linked": "这是链接里带来的计划：改动任何一项，就保存为你的计划。",
    "copied": "已复制为新计划，并保存在这台设备上。",
    "imported": "已导入，保存为新计划；原来保存的计划都还在。",
    "deleted": "已删除这份计划。",
    "nostorage": "这个浏览器不让网页保存数据（可能是无痕模式）：改动不会保存，请导出计划文件。",
    **problem_messages("下面是示例计划，可以照着看和打印。"),
}


def bar() -> str:
    """The saved plans and what can be done with them; shown by the page script (nothing to save without it)."""
    return (
        '<div class="qc-plan-bar" hidden>'
        '<div class="qc-plan-saved"><label for="qc-plan-saved">已保存的计划</label>'
        '<select id="qc-plan-saved" data-unnamed="未命名计划"><option value="">当前计划还没保存</option></select></div>'
        '<div class="qc-actions">'
        '<button type="button" class="qc-button qc-plan-new">新建计划</button>'
        '<button type="button" class="qc-button qc-plan-copy">复制为新计划</button>'
        '<button type="button" class="qc-button qc-plan-delete" data-confirm="再点一次，删除这份计划">删除这份计划</button>'
        '<label class="qc-button qc-plan-import" for="qc-plan-file">导入计划文件</label>'
        '<input type="file" id="qc-plan-file" class="qc-plan-file" accept=".json,application/json">'
        '<button type="button" class="qc-button qc-print" hidden>打印一页计划</button>'
        "</div>"
        '<p class="qc-wechat-only qc-wechat-reminder" hidden>你是在微信里打开的：退出微信登录时，微信可能清除网页保存的数据，'
        "保存的计划会跟着消失。改好一份计划，就把这个页面的链接发到“文件传输助手”（链接里带着整份计划），"
        "或点下面“导出计划文件”旁的“复制”，把计划文件的内容留在聊天里。</p>"
        "</div>"
    )


def block(result: PlanResult, share: str, root: str, runtime: Mapping[str, str]) -> str:
    """The workbook as the build writes it: the bar, the status line and the example plan's body."""
    data = " ".join(f'data-{markup.esc(key)}="{markup.esc(root + path)}"' for key, path in sorted(runtime.items()))
    states = status_attributes(STATUS)
    return (
        f'<article class="qc-workbook" data-calc="plan" data-max-bytes="{MAX_FILE_BYTES}" {UNSEARCHED} {data} '
        f"{time_limit_attribute()}>"
        f"{bar()}"
        f'<p class="qc-status" role="status" {states}>下面是示例计划；开启 JavaScript 后可以改数字、保存、导出和打印。</p>'
        f"{body(result, share)}"
        "</article>"
    )
