"""Platform facts (facts.yml) on every page, and the page that lists them with their sources.

``{{fact:ID}}`` becomes the value and unit with a small “注” link to the fact's entry on the facts page
(its title gives source, date and how well it is checked); ``{{fact:ID|value}}`` the bare number. In a
fenced template a fact is plain text. An unknown id fails the build, naming the page.
"""

from __future__ import annotations

import posixpath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..data.content import STATUSES, expand_markdown
from ..model import SiteModel

PAGE_URI = "facts.md"


class FactsPage:
    def __init__(self, site: SiteModel) -> None:
        self.site = site

    def files(self, files: Files, config: MkDocsConfig) -> None:
        files.append(File.generated(config, PAGE_URI, content=self.markdown()))

    def markdown(self) -> str:
        lines = [
            "---", "title: 平台规则与数字", "---", "", "# 平台规则与数字", "",
            "手册里提到的每一个平台数字和规则都在这里登记一次：数值、出处、核对日期和核实程度。"
            "页面上数字旁的“注”链接到这里。平台会调整规则，照做之前请以当前界面为准；"
            "标为“未经官方核实”的，来自第三方或用户报告，活动前请用测试账号实测一次。", "",
        ]
        for fact in self.site.facts.values():
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

    def page_markdown(self, markdown: str, page: Page) -> str:
        target = posixpath.relpath(PAGE_URI, posixpath.dirname(page.file.src_uri) or ".")
        return expand_markdown(markdown, dict(self.site.facts), page.file.src_uri, target)
