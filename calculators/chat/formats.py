"""Reading chat exports: which exporter wrote a file (from its content, never its name) and its messages.

Formats, with the columns their exporters write (see DESIGN.md, "The operator's own data"):

===============  ==================================================================================
``wechatmsg``    WeChatMsg (留痕) CSV: localId, TalkerId, Type, SubType, IsSender, CreateTime, Status,
                 StrContent, StrTime, Remark, NickName, Sender. Type 10000 is a system message.
``pywxdump``     PyWxDump CSV (split every 5,000 rows): id, MsgSvrID, type_name, is_sender, talker,
                 room_name, msg, src, CreateTime; display names only in users.json beside it.
``chatlog-csv``  chatlog CSV: Time, Talker, TalkerName, Sender, SenderName, IsSelf, Type, TypeDesc, Content.
``chatlog-json`` chatlog JSON: a list of {seq, time, talker, talkerName, isChatRoom, sender, senderName,
                 isSelf, type, subType, content, contents}.
``qq``           QQChatExporter JSON: {chatInfo, statistics, messages: [{id, timestamp (ms), time,
                 sender {uid, name}, content {text, elements}, recalled, system}]}.
===============  ==================================================================================

Besides those, ``users`` (PyWxDump's users.json), ``wecom`` (企业微信 group statistics, read by
calculators/wecom.py) and ``progress`` (a training progress file, read by calculators/cohort.py) are
recognised, so a file given to the wrong page gets a message that says where it belongs.

Times are read on the export's own clock: a written date and time is taken as written (an offset after it
is not applied; the wall clock is what the group saw); a time in UTC ('Z') or as a Unix number, which has no
clock of its own, is shown in Beijing time (UTC+8). Internally a time is "local seconds": seconds since
1970-01-01 00:00 on that clock, so the day is ``stamp // 86400`` and the hour ``stamp % 86400 // 3600``.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..kit.files import Damage, FileProblem, Upload, encoding_of, first_char, first_line, quoted, text_stream
from ..kit.typography import spaced

DAY = 86400
BEIJING = 8 * 3600
EPOCH = datetime.date(1970, 1, 1).toordinal()
SYSTEM_TYPE = "10000"
SELF_KEY = "\x00self"  # the exporter's own messages when the export names no sender for them

WECHATMSG = ("localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
             "Remark", "NickName", "Sender")
PYWXDUMP = ("id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src", "CreateTime")
CHATLOG = ("Time", "Talker", "TalkerName", "Sender", "SenderName", "IsSelf", "Type", "TypeDesc", "Content")
CSV_FORMATS = {"wechatmsg": WECHATMSG, "pywxdump": PYWXDUMP, "chatlog-csv": CHATLOG}
CHATLOG_JSON_KEYS = {"time", "talker", "sender", "type", "content"}
# PyWxDump writes a type name, not the number: every type with number 10000 is a system message. Its table
# names them 系统通知, 拍一拍, 邀请加群 and several kinds of 撤回; a name with one of these words is one.
# The words the exporters write stay in Simplified Chinese in the zh-Hant edition too (its code is converted).
# opencc: off
PYWXDUMP_SYSTEM_WORDS = ("系统", "拍一拍", "撤回", "邀请加群", "加群")
# opencc: on

NAMES = {
    "wechatmsg": "WeChatMsg（留痕）导出的 CSV",
    "pywxdump": "PyWxDump 导出的 CSV",
    "chatlog-csv": "chatlog 导出的 CSV",
    "chatlog-json": "chatlog 导出的 JSON",
    "qq": "QQChatExporter 导出的 JSON",
    "users": "PyWxDump 的群成员名单（users.json）",
    "wecom": "企业微信的客户群统计",
    "progress": "群策的学习进度文件",
}



def is_a(kind: str) -> str:
    """'是 PyWxDump 导出的 CSV': the format's name after 是, spaced as Chinese copy wants it."""
    return spaced("是" + NAMES[kind])


# Join notices in WeChat group system messages: "A"邀请"B"加入了群聊 (B may list several names joined by 、;
# 你 when the exporter invited) and "B"通过扫描"A"分享的二维码加入群聊. Quotes are straight or curly.
# opencc: off
JOIN_WORD = "加入"
INVITED = re.compile(r'(?:["“][^"“”]+["”]|你)\s*邀请\s*["“](?P<names>[^"“”]+)["”]\s*加入了?群聊')
SCANNED = re.compile(r'["“](?P<names>[^"“”]+)["”]\s*通过扫描\s*["“][^"“”]+["”]\s*分享的二维码加入群聊')
# opencc: on
LOOSE_TIME = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?")


# ------------------------------------------------------------------------------------------ clock


class Clock:
    """Text and Unix times as local seconds; day numbers are cached (a chat has few distinct days)."""

    def __init__(self) -> None:
        self.days: dict[str, int] = {}

    def day(self, text: str) -> int:
        """'2026-12-07' as days since 1970-01-01; ValueError if it is not a date."""
        day = self.days.get(text)
        if day is None:
            if len(text) != 10 or text[4] != "-" or text[7] != "-":
                raise ValueError(text)
            day = datetime.date.fromisoformat(text).toordinal() - EPOCH
            self.days[text] = day
        return day

    def stamp(self, text: str) -> int:
        """'2026-12-07 20:15:03' (or ISO 8601 with T, fractions, Z or an offset) as local seconds."""
        day = self.days.get(text[:10])
        if day is not None and len(text) == 19 and text[13] == ":" and text[16] == ":" and text[10] in " T":
            hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
            if hour < 24 and minute < 60 and second < 60:  # int() has refused anything but digits (and signs)
                return day * DAY + hour * 3600 + minute * 60 + second
        return self.general(text)

    def general(self, text: str) -> int:
        text = text.strip()
        if len(text) >= 19 and text[10] in " T" and text[13] == ":" and text[16] == ":":
            rest = text[19:]
            if rest == "" or rest[0] in ".+-Zz":
                hour, minute, second = int(text[11:13]), int(text[14:16]), int(text[17:19])
                if hour < 24 and minute < 60 and second < 61 and text[11:13].isdigit() and text[14:16].isdigit():
                    zulu = rest.rstrip("0123456789.")[:1] in ("Z", "z")
                    return self.day(text[:10]) * DAY + hour * 3600 + minute * 60 + min(second, 59) + (BEIJING if zulu else 0)
        return self.loose(text)

    def loose(self, text: str) -> int:
        """Dates as a spreadsheet may have rewritten them: '2026/12/7 9:05', '2026-12-07'."""
        match = LOOSE_TIME.fullmatch(text)
        if match is None:
            raise ValueError(text)
        year, month, day, hour, minute, second, zone = match.groups()
        date = datetime.date(int(year), int(month), int(day))
        clock = (int(hour or 0), int(minute or 0), int(second or 0))
        if clock[0] > 23 or clock[1] > 59 or clock[2] > 60:
            raise ValueError(text)
        shift = BEIJING if zone in ("Z", "z") else 0
        return (date.toordinal() - EPOCH) * DAY + clock[0] * 3600 + clock[1] * 60 + min(clock[2], 59) + shift


def unix_stamp(value: object) -> int:
    """A Unix time (seconds, or milliseconds when it is that large) as local seconds in Beijing time."""
    if isinstance(value, bool):
        raise ValueError(value)
    number = int(value) if isinstance(value, int) else int(str(value).strip())
    if number > 100_000_000_000:
        number //= 1000
    if not 0 < number < 5_000_000_000:
        raise ValueError(value)
    return number + BEIJING


def date_of(day: int) -> datetime.date:
    return datetime.date.fromordinal(day + EPOCH)


def day_of(date: datetime.date) -> int:
    return date.toordinal() - EPOCH


# ------------------------------------------------------------------------------------------ what a file holds


@dataclass
class Chat:
    """What the analysis needs of a chat, from any format, in any row order.

    ``stamps`` holds each sender's message times; ``names`` the display names each sender was shown with
    (and how often); ``notices`` the times of system messages; ``joins`` each join notice's time and the
    names it lists.
    """

    stamps: dict[str, list[int]] = field(default_factory=dict)
    names: dict[str, dict[str, int]] = field(default_factory=dict)
    notices: list[int] = field(default_factory=list)
    joins: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    chats: set[str] = field(default_factory=set)  # the chats' own ids, to refuse files of several chats
    damage: Damage = field(default_factory=Damage)
    duplicates: int = 0
    seen: set[int] | None = None  # message identities, when several files may overlap

    def message(self, stamp: int, key: str, name: str) -> None:
        times = self.stamps.get(key)
        if times is None:
            times = self.stamps[key] = []
            self.names[key] = {}
        times.append(stamp)
        names = self.names[key]
        names[name] = names.get(name, 0) + 1

    def notice(self, stamp: int, text: str) -> None:
        self.notices.append(stamp)
        if JOIN_WORD in text:
            joined = join_names(text)
            if joined:
                self.joins.append((stamp, joined))

    def fresh(self, identity: object) -> bool:
        """False for a message already read from another file (overlapping exports)."""
        if self.seen is None:
            return True
        mark = hash(identity)
        if mark in self.seen:
            self.duplicates += 1
            return False
        self.seen.add(mark)
        return True


def join_names(text: str) -> tuple[str, ...]:
    """The names a join notice says joined the group, in its order; () if it is not a join notice."""
    found: list[str] = []
    for pattern in (INVITED, SCANNED):
        for match in pattern.finditer(text):
            found.extend(name.strip() for name in match.group("names").split("、") if name.strip())
    return tuple(found)


# ------------------------------------------------------------------------------------------ detection


@dataclass(frozen=True)
class Sniffed:
    """A file's format, with what reading it needs: its encoding (CSV) or its parsed JSON."""

    upload: Upload
    format: str
    encoding: str = ""
    data: Any = None


def detect(upload: Upload) -> Sniffed:
    """The file's format, from its content. Raises FileProblem for an empty, undecodable or unknown file."""
    if not upload.data.strip(b"\xef\xbb\xbf \t\r\n\x00"):
        raise FileProblem(f"{quoted(upload.name)}是空文件，里面没有任何记录。")
    try:
        encoding = encoding_of(upload.data)
    except FileProblem as problem:
        raise FileProblem(f"{quoted(upload.name)}：{problem}") from None
    if first_char(upload.data) in ("[", "{"):
        try:
            data = json.loads(upload.data.decode(encoding))
        except (ValueError, RecursionError):
            raise FileProblem(
                f"{quoted(upload.name)}看起来是 JSON，但内容不完整或已损坏（可能没有导出完），无法读取。"
            ) from None
        return Sniffed(upload, json_format(data, upload.name), encoding, data)
    header = csv_header(first_line(upload.data, encoding))
    for name, columns in CSV_FORMATS.items():
        if set(columns) <= set(header):
            return Sniffed(upload, name, encoding)
    from ..wecom import is_wecom_header  # the statistics' columns are declared there

    if is_wecom_header(header):
        return Sniffed(upload, "wecom", encoding)
    raise unknown(upload.name)


def unknown(name: str) -> FileProblem:
    return FileProblem(
        f"{quoted(name)}不是能识别的格式。支持的是 WeChatMsg（留痕）、PyWxDump、chatlog 导出的 CSV，"
        "chatlog、QQChatExporter 导出的 JSON，以及企业微信客户群统计的 JSON 或 CSV；请检查是不是选错了文件，"
        "或在导出工具里重新导出（不要在表格软件里改过列名再保存）。"
    )


def csv_header(line: str) -> list[str]:
    try:
        return [cell.strip().lstrip("\ufeff") for cell in next(csv.reader([line]), [])]
    except csv.Error:
        return []


def json_format(data: Any, name: str) -> str:
    if isinstance(data, dict):
        if data.get("format") == "qunce-progress":
            return "progress"
        if isinstance(data.get("messages"), list) and ("chatInfo" in data or "statistics" in data):
            return "qq"
        if isinstance(data.get("items"), list) or "stat_time" in data:
            return "wecom"
        if data and all(isinstance(value, dict) for value in data.values()) and any(
            {"nickname", "remark", "NickName", "Remark", "wxid"} & set(value) for value in data.values()
        ):
            return "users"
    if isinstance(data, list) and data:
        head = next((item for item in data if isinstance(item, dict)), None)
        if head is not None and set(head) >= CHATLOG_JSON_KEYS:
            return "chatlog-json"
        if head is not None and "stat_time" in head:
            return "wecom"
        if head is not None and ("wxid" in head and ({"nickname", "remark", "NickName"} & set(head))):
            return "users"
    raise unknown(name)


# ------------------------------------------------------------------------------------------ reading


def csv_reader(sniffed: Sniffed) -> tuple[list[str], Iterator[list[str]]]:
    """The header of a CSV file and a reader positioned at its first record."""
    reader = csv.reader(text_stream(sniffed.upload.data, sniffed.encoding))
    header = [cell.strip().lstrip("\ufeff") for cell in next(reader)]
    return header, reader


def broken_csv(upload: Upload, number: int) -> FileProblem:
    return FileProblem(f"{quoted(upload.name)}第 {number} 行：CSV 格式损坏（引号没有配对），无法继续读取。")


def row_name(upload: Upload, number: int) -> str:
    return f"{quoted(upload.name)}第 {number} 行"


# The three CSV readers are one loop each, written out: they run once per message (200,000 rows take about
# 0.6 s in CPython and several times that in the browser), so every call and lookup saved counts.
# A row is numbered as a spreadsheet shows it: the header is row 1.


def read_wechatmsg(sniffed: Sniffed, chat: Chat, clock: Clock) -> None:
    header, reader = csv_reader(sniffed)
    col = {name: header.index(name) for name in WECHATMSG}
    width = len(header)
    t_type, t_time, t_str, t_content = col["Type"], col["CreateTime"], col["StrTime"], col["StrContent"]
    t_remark, t_nick, t_sender, t_self, t_talker, t_id = (
        col["Remark"], col["NickName"], col["Sender"], col["IsSender"], col["TalkerId"], col["localId"])
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if len(row) != width:
                if row:
                    chat.damage.add(row_name(sniffed.upload, number))
                continue
            try:
                written = row[t_str]
                stamp = clock.stamp(written) if written else unix_stamp(row[t_time])
            except ValueError:
                chat.damage.add(row_name(sniffed.upload, number))
                continue
            chat.chats.add(row[t_talker])
            if chat.seen is not None and not chat.fresh((row[t_id], row[t_time], row[t_talker])):
                continue
            if row[t_type].strip() == SYSTEM_TYPE:
                chat.notice(stamp, row[t_content])
                continue
            name = row[t_remark] or row[t_nick]
            key = row[t_sender] or name or (SELF_KEY if row[t_self].strip() == "1" else "")
            chat.message(stamp, key, name or row[t_sender])
    except csv.Error:
        raise broken_csv(sniffed.upload, number + 1) from None


def read_pywxdump(sniffed: Sniffed, chat: Chat, clock: Clock, users: Mapping[str, str]) -> None:
    header, reader = csv_reader(sniffed)
    col = {name: header.index(name) for name in PYWXDUMP}
    width = len(header)
    t_type, t_time, t_msg, t_talker, t_room, t_self, t_id = (
        col["type_name"], col["CreateTime"], col["msg"], col["talker"], col["room_name"], col["is_sender"], col["MsgSvrID"])
    system_names: dict[str, bool] = {}
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if len(row) != width:
                if row:
                    chat.damage.add(row_name(sniffed.upload, number))
                continue
            try:
                written = row[t_time]
                stamp = clock.stamp(written) if not written.strip().isdigit() else unix_stamp(written)
            except ValueError:
                chat.damage.add(row_name(sniffed.upload, number))
                continue
            chat.chats.add(row[t_room])
            if chat.seen is not None and not chat.fresh((row[t_id], written)):
                continue
            kind = row[t_type]
            system = system_names.get(kind)
            if system is None:
                system = system_names[kind] = any(word in kind for word in PYWXDUMP_SYSTEM_WORDS)
            if system:
                chat.notice(stamp, row[t_msg])
                continue
            talker = row[t_talker]
            key = talker or (SELF_KEY if row[t_self].strip() == "1" else "")
            chat.message(stamp, key, users.get(talker, talker))
    except csv.Error:
        raise broken_csv(sniffed.upload, number + 1) from None


def read_chatlog_csv(sniffed: Sniffed, chat: Chat, clock: Clock) -> None:
    header, reader = csv_reader(sniffed)
    col = {name: header.index(name) for name in CHATLOG}
    width = len(header)
    t_time, t_talker, t_sender, t_name, t_self, t_type, t_content = (
        col["Time"], col["Talker"], col["Sender"], col["SenderName"], col["IsSelf"], col["Type"], col["Content"])
    stamp_of = clock.stamp
    chats = chat.chats
    stamps, names = chat.stamps, chat.names
    talker = None
    number = 1
    try:
        for number, row in enumerate(reader, start=2):
            if len(row) != width:
                if row:
                    chat.damage.add(row_name(sniffed.upload, number))
                continue
            try:
                stamp = stamp_of(row[t_time])
            except ValueError:
                chat.damage.add(row_name(sniffed.upload, number))
                continue
            if row[t_talker] != talker:
                talker = row[t_talker]
                chats.add(talker)
            if chat.seen is not None and not chat.fresh((row[t_time], row[t_sender], row[t_content])):
                continue
            if row[t_type] == SYSTEM_TYPE:
                chat.notice(stamp, row[t_content])
                continue
            sender = row[t_sender] or (SELF_KEY if row[t_self].strip().lower() in ("true", "1") else "")
            name = row[t_name] or sender
            times = stamps.get(sender)
            if times is None:  # Chat.message, inlined
                times = stamps[sender] = []
                names[sender] = {}
            times.append(stamp)
            shown = names[sender]
            shown[name] = shown.get(name, 0) + 1
    except csv.Error:
        raise broken_csv(sniffed.upload, number + 1) from None


def items_of(sniffed: Sniffed, items: Any) -> Iterable[tuple[str, Any]]:
    """A JSON list's items with their place for messages: '第 3 条记录'."""
    if not isinstance(items, list):
        raise unknown(sniffed.upload.name)
    return ((f"{quoted(sniffed.upload.name)}第 {index} 条记录", item) for index, item in enumerate(items, start=1))


def text(value: Any) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def read_chatlog_json(sniffed: Sniffed, chat: Chat, clock: Clock) -> None:
    for where, item in items_of(sniffed, sniffed.data):
        try:
            if not isinstance(item, dict):
                raise ValueError(item)
            stamp = clock.stamp(item["time"]) if isinstance(item["time"], str) else unix_stamp(item["time"])
            kind = int(item.get("type", 0))
        except (KeyError, ValueError, TypeError):
            chat.damage.add(where)
            continue
        chat.chats.add(text(item.get("talker")))
        if not chat.fresh((item.get("seq"), item.get("time"), text(item.get("sender")))):
            continue
        if kind == int(SYSTEM_TYPE):
            chat.notice(stamp, text(item.get("content")))
            continue
        sender = text(item.get("sender"))
        mine = item.get("isSelf") is True
        chat.message(stamp, sender or (SELF_KEY if mine else ""), text(item.get("senderName")) or sender)


def read_qq(sniffed: Sniffed, chat: Chat, clock: Clock) -> None:
    info = sniffed.data.get("chatInfo")
    chat.chats.add(text(info.get("name")) if isinstance(info, dict) else "")
    for where, item in items_of(sniffed, sniffed.data.get("messages")):
        try:
            if not isinstance(item, dict):
                raise ValueError(item)
            stamp = qq_stamp(item, clock)
            sender = item.get("sender") or {}
            if not isinstance(sender, dict):
                raise ValueError(sender)
        except (KeyError, ValueError, TypeError):
            chat.damage.add(where)
            continue
        if not chat.fresh((item.get("id"), item.get("timestamp"))):
            continue
        content = item.get("content")
        content = content if isinstance(content, dict) else {}
        if item.get("system") is True or item.get("recalled") is True:
            chat.notice(stamp, text(content.get("text")))
            continue
        key = text(sender.get("uid")) or text(sender.get("uin")) or text(sender.get("name"))
        chat.message(stamp, key, text(sender.get("name")) or key)


def qq_stamp(item: Mapping[str, Any], clock: Clock) -> int:
    """The written time when it is on the group's clock, else the timestamp (milliseconds) in Beijing time."""
    written = item.get("time")
    if isinstance(written, str) and written and not written.rstrip().endswith(("Z", "z")):
        try:
            return clock.stamp(written)
        except ValueError:
            pass
    return unix_stamp(item["timestamp"])


def users_table(data: Any) -> dict[str, str]:
    """PyWxDump's users.json as wxid → display name (remark, else nickname)."""
    entries: Iterable[tuple[str, Any]]
    if isinstance(data, dict):
        entries = data.items()
    else:
        entries = ((text(item.get("wxid")), item) for item in data if isinstance(item, dict))
    table: dict[str, str] = {}
    for wxid, entry in entries:
        if isinstance(entry, dict):
            name = next((text(entry[key]) for key in ("remark", "Remark", "roomNickname", "nickname", "NickName")
                         if text(entry.get(key)).strip()), "")
            if name:
                table[wxid] = name
    return table


Reader = Callable[[Sniffed, Chat, Clock], None]
READERS: dict[str, Reader] = {
    "wechatmsg": read_wechatmsg,
    "chatlog-csv": read_chatlog_csv,
    "chatlog-json": read_chatlog_json,
    "qq": read_qq,
}
CHAT_FORMATS = ("wechatmsg", "pywxdump", "chatlog-csv", "chatlog-json", "qq")
