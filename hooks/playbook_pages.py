"""MkDocs hook: playbooks/*.md become site pages under playbooks/, validated and grouped by stage.

- on_config: read and validate every playbook's front matter (a bad field stops the build,
  naming the file and the field) and put them into the nav, grouped by stage.
- on_files: add the playbooks (they live outside docs/) and a generated index page.
- on_page_markdown: add the page's summary, compliance warnings and the platform facts it depends on
  on top, and the checklist, related calculators and sources (cited by title) at the end.
"""

from __future__ import annotations

import datetime
import logging
import os
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the calculators package lives at the repo root
    sys.path.insert(0, str(ROOT))

from content_data import expand_plain  # noqa: E402
from playbook_schema import FACTS, RULES, SOURCES, STAGES, Playbook, read_playbooks  # noqa: E402

from calculators import CALCULATORS  # noqa: E402

log = logging.getLogger("mkdocs.hooks.playbooks")
FOLDER = Path(os.environ.get("QUNCE_PLAYBOOKS", ROOT / "playbooks"))  # tests point this elsewhere
INDEX_URI = "playbooks/index.md"
DEFAULT_FRESHNESS_DAYS = 365
NAV_TITLE = "手册"
_books: dict[str, Playbook] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    books = read_playbooks(FOLDER, calculators=set(CALCULATORS))
    _books.clear()
    _books.update({book.src_uri: book for book in books})
    section: list[Any] = [INDEX_URI]
    for stage in STAGES:
        pages = [{b.meta["title"]: b.src_uri} for b in books if b.meta["stage"] == stage]
        if pages:
            section.append({stage: pages})
    config.nav = [
        {NAV_TITLE: section} if isinstance(item, dict) and item.get(NAV_TITLE) == INDEX_URI else item
        for item in (config.nav or [])
    ]
    log.debug("%d playbooks", len(books))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for book in _books.values():
        files.append(File.generated(config, book.src_uri, abs_src_path=str(book.path)))
    files.append(File.generated(config, INDEX_URI, content=index_markdown(list(_books.values()))))
    return files


def index_markdown(books: list[Playbook]) -> str:
    lines = [
        "---", "title: 手册", "---", "",
        f"共 {len(books)} 篇标准流程（SOP），按运营阶段排列。每篇写明什么时候用、步骤、可以复制的模板、常见坑和案例；"
        "带检查清单的页面可以直接勾选，勾选记录只保存在你的浏览器里。", "",
    ]
    for stage in STAGES:
        group = [b for b in books if b.meta["stage"] == stage]
        if not group:
            continue
        lines += [f"## {stage}", ""]
        lines += [f"- [{b.meta['title']}]({b.slug}.md)：{b.meta['summary']}" for b in group]
        lines.append("")
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    book = _books.get(page.file.src_uri)
    if book is None:
        return markdown
    meta = book.meta
    info = (
        f'<p class="qc-meta"><span>阶段：{meta["stage"]}</span><span>角色：{"、".join(meta["roles"])}</span>'
        f'<span>核对日期：<time datetime="{meta["reviewed"].isoformat()}">{meta["reviewed"].isoformat()}</time></span></p>'
    )
    where = book.src_uri
    summary = expand_plain(meta["summary"], FACTS, where)
    head = [f"!!! abstract \"这一页讲什么\"\n    {summary}\n", info, freshness_html(meta["reviewed"], config), ""]
    if meta["compliance"]:
        head.append('!!! danger "合规提醒"')
        for name in meta["compliance"]:
            rule = RULES[name]
            head.append(f"    - **{rule.title}**（{rule.law}）：{rule.warning}[详见合规红线](compliance.md#{name})")
        head.append("")
    if meta["facts"]:
        head.append('!!! warning "依赖的平台规则（可能已变化）"')
        head += [f"    - {FACTS[name].title}：{{{{fact:{name}}}}}" for name in meta["facts"]]
        head.append("")
    if meta["platform_limits"]:
        head.append('!!! warning "依赖的平台规则（可能已变化）"')
        head += [f"    - {limit}" for limit in meta["platform_limits"]]
        head.append("")
    tail = [""]
    if meta["checklist"]:
        tail += ["## 检查清单", "", checklist_html(book), ""]
    if meta["calculators"]:
        tail += ["## 用到的计算器", ""]
        tail += [
            f"- [{CALCULATORS[name].title}](../calculators/{name}.md)：{CALCULATORS[name].summary}"
            for name in meta["calculators"]
        ]
        tail.append("")
    if meta["sources"]:
        tail += ["## 资料来源", ""]
        tail += [f"- {article.citation()}。事实与案例取自该文，文字为重写。"
                 for name in meta["sources"] for article in SOURCES[name]]
    return "\n".join(head) + "\n" + markdown + "\n" + "\n".join(tail) + "\n"


def freshness_html(reviewed: datetime.date, config: MkDocsConfig) -> str:
    """A notice for pages whose facts were checked too long ago.

    Shown at once if the page is already too old when built; otherwise hidden, and the page
    script shows it once the reader's own date passes the limit (a static page outlives its build).
    """
    limit = int(config.extra.get("freshness_days", DEFAULT_FRESHNESS_DAYS))
    stale = (datetime.date.today() - reviewed).days > limit
    return (
        f'<div class="admonition warning qc-freshness" data-reviewed="{reviewed.isoformat()}" data-max-days="{limit}"'
        f'{"" if stale else " hidden"}><p class="admonition-title">内容可能已过时</p>'
        f"<p>这一页的事实核对于 {reviewed.isoformat()}，距今已超过 {limit} 天。平台规则和价格可能已经变了，"
        "照做之前请先核对。</p></div>"
    )


def checklist_html(book: Playbook) -> str:
    """A list of real checkboxes; the page script keeps their state in localStorage per page."""
    from html import escape

    items = "".join(
        f'<li><label><input type="checkbox" data-item="{index}"> <span>{escape(expand_plain(text, FACTS, book.src_uri))}</span></label></li>'
        for index, text in enumerate(book.meta["checklist"])
    )
    return (
        f'<div class="qc-checklist" data-key="checklist:{escape(book.slug)}">'
        f'<ul>{items}</ul>'
        '<p class="qc-checklist-bar"><span class="qc-checklist-count" aria-live="polite"></span>'
        '<button type="button" class="md-button qc-checklist-reset">清空勾选</button></p></div>'
    )
