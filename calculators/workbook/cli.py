"""``python -m calculators plan FILE.json [--json]``: a plan file computed as the page computes it.

Prints where each linked input came from and every part's outputs; ``--json`` prints one object
``{"name", "start", "links": {id: {"linked", "value", "note"}}, "summary": {…}, "parts": {id: {"inputs",
"outputs"}}}``. Exit status 2, as ``run``'s, for a file that cannot be read or a part with bad input
(``{"errors": [{"field": "fission.seeds", "message": …}]}`` with ``--json``), never a traceback.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..kit.spec import jsonable
from . import read
from .document import MAX_FILE_BYTES, PlanFileError
from .plan import PlanResult, plan, summary

USAGE_ERROR = 2
USAGE = "python -m calculators plan FILE.json [--json]    计算一份计划文件（活动计划页导出的 .json）"


class PlanUsageError(Exception):
    """The words of the call are off; the message is Chinese."""


def parse(words: Sequence[str]) -> tuple[str, bool]:
    as_json = "--json" in words
    rest = [word for word in words if word != "--json"]
    unknown = [word for word in rest if word.startswith("--")]
    if unknown:
        raise PlanUsageError(f"不认识的选项“{unknown[0]}”。")
    if len(rest) != 1:
        raise PlanUsageError("plan 后面要跟一个计划文件，例如 python -m calculators plan calculators/workbook/example.json。")
    return rest[0], as_json


def read_path(name: str) -> str:
    path = Path(name)
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            # Read no more than the limit and one byte: the reader refuses it by its size, in its words.
            with path.open("rb") as handle:
                return handle.read(MAX_FILE_BYTES + 1).decode("utf-8", "replace")
        return path.read_bytes().decode("utf-8", "replace")
    except FileNotFoundError:
        raise PlanFileError(f"找不到文件“{name}”。") from None
    except IsADirectoryError:
        raise PlanFileError(f"“{name}”是一个文件夹，不是计划文件。") from None
    except OSError as error:
        raise PlanFileError(f"读不了文件“{name}”：{error.strerror or error}。") from None


def as_json(result: PlanResult) -> dict[str, Any]:
    parts = {}
    for part in result.parts.values():
        assert part.scenario is not None
        computed = part.scenario.result().as_json()
        parts[part.id] = {"inputs": computed["inputs"], "outputs": computed["outputs"]}
    return {
        "name": result.title,
        "start": jsonable(result.header.get("start")),
        "links": {link_id: {"linked": state.on, "value": jsonable(state.resolved.value) if state.resolved else None,
                            "note": state.note}
                  for link_id, state in result.links.items()},
        "summary": jsonable(dataclasses.asdict(summary(result))),
        "parts": parts,
    }


def readable(data: dict[str, Any]) -> str:
    lines = [f"活动计划：{data['name']}（开始日期 {data['start']}）", "链接："]
    lines += [f"  {link_id}: {'跟随' if link['linked'] else '不跟随'}，{link['note']}" for link_id, link in data["links"].items()]
    lines.append("概要：")
    lines += [f"  {name}: {json.dumps(value, ensure_ascii=False)}" for name, value in data["summary"].items()]
    for part_id, part in data["parts"].items():
        lines.append(f"{part_id}：")
        lines += [f"  {name}: {json.dumps(value, ensure_ascii=False)}" for name, value in part["outputs"].items()]
    return "\n".join(lines)


def print_errors(errors: dict[str, str], json_out: bool) -> None:
    if json_out:
        payload = {"errors": [{"field": field, "message": message} for field, message in errors.items()]}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        for message in errors.values():
            print(f"输入有误：{message}", file=sys.stderr)


def main(words: Sequence[str]) -> int:
    try:
        name, json_out = parse(words)
    except PlanUsageError as error:
        print(f"用法有误：{error}\n\n用法：\n  {USAGE}", file=sys.stderr)
        return USAGE_ERROR
    try:
        document = read(read_path(name))
    except PlanFileError as error:
        print_errors({"": f"计划文件“{name}”有误：{error}"}, json_out)
        return USAGE_ERROR
    result = plan(document)
    if result.errors:
        print_errors(result.labelled_errors(), json_out)
        return USAGE_ERROR
    data = as_json(result)
    print(json.dumps(data, ensure_ascii=False) if json_out else readable(data))
    return 0
