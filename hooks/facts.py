"""MkDocs hook: platform facts (facts.yml) on every page, and the page that lists them with sources.

- on_config: read and validate facts.yml.
- on_files: generate facts.md (平台规则与数字): every fact with its value, source, date and status.
- on_page_markdown: expand ``{{fact:ID}}`` (value, unit and a link to the fact's entry, whose title
  gives source and date) and ``{{fact:ID|value}}`` (the bare number). An unknown id fails the build.

Runs before hooks/playbook_pages.py, which expands facts in front matter text (summary, checklist)
itself, as plain text.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from content_data import ROOT, STATUSES, Fact, expand_markdown, load_facts

FACTS_FILE = Path(os.environ.get("QUNCE_FACTS", ROOT / "facts.yml"))
PAGE_URI = "facts.md"
_facts: dict[str, Fact] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _facts.clear()
    _facts.update(load_facts(FACTS_FILE))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, PAGE_URI, content=facts_markdown(list(_facts.values()))))
    return files


def facts_markdown(facts: list[Fact]) -> str:
    lines = [
        "---", "title: 平台规则与数字", "---", "", "# 平台规则与数字", "",
        "手册里提到的每一个平台数字和规则都在这里登记一次：数值、出处、核对日期和核实程度。"
        "页面上数字旁的“注”链接到这里。平台会调整规则，照做之前请以当前界面为准；"
        "标为“未经官方核实”的，来自第三方或用户报告，活动前请用测试账号实测一次。", "",
    ]
    for fact in facts:
        lines += [
            f"## {fact.title} {{#{fact.anchor}}}", "",
            f"- 数值：**{fact.text}**",
            f"- 出处：{fact.source}",
            f"- 核对日期：{fact.checked.isoformat()}",
            f"- 核实程度：{STATUSES[fact.status]}",
        ]
        if fact.note:
            lines.append(f"- 说明：{fact.note}")
        lines.append("")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    target = posixpath.relpath(PAGE_URI, posixpath.dirname(page.file.src_uri) or ".")
    return expand_markdown(markdown, _facts, page.file.src_uri, target)
