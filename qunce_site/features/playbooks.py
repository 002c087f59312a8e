"""Playbooks (``playbooks/*.md``) as site pages under ``playbooks/``, grouped by stage.

- nav: the 手册 item becomes the index and one section per stage.
- files: the playbooks (they live outside docs/) and a generated index page.
- page markdown: the summary, compliance warnings and platform facts on top; the checklist, related
  calculators and sources (cited by title, never by file name) at the end.
"""

from __future__ import annotations

import datetime
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..data.content import cited, expand_plain
from ..data.playbooks import STAGES, Playbook
from ..model import SiteModel
from ..progress import checklist_key
from ..templates import Templates

INDEX_URI = "playbooks/index.md"
NAV_TITLE = "手册"


class PlaybookPages:
    def __init__(self, site: SiteModel, templates: Templates, freshness_days: int) -> None:
        self.site = site
        self.templates = templates
        self.freshness_days = freshness_days
        self.by_uri = {book.src_uri: book for book in site.playbooks.values()}

    def nav(self, nav: list[Any]) -> list[Any]:
        books = list(self.site.playbooks.values())
        section: list[Any] = [INDEX_URI]
        for stage in STAGES:
            pages = [{b.title: b.src_uri} for b in books if b.meta["stage"] == stage]
            if pages:
                section.append({stage: pages})
        return [{NAV_TITLE: section} if isinstance(item, dict) and item.get(NAV_TITLE) == INDEX_URI else item for item in nav]

    def files(self, files: Files, config: MkDocsConfig) -> None:
        for book in self.site.playbooks.values():
            files.append(File.generated(config, book.src_uri, abs_src_path=str(book.path)))
        files.append(File.generated(config, INDEX_URI, content=self.index_markdown()))

    def index_markdown(self) -> str:
        books = list(self.site.playbooks.values())
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
            lines += [f"- [{b.title}]({b.slug}.md)：{b.meta['summary']}" for b in group]
            lines.append("")
        return "\n".join(lines)

    def page_markdown(self, markdown: str, page: Page) -> str:
        book = self.by_uri.get(page.file.src_uri)
        if book is None:
            return markdown
        return "\n".join(self.head(book)) + "\n" + markdown + "\n" + "\n".join(self.tail(book)) + "\n"

    def head(self, book: Playbook) -> list[str]:
        meta = book.meta
        summary = expand_plain(meta["summary"], dict(self.site.facts), book.src_uri)
        info = self.templates.render("playbook-meta.html", stage=meta["stage"], roles=meta["roles"],
                                     reviewed=meta["reviewed"].isoformat())
        head = [f"!!! abstract \"这一页讲什么\"\n    {summary}\n", info, self.freshness_html(meta["reviewed"]), ""]
        if meta["compliance"]:
            # The same warnings stand on many pages: left out of search, where the compliance page should
            # come first for them (md_in_html keeps the box's Markdown links resolved).
            head += ['<div class="admonition danger" markdown data-search-exclude="">',
                     '<p class="admonition-title">合规提醒</p>', ""]
            for name in meta["compliance"]:
                rule = self.site.rules[name]
                head.append(f"- **{rule.title}**（{rule.law}）：{rule.warning}[详见合规红线](compliance.md#{name})")
            head += ["", "</div>", ""]
        if meta["facts"]:
            head.append('!!! warning "依赖的平台规则（可能已变化）"')
            head += [f"    - {self.site.facts[name].title}：{{{{fact:{name}}}}}" for name in meta["facts"]]
            head.append("")
        return head

    def tail(self, book: Playbook) -> list[str]:
        meta = book.meta
        tail = [""]
        if meta["checklist"]:
            tail += ["## 检查清单", "", self.checklist_html(book), ""]
        if meta["calculators"]:
            calculators = self.site.calculators
            tail += ["## 用到的计算器", ""]
            tail += [f"- [{calculators[name].title}](../calculators/{name}.md)：{calculators[name].summary}"
                     for name in meta["calculators"]]
            tail.append("")
        if meta["sources"]:
            tail += ["## 资料来源", ""]
            tail += [f"- {article.citation()}。事实与案例取自该文，文字为重写。"
                     for ref in meta["sources"] for article in cited(ref, self.site.sources)]
        return tail

    def freshness_html(self, reviewed: datetime.date) -> str:
        return freshness_html(self.templates, reviewed, self.freshness_days)

    def checklist_html(self, book: Playbook) -> str:
        items = [expand_plain(text, dict(self.site.facts), book.src_uri) for text in book.checklist]
        return self.templates.render("checklist.html", key=checklist_key(book.slug), items=items)


def freshness_html(templates: Templates, reviewed: datetime.date, limit: int) -> str:
    """A notice for pages whose facts were checked more than ``limit`` days ago."""
    stale = (datetime.date.today() - reviewed).days > limit
    return templates.render("freshness.html", reviewed=reviewed.isoformat(), limit=limit, stale=stale)
