"""企业微信群统计 — the health figures of a set of 企业微信 customer groups, day by day and week by week,
from the group statistics the operator already has.

Input: the day rows ``externalcontact/groupchat/statistic_group_by_day`` returns (JSON as the API answers,
``{"items": [{"stat_time", "data": {…}}]}``, or a list of the items, flat or with ``data``), or the same as a
CSV, with the API's column names or the Chinese ones a spreadsheet carries (COLUMNS, the one table of them).
The API keeps 180 days and gives at most 30 days a query, so several files are read together; a day given
twice with the same numbers counts once.

Per day: members, new members, members who sent a message, messages, and from them the speak rate and
messages per member; members who left are estimated as yesterday's members + new − today's members (the
statistics do not count them). Per week (Monday to Sunday): the sums, the mean daily speak rate, the
week-end members, the leave rate and the net growth, held against the health calculator's rules of thumb
(set for 7 days), and the change from the week before.
"""

from __future__ import annotations

import csv
import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .chat import health_default
from .health import ADVICE, Check, growth_text, rule, shown_threshold, shown_value
from .kit import format as fmt
from .kit import markup, svg
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.files import Damage, FileProblem, Upload, quoted, text_stream
from .kit.numbers import tidy
from .kit.spec import Calculator
from .kit.typography import spaced

# The statistics' columns: the API's name, then the names a spreadsheet (the admin console's export, or
# a hand-made table) may carry. Matching ignores spaces and case. The names stay in Simplified Chinese in the
# zh-Hant edition (its code is converted): they are what the admin console writes.
# opencc: off
COLUMNS: dict[str, tuple[str, ...]] = {
    "stat_time": ("日期", "统计日期", "时间", "统计时间", "date"),
    "new_chat_cnt": ("新增客户群数", "新增群聊数", "新增客户群数量", "新增群数"),
    "chat_total": ("客户群总数", "群聊总数", "客户群总数量", "群总数"),
    "chat_has_msg": ("有发过消息的客户群数", "有消息的客户群数", "发过消息的群聊数", "有发过消息的客户群数量", "有消息的群数"),
    "new_member_cnt": ("新增客户群成员数", "新增群成员数", "客户群新增群人数", "新增群人数", "新增成员数", "入群人数"),
    "member_total": ("客户群成员总数", "群成员总数", "客户群总人数", "群总人数", "成员总数"),
    "member_has_msg": ("发过消息的客户群成员数", "发过消息的群成员数", "有发过消息的群成员数", "发言成员数", "发言人数"),
    "msg_total": ("客户群消息总数", "群消息总数", "消息总数", "消息数"),
    "migrate_trainee_chat_cnt": ("新增迁移群聊数", "迁移群聊数"),
}
# opencc: on
REQUIRED = ("stat_time", "new_member_cnt", "member_total", "member_has_msg", "msg_total")
NUMBERS = tuple(name for name in COLUMNS if name != "stat_time")
COUNT = re.compile(r"\d+(?:\.0*)?")
DAY = 86400
BEIJING = 8 * 3600
WEEK_NAMES = "一二三四五六日"

MIN_SPEAK = health_default("min_speak")
MAX_LEAVE = health_default("max_leave")
MIN_GROWTH = health_default("min_growth")
MIN_MESSAGES = health_default("min_messages")


def folded_name(name: str) -> str:
    return "".join(name.split()).lower().lstrip("\ufeff")


ALIASES = {folded_name(alias): api for api, names in COLUMNS.items() for alias in (api, *names)}


def column_names(header: Iterable[str]) -> dict[str, int]:
    """API column name → index in ``header`` (Chinese or English)."""
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        api = ALIASES.get(folded_name(name))
        if api is not None and api not in found:
            found[api] = index
    return found


def is_wecom_header(header: Iterable[str]) -> bool:
    return set(REQUIRED) <= set(column_names(header))


@dataclass(frozen=True)
class WecomInputs:
    files: tuple[Upload, ...] = field(
        "客户群统计文件", Kind.FILES, max_items=20,
        hint="企业微信“客户群统计”按天的数据：接口返回的 JSON，或导出的表格另存为 CSV；可以一次选几个（每次最多查 30 天）。")


@dataclass(frozen=True)
class Day:
    date: datetime.date
    groups: int
    groups_with_messages: int
    members: int
    new_members: int
    left: int | None  # estimated; None for the first day or after a gap
    speakers: int
    messages: int
    speak_rate: float | None
    messages_per_member: float | None


@dataclass(frozen=True)
class Week:
    start: datetime.date
    days: int
    messages: int
    new_members: int
    left: int
    members_start: int
    members_end: int
    speakers_mean: float
    speak_rate: float | None  # mean of the days' rates
    messages_per_member: float | None
    leave_rate: float | None
    net_growth: float | None


@dataclass(frozen=True)
class Change:
    label: str
    before: float
    after: float
    change: float | None  # fraction; None when before is 0


@dataclass(frozen=True)
class WecomOutputs:
    format: str
    days: int
    first: datetime.date
    last: datetime.date
    per_day: tuple[Day, ...]
    per_week: tuple[Week, ...]
    week_on_week: tuple[Change, ...]
    checks: tuple[Check, ...]
    skipped: int
    skipped_note: str


# ------------------------------------------------------------------------------------------ reading


def problem(message: str) -> InputError:
    return InputError({"files": message})


def stat_day(value: object) -> int:
    """stat_time as a day number: Unix seconds (the API's, midnight in Beijing) or a written date."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, (int, float)):
        number = int(value)
    else:
        text = str(value).strip()
        if text.isdigit():
            number = int(text)
        else:
            from .chat.formats import Clock

            return Clock().loose(text.replace("年", "-").replace("月", "-").replace("日", "")) // DAY
    if number > 100_000_000_000:
        number //= 1000
    if not 0 < number < 5_000_000_000:
        raise ValueError(value)
    return (number + BEIJING) // DAY


def count(value: object, *, blank: int | None = None) -> int:
    """A count from JSON or a cell: 12, '12', '1,200', '12.0'; ``blank`` stands for an empty cell."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int) and value >= 0:
        return value
    text = str(value).strip().replace(",", "")
    if text in ("", "-") and blank is not None:
        return blank
    if not COUNT.fullmatch(text):
        raise ValueError(value)
    return int(text.split(".")[0])


Row = dict[str, int]


def json_rows(upload: Upload, data: Any, damage: Damage) -> list[Row]:
    items = data.get("items") if isinstance(data, dict) and "items" in data else data if isinstance(data, list) else [data]
    if isinstance(data, dict) and data.get("errcode") not in (None, 0):
        raise problem(f"{quoted(upload.name)}是企业微信接口的出错回答（errcode {data.get('errcode')}），里面没有统计数字。")
    if not isinstance(items, list):
        raise problem(f"{quoted(upload.name)}里没有按天的统计（items 不是一个列表）。")
    rows: list[Row] = []
    for index, item in enumerate(items, start=1):
        try:
            if not isinstance(item, dict):
                raise ValueError(item)
            numbers: Mapping[str, Any] = item["data"] if isinstance(item.get("data"), dict) else item
            row = {"day": stat_day(item["stat_time"])}
            for name in NUMBERS:  # a count the answer leaves out is 0; a required one must be there
                row[name] = count(numbers[name]) if name in REQUIRED or name in numbers else 0
            rows.append(row)
        except (KeyError, ValueError, TypeError):
            damage.add(f"{quoted(upload.name)}第 {index} 条记录")
    return rows


def csv_rows(upload: Upload, encoding: str, damage: Damage) -> list[Row]:
    reader = csv.reader(text_stream(upload.data, encoding))
    header = next(reader, [])
    columns = column_names(header)
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        wanted = "、".join(f"{name}（{COLUMNS[name][0]}）" for name in missing)
        raise problem(f"{quoted(upload.name)}缺少这些列：{wanted}。")
    rows: list[Row] = []
    number = 1
    try:
        for record in reader:
            number += 1
            if not record or not any(cell.strip() for cell in record):
                continue
            try:
                row = {"day": stat_day(record[columns["stat_time"]])}
                for name in NUMBERS:
                    index = columns.get(name)
                    row[name] = 0 if index is None else count(record[index], blank=None if name in REQUIRED else 0)
                rows.append(row)
            except (IndexError, ValueError, TypeError):
                damage.add(f"{quoted(upload.name)}第 {number} 行")
    except csv.Error:
        raise problem(f"{quoted(upload.name)}第 {number + 1} 行：CSV 格式损坏（引号没有配对），无法继续读取。") from None
    return rows


def read_days(files: tuple[Upload, ...]) -> tuple[dict[int, Row], Damage]:
    from .chat.formats import detect, is_a

    damage = Damage()
    days: dict[int, Row] = {}
    origin: dict[int, str] = {}
    problems: list[str] = []
    for upload in sorted(files, key=lambda item: item.name):
        try:
            sniffed = detect(upload)
        except FileProblem as error:
            problems.append(str(error))
            continue
        if sniffed.format != "wecom":
            where = "群聊记录分析" if sniffed.format != "progress" else "带教"
            problems.append(f"{quoted(upload.name)}{is_a(sniffed.format)}，不是企业微信的客户群统计：请在“{where}”页分析它。")
            continue
        rows = json_rows(upload, sniffed.data, damage) if sniffed.data is not None else csv_rows(upload, sniffed.encoding, damage)
        for row in rows:
            day = row["day"]
            if day in days and days[day] != row:
                raise problem(spaced(
                    f"{quoted(origin[day])}和{quoted(upload.name)}里 {date_of(day).isoformat()} 的数字不一样，"
                    "不知道该用哪一个：请只选其中一个文件，或者重新导出这一天。"))
            days[day] = row
            origin[day] = upload.name
    if problems:
        raise problem("；".join(problems))
    if not days:
        names = "、".join(quoted(upload.name) for upload in files)
        detail = f"：{damage.rows[0]}起的记录都无法读取" if damage.count else ""
        raise problem(f"{names}里没有一天的统计数字{detail}。")
    return days, damage


# ------------------------------------------------------------------------------------------ computing


def date_of(day: int) -> datetime.date:
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=day)


def ratio(part: float, whole: float) -> float | None:
    return tidy(part / whole) if whole else None


def change(label: str, before: float, after: float) -> Change:
    return Change(label, tidy(before), tidy(after), tidy((after - before) / before) if before else None)


def compute(inputs: WecomInputs) -> WecomOutputs:
    rows, damage = read_days(inputs.files)
    per_day: list[Day] = []
    for day in sorted(rows):
        row = rows[day]
        before = rows.get(day - 1)
        left = max(before["member_total"] + row["new_member_cnt"] - row["member_total"], 0) if before else None
        per_day.append(Day(
            date=date_of(day), groups=row.get("chat_total", 0), groups_with_messages=row.get("chat_has_msg", 0),
            members=row["member_total"], new_members=row["new_member_cnt"], left=left, speakers=row["member_has_msg"],
            messages=row["msg_total"], speak_rate=ratio(row["member_has_msg"], row["member_total"]),
            messages_per_member=ratio(row["msg_total"], row["member_total"]),
        ))
    weeks: dict[datetime.date, list[Day]] = {}
    for item in per_day:
        weeks.setdefault(item.date - datetime.timedelta(days=item.date.weekday()), []).append(item)
    per_week = tuple(week(start, days, rows) for start, days in sorted(weeks.items()))
    full = [item for item in per_week if item.days == 7]
    compared = full[-2:] if len(full) >= 2 else list(per_week[-2:])
    week_on_week: tuple[Change, ...] = ()
    if len(compared) == 2:
        a, b = compared
        week_on_week = (
            change("消息", a.messages, b.messages),
            change("新增成员", a.new_members, b.new_members),
            change("日均发言成员", a.speakers_mean, b.speakers_mean),
            change("周末成员数", a.members_end, b.members_end),
        )
    latest = full[-1] if full else per_week[-1]
    return WecomOutputs(
        format="wecom", days=len(per_day), first=per_day[0].date, last=per_day[-1].date, per_day=tuple(per_day),
        per_week=per_week, week_on_week=week_on_week, checks=week_checks(latest), skipped=damage.count,
        skipped_note=damage.note(),
    )


def week(start: datetime.date, days: list[Day], rows: dict[int, Row]) -> Week:
    first = days[0]
    day_before = rows.get((first.date - datetime.date(1970, 1, 1)).days - 1)
    members_start = day_before["member_total"] if day_before else first.members - first.new_members
    new = sum(item.new_members for item in days)
    left = sum(item.left or 0 for item in days)
    present = members_start + new
    rates = [item.speak_rate for item in days if item.speak_rate is not None]
    messages = sum(item.messages for item in days)
    return Week(
        start=start, days=len(days), messages=messages, new_members=new, left=left, members_start=members_start,
        members_end=days[-1].members, speakers_mean=tidy(sum(item.speakers for item in days) / len(days)),
        speak_rate=tidy(sum(rates) / len(rates)) if rates else None, messages_per_member=ratio(messages, present),
        leave_rate=ratio(left, present), net_growth=ratio(days[-1].members - members_start, members_start),
    )


def week_checks(latest: Week) -> tuple[Check, ...]:
    found = []
    if latest.leave_rate is not None:
        found.append(rule("leave_rate", "流失率", latest.leave_rate, MAX_LEAVE, higher_is_better=False))
    if latest.net_growth is not None:
        found.append(rule("net_growth", "净增长", latest.net_growth, MIN_GROWTH, higher_is_better=True))
    if latest.messages_per_member is not None:
        found.append(rule("messages_per_member", "人均消息", latest.messages_per_member, MIN_MESSAGES, higher_is_better=True))
    if latest.speak_rate is not None:
        found.append(rule("speak_rate", "发言率", latest.speak_rate, MIN_SPEAK, higher_is_better=True))
    return tuple(found)


# ------------------------------------------------------------------------------------------ rendering


def week_label(start: datetime.date) -> str:
    end = start + datetime.timedelta(days=6)
    return f"{start.month}/{start.day}–{end.month}/{end.day}"


def optional_percent(value: float | None) -> str:
    return "—" if value is None else fmt.percent(value, 1)


def change_text(item: Change) -> str:
    if item.change is None:
        return "—"
    return ("+" if item.change > 0 else "") + fmt.percent(item.change, 1).replace("-", "−")


WEEK_HEADERS = ["周", "天数", "消息（条）", "新增（人）", "约走了（人）", "周末成员（人）", "日均发言率", "人均消息（条）",
                "流失率", "净增长"]
DAY_HEADERS = ["日期", "成员（人）", "新增（人）", "约走了（人）", "发言成员（人）", "消息（条）", "发言率"]
DAY_CSV = ["日期", "客户群数", "有消息的群数", "成员", "新增", "约走了", "发言成员", "消息", "发言率", "人均消息"]
WEEK_CSV = ["周一", "天数", "消息", "新增", "约走了", "周初成员", "周末成员", "日均发言率", "人均消息", "流失率", "净增长"]


def render(inputs: WecomInputs, out: WecomOutputs) -> str:
    latest = next((item for item in reversed(out.per_week) if item.days == 7), out.per_week[-1])
    figures = [
        markup.Figure("统计天数", fmt.with_unit(str(out.days), "天"), f"{out.first.isoformat()} 到 {out.last.isoformat()}"),
        markup.Figure("群成员", fmt.with_unit(fmt.number(out.per_day[-1].members, 0), "人"), f"{out.last.isoformat()}"),
        markup.Figure("最近一周消息", fmt.with_unit(fmt.number(latest.messages, 0), "条"), f"{week_label(latest.start)}"),
        markup.Figure("最近一周日均发言率", optional_percent(latest.speak_rate),
                      f"平均每天 {fmt.number(latest.speakers_mean, 1)} 人发言"),
    ]
    if latest.net_growth is not None:
        figures.append(markup.Figure("最近一周净增长", growth_text(latest.net_growth),
                                     f"新增 {fmt.number(latest.new_members, 0)} 人，约走了 {fmt.number(latest.left, 0)} 人"))
    passed = sum(1 for item in out.checks if item.ok)
    text = spaced(
        f"读取了 {out.days} 天的统计（{len(out.per_week)} 周）。最近一{'整' if latest.days == 7 else ''}周"
        f"（{week_label(latest.start)}）{len(out.checks)} 项指标里有 {passed} 项在经验线以内。"
    )
    advice = [
        f"<li>{markup.esc(item.label)}：{markup.esc(ADVICE[item.key].text)}参考：{markup.playbook_link(ADVICE[item.key].slug)}。</li>"
        for item in out.checks if not item.ok
    ]
    checks_rows = [[item.label, shown_value(item), shown_threshold(item), "达到" if item.ok else "未达到"] for item in out.checks]
    labels = [f"{day.date.month}-{day.date.day}" for day in out.per_day]
    trend = svg.columns("每天的消息数与发言成员数折线图", labels, [
        ("消息（条）", [float(day.messages) for day in out.per_day]),
        ("发言成员（人）", [float(day.speakers) for day in out.per_day]),
    ])
    members_chart = svg.columns("每天的群成员总数折线图", labels, [("群成员（人）", [float(day.members) for day in out.per_day])])
    week_rows = [[week_label(item.start), str(item.days), fmt.number(item.messages, 0), fmt.number(item.new_members, 0),
                  fmt.number(item.left, 0), fmt.number(item.members_end, 0), optional_percent(item.speak_rate),
                  "—" if item.messages_per_member is None else fmt.number(item.messages_per_member, 2),
                  optional_percent(item.leave_rate), "—" if item.net_growth is None else growth_text(item.net_growth)]
                 for item in out.per_week]
    day_rows = [[f"{day.date.isoformat()}（周{WEEK_NAMES[day.date.weekday()]}）", fmt.number(day.members, 0),
                 fmt.number(day.new_members, 0), "—" if day.left is None else fmt.number(day.left, 0),
                 fmt.number(day.speakers, 0), fmt.number(day.messages, 0), optional_percent(day.speak_rate)]
                for day in out.per_day]
    wow = ""
    if out.week_on_week:
        wow = markup.table("和上一周比", ["指标", "上一周", "这一周", "变化"], [
            [item.label, fmt.number(item.before, 1), fmt.number(item.after, 1), change_text(item)] for item in out.week_on_week])
    notes = markup.paragraph(spaced(
        "“走了多少人”是估算：前一天的成员数加上当天新增，减去当天的成员数（统计里没有退群人数）。"
        "发言率按天算：每天发过消息的成员 ÷ 当天的成员数，一周取平均；一周里至少说过一次话的人会更多，"
        f"所以经验线（{fmt.percent(MIN_SPEAK)}）对它偏严。"
    ), "note")
    return "".join([
        markup.figures(figures),
        markup.paragraph(text, "advice"),
        markup.paragraph(out.skipped_note, "note") if out.skipped_note else "",
        f'<div class="qc-advice"><p>没达到经验线的指标，可以这样改：</p><ul>{"".join(advice)}</ul></div>' if advice else "",
        markup.table(f"最近一周（{week_label(latest.start)}）的指标与经验线", ["指标", "本周", "经验线", "判断"], checks_rows),
        wow,
        trend,
        members_chart,
        markup.table("每周", WEEK_HEADERS, week_rows),
        notes,
        f'<details class="qc-more"><summary>展开每天的数字（{out.days} 天）</summary>'
        + markup.table("每天", DAY_HEADERS, day_rows)
        + "</details>",
        markup.csv_link("企业微信群每天.csv", DAY_CSV,
                        [[d.date.isoformat(), d.groups, d.groups_with_messages, d.members, d.new_members,
                          "" if d.left is None else d.left, d.speakers, d.messages,
                          "" if d.speak_rate is None else d.speak_rate,
                          "" if d.messages_per_member is None else d.messages_per_member] for d in out.per_day],
                        "下载每天的数字（CSV）"),
        markup.csv_link("企业微信群每周.csv", WEEK_CSV,
                        [[w.start.isoformat(), w.days, w.messages, w.new_members, w.left, w.members_start, w.members_end,
                          "" if w.speak_rate is None else w.speak_rate,
                          "" if w.messages_per_member is None else w.messages_per_member,
                          "" if w.leave_rate is None else w.leave_rate, "" if w.net_growth is None else w.net_growth]
                         for w in out.per_week], "下载每周的数字（CSV）"),
        f"<p>每周把这几个数记进周报，见{markup.playbook_link('weekly-report')}；"
        f"企业微信客户群怎么搭、怎么用群发和防骚扰，见{markup.playbook_link('wecom-customer-groups')}。</p>",
    ])


CALCULATOR = Calculator(
    id="wecom",
    title="企业微信群统计",
    summary="选企业微信客户群按天的统计（JSON 或 CSV），在你自己的设备上按天、按周算出发言率、人均消息、流失和净增长，"
            "画出走势，并和上一周比较。",
    inputs=WecomInputs,
    compute=compute,
    render=render,
)
