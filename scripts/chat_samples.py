"""Synthetic chat exports in every format the chat analysis reads, made up here, never from a real chat.

    python scripts/chat_samples.py FOLDER              # the small samples (expected figures below)
    python scripts/chat_samples.py FOLDER --bench N    # one chatlog CSV of N messages, for timing

The small chat, hand-checked (tests/test_chat.py holds the analysis to these figures):

  day (2026-03)  time   who            what
  01             09:05  张三            message          01 09:10 李四, 01 20:30 张三, 01 20:45 王五
  02             10:00  system         "张三"邀请"赵六、孙八"加入了群聊
  02             11:00  system         "钱七"通过扫描"李四"分享的二维码加入群聊
  02             21:00  张三            message
  03             08:15  赵六, 08:20 张三, 21:05 李四
  04             12:00  system         "张三"拍了拍"李四"
  05             20:10  张三, 20:11 张三
  12             19:30  孙八, 19:40 王五

12 messages from 5 speakers over 12 days (03-01 to 03-12); 张三 sent 6, so the top 10 % (1 person) sent
half; 3 joined (赵六, 孙八, 钱七), 赵六 spoke within 7 days, 孙八 after 10 days, 钱七 never.
QQChatExporter's samples carry QQ's own system lines, which name no joins.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOM = "12345678@chatroom"
GROUP = "测试群"
PEOPLE = {"张三": "wxid_zhang3", "李四": "wxid_li4", "王五": "wxid_wang5", "赵六": "wxid_zhao6", "孙八": "wxid_sun8",
          "钱七": "wxid_qian7"}
SELF = "张三"  # the person who exported the chat


@dataclass(frozen=True)
class Line:
    when: datetime.datetime  # Beijing time, as the group saw it
    who: str  # a person, or "" for a system message
    text: str

    @property
    def system(self) -> bool:
        return not self.who


def at(day: int, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute)


LINES = (
    Line(at(1, 9, 5), "张三", "大家好，欢迎来到测试群"),
    Line(at(1, 9, 10), "李四", "早上好"),
    Line(at(1, 20, 30), "张三", "今晚 8 点半分享"),
    Line(at(1, 20, 45), "王五", "收到，谢谢"),
    Line(at(2, 10, 0), "", '"张三"邀请"赵六、孙八"加入了群聊'),
    Line(at(2, 11, 0), "", '"钱七"通过扫描"李四"分享的二维码加入群聊'),
    Line(at(2, 21, 0), "张三", "欢迎新朋友，做个自我介绍吧"),
    Line(at(3, 8, 15), "赵六", "大家好，我是赵六，做烘焙的"),
    Line(at(3, 8, 20), "张三", "欢迎赵六"),
    Line(at(3, 21, 5), "李四", "<b>今天</b>的作业 & 打卡"),
    Line(at(4, 12, 0), "", '"张三"拍了拍"李四"'),
    Line(at(5, 20, 10), "张三", "明天停课一天"),
    Line(at(5, 20, 11), "张三", "后天照常"),
    Line(at(12, 19, 30), "孙八", "潜水很久了，冒个泡"),
    Line(at(12, 19, 40), "王五", "欢迎"),
)
QQ_SYSTEM = {'"张三"邀请"赵六、孙八"加入了群聊': "赵六、孙八 加入了本群",
             '"钱七"通过扫描"李四"分享的二维码加入群聊': "钱七 加入了本群",
             '"张三"拍了拍"李四"': "张三 戳了戳 李四"}

EXPECTED = {
    "messages": 12, "speakers": 5, "days": 12, "top10_share": 0.5, "joins": 3, "joined_spoke_7d": 1, "system": 3,
    "by_hour": {8: 2, 9: 2, 19: 2, 20: 4, 21: 2},
    "per_day": {"2026-03-01": (4, 3), "2026-03-02": (1, 1), "2026-03-03": (3, 3), "2026-03-04": (0, 0),
                "2026-03-05": (2, 1), "2026-03-12": (2, 2)},
    "silent": ["钱七"],
    "top": [("张三", 6), ("李四", 2), ("王五", 2), ("孙八", 1), ("赵六", 1)],
}
EXPECTED_QQ = {**EXPECTED, "joins": 0, "joined_spoke_7d": 0, "silent": []}
# With since=2026-03-03 and until=2026-03-05: 03-03 and 03-05 have messages, the joins (03-02) are outside.
EXPECTED_RANGE = {"messages": 5, "speakers": 3, "days": 3, "joins": 0, "top10_share": 0.6}


def unix(when: datetime.datetime) -> int:
    return int(when.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8))).timestamp())


def written(when: datetime.datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M:%S")


def csv_text(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def wechatmsg(lines: tuple[Line, ...] = LINES) -> bytes:
    header = ["localId", "TalkerId", "Type", "SubType", "IsSender", "CreateTime", "Status", "StrContent", "StrTime",
              "Remark", "NickName", "Sender"]
    rows: list[list[object]] = []
    for number, line in enumerate(lines, start=1):
        mine = line.who == SELF
        rows.append([number, 27, 10000 if line.system else 1, 0, 1 if mine else 0, unix(line.when), 2, line.text,
                     written(line.when), "", line.who, PEOPLE.get(line.who, "")])
    return ("\ufeff" + csv_text(header, rows)).encode("utf-8")


def pywxdump(lines: tuple[Line, ...] = LINES, split: int = 8) -> list[bytes]:
    header = ["id", "MsgSvrID", "type_name", "is_sender", "talker", "room_name", "msg", "src", "CreateTime"]
    rows: list[list[object]] = []
    for number, line in enumerate(lines, start=1):
        kind = "文本" if not line.system else "拍一拍" if "拍了拍" in line.text else "系统通知"
        rows.append([number, 7000000000000000000 + number, kind, 1 if line.who == SELF else 0,
                     PEOPLE.get(line.who, ""), ROOM, line.text, "", written(line.when)])
    return [csv_text(header, rows[start:start + split]).encode("utf-8") for start in range(0, len(rows), split)]


def pywxdump_users() -> bytes:
    users = {wxid: {"wxid": wxid, "nickname": name, "remark": "", "account": ""} for name, wxid in PEOPLE.items()}
    return json.dumps(users, ensure_ascii=False, indent=2).encode("utf-8")


def chatlog_csv(lines: tuple[Line, ...] = LINES, encoding: str = "utf-8") -> bytes:
    header = ["Time", "Talker", "TalkerName", "Sender", "SenderName", "IsSelf", "Type", "TypeDesc", "Content"]
    rows: list[list[object]] = []
    for line in lines:
        rows.append([written(line.when), ROOM, GROUP, PEOPLE.get(line.who, ""), line.who,
                     "true" if line.who == SELF else "false", 10000 if line.system else 1,
                     "系统消息" if line.system else "文本", line.text])
    return csv_text(header, rows).encode(encoding)


def chatlog_json(lines: tuple[Line, ...] = LINES) -> bytes:
    items = []
    for number, line in enumerate(lines, start=1):
        items.append({
            "seq": 1000 + number, "time": line.when.strftime("%Y-%m-%dT%H:%M:%S+08:00"), "talker": ROOM,
            "talkerName": GROUP, "isChatRoom": True, "sender": PEOPLE.get(line.who, ""), "senderName": line.who,
            "isSelf": line.who == SELF, "type": 10000 if line.system else 1, "subType": 0, "content": line.text,
        })
    return json.dumps(items, ensure_ascii=False, indent=1).encode("utf-8")


def qq_json(lines: tuple[Line, ...] = LINES) -> bytes:
    messages = []
    for number, line in enumerate(lines, start=1):
        messages.append({
            "id": f"7{number:018d}", "seq": str(number), "timestamp": unix(line.when) * 1000, "time": written(line.when),
            "sender": {"uid": "" if line.system else f"u_{PEOPLE[line.who]}", "uin": "", "name": line.who or "系统"},
            "type": "system" if line.system else "text",
            "content": {"text": QQ_SYSTEM.get(line.text, line.text), "html": "", "elements": [
                {"type": "text", "data": {"text": QQ_SYSTEM.get(line.text, line.text)}}], "resources": [], "mentions": []},
            "recalled": False, "system": line.system,
        })
    data = {
        "metadata": {"name": "QQChatExporter V4", "version": "4.0.0"},
        "chatInfo": {"name": GROUP, "type": "group", "selfUid": "u_wxid_zhang3", "selfName": SELF},
        "statistics": {"totalMessages": len(messages), "senders": [
            {"uid": f"u_{wxid}", "name": name} for name, wxid in PEOPLE.items()]},
        "messages": messages,
    }
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def samples() -> dict[str, dict[str, bytes]]:
    """format → {file name: bytes}: the small chat in each format (PyWxDump in two files and users.json)."""
    parts = pywxdump()
    return {
        "wechatmsg": {"测试群_留痕.csv": wechatmsg()},
        "pywxdump": {**{f"测试群_{index}.csv": part for index, part in enumerate(parts, start=1)},
                     "users.json": pywxdump_users()},
        "chatlog-csv": {"chatlog.csv": chatlog_csv()},
        "chatlog-json": {"chatlog.json": chatlog_json()},
        "qq": {"group_测试群.json": qq_json()},
    }


def wecom_samples() -> dict[str, bytes]:
    return {"客户群统计.json": wecom_json(), "客户群统计.csv": wecom_csv()}


# 企业微信 group statistics: 14 days from Monday 2026-03-02, members 400 + 5 a day, 8 new a day (so about
# 3 leave a day), 40 speakers and 100 messages a day in the first week, 50 and 150 in the second.
WECOM_START = datetime.date(2026, 3, 2)
EXPECTED_WECOM = {
    "days": 14, "weeks": 2, "week1": {"messages": 700, "new_members": 56, "left": 18, "members_start": 392,
                                      "members_end": 430},
    "week2": {"messages": 1050, "new_members": 56, "left": 21, "members_start": 430, "members_end": 465},
    "week_on_week": {"消息": 0.5, "新增成员": 0, "日均发言成员": 0.25},
}


def wecom_days() -> list[dict[str, int]]:
    days = []
    for index in range(14):
        first_week = index < 7
        days.append({"new_chat_cnt": 0, "chat_total": 2, "chat_has_msg": 2, "new_member_cnt": 8,
                     "member_total": 400 + 5 * index, "member_has_msg": 40 if first_week else 50,
                     "msg_total": 100 if first_week else 150, "migrate_trainee_chat_cnt": 0})
    return days


def wecom_json() -> bytes:
    """The API's answer: stat_time is midnight in Beijing as Unix seconds, numbers under data."""
    items = []
    for index, data in enumerate(wecom_days()):
        day = WECOM_START + datetime.timedelta(days=index)
        midnight = datetime.datetime(day.year, day.month, day.day)
        items.append({"stat_time": unix(midnight), "data": data})
    return json.dumps({"errcode": 0, "errmsg": "ok", "items": items}, ensure_ascii=False, indent=1).encode("utf-8")


def wecom_csv(encoding: str = "utf-8-sig") -> bytes:
    """The same as a spreadsheet saves it: Chinese column names, written dates."""
    header = ["日期", "新增客户群数", "客户群总数", "有发过消息的客户群数", "新增客户群成员数", "客户群成员总数",
              "发过消息的客户群成员数", "客户群消息总数"]
    rows: list[list[object]] = []
    for index, data in enumerate(wecom_days()):
        day = WECOM_START + datetime.timedelta(days=index)
        rows.append([day.isoformat(), data["new_chat_cnt"], data["chat_total"], data["chat_has_msg"], data["new_member_cnt"],
                     data["member_total"], data["member_has_msg"], data["msg_total"]])
    return csv_text(header, rows).encode(encoding)


def progress_samples() -> dict[str, bytes]:
    """Three exported progress files for the trainer's view: 王小明 (version 2, new-admin path, two steps read,
    a calculator used, two drills, two self-test answers), 李华 (version 1: no name, no answers) and a damaged one."""
    first = {
        "format": "qunce-progress", "version": 2, "exported": "2026-12-01T08:00:00.000Z", "name": "王小明",
        "role": "new-admin", "read": {"community-positioning": "2026-11-28", "group-roles": "2026-11-29"},
        "used": {"rules": "2026-11-30"}, "checklists": {"group-rules": [0, 1]},
        "drills": {"bottom-line": {"choice": 1, "score": 2, "tries": 1}, "night-spam": {"choice": 0, "score": 0, "tries": 2}},
        "quiz": {"m1-q1": "right", "m1-q2": "wrong"},
    }
    second = {
        "format": "qunce-progress", "version": 1, "exported": "2026-11-30T08:00:00.000Z", "role": "new-admin",
        "read": {"community-positioning": "2026-11-20"}, "used": {}, "checklists": {},
        "drills": {"night-spam": {"choice": 2, "score": 1, "tries": 1}},
    }
    return {
        "王小明.json": json.dumps(first, ensure_ascii=False, indent=2).encode("utf-8"),
        "qunce-progress.json": json.dumps(second, ensure_ascii=False, indent=2).encode("utf-8"),
        "坏了.json": json.dumps(first, ensure_ascii=False).encode("utf-8")[:150],
    }


def damaged_chatlog() -> bytes:
    """chatlog CSV with two damaged rows (rows 3 and 8 as a spreadsheet counts: a missing column, a bad time):
    李四's message at 09:10 on 03-01 and 张三's at 21:00 on 03-02."""
    text = chatlog_csv().decode("utf-8").split("\r\n")
    text[2] = ",".join(text[2].split(",")[:5])
    text[7] = text[7].replace("2026-03-02 21:00:00", "昨天晚上")
    return "\r\n".join(text).encode("utf-8")


def big_chatlog(count: int, seed: int = 7) -> bytes:
    """A chatlog CSV of ``count`` messages from 480 members over 120 days, with joins and system lines."""
    rng = random.Random(seed)
    members = [f"成员{index:03d}" for index in range(480)]
    weights = [1 / (rank + 1) for rank in range(len(members))]
    start = datetime.datetime(2026, 1, 1)
    header = ["Time", "Talker", "TalkerName", "Sender", "SenderName", "IsSelf", "Type", "TypeDesc", "Content"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    texts = ["收到", "好的，谢谢分享！今天的内容很有用", "请问作业交到哪里？", "[图片]", "打卡第 3 天 ✅", "哈哈哈哈"]
    stamps = sorted(rng.randrange(120 * 86400) for _ in range(count))
    for stamp in stamps:
        when = start + datetime.timedelta(seconds=stamp)
        if rng.random() < 0.01:
            joined = rng.choice(members)
            notice = f'"成员000"邀请"{joined}"加入了群聊'
            writer.writerow([written(when), ROOM, GROUP, "", "", "false", 10000, "系统消息", notice])
            continue
        name = rng.choices(members, weights)[0]
        writer.writerow([written(when), ROOM, GROUP, f"wxid_{name[-3:]}", name, "false", 1, "文本", rng.choice(texts)])
    return buffer.getvalue().encode("utf-8")


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    folder = Path(argv[0])
    folder.mkdir(parents=True, exist_ok=True)
    if len(argv) == 3 and argv[1] == "--bench":
        path = folder / f"chatlog-{argv[2]}.csv"
        path.write_bytes(big_chatlog(int(argv[2])))
        print(path)
        return 0
    for kind, files in {**samples(), "wecom": wecom_samples(), "progress": progress_samples()}.items():
        for name, data in files.items():
            (folder / kind).mkdir(exist_ok=True)
            (folder / kind / name).write_bytes(data)
    print(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
