"""The chat analysis as HTML: figures, the rules of thumb, charts, tables and CSV downloads.

Every name and file name comes from the reader's file: all of it goes through markup's escaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..health import advice_html, shown_threshold, shown_value
from ..kit import format as fmt
from ..kit import markup, svg
from ..kit.typography import spaced
from .analysis import JOIN_WINDOW_DAYS, TOP_MEMBERS

if TYPE_CHECKING:
    from . import ChatInputs, ChatOutputs

PER_DAY_TABLE = 62  # longer spans show the table folded


def folded(summary: str, body: str) -> str:
    return f'<details class="qc-more"><summary>{markup.esc(summary)}</summary>{body}</details>'


def copy_box(label: str, ident: str, lines: list[str]) -> str:
    """Names one per line in a read-only text box, for selecting and copying."""
    rows = min(max(len(lines), 2), 10)
    return (
        f'<p><label for="{ident}">{markup.esc(label)}</label></p>'
        f'<textarea id="{ident}" class="qc-copy-list" readonly rows="{rows}">{markup.esc(chr(10).join(lines))}</textarea>'
    )


def period(out: ChatOutputs) -> str:
    if out.first is None or out.last is None:
        return "这段日期里没有消息"
    if out.first == out.last:
        return f"{out.first.isoformat()}，1 天"
    return f"{out.first.isoformat()} 到 {out.last.isoformat()}，共 {out.days} 天"


def peak_hours(by_hour: tuple[int, ...]) -> list[int]:
    top = max(by_hour, default=0)
    return [hour for hour, count in enumerate(by_hour) if count == top and top > 0]


def reading(inputs: ChatInputs, out: ChatOutputs) -> str:
    files = f"{out.files} 个文件" if out.files > 1 else "1 个文件"
    text = f"读取了{files}（{out.format_name}），统计 {period(out)}。"
    if not out.messages:
        return spaced(text + "这段日期里没有成员发的消息：换一个日期范围试试。")
    per_day = out.messages / out.days
    text += (f"一共 {fmt.number(out.messages, 0)} 条消息，来自 {fmt.number(out.speakers, 0)} 位发言者，"
             f"平均每天 {fmt.number(per_day, 1)} 条。")
    if out.top10_share is not None:
        text += f"最活跃的 {out.top_group} 人发了其中的 {fmt.percent(out.top10_share, 1)}。"
    if out.joins:
        text += (f"有 {out.joins} 人入群，其中 {out.joined_spoke_7d} 人在入群 {JOIN_WINDOW_DAYS} 天内发过言。")
    if inputs.members is None:
        text += "填上“群人数”，还能算出发言率和人均消息。"
    return spaced(text)


def figures_html(out: ChatOutputs) -> str:
    items = [
        markup.Figure("消息", fmt.with_unit(fmt.number(out.messages, 0), "条"), "不含系统消息"),
        markup.Figure("发言人数", fmt.with_unit(fmt.number(out.speakers, 0), "人"), "至少发过 1 条消息"),
        markup.Figure("天数", fmt.with_unit(fmt.number(out.days, 0), "天"), "从第一条到最后一条消息"),
    ]
    if out.days:
        items.append(markup.Figure("日均消息", fmt.with_unit(fmt.number(out.messages / out.days, 1), "条"), ""))
    if out.top10_share is not None:
        items.append(markup.Figure("发言集中度", fmt.percent(out.top10_share, 1), f"最活跃的 {out.top_group} 人发的消息占比"))
    if out.joins:
        items.append(markup.Figure("新人 7 天内发言", f"{out.joined_spoke_7d} / {out.joins} 人",
                                   fmt.percent(out.joined_spoke_7d / out.joins, 1)))
    return markup.figures(items)


def checks_html(out: ChatOutputs) -> str:
    if not out.checks:
        return ""
    rows = [[item.label, shown_value(item), shown_threshold(item), "达到" if item.ok else "未达到"] for item in out.checks]
    note = markup.paragraph(spaced(
        "经验线和社群健康度计算器的默认值相同，按 7 天的统计期设定：选一段 7 天的日期范围，比较最公平。"
        "新人发言率在这里是“入群 7 天内发过言的人 ÷ 入群人数”。"
    ))
    return markup.table("各项指标与经验线", ["指标", "本期", "经验线", "判断"], rows) + note


def day_label(value: object) -> str:
    text = str(value)
    return text[5:]  # 'MM-DD'


def per_day_html(out: ChatOutputs) -> str:
    if not out.per_day:
        return ""
    chart = svg.columns(
        "每天的消息条数与发言人数折线图", [day_label(day.date) for day in out.per_day],
        [("消息（条）", [float(day.messages) for day in out.per_day]),
         ("发言人数（人）", [float(day.speakers) for day in out.per_day])],
    )
    rows = [[day.date.isoformat(), fmt.number(day.messages, 0), fmt.number(day.speakers, 0)] for day in out.per_day]
    table = markup.table("每天的消息条数与发言人数", ["日期", "消息（条）", "发言人数（人）"], rows)
    if len(rows) > PER_DAY_TABLE:
        table = folded(f"展开每天的数字（{len(rows)} 天）", table)
    csv = markup.csv_link("每天的消息与发言人数.csv", ["日期", "消息条数", "发言人数"],
                          [[day.date.isoformat(), day.messages, day.speakers] for day in out.per_day],
                          "下载每天的数字（CSV）")
    return chart + table + csv


def by_hour_html(out: ChatOutputs) -> str:
    if not out.messages:
        return ""
    labels = [f"{hour} 点" for hour in range(24)]
    chart = svg.histogram("一天中各个小时的消息条数柱状图", labels, [float(count) for count in out.by_hour])
    peaks = peak_hours(out.by_hour)
    when = "、".join(f"{hour}–{hour + 1} 点" for hour in peaks)
    text = spaced(f"消息最多的时段是 {when}（按导出文件里的时间）。") + (
        f"固定栏目和重要通知放在大家在线的时段，见{markup.playbook_link('content-calendar')}。"
    )
    rows = [[f"{hour}:00–{hour + 1}:00", fmt.number(count, 0), fmt.percent(count / out.messages, 1)]
            for hour, count in enumerate(out.by_hour)]
    table = folded("展开各个小时的数字", markup.table("一天中各个小时的消息", ["时段", "消息（条）", "占比"], rows))
    return chart + f"<p>{text}</p>" + table


def members_html(out: ChatOutputs) -> str:
    if not out.members:
        return ""
    top = out.members[:TOP_MEMBERS]
    rows = [[member.name, fmt.number(member.messages, 0), fmt.percent(member.share, 1), fmt.number(member.active_days, 0)]
            for member in top]
    table = markup.table(f"最活跃的 {len(top)} 位成员", ["成员", "消息（条）", "占比", "发言天数"], rows)
    csv = markup.csv_link("成员发言.csv", ["成员", "消息条数", "占比", "第一条", "最后一条", "发言天数"],
                          [[m.name, m.messages, m.share, m.first.isoformat(), m.last.isoformat(), m.active_days]
                           for m in out.members], "下载全部成员的发言数（CSV）")
    text = (f"<p>最活跃的成员是发展核心用户的人选：请他们带新人、带话题，见{markup.playbook_link('member-tiers')}。"
            "名字是成员在群里显示的名字（备注优先），同一个人改过名字时按用得最多的那个。</p>")
    return table + text + csv


def joiners_html(out: ChatOutputs) -> str:
    if not out.joiners:
        return markup.paragraph(
            "这段日期里没有找到入群提示（“某某邀请某某加入了群聊”“某某通过扫描某某分享的二维码加入群聊”），"
            "所以不统计新人发言；有的导出工具不导出系统消息。"
        )
    silent = list(out.silent_joiners)
    text = spaced(
        f"入群提示里一共 {out.joins} 人，{out.joined_spoke_7d} 人在入群 {JOIN_WINDOW_DAYS} 天内发过言，"
        f"{len(silent)} 人到导出为止一句话也没说。"
    ) + (
        "入群提示只写名字，所以按群里显示的名字去找这个人的消息：重名的人分不开，入群后改了名字的人会被算作没说话。"
    )
    parts = [markup.paragraph(text)]
    if silent:
        parts.append(copy_box("入群后没有发过言的人（一行一个，可以全选复制，逐个私聊问候）：", "qc-chat-silent", silent))
        parts.append(f"<p>帮新人在头几天开口、认识 2～3 位老成员，见{markup.playbook_link('case-facebook-7-friends')}。</p>")
    parts.append(markup.csv_link(
        "入群的人.csv", ["名字", "入群日期", f"{JOIN_WINDOW_DAYS} 天内发言", "发过言"],
        [[j.name, j.joined.isoformat(), "是" if j.spoke_7d else "否", "是" if j.spoke else "否"] for j in out.joiners],
        "下载入群的人（CSV）"))
    return "".join(parts)


def notes_html(out: ChatOutputs) -> str:
    notes = []
    if out.skipped_note:
        notes.append(out.skipped_note)
    if out.duplicates:
        notes.append(spaced(f"几个文件里有 {fmt.number(out.duplicates, 0)} 条重复的消息（导出的日期有重叠），只算了一次。"))
    if out.system:
        notes.append(spaced(f"另有 {fmt.number(out.system, 0)} 条系统消息（入群、撤回、拍一拍等），不计入消息数。"))
    return "".join(markup.paragraph(note, "note") for note in notes)


def render_html(inputs: ChatInputs, out: ChatOutputs) -> str:
    links = (
        f"<p>每周把消息数、发言人数和新人发言记进周报，连续几周放在一起看趋势，见{markup.playbook_link('weekly-report')}；"
        f"群冷下来时怎么办，见{markup.playbook_link('revive-silent-group')}。</p>"
    )
    return "".join([
        figures_html(out),
        markup.paragraph(reading(inputs, out), "advice"),
        notes_html(out),
        advice_html(out.checks),
        checks_html(out),
        markup.section("每天的走势", per_day_html(out)) if out.per_day else "",
        markup.section("一天中的发言时段", by_hour_html(out)) if out.messages else "",
        markup.section("最活跃的成员", members_html(out)) if out.members else "",
        markup.section("新人入群后有没有开口", joiners_html(out)),
        links,
    ])
