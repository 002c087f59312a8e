"""The command line: ``python -m calculators list | run ID [--json | --export NAME] name=value ...``.

Exit status 0 on success, 2 on bad input or usage (as argparse does), never a traceback.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from .. import CALCULATORS, READERS, get
from .errors import InputError, UnknownCalculatorError
from .fields import Kind
from .files import COMMAND_LIMIT, Upload, quoted, too_large
from .spec import compute
from .web import describe

USAGE_ERROR = 2


USAGE = """用法：
  python -m calculators list                        列出全部计算器的 id 和名称
  python -m calculators run ID name=value ...       运行一个计算器，输出可读结果
  python -m calculators run ID --json name=value ... 输出一个 JSON 对象
  python -m calculators run ID --export NAME name=value ...
                                                    输出结果附带的文件，如活动排期的日历：--export ics
  python -m calculators chat FILE... [--json] [--since DATE] [--until DATE] [--members N]
                                                    分析一个群的聊天记录导出文件（可以几个一起）
  python -m calculators wecom FILE... [--json]      分析企业微信客户群按天的统计（JSON 或 CSV）
  python -m calculators cohort FILE... [--json]     汇总几位学员导出的学习进度文件
  python -m calculators plan FILE.json [--json]     计算一份计划文件（活动计划页导出的 .json）
列表用逗号分隔（rates=0.4,0.25,0.1）；比例写小数或百分数（0.4 或 40%）；金额单位为元。
文件只在这台电脑上读取，不会上传到任何地方。"""


@dataclass(frozen=True)
class Command:
    name: str
    calc_id: str = ""
    as_json: bool = False
    assignments: tuple[str, ...] = ()
    export: str = ""
    files: tuple[str, ...] = ()


class UsageError(Exception):
    """The words of the call are off; the message is Chinese."""


def parse_command(argv: Sequence[str]) -> Command:
    """``list`` or ``run ID [--json] name=value ...`` (options may stand anywhere after ``run``).

    Hand-written because argparse cannot mix a sub-command with free ``name=value`` words
    and ``--json`` in any order, and its messages are English.
    """
    words = list(argv)
    if not words or words[0] in ("-h", "--help", "help"):
        return Command("help")
    if words[0] == "list" and len(words) == 1:
        return Command("list")
    if words[0] in READERS:
        return reader_command(words)
    if words[0] != "run":
        raise UsageError(f"不认识的命令“{' '.join(words)}”。")
    rest, export = take_export(words[1:])
    as_json = "--json" in rest
    rest = [word for word in rest if word != "--json"]
    if any(word in ("-h", "--help") for word in rest):
        return Command("help")
    unknown = [word for word in rest if word.startswith("--")]
    if unknown:
        raise UsageError(f"不认识的选项“{unknown[0]}”。")
    if as_json and export:
        raise UsageError("--json 和 --export 只能选一个。")
    if not rest:
        raise UsageError("run 后面要跟计算器的 id，见 python -m calculators list。")
    return Command("run", rest[0], as_json, tuple(rest[1:]), export)


def reader_command(words: list[str]) -> Command:
    """``ID FILE... [--json] [--NAME VALUE | --NAME=VALUE]``: a calculator that reads files. The options are
    its other fields (``--since 2026-03-01``); they become ``name=value`` assignments."""
    calc_id, rest = words[0], words[1:]
    options = {item.name for item in READERS[calc_id].fields if item.kind is not Kind.FILES}
    files: list[str] = []
    assignments: list[str] = []
    as_json = False
    index = 0
    while index < len(rest):
        word = rest[index]
        if word == "--json":
            as_json = True
        elif word in ("-h", "--help"):
            return Command("help")
        elif word.startswith("--"):
            name, sep, value = word[2:].partition("=")
            if name not in options:
                offered = "、".join(f"--{option}" for option in sorted(options)) or "只有 --json"
                raise UsageError(f"不认识的选项“{word}”，{calc_id} 可用的有：{offered}。")
            if not sep:
                if index + 1 >= len(rest):
                    raise UsageError(f"{word} 后面要跟一个值。")
                value = rest[index + 1]
                index += 1
            assignments.append(f"{name}={value}")
        else:
            files.append(word)
        index += 1
    if not files:
        raise UsageError(f"{calc_id} 后面要跟至少一个文件。")
    return Command("read", calc_id, as_json, tuple(assignments), files=tuple(files))


def read_files(paths: Sequence[str]) -> tuple[tuple[Upload, ...], str]:
    """The files as Uploads, or a message naming the file that cannot be read (and '' when all can)."""
    uploads: list[Upload] = []
    total = 0
    for path in paths:
        try:
            with open(path, "rb") as handle:
                size = handle.seek(0, 2)
                total += size
                if total > COMMAND_LIMIT:
                    return (), too_large(list(paths), total, COMMAND_LIMIT, page=False)
                handle.seek(0)
                uploads.append(Upload(path, handle.read()))
        except IsADirectoryError:
            return (), f"{quoted(path)}是一个文件夹，请给出里面的文件，例如 {path}/*.csv。"
        except FileNotFoundError:
            return (), f"找不到文件{quoted(path)}。"
        except OSError as error:
            return (), f"读不了文件{quoted(path)}：{error.strerror or error}。"
    return tuple(uploads), ""


def take_export(words: list[str]) -> tuple[list[str], str]:
    """``--export NAME`` or ``--export=NAME`` out of the words: the other words and NAME ('' if absent)."""
    rest: list[str] = []
    export = ""
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--export" or word.startswith("--export="):
            if export:
                raise UsageError("--export 只能写一次。")
            if word == "--export":
                if index + 1 >= len(words) or "=" in words[index + 1] or words[index + 1].startswith("-"):
                    raise UsageError("--export 后面要跟文件的名字，例如 --export ics。")
                export = words[index + 1]
                index += 1
            else:
                export = word.partition("=")[2]
                if not export:
                    raise UsageError("--export 后面要跟文件的名字，例如 --export ics。")
        else:
            rest.append(word)
        index += 1
    return rest, export


def parse_assignments(items: Sequence[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Split ``name=value`` words; words without '=' are reported, not ignored."""
    values: dict[str, str] = {}
    problems: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name:
            problems[item] = f"“{item}”不是 name=value 的形式，例如 reach=50000。"
        else:
            values[name.strip()] = value
    return values, problems


def print_errors(errors: dict[str, str], as_json: bool, out: TextIO) -> None:
    if as_json:
        payload = {"errors": [{"field": field, "message": message} for field, message in errors.items()]}
        print(json.dumps(payload, ensure_ascii=False), file=out)
    else:
        for message in errors.values():
            print(f"输入有误：{message}", file=out)


def readable(calc_id: str, outputs: dict[str, Any]) -> str:
    lines = [f"{get(calc_id).title}（{calc_id}）"]
    for name, value in outputs.items():
        lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def readable_words(argv: Sequence[str]) -> list[str]:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no UTF-8 output can print.

    Decoding them the usual way (as U+FFFD) keeps every later message and JSON printable.
    """
    return [word.encode("utf-8", "surrogateescape").decode("utf-8", "replace") for word in argv]


def main(argv: Sequence[str] | None = None) -> int:
    words = readable_words(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["plan"]:  # a whole plan file: calculators/workbook/cli.py
        from ..workbook.cli import main as plan_main

        return plan_main(words[1:])
    try:
        args = parse_command(words)
    except UsageError as error:
        print(f"用法有误：{error}\n\n{USAGE}", file=sys.stderr)
        return USAGE_ERROR
    if args.name == "help":
        print(USAGE)
        return 0
    if args.name == "list":
        for item in describe():
            print(f"{item['id']:<14}{item['title']}  {item['summary']}")
        return 0
    values, problems = parse_assignments(args.assignments)
    if args.name == "read":
        return read_and_print(args, values)
    try:
        calculator = get(args.calc_id)
    except UnknownCalculatorError as error:
        print_errors({"": str(error)}, args.as_json, sys.stderr if not args.as_json else sys.stdout)
        return USAGE_ERROR
    known = {field.name for field in calculator.fields}
    for name in values:
        if name not in known:
            problems[name] = f"{calculator.title}没有“{name}”这一项，可用的有：{'、'.join(sorted(known))}。"
    if problems:
        print_errors(problems, args.as_json, sys.stdout if args.as_json else sys.stderr)
        return USAGE_ERROR
    if args.export and args.export not in calculator.exports:
        offered = "、".join(calculator.exports) or "无"
        print(f"用法有误：{calculator.title}没有名为“{args.export}”的附带文件，可用的有：{offered}。", file=sys.stderr)
        return USAGE_ERROR
    try:
        scenario = compute(calculator, values)
    except InputError as error:
        print_errors(error.errors, args.as_json, sys.stdout if args.as_json else sys.stderr)
        return USAGE_ERROR
    if args.export:
        sys.stdout.write(scenario.export(args.export))
        return 0
    result = scenario.result()
    if args.as_json:
        print(json.dumps(result.as_json(), ensure_ascii=False))
    else:
        print(readable(args.calc_id, result.as_json()["outputs"]))
    return 0


def read_and_print(args: Command, values: dict[str, str]) -> int:
    """A calculator that reads files: exit 2 with the message naming the file (and row) when one is bad."""
    calculator = get(args.calc_id)
    out = sys.stdout if args.as_json else sys.stderr
    uploads, trouble = read_files(args.files)
    if trouble:
        print_errors({"files": trouble}, args.as_json, out)
        return USAGE_ERROR
    file_field = next(item.name for item in calculator.fields if item.kind is Kind.FILES)
    try:
        result = compute(calculator, {**values, file_field: uploads}).result()
    except InputError as error:
        print_errors(error.errors, args.as_json, out)
        return USAGE_ERROR
    payload = result.as_json()
    if "format" in payload["outputs"]:
        payload = {"id": payload["id"], "format": payload["outputs"]["format"], **payload}
    if args.as_json:
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(summary(args.calc_id, payload["outputs"]))
    return 0


def summary(calc_id: str, outputs: dict[str, Any]) -> str:
    """The readable result of a file calculator: every single value, and lists by their length."""
    lines = [f"{get(calc_id).title}（{calc_id}）"]
    for name, value in outputs.items():
        if isinstance(value, list) and len(json.dumps(value, ensure_ascii=False)) > 100:
            lines.append(f"  {name}: {len(value)} 项（--json 输出全部）")
        else:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


__all__ = ["CALCULATORS", "main"]
