"""The plan document: what a saved plan, an exported file and a shared link hold, and how it is read.

Declared here, once: the page script never builds or checks one (it stores and moves what Python returns),
the command line reads the same files, and ``qunce_site/progress.py`` declares where the page keeps them.

File (``FORMAT``, ``VERSION``), UTF-8 JSON::

    {"format": "qunce-plan", "version": 1,
     "name": "元旦体验课裂变", "start": "2026-12-07",
     "links": {"fission.seeds": true, "reward_cost.joiners": true, …},
     "parts": {"funnel": {"reach": "20000", "rates": "0.1,0.6,0.5", …}, "fission": {…}, …}}

``name`` and ``start`` and every part's values are kept as typed (form text), so a plan opens as it was
left, mistakes included; they are checked when the plan is computed, field by field. ``links`` says which
linked inputs follow their source (true) and which were cut to a typed value (false); a link left out
takes its default. A part or field left out is blank: the calculator's default, or its message. Anything
else — unknown keys, parts, fields or links, a value that is not text, a number or a list of them — is
refused with a message naming it, and nothing is read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import CALCULATORS
from ..kit.fields import raw_text

FORMAT = "qunce-plan"
VERSION = 1
PROGRESS_FORMAT = "qunce-progress"  # the training progress file (qunce_site/progress.py), often mistaken for it
PARTS = ("funnel", "fission", "reward_cost", "capacity", "timeline")
MAX_FILE_BYTES = 100_000  # an exported plan is about 2 KB
MAX_VALUE = 500  # characters of one typed value, as the calculator pages read from a link
KEYS = ("format", "version", "name", "start", "links", "parts")


class PlanFileError(ValueError):
    """A plan file, stored plan or link that cannot be read; the message says why, in Chinese."""


@dataclass(frozen=True)
class Document:
    """A plan as typed: the values are form text, checked only when the plan is computed."""

    name: str = ""
    start: str = ""
    parts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    links: Mapping[str, bool] = field(default_factory=dict)

    def value(self, part: str, name: str) -> str:
        return self.parts.get(part, {}).get(name, "")

    def as_json(self) -> dict[str, Any]:
        """The file's JSON: every part and field, in the calculators' order."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "start": self.start,
            "links": dict(self.links),
            "parts": {part: {f.name: self.value(part, f.name) for f in CALCULATORS[part].fields} for part in PARTS},
        }

    def text(self) -> str:
        """The exported file."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1) + "\n"


def shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
    return "“" + (text if len(text) <= 30 else text[:30] + "…") + "”"


def typed(value: object, where: str) -> str:
    """A value as form text: text as it is, numbers written out, lists joined by commas."""
    if isinstance(value, bool) or value is None:
        raise PlanFileError(f"计划文件里{where}应是文字或数字，收到的是{shown(value)}。")
    if isinstance(value, list):
        text = ",".join(typed(item, where) for item in value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise PlanFileError(f"计划文件里{where}应是文字或数字，收到的是{shown(value)}。")
        text = raw_text(value)
    elif isinstance(value, str):
        text = value
    else:
        raise PlanFileError(f"计划文件里{where}应是文字或数字，收到的是{shown(value)}。")
    if len(text) > MAX_VALUE:
        raise PlanFileError(f"计划文件里{where}有 {len(text)} 个字，超过了 {MAX_VALUE} 个字。")
    return text


def from_json(data: object, link_ids: Mapping[str, bool]) -> Document:
    """A document from a file's JSON, checked; ``link_ids`` are the known links and their defaults."""
    if not isinstance(data, dict):
        raise PlanFileError("这不是群策的计划文件：计划文件是一个 JSON 对象（以 { 开头）。")
    if data.get("format") == PROGRESS_FORMAT:
        raise PlanFileError("这是学习进度文件，不是计划文件：请到学习路径页导入它。")
    if data.get("format") != FORMAT:
        raise PlanFileError(f"这不是群策的计划文件：文件里应写着 \"format\": \"{FORMAT}\"。")
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        given = json.dumps(version, ensure_ascii=False)
        raise PlanFileError(f"计划文件的“version”应是整数 {VERSION}（不加引号），收到的是 {given}。")
    if version > VERSION:
        raise PlanFileError(f"这份计划文件是第 {version} 版格式，比这个页面新（第 {VERSION} 版）：请刷新页面，或用新版页面打开。")
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        raise PlanFileError(f"计划文件里有不认识的一项{shown(unknown[0])}，可用的有：{'、'.join(KEYS)}。")
    name = typed(data.get("name", ""), "的“name”（计划名称）")
    start = typed(data.get("start", ""), "的“start”（开始日期）")
    links = data.get("links", {})
    if not isinstance(links, dict):
        raise PlanFileError("计划文件里的“links”应是一个 JSON 对象，例如 {\"fission.seeds\": true}。")
    for key, value in links.items():
        if key not in link_ids:
            raise PlanFileError(f"计划文件里有不认识的链接{shown(key)}，可用的有：{'、'.join(link_ids)}。")
        if not isinstance(value, bool):
            raise PlanFileError(f"计划文件里链接{shown(key)}应是 true 或 false，收到的是{shown(value)}。")
    parts = data.get("parts", {})
    if not isinstance(parts, dict):
        raise PlanFileError("计划文件里的“parts”应是一个 JSON 对象，每个部分一项。")
    values: dict[str, dict[str, str]] = {}
    for part, entries in parts.items():
        if part not in PARTS:
            raise PlanFileError(f"计划文件里有不认识的部分{shown(part)}，可用的有：{'、'.join(PARTS)}。")
        title = CALCULATORS[part].title
        if not isinstance(entries, dict):
            raise PlanFileError(f"计划文件里“{title}”（{part}）应是一个 JSON 对象，每个输入一项。")
        known = {f.name: f.label for f in CALCULATORS[part].fields}
        for key in entries:
            if key not in known:
                raise PlanFileError(f"计划文件里“{title}”（{part}）没有{shown(key)}这一项，可用的有：{'、'.join(known)}。")
        values[part] = {key: typed(value, f"“{title}”的“{known[key]}”（{part}.{key}）") for key, value in entries.items()}
    chosen = {key: links.get(key, default) for key, default in link_ids.items()}
    return Document(name=name, start=start, parts=values, links=chosen)


def read(text: str, link_ids: Mapping[str, bool]) -> Document:
    """A document from a file's text: size, JSON, then shape."""
    size = len(text.encode("utf-8", "replace"))
    if size > MAX_FILE_BYTES:
        raise PlanFileError(
            f"文件有 {math.ceil(size / 1000)} KB，计划文件最多 {MAX_FILE_BYTES // 1000} KB：这不像是群策导出的计划文件。"
        )
    try:
        data = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise PlanFileError(
            f"文件不是有效的 JSON（第 {error.lineno} 行第 {error.colno} 列附近）：可能被改坏了，或不是群策导出的计划文件。"
        ) from None
    except RecursionError:
        raise PlanFileError("文件不是有效的 JSON：嵌套太深，不是群策导出的计划文件。") from None
    return from_json(data, link_ids)
