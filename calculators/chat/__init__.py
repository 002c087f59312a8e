"""群聊记录分析 — the figures of a group chat from the operator's own export, read on their own device.

The files (formats.py says which exporters and how they are recognised) are read into a Chat, analysed
over an optional date range (analysis.py) and shown with the health calculator's rules of thumb and the
playbooks each finding points to (render.py). Nothing of a message's content is kept except the join
notices' names.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..health import Check, HealthInputs, rule
from ..kit.errors import InputError
from ..kit.fields import Kind, declared_field, field
from ..kit.files import FileProblem, Upload, quoted
from ..kit.spec import Calculator
from ..kit.typography import spaced
from .analysis import DayCount, Figures, Joiner, Member, analyse
from .formats import CHAT_FORMATS, NAMES, READERS, Chat, Clock, Sniffed, detect, is_a, read_pywxdump, users_table

MAX_FILES = 50
MEMBERS_MAX = 100_000

__all__ = ["CALCULATOR", "ChatInputs", "ChatOutputs", "DayCount", "Joiner", "Member", "read_chat"]


@dataclass(frozen=True)
class ChatInputs:
    files: tuple[Upload, ...] = field(
        "聊天记录文件", Kind.FILES, max_items=MAX_FILES,
        hint="一个群的导出文件，可以一次选几个（例如 PyWxDump 按 5,000 条拆开的几个 CSV，和它旁边的 users.json）。")
    since: datetime.date | None = field("从", Kind.DATE, required=False,
                                        hint="只统计这一天及以后的消息；留空从第一条消息算起。")
    until: datetime.date | None = field("到", Kind.DATE, required=False,
                                        hint="只统计到这一天（含）为止；留空算到最后一条消息。")
    members: int | None = field("群人数", Kind.INTEGER, unit="人", minimum=1, maximum=MEMBERS_MAX, required=False,
                                hint="群里现在有多少人；填上才能算发言率和人均消息。")


@dataclass(frozen=True)
class ChatOutputs:
    format: str
    format_name: str
    files: int
    messages: int
    speakers: int
    days: int
    first: datetime.date | None
    last: datetime.date | None
    per_day: tuple[DayCount, ...]
    top_group: int
    top10_share: float | None
    by_hour: tuple[int, ...]
    system: int
    joins: int
    joined_spoke_7d: int
    members: tuple[Member, ...]  # every speaker, most messages first
    joiners: tuple[Joiner, ...]  # everyone who joined in the range, by date
    silent_joiners: tuple[str, ...]
    checks: tuple[Check, ...]
    skipped: int
    skipped_note: str
    duplicates: int


# The rules of thumb are the health calculator's defaults (calculators/health.py), declared there once.
def health_default(name: str) -> float:
    """A rule of thumb as the health calculator declares it (its default)."""
    value = declared_field(HealthInputs, name).default
    if not isinstance(value, (int, float)):
        raise TypeError(f"health.{name} has no number as its default")
    return float(value)


MIN_SPEAK = health_default("min_speak")
MIN_MESSAGES = health_default("min_messages")
MIN_NEW_SPEAK = health_default("min_new_speak")
MAX_TOP = health_default("max_top")


def problem(message: str) -> InputError:
    return InputError({"files": message})


def read_chat(files: tuple[Upload, ...]) -> tuple[str, Chat]:
    """The chat the files hold, and its format. Raises InputError naming the file (and the row)."""
    sniffed: list[Sniffed] = []
    problems: list[str] = []
    for upload in sorted(files, key=lambda item: item.name):
        try:
            sniffed.append(detect(upload))
        except FileProblem as error:
            problems.append(str(error))
    if problems:
        raise problem("；".join(problems))
    chats = [item for item in sniffed if item.format in CHAT_FORMATS]
    users = [item for item in sniffed if item.format == "users"]
    elsewhere = [item for item in sniffed if item.format not in (*CHAT_FORMATS, "users")]
    if elsewhere:
        item = elsewhere[0]
        where = "企业微信群统计" if item.format == "wecom" else "带教"
        raise problem(f"{quoted(item.upload.name)}{is_a(item.format)}，不是聊天记录：请在“{where}”页分析它。")
    if not chats:
        raise problem(f"{quoted(users[0].upload.name)}{is_a('users')}，只有名字没有消息：请和聊天记录的 CSV 文件一起选。")
    formats = sorted({item.format for item in chats})
    if len(formats) > 1:
        kinds = "、".join(f"{quoted(next(i for i in chats if i.format == f).upload.name)}{is_a(f)}" for f in formats)
        raise problem(f"这些文件来自不同的导出工具（{kinds}）：一次只分析同一种格式的文件，同一个群只选一种导出。")
    kind = formats[0]
    if users and kind != "pywxdump":
        raise problem(f"{quoted(users[0].upload.name)}{is_a('users')}，只和 PyWxDump 导出的 CSV 一起用。")
    chat = Chat(seen=set() if len(chats) > 1 else None)
    clock = Clock()
    for item in chats:
        try:
            if kind == "pywxdump":
                names: dict[str, str] = {}
                for table in users:
                    names.update(users_table(table.data))
                read_pywxdump(item, chat, clock, names)
            else:
                READERS[kind](item, chat, clock)
        except FileProblem as error:
            raise problem(str(error)) from None
    groups = sorted(chat.chats - {""})
    if len(groups) > 1:
        shown = "、".join(f"“{name[:30]}”" for name in groups[:3]) + ("等" if len(groups) > 3 else "")
        raise problem(spaced(f"这些文件来自 {len(groups)} 个不同的聊天（{shown}）：一次只分析一个群，请只选同一个群的文件。"))
    if not chat.stamps and not chat.notices:
        names_ = "、".join(quoted(item.upload.name) for item in chats)
        if chat.damage.count:
            raise problem(f"{names_}里没有一条能读取的消息：{chat.damage.rows[0]}起的记录都已损坏。请重新导出。")
        raise problem(f"{names_}里没有任何消息记录（只有表头）。")
    return kind, chat


def checks(inputs: ChatInputs, figures: Figures) -> tuple[Check, ...]:
    found = []
    if inputs.members is not None and figures.messages:
        found.append(rule("speak_rate", "发言率", min(figures.speakers / inputs.members, 1.0), MIN_SPEAK, higher_is_better=True))
        found.append(rule("messages_per_member", "人均消息", figures.messages / inputs.members, MIN_MESSAGES,
                          higher_is_better=True))
    if figures.joins:
        found.append(rule("new_speak_rate", "新人发言率", figures.joined_spoke_7d / figures.joins, MIN_NEW_SPEAK,
                          higher_is_better=True))
    if figures.top10_share is not None:
        found.append(rule("concentration", "发言集中度", figures.top10_share, MAX_TOP, higher_is_better=False))
    return tuple(found)


def compute(inputs: ChatInputs) -> ChatOutputs:
    if inputs.since is not None and inputs.until is not None and inputs.since > inputs.until:
        raise InputError({"until": spaced(
            f"“到”（{inputs.until.isoformat()}）早于“从”（{inputs.since.isoformat()}）：请把日期范围填反过来。")})
    kind, chat = read_chat(inputs.files)
    figures = analyse(chat, inputs.since, inputs.until)
    return ChatOutputs(
        format=kind,
        format_name=NAMES[kind],
        files=len(inputs.files),
        messages=figures.messages,
        speakers=figures.speakers,
        days=figures.days,
        first=figures.first,
        last=figures.last,
        per_day=figures.per_day,
        top_group=figures.top_group,
        top10_share=figures.top10_share,
        by_hour=figures.by_hour,
        system=figures.system,
        joins=figures.joins,
        joined_spoke_7d=figures.joined_spoke_7d,
        members=figures.members,
        joiners=figures.joiners,
        silent_joiners=figures.silent,
        checks=checks(inputs, figures),
        skipped=chat.damage.count,
        skipped_note=chat.damage.note(),
        duplicates=chat.duplicates,
    )


def render(inputs: ChatInputs, out: ChatOutputs) -> str:
    from .render import render_html  # render.py reads the outputs declared here

    return render_html(inputs, out)


CALCULATOR = Calculator(
    id="chat",
    title="群聊记录分析",
    summary="选一个群的聊天记录导出文件，在你自己的设备上算出消息数、发言人数、每天的走势、发言时段、"
            "最活跃的成员、新人入群后有没有开口，对照社群健康度的经验线。",
    inputs=ChatInputs,
    compute=compute,
    render=render,
)
