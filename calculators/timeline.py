"""活动排期 — a day-by-day SOP plan from preparation (D−7) to review (a week after the end),
drawn from the playbooks, with the messages each group gets and a warning on every day that
goes over the sending limit. Exported as CSV and as an iCalendar (.ics) file.

Day offsets count from the launch day, D0; a campaign of ``days`` days runs D0 … D(days − 1).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from . import dates, markup, svg
from . import format as fmt
from .fields import Field, Kind
from .playbook_links import playbook_href
from .spec import Calculator
from .typography import spaced

KINDS = ("裂变拉新", "训练营", "线上活动")
PREP_DAYS = 7
MINUS = "−"


@dataclass(frozen=True)
class Step:
    """One task of a plan template.

    ``when`` places it: ``prep`` (``at`` days before launch), ``day`` (campaign day ``at``,
    0 = launch), ``each`` (every campaign day from ``at`` on), ``mid`` (the middle day of a
    campaign of three days or more), ``last`` (the last campaign day) or ``after`` (``at``
    days after the last campaign day). ``sends`` is how many messages it puts in every group.
    """

    when: str
    at: int
    task: str
    owner: str
    message: str = ""
    sends: int = 0
    checks: tuple[str, ...] = ()
    slug: str = "fission-campaign-flow"


INVITE = (
    Step("prep", 7, "活动策划定稿：把目的、时间、奖励、流程和推广渠道写成一页纸，定下预算上限", "运营负责人",
         checks=("方案发给所有参与的同事", "预算有上限，并写明到了上限怎么办"), slug="fission-campaign-flow"),
    Step("prep", 6, "估算人数、群数和奖励：按正常和“爆了”两档，算各环节人数、要建的群和奖励成本", "运营负责人",
         checks=("奖励成本按最乐观的参与人数算过一遍", "算好要建几个群、几个活码"), slug="fission-launch-checklist"),
    Step("prep", 5, "海报文案和设计定稿：主标题、副标题、卖点、背书、促行动、活码六要素齐全", "运营负责人",
         checks=("海报六要素齐全", "海报上放的是活码，不是群二维码"), slug="fission-poster"),
    Step("prep", 4, "话术定稿：入群、审核、提醒、踢人四套话术，加上常见问题的标准回答", "客服",
         checks=("四套话术客服人手一份", "常见问题覆盖奖励、时间、截图、群满四类"), slug="fission-scripts"),
    Step("prep", 3, "建群、配置活码后台：录入群二维码，设好切换人数、欢迎语和关键词回复", "管理员",
         checks=("录入的群够用，并有备用群", "切换人数设在扫码上限以下", "用从没进过群的小号实测扫码"),
         slug="live-code-setup"),
    Step("prep", 2, "确认奖励兑换（库存、发放方式、到账时间、负责人）；私聊种子用户，约好发布时间和文案", "运营负责人",
         message="种子用户提前沟通（私聊）", checks=("奖励的库存和发放负责人已确认", "种子用户名单已确认"),
         slug="fission-launch-checklist"),
    Step("prep", 1, "自己人进群，用小号把整条流程再走一遍；建好数据记录表，写好应急预案", "管理员",
         message="内部上线通知（工作群）", checks=("每个群至少有 1 个自己人", "奖励发完、群满、海报失效、有人闹事各有负责人"),
         slug="fission-launch-checklist"),
    Step("day", 0, "上线：种子用户发布海报；当天每小时记一次数据，进群看现场", "运营负责人",
         message="活动规则与截止时间（群公告）", sends=1,
         checks=("记录启动量、扫码、入群、完成任务人数", "值班表排到活动结束"), slug="campaign-monitoring"),
    Step("each", 0, "集中审核截图，在群里发批量审核通知，通过的人按时发奖", "客服",
         message="批量审核通知", sends=1, checks=("截图在约定时间前审核完",), slug="fission-scripts"),
    Step("each", 1, "每天记一次数据：启动量、扫码、入群、完成任务、待审核截图、奖励余量、剩余可用群；清理广告号", "运营负责人",
         checks=("奖励余量低于预计剩余需求时马上决策", "剩余可用群够用"), slug="campaign-monitoring"),
    Step("mid", 0, "第一次提醒：还没提交截图的朋友抓紧", "客服",
         message="提醒话术（入群后未提交）", sends=1, checks=("同一个问题被问 3 次以上，就改欢迎语或发群公告",),
         slug="fission-scripts"),
    Step("last", 0, "截止前最后一次提醒", "客服",
         message="提醒话术（截止前最后一次）", sends=1, checks=("提醒一共不超过 2 次",), slug="fission-scripts"),
    Step("after", 1, "活动结束公告：奖励领取截止时间，以及群接着运营还是约定解散", "管理员",
         message="活动结束公告（或清群话术）", sends=1, checks=("已完成任务的人奖励全部兑现",), slug="fission-scripts"),
    Step("after", 2, "汇总数据：启动量、扫码人数、入群人数、完成任务人数和各项成本", "运营负责人",
         checks=("四个原始数据按同一口径记录",), slug="campaign-review"),
    Step("after", 3, "复盘：算各环节转化率，找出瓶颈，定下不超过 3 条改进项", "运营负责人",
         checks=("找出转化率最低或与计划差距最大的一步", "每条改进项都有负责人"), slug="campaign-review"),
    Step("after", 7, "跟踪 1 周后的在群人数；把新踩的坑补进上线前检查清单", "新人运营",
         checks=("记下 1 周后在群人数", "新问题已补进检查清单"), slug="campaign-review"),
)

CAMP = (
    Step("prep", 7, "定营期、每天的课程和打卡方式，画出循环：体验 → 邀请 → 打卡分享 → 试听 → 付费", "运营负责人",
         checks=("终点目标写清楚（例如试听付费课）", "每一环结束时，学员知道下一环是什么"), slug="incentive-loop"),
    Step("prep", 6, "估算四类福利的成本：体验课、邀请和分享奖励、移出后的回访福利、全勤惊喜和试听课", "运营负责人",
         checks=("四类福利的成本已分别估算", "隐藏福利只写在内部文档里"), slug="incentive-loop"),
    Step("prep", 5, "准备每天内容不同的课程，以及学完弹出的分享海报", "KOL",
         checks=("每天的课程内容不同", "分享海报上放的是活码"), slug="case-baby-english"),
    Step("prep", 4, "学习规则、提醒和移出话术、回访话术定稿（如连续 2 天未打卡提醒，连续 3 天移出）", "客服",
         checks=("提醒和移出的天数写进学习规则", "移出后的回访话术已写好"), slug="case-baby-english"),
    Step("prep", 3, "建群、配置活码后台，用小号测试入群、欢迎语和打卡流程", "管理员",
         checks=("录入的群够用，并有备用群", "用从没进过群的小号走一遍"), slug="live-code-setup"),
    Step("prep", 2, "预热：发起签到或自我介绍接龙，配一点小福利", "新人运营",
         message="签到接龙", sends=1, checks=("前几位接龙的是自己人或核心成员",), slug="group-rituals"),
    Step("prep", 1, "开营倒计时预告，请大家先改好群昵称", "群主",
         message="开营倒计时预告", sends=1, checks=("写明开营时间和今晚要做的一件事",), slug="group-rituals"),
    Step("day", 0, "开营仪式：规则、课程、老师、学习安排、奖励、上课方式和有效期", "群主",
         message="开营公告", sends=1, checks=("开营公告一屏能看完",), slug="group-rituals"),
    Step("day", 0, "学习宣誓接龙：给好模板，成员只改自己的名字和信息", "新人运营",
         message="学习宣誓接龙", sends=1, checks=("接龙模板只需填空",), slug="group-rituals"),
    Step("each", 0, "发布当天的课程", "KOL", message="当天课程", sends=1,
         checks=("课程在约定时间发出",), slug="case-baby-english"),
    Step("each", 0, "晚上统计当天打卡，在群里公布", "管理员", message="打卡统计", sends=1,
         checks=("打卡格式固定，一条消息就能完成",), slug="group-rituals"),
    Step("each", 0, "收分享截图、发小礼品，登记邀请好友的奖励", "客服",
         checks=("奖励按承诺的时间发出",), slug="incentive-loop"),
    Step("each", 2, "私聊提醒连续 2 天未打卡的学员；移出连续 3 天未打卡的学员，并一对一回访", "客服",
         message="提醒与回访（私聊）", checks=("提醒私聊发出，不在群里点名", "每个被移出的人都有人回访"),
         slug="case-baby-english"),
    Step("last", 0, "结营：公布全勤名单，发全勤惊喜，预告试听课", "群主",
         message="结营公告", sends=1, checks=("全勤惊喜按内部写好的标准发放",), slug="incentive-loop"),
    Step("after", 1, "引导学完的学员去听付费课的试听课", "运营负责人",
         message="试听课邀请", sends=1, checks=("试听课的时间和入口发在群里",), slug="case-baby-english"),
    Step("after", 2, "一对一跟进听过试听课的学员，解答付费疑问", "客服",
         message="付费跟进（私聊）", checks=("每位试听过的学员都有人跟进",), slug="case-baby-english"),
    Step("after", 3, "复盘：到课率、每日打卡率、移出人数、试听和付费人数，与计划对比", "运营负责人",
         checks=("每天的打卡人数都有记录",), slug="campaign-review"),
    Step("after", 7, "付费转化收尾，预告下一期，在群里说明群的去留", "运营负责人",
         message="下一期预告", sends=1, checks=("群的去留已在群里说明",), slug="incentive-loop"),
)

EVENT = (
    Step("prep", 7, "定主题、嘉宾和时间；固定活动日最好每周或每两周同一时间", "运营负责人",
         checks=("活动定在固定的活动日",), slug="group-rituals"),
    Step("prep", 5, "和嘉宾对好分享提纲、时长、问答环节和上课方式（群内语音、直播链接或小程序）", "运营负责人",
         checks=("嘉宾知道分享多长、问答怎么进行",), slug="group-rituals"),
    Step("prep", 3, "发活动预告，征集大家想问的问题", "管理员",
         message="活动预告", sends=1, checks=("预告写明主题、嘉宾和时间",), slug="group-rituals"),
    Step("prep", 2, "准备开场和结尾话术，安排自己人带头提问", "管理员",
         checks=("冷场时有人带话题",), slug="group-roles"),
    Step("prep", 1, "活动前一天再预告一次", "管理员",
         message="活动前一天预告", sends=1, checks=("问题已整理好交给嘉宾",), slug="group-rituals"),
    Step("each", 0, "开始前 1 小时提醒", "管理员", message="开始前提醒", sends=1, slug="group-rituals"),
    Step("each", 0, "开场：介绍嘉宾和活动规则，然后嘉宾分享、问答", "群主",
         message="开场介绍", sends=1, checks=("分享时段内管理员盯着广告和刷屏",), slug="group-rituals"),
    Step("each", 0, "结束：感谢嘉宾，总结要点，预告下一次", "群主",
         message="结束总结", sends=1, slug="group-rituals"),
    Step("after", 1, "整理分享纪要发到群里", "新人运营",
         message="分享纪要", sends=1, checks=("纪要一屏能看完，附完整内容链接",), slug="group-rituals"),
    Step("after", 3, "复盘：参加人数、发言人数、新成员发言和提问数，与上一期对比", "运营负责人",
         checks=("发言人数、消息数按同一口径记录",), slug="revive-silent-group"),
    Step("after", 7, "预告下一期；固定活动日至少连续做 4 次再评估效果", "管理员",
         message="下一期预告", sends=1, checks=("记下这是连续第几期",), slug="group-rituals"),
)

PLANS = dict(zip(KINDS, (INVITE, CAMP, EVENT), strict=True))
# The playbooks the plans are drawn from (their titles as the site shows them).
PLAYBOOKS = {
    "fission-campaign-flow": "裂变活动三大流程",
    "fission-launch-checklist": "裂变活动上线前检查清单",
    "fission-poster": "裂变海报六要素",
    "fission-scripts": "裂变活动群内话术",
    "live-code-setup": "活码与后台设置",
    "campaign-monitoring": "活动中的监控与应急",
    "campaign-review": "裂变活动复盘",
    "incentive-loop": "循环体结构与四类福利",
    "case-baby-english": "案例：宝宝学英语 7 天打卡课",
    "group-rituals": "社群仪式感：开营、接龙、打卡与活动日",
    "group-roles": "群角色与管理分工：群主、管理员、客服与 KOL",
    "revive-silent-group": "激活沉默社群",
}


@dataclass(frozen=True)
class TimelineInputs:
    name: str
    launch: str
    kind: str
    days: int
    limit: int


@dataclass(frozen=True)
class Task:
    date: str
    offset: int
    phase: str
    task: str
    owner: str
    message: str
    sends: int
    checks: tuple[str, ...]
    playbook: str


@dataclass(frozen=True)
class DayLoad:
    date: str
    offset: int
    messages: int
    over: bool


@dataclass(frozen=True)
class TimelineOutputs:
    first: str
    last: str
    tasks: tuple[Task, ...]
    load: tuple[DayLoad, ...]
    over_days: tuple[int, ...]
    peak: int
    ics: str


FIELDS = (
    Field("name", "活动名称", Kind.TEXT, default="7 天体验营", max_length=30,
          hint="出现在日历事件和下载的文件里。"),
    dates.DateField("launch", "上线日期", example="2026-12-07",
                    hint="活动第 1 天（D0）的日期；准备从 7 天前（D−7）开始。"),
    Field("kind", "活动类型", Kind.CHOICE, choices=KINDS, default="训练营",
          hint="裂变拉新（海报、扫码、转发任务）、训练营（打卡课、体验课）或线上活动（嘉宾分享、主题讨论）。"),
    Field("days", "活动天数", Kind.INTEGER, unit="天", minimum=1, maximum=60, example="7",
          hint="从上线当天算起一共几天；线上活动一般是 1 天，宝宝学英语的体验课是 7 天。"),
    Field("limit", "每群每天消息上限", Kind.INTEGER, unit="条", minimum=1, maximum=50, default=3,
          hint="运营每天在每个群里发的群消息（公告、课程、提醒、统计）最多几条。默认 3 条是本站建议，不是平台限制；"
               "《裂变活动群内话术》提醒，反复 @所有人会打扰已完成任务的人，无关信息太多容易让人退群。"),
)
BY_NAME = {field.name: field for field in FIELDS}


def day_offsets(step: Step, days: int) -> list[int]:
    """The offsets from launch on which a step falls, for a campaign of ``days`` days."""
    last = days - 1
    if step.when == "prep":
        return [-step.at]
    if step.when == "day":
        return [step.at] if step.at <= last else []
    if step.when == "each":
        return list(range(step.at, days))
    if step.when == "mid":
        return [days // 2] if days >= 3 else []
    if step.when == "last":
        return [last] if days >= 2 else []
    return [last + step.at]


def phase(offset: int, days: int) -> str:
    if offset < 0:
        return "准备"
    if offset == 0:
        return "上线"
    if offset < days:
        return "进行"
    return "收尾复盘"


def d_label(offset: int) -> str:
    """'D−7', 'D0', 'D+3'."""
    if offset < 0:
        return f"D{MINUS}{-offset}"
    return "D0" if offset == 0 else f"D+{offset}"


def plan(inputs: TimelineInputs, launch: datetime.date) -> list[Task]:
    tasks: list[tuple[int, int, Step]] = []
    for order, step in enumerate(PLANS[inputs.kind]):
        for offset in day_offsets(step, inputs.days):
            tasks.append((offset, order, step))
    tasks.sort(key=lambda item: (item[0], item[1]))
    return [
        Task(
            date=dates.iso(dates.add(launch, offset)), offset=offset, phase=phase(offset, inputs.days),
            task=step.task, owner=step.owner, message=step.message, sends=step.sends, checks=step.checks,
            playbook=step.slug,
        )
        for offset, _, step in tasks
    ]


def loads(tasks: list[Task], launch: datetime.date, days: int, limit: int) -> list[DayLoad]:
    first, last = -PREP_DAYS, days - 1 + PREP_DAYS
    per_day = dict.fromkeys(range(first, last + 1), 0)
    for task in tasks:
        per_day[task.offset] += task.sends
    return [DayLoad(dates.iso(dates.add(launch, offset)), offset, count, count > limit)
            for offset, count in per_day.items()]


# --- iCalendar (RFC 5545) --------------------------------------------------------------


def ics_text(value: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma and line breaks."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> list[str]:
    """Split a content line into pieces of at most 75 octets, never inside a character or an escape."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = 75
    for char in re.findall(r"\\.|.", line, flags=re.DOTALL):
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    pieces.append(current)
    return pieces


def events(inputs: TimelineInputs) -> list[tuple[int, int, Step]]:
    """Calendar events as (first offset, days, step): a daily task is one event repeated daily."""
    found: list[tuple[int, int, int, Step]] = []
    for order, step in enumerate(PLANS[inputs.kind]):
        offsets = day_offsets(step, inputs.days)
        if step.when == "each" and len(offsets) > 1:
            found.append((offsets[0], order, len(offsets), step))
        else:
            found += [(offset, order, 1, step) for offset in offsets]
    return [(offset, count, step) for offset, _, count, step in sorted(found, key=lambda item: (item[0], item[1]))]


def calendar(inputs: TimelineInputs, launch: datetime.date) -> str:
    """An iCalendar file: one all-day event per task, a daily task as one event repeated (RRULE)."""
    stamp = launch.strftime("%Y%m%d") + "T000000Z"
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Qunce//timeline//ZH", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
        "X-WR-CALNAME:" + ics_text(f"{inputs.name}·活动排期"),
    ]
    for number, (offset, count, step) in enumerate(events(inputs), 1):
        day = dates.add(launch, offset)
        details = [f"负责人：{step.owner}"]
        if step.message:
            details.append(f"要发的消息：{step.message}")
        details += [f"□ {item}" for item in step.checks]
        details.append(f"手册：{PLAYBOOKS[step.slug]}")
        when = d_label(offset) if count == 1 else f"{d_label(offset)} 到 {d_label(offset + count - 1)} 每天"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{launch.isoformat()}-{KINDS.index(inputs.kind)}-{inputs.days}-{number}@qunce.timeline",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{dates.add(day, 1).strftime('%Y%m%d')}",
            *([f"RRULE:FREQ=DAILY;COUNT={count}"] if count > 1 else []),
            "SUMMARY:" + ics_text(f"{when} {inputs.name}：{step.task}"),
            "DESCRIPTION:" + ics_text("\n".join(details)),
            "CATEGORIES:" + ics_text(phase(offset, inputs.days)),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(piece + "\r\n" for line in lines for piece in fold(line))


def compute(inputs: TimelineInputs) -> TimelineOutputs:
    launch = dates.parse_date(BY_NAME["launch"], inputs.launch)
    tasks = plan(inputs, launch)
    load = loads(tasks, launch, inputs.days, inputs.limit)
    return TimelineOutputs(
        first=load[0].date,
        last=load[-1].date,
        tasks=tuple(tasks),
        load=tuple(load),
        over_days=tuple(day.offset for day in load if day.over),
        peak=max(day.messages for day in load),
        ics=calendar(inputs, launch),
    )


# --- rendering -------------------------------------------------------------------------


def when(offset: int, iso_date: str) -> str:
    """'D−3 · 12 月 4 日（周五）'."""
    day = datetime.date.fromisoformat(iso_date)
    return f"{d_label(offset)} · {dates.short(day)}（{dates.weekday(day)}）"


def warnings(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    if not out.over_days:
        return markup.paragraph(spaced(
            f"每个群每天最多收到 {out.peak}条运营消息，没有超过你设的上限（{inputs.limit}条）。"
        ), "advice")
    items = []
    for day in out.load:
        if not day.over:
            continue
        names = "、".join(task.message for task in out.tasks if task.offset == day.offset and task.sends)
        items.append(
            f"<li>{markup.esc(when(day.offset, day.date))}：每个群要发 {day.messages} 条（{markup.esc(names)}），"
            f"超过上限 {inputs.limit} 条。</li>"
        )
    return (
        f'<div class="qc-advice"><p>有 {len(out.over_days)} 天超过了每群每天 {inputs.limit} 条的上限：</p>'
        f"<ul>{''.join(items)}</ul>"
        "<p>可以把几条合并成一条（例如把接龙放进公告里），把不急的挪到前后一天，或改成私聊、放进群公告。</p></div>"
    )


def task_rows(out: TimelineOutputs) -> tuple[list[list[str]], list[list[object]]]:
    rows: list[list[str]] = []
    csv_rows: list[list[object]] = []
    for task in out.tasks:
        checks = "；".join(task.checks) or "—"
        message = task.message or "—"
        title = PLAYBOOKS[task.playbook]
        rows.append([when(task.offset, task.date), task.phase, task.task, task.owner, message, checks, title])
        csv_rows.append([task.date, d_label(task.offset), task.phase, task.task, task.owner, task.message,
                         task.sends, "；".join(task.checks), title])
    return rows, csv_rows


def ics_link(text: str) -> str:
    href = markup.data_url("text/calendar", text)
    return (f'<a class="qc-csv md-button" download="活动排期.ics" href="{markup.esc(href)}">'
            "下载日历文件（.ics）</a>")


def render(inputs: TimelineInputs, out: TimelineOutputs) -> str:
    first = datetime.date.fromisoformat(out.first)
    last = datetime.date.fromisoformat(out.last)
    owners: dict[str, int] = {}
    for task in out.tasks:
        owners[task.owner] = owners.get(task.owner, 0) + 1
    busiest = max(owners, key=lambda owner: owners[owner])
    items = [
        markup.Figure("排期", f"{dates.short(first)} 至 {dates.short(last)}",
                      f"{d_label(-PREP_DAYS)} 到 {d_label(inputs.days - 1 + PREP_DAYS)}，共 {len(out.load)} 天"),
        markup.Figure("任务", fmt.with_unit(str(len(out.tasks)), "项"), f"最多的是{busiest}（{owners[busiest]} 项）"),
        markup.Figure("每群每天最多", fmt.with_unit(str(out.peak), "条"), f"上限 {inputs.limit} 条"),
        markup.Figure("超过上限", fmt.with_unit(str(len(out.over_days)), "天"),
                      "需要合并或挪开的日子" if out.over_days else "没有超过"),
    ]
    labels = [d_label(day.offset) for day in out.load]
    chart = svg.columns(
        "每天每个群收到的运营消息条数与上限折线图", labels,
        [("每群消息（条）", [float(day.messages) for day in out.load]),
         ("上限（条）", [float(inputs.limit)] * len(out.load))],
    )
    load_rows = [[when(day.offset, day.date), str(day.messages), "超过" if day.over else "—"] for day in out.load]
    rows, csv_rows = task_rows(out)
    owner_list = "、".join(f"{owner} {count} 项" for owner, count in owners.items())
    used = list(dict.fromkeys(task.playbook for task in out.tasks))
    links = (
        f"<p>各角色的任务数：{markup.esc(owner_list)}。这份排期出自这些手册："
        + "、".join(markup.link(PLAYBOOKS[slug], playbook_href(slug)) for slug in used)
        + "。</p>"
    )
    return "".join([
        markup.figures(items),
        warnings(inputs, out),
        chart,
        markup.table(f"{inputs.name}（{inputs.kind}）排期：每天的任务、负责人、要发的消息和检查项",
                     ["日期", "阶段", "任务", "负责人", "要发的消息", "检查项", "出自"], rows, numeric_from=99),
        markup.table("每个群每天收到的运营消息", ["日期", "群消息（条）", "是否超过上限"], load_rows, numeric_from=1),
        links,
        markup.csv_link("活动排期.csv",
                        ["日期", "第几天", "阶段", "任务", "负责人", "要发的消息", "群消息条数", "检查项", "手册"], csv_rows),
        ics_link(out.ics),
    ])


CALCULATOR = Calculator(
    id="timeline",
    title="活动排期",
    summary=("从上线日期、活动类型和天数，排出从准备（D−7）到复盘的每日任务、负责人、要发的消息和检查项，"
             "超过每群每天消息上限时提醒；可下载 CSV 和日历文件。"),
    fields=FIELDS,
    inputs=TimelineInputs,
    compute=compute,
    render=render,
)
