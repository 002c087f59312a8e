"""群聊记录分析: every exporter's format read to the same hand-checked figures, bad files named with the row,
and the invariants (messages = sum of the days, shares between 0 and 1, row order irrelevant)."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import chat_samples as samples
import pytest
from conftest import ROOT
from hypothesis import given
from hypothesis import strategies as st

from calculators import InputError, run
from calculators.chat.formats import join_names
from calculators.kit.files import PAGE_LIMIT, Upload
from calculators.web import handle

FORMATS = list(samples.samples())


def uploads(files: dict[str, bytes]) -> tuple[Upload, ...]:
    return tuple(Upload(name, data) for name, data in files.items())


def analysed(files: dict[str, bytes], **options: str) -> dict[str, object]:
    return dict(run("chat", {"files": uploads(files), **options}).outputs)


def refusal(files: dict[str, bytes], **options: str) -> str:
    with pytest.raises(InputError) as caught:
        run("chat", {"files": uploads(files), **options})
    return "；".join(caught.value.errors.values())


@pytest.mark.parametrize("kind", FORMATS)
def test_every_format_gives_the_hand_checked_figures(kind: str) -> None:
    out = analysed(samples.samples()[kind])
    expected = samples.EXPECTED_QQ if kind == "qq" else samples.EXPECTED
    assert out["format"] == kind
    for name in ("messages", "speakers", "days", "top10_share", "joins", "joined_spoke_7d", "system"):
        assert out[name] == expected[name], name
    assert out["by_hour"] == [expected["by_hour"].get(hour, 0) for hour in range(24)]  # type: ignore[attr-defined]
    days = {day["date"]: (day["messages"], day["speakers"]) for day in out["per_day"]}  # type: ignore[attr-defined]
    assert len(days) == 12 and all(days[date] == counts for date, counts in expected["per_day"].items())  # type: ignore[attr-defined]
    assert [(m["name"], m["messages"]) for m in out["members"]] == expected["top"]  # type: ignore[attr-defined]
    assert out["silent_joiners"] == expected["silent"]


def test_a_date_range_counts_only_its_days() -> None:
    out = analysed(samples.samples()["chatlog-csv"], since="2026-03-03", until="2026-03-05")
    assert {name: out[name] for name in samples.EXPECTED_RANGE} == samples.EXPECTED_RANGE
    assert [day["date"] for day in out["per_day"]] == ["2026-03-03", "2026-03-04", "2026-03-05"]  # type: ignore[attr-defined]


def test_a_range_the_wrong_way_round_is_refused_naming_both_dates() -> None:
    with pytest.raises(InputError) as caught:
        run("chat", {"files": uploads(samples.samples()["chatlog-csv"]), "since": "2026-03-05", "until": "2026-03-01"})
    assert caught.value.errors == {"until": "“到”（2026-03-01）早于“从”（2026-03-05）：请把日期范围填反过来。"}


def test_the_format_comes_from_the_content_not_the_file_name() -> None:
    misnamed = {"chatlog.json": samples.chatlog_csv(), "notes.txt": b""}
    assert analysed({"chatlog.json": samples.chatlog_csv()})["format"] == "chatlog-csv"
    assert analysed({"export.csv": samples.chatlog_json()})["format"] == "chatlog-json"
    assert "“notes.txt”是空文件" in refusal(misnamed)


def test_pywxdump_without_users_json_names_members_by_their_wechat_id() -> None:
    files = {name: data for name, data in samples.samples()["pywxdump"].items() if name != "users.json"}
    out = analysed(files)
    assert out["messages"] == 12 and out["members"][0]["name"] == "wxid_zhang3"  # type: ignore[index]
    assert out["joins"] == 3 and out["joined_spoke_7d"] == 0  # the joins name people, the messages only ids


def test_gb18030_files_are_read_like_utf8() -> None:
    assert analysed({"gbk.csv": samples.chatlog_csv(encoding="gb18030")})["messages"] == 12


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"空.csv": b""}, "“空.csv”是空文件，里面没有任何记录。"),
        ({"a.csv": b"name,age\r\nx,1\r\n"}, "“a.csv”不是能识别的格式。支持的是 WeChatMsg（留痕）、PyWxDump、chatlog 导出的 CSV，"),
        ({"b.csv": b"Time,Talker\r\n\xff\xfe\x80\x80"}, "“b.csv”：无法识别文件的文字编码：既不是 UTF-8，也不是 GB18030（GBK）。"),
        ({"c.json": b'[{"time": "2026-03-01'}, "“c.json”看起来是 JSON，但内容不完整或已损坏（可能没有导出完），无法读取。"),
        ({"users.json": samples.pywxdump_users()}, "“users.json”是 PyWxDump 的群成员名单（users.json），只有名字没有消息"),
        ({"s.json": samples.wecom_json()}, "“s.json”是企业微信的客户群统计，不是聊天记录：请在“企业微信群统计”页分析它。"),
        ({"head.csv": samples.chatlog_csv().split(b"\r\n")[0] + b"\r\n"}, "“head.csv”里没有任何消息记录（只有表头）。"),
    ],
    ids=["empty", "unknown", "encoding", "broken-json", "users-alone", "wecom", "header-only"],
)
def test_a_file_that_cannot_be_analysed_is_named_with_the_reason(files: dict[str, bytes], message: str) -> None:
    assert refusal(files).startswith(message)


def test_files_of_two_tools_or_two_chats_are_refused() -> None:
    mixed = {"a.csv": samples.chatlog_csv(), "b.json": samples.chatlog_json()}
    assert refusal(mixed).startswith("这些文件来自不同的导出工具（“a.csv”是 chatlog 导出的 CSV、“b.json”是 chatlog 导出的 JSON）")
    other = samples.chatlog_csv().replace(samples.ROOM.encode(), b"999@chatroom")
    assert refusal({"a.csv": samples.chatlog_csv(), "b.csv": other}).startswith("这些文件来自 2 个不同的聊天")


def test_damaged_rows_are_counted_named_and_skipped() -> None:
    out = analysed({"坏.csv": samples.damaged_chatlog()})
    assert out["skipped"] == 2
    assert out["skipped_note"] == "跳过了 2 条无法读取的记录（“坏.csv”第 3 行、“坏.csv”第 8 行），其余照常统计。"
    assert out["messages"] == 10  # rows 3 (李四 09:10) and 8 (张三 21:00 on 03-02) are gone


def test_a_file_whose_every_row_is_damaged_is_refused_naming_the_first_row() -> None:
    header, *rows = samples.chatlog_csv().decode().split("\r\n")
    broken = "\r\n".join([header, *(",".join(row.split(",")[:3]) for row in rows if row)]).encode()
    assert refusal({"全坏.csv": broken}) == "“全坏.csv”里没有一条能读取的消息：“全坏.csv”第 2 行起的记录都已损坏。请重新导出。"


def test_overlapping_exports_count_each_message_once() -> None:
    data = samples.chatlog_json()
    out = analysed({"1.json": data, "2.json": data})
    assert out["messages"] == 12 and out["duplicates"] == 15


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('"张三"邀请"赵六、孙八"加入了群聊', ("赵六", "孙八")),
        ("“张三”邀请“赵六”加入了群聊", ("赵六",)),
        ('你邀请"小王"加入了群聊', ("小王",)),
        ('"钱七"通过扫描"李四"分享的二维码加入群聊', ("钱七",)),
        ('"张三"拍了拍"李四"', ()),
        ('"张三"修改群名为"加入了群聊"', ()),
    ],
)
def test_join_notices_name_who_joined(text: str, names: tuple[str, ...]) -> None:
    assert join_names(text) == names


def test_names_from_the_file_are_escaped_in_the_result() -> None:
    lines = (*samples.LINES, samples.Line(samples.at(6, 9, 0), "", '"张三"邀请"<img src=x onerror=alert(1)>"加入了群聊'))
    html = run("chat", {"files": (Upload("<b>x</b>.csv", samples.chatlog_csv(lines)),)}).html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_page_refuses_files_over_its_limit_before_analysing_them() -> None:
    answer = json.loads(handle("chat", "{}", [("大.csv", b"x")] * 0 + [Upload("大.csv", b"x" * (PAGE_LIMIT + 1))]))
    assert answer["ok"] is False and answer["errors"][0]["field"] == "files"
    assert answer["errors"][0]["message"].startswith("“大.csv”一共 60 MB，超过了页面一次能分析的 60 MB。可以在电脑上用命令行分析")


def test_the_worker_handler_reads_files_given_as_name_and_bytes() -> None:
    files = samples.samples()["chatlog-json"]
    answer = json.loads(handle("chat", json.dumps({"members": "40"}), list(files.items())))
    assert answer["ok"] is True
    assert answer["html"] == run("chat", {"files": uploads(files), "members": "40"}).html


# ------------------------------------------------------------------------------------------ properties


SPEAKERS = ["张三", "李四", "王五", "赵六", "孙八", "A", "B"]


@st.composite
def chats(draw: st.DrawFn) -> tuple[samples.Line, ...]:
    """Random chats: messages from a few people at random times in March 2026, some join notices."""
    count = draw(st.integers(min_value=1, max_value=60))
    found = []
    for _ in range(count):
        day, hour, minute = draw(st.integers(1, 31)), draw(st.integers(0, 23)), draw(st.integers(0, 59))
        who = draw(st.sampled_from([*SPEAKERS, ""]))
        text = f'"张三"邀请"{draw(st.sampled_from(SPEAKERS))}"加入了群聊' if not who else "好"
        found.append(samples.Line(samples.at(day, hour, minute), who, text))
    return tuple(found)


@given(chats())
def test_messages_are_the_sum_of_the_days_and_shares_stay_between_0_and_1(lines: tuple[samples.Line, ...]) -> None:
    out = analysed({"c.csv": samples.chatlog_csv(lines)})
    assert out["messages"] == sum(day["messages"] for day in out["per_day"])  # type: ignore[attr-defined]
    assert out["messages"] == sum(out["by_hour"])  # type: ignore[arg-type]
    assert out["top10_share"] is None or 0 < out["top10_share"] <= 1  # type: ignore[operator]
    assert 0 <= out["joined_spoke_7d"] <= out["joins"]  # type: ignore[operator]
    assert out["speakers"] == len(out["members"])  # type: ignore[arg-type]


@given(chats(), st.randoms(use_true_random=False))
def test_shuffling_the_rows_changes_nothing(lines: tuple[samples.Line, ...], rng: random.Random) -> None:
    shuffled = list(lines)
    rng.shuffle(shuffled)
    first = run("chat", {"files": (Upload("c.csv", samples.chatlog_csv(lines)),)})
    second = run("chat", {"files": (Upload("c.csv", samples.chatlog_csv(tuple(shuffled))),)})
    assert first.outputs == second.outputs and first.html == second.html


# ------------------------------------------------------------------------------------------ command line


def cli(*words: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calculators", *words], cwd=ROOT, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("chat")
    samples.main([str(folder)])
    (folder / "damaged.csv").write_bytes(samples.damaged_chatlog())
    (folder / "empty.csv").write_bytes(b"")
    return folder


def test_the_command_prints_json_with_the_detected_format(sample_dir: Path) -> None:
    files = sorted(str(path) for path in (sample_dir / "pywxdump").iterdir())
    result = cli("chat", *files, "--json", "--since", "2026-03-01", "--until=2026-03-31")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload)[:2] == ["id", "format"] and payload["format"] == "pywxdump"
    assert payload["inputs"]["since"] == "2026-03-01" and len(payload["inputs"]["files"]) == 3
    outputs = payload["outputs"]
    for name in ("messages", "speakers", "days", "per_day", "top10_share", "by_hour", "joins", "joined_spoke_7d"):
        assert name in outputs
    assert outputs["per_day"][0] == {"date": "2026-03-01", "messages": 4, "speakers": 3}


@pytest.mark.parametrize(
    ("name", "start"),
    [("empty.csv", "输入有误：“{path}”是空文件"), ("missing.csv", "输入有误：找不到文件“{path}”。")],
)
def test_a_bad_file_exits_2_naming_it(sample_dir: Path, name: str, start: str) -> None:
    path = str(sample_dir / name)
    result = cli("chat", path)
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith(start.format(path=path)), result.stderr
    assert "Traceback" not in result.stderr


def test_damaged_rows_are_reported_on_the_command_line_too(sample_dir: Path) -> None:
    result = cli("chat", str(sample_dir / "damaged.csv"), "--json")
    assert result.returncode == 0
    assert json.loads(result.stdout)["outputs"]["skipped"] == 2


def test_wecom_command_reads_both_file_kinds(sample_dir: Path) -> None:
    result = cli("wecom", *(str(path) for path in sorted((sample_dir / "wecom").iterdir())), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["outputs"]["days"] == 14


def test_the_zh_hant_edition_reads_the_same_exports_to_the_same_numbers(hant_calculators: Path, sample_dir: Path) -> None:
    """The zh-Hant wheel's code is converted by OpenCC; the words the exporters write must not be."""
    from test_editions import hant_python

    for words in (["chat", *sorted(str(p) for p in (sample_dir / "wechatmsg").iterdir())],
                  ["wecom", str(sample_dir / "wecom" / "客户群统计.csv")],
                  ["chat", *sorted(str(p) for p in (sample_dir / "pywxdump").iterdir())]):
        code = f"import sys; from calculators.kit.cli import main; sys.exit(main([*{words!r}, '--json']))"
        result = hant_python(hant_calculators, code)
        assert result.returncode == 0, result.stdout + result.stderr
        hans = json.loads(cli(*words, "--json").stdout)["outputs"]
        hant = json.loads(result.stdout)["outputs"]
        for name in ("messages", "speakers", "joins", "joined_spoke_7d", "system", "days", "per_week"):
            assert hant.get(name) == hans.get(name), (words[0], name)
