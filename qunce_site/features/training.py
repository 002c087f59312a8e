"""Training: role paths, progress kept on the reader's device, scenario drills.

- nav: the 培训 item becomes the index, one page per role path, and the drills page.
- files: generate paths/index.md (pick a role; export, import, reset), paths/<id>.md and drills/index.md.
- page content: the pre-rendered blocks of those pages (``<!-- qunce:training KIND [ID] -->`` markers),
  and a "学习进度" block on every playbook and calculator page.

Every word a reader sees is rendered here, from the templates. The page scripts only read and write the
reader's progress (keys and export format: ``qunce_site.progress``), show and hide what is here, and count.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..data.content import cited
from ..data.training import LETTERS, MAX_SCORE, SCORE_WORDS, Drill, RolePath, Step
from ..model import SiteModel
from ..progress import EXPORT_NAME, read_key, used_key
from ..templates import Templates

log = logging.getLogger("mkdocs.plugins.qunce.training")
NAV_TITLE = "培训"
INDEX_URI = "paths/index.md"
DRILLS_URI = "drills/index.md"
MARKER = re.compile(r"<!--\s*qunce:training\s+([a-z-]+)(?:\s+([a-z0-9-]+))?\s*-->")

Linker = Callable[[str], str]


@dataclass(frozen=True)
class Link:
    href: str
    title: str


class TrainingPages:
    def __init__(self, site: SiteModel, templates: Templates) -> None:
        self.site = site
        self.training = site.training
        self.templates = templates

    # ------------------------------------------------------------------------------------------ structure

    def nav(self, nav: list[Any]) -> list[Any]:
        paths = self.training.paths
        section: list[Any] = [INDEX_URI, *({p.title: p.src_uri} for p in paths), {"情景练习": DRILLS_URI}]
        return [{NAV_TITLE: section} if isinstance(item, dict) and item.get(NAV_TITLE) == INDEX_URI else item for item in nav]

    def files(self, files: Files, config: MkDocsConfig) -> None:
        files.append(File.generated(config, INDEX_URI, content=self.index_markdown()))
        for path in self.training.paths:
            files.append(File.generated(config, path.src_uri, content=self.path_markdown(path)))
        files.append(File.generated(config, DRILLS_URI, content=self.drills_markdown()))

    def page_content(self, html: str, page: Page, files: Files) -> str:
        link = linker(page, files)
        if "qunce:training" in html:
            html = MARKER.sub(lambda match: self.marker(match.group(1), match.group(2), link), html)
        key = self.study_key(page.file.src_uri)
        if key is not None:
            html += self.study_html(key, link)
        return html

    # ------------------------------------------------------------------------------------------ markdown

    def index_markdown(self) -> str:
        return "\n".join([
            "---", f"title: {NAV_TITLE}", "---", "",
            "# 培训：按角色学", "",
            "选一个和你的工作最接近的角色，按顺序读完这条路径上的手册、用自己的数字试一遍计算器，再做几道情景练习。"
            "每条路径开头写明学完能做到什么。", "",
            "学习进度只保存在这台设备的浏览器里：不用注册账号，也不会发送到任何地方。"
            "你可以把进度导出成一个小文件交给带你的人看，或者导入到另一台设备继续学。", "",
            "## 选一条路径", "",
            "<!-- qunce:training paths -->", "",
            "## 情景练习", "",
            f"[情景练习](../{DRILLS_URI})收了 {len(self.training.drills)} 个来自真实运营场景的选择题："
            "凌晨的广告潮、碰了底线的成员、发完的奖励、冷下来的群……选出你会怎么做，马上看到按手册打的分和解释。", "",
            "## 导出、导入和清空进度 {#progress-file}", "",
            "<!-- qunce:training transfer -->", "",
        ])

    def path_markdown(self, path: RolePath) -> str:
        return "\n".join([
            "---", f"title: {json.dumps(path.title, ensure_ascii=False)}", "---", "",
            f"# 培训路径：{path.title}", "",
            '!!! abstract "学完能做到"', f"    {path.goal}", "",
            path.intro, "",
            f"<!-- qunce:training status {path.id} -->", "",
            "## 步骤", "",
            f"<!-- qunce:training steps {path.id} -->", "",
            "## 情景练习", "",
            "读完相关的手册后做这几道题，检验自己在真实场景里会不会照流程做。", "",
            f"<!-- qunce:training path-drills {path.id} -->", "",
            "## 进度保存在哪里", "",
            "进度只保存在这台设备的浏览器里。换设备、清理浏览器数据之前，"
            "先在[培训](index.md#progress-file)页面导出进度文件；在那里也可以导入或清空进度、换一条路径。", "",
        ])

    def drills_markdown(self) -> str:
        drills = self.training.drills
        lines = [
            "---", "title: 情景练习", "---", "",
            "# 情景练习", "",
            f"{len(drills)} 道题，每道是一个真实的运营场景，取自手册的来源文章和手册里的案例。选出你会怎么做，"
            f"点“看结果”：照手册做的最佳做法得 {MAX_SCORE} 分，方向对但漏了关键一步得 1 分，其余 0 分。"
            "每个选项都有解释，每道题都链接到对应的流程。", "",
            "答题记录只保存在这台设备的浏览器里，计入[培训路径](../paths/index.md)的进度；可以改选后再看一次结果。", "",
            "<!-- qunce:training drill-summary -->", "",
        ]
        for number, drill in enumerate(drills, start=1):
            lines += [f"## {number}. {drill.title} {{#drill-{drill.id}}}", "", f"<!-- qunce:training drill {drill.id} -->", ""]
        return "\n".join(lines)

    # ------------------------------------------------------------------------------------------ html

    def marker(self, kind: str, ident: str | None, link: Linker) -> str:
        paths = {path.id: path for path in self.training.paths}
        drills = {drill.id: drill for drill in self.training.drills}
        if kind == "paths":
            return self.paths_html(link)
        if kind == "transfer":
            return self.templates.render("transfer.html", export_name=EXPORT_NAME)
        if kind == "drill-summary":
            return self.templates.render("drill-summary.html", drills=self.training.drills, max=MAX_SCORE)
        if kind == "drill" and ident in drills:
            return self.drill_html(drills[ident], link)
        if ident in paths:
            path = paths[ident]
            if kind == "status":
                return self.tally(path, "qc-path-status", self.templates.fragment(
                    "path-status.html", counts=self.counts(path), pick=self.pick(path)))
            if kind == "steps":
                return self.tally(path, "qc-path-steps", self.steps_html(path, link))
            if kind == "path-drills":
                return self.drill_list_html([drills[d] for d in path.drills], link)
        raise PluginError(f"training: unknown marker {kind!r} {ident!r}")

    def title(self, step: Step) -> str:
        if step.kind == "playbook":
            return self.site.playbooks[step.ref].title
        return self.site.calculators[step.ref].title

    def tally(self, path: RolePath, css: str, body: Markup) -> str:
        return self.templates.render("tally.html", path=path, css=css, body=body, max=MAX_SCORE,
                                     steps=" ".join(step.key for step in path.steps), drills=" ".join(path.drills))

    def pick(self, path: RolePath) -> Markup:
        return self.templates.fragment("pick-button.html", path=path)

    def counts(self, path: RolePath) -> Markup:
        return self.templates.fragment("path-counts.html", path=path)

    def paths_html(self, link: Linker) -> str:
        cards = []
        for path in self.training.paths:
            nexts = [{"key": step.key, "href": link(step.src_uri), "title": self.title(step)} for step in path.steps]
            body = self.templates.fragment(
                "path-card.html", path=path, path_href=link(path.src_uri), counts=self.counts(path), nexts=nexts,
                steps=Markup(self.steps_html(path, link, compact=True)), pick=self.pick(path),
            )
            cards.append(Markup(self.tally(path, "qc-path-card", body)))
        return self.templates.render("path-cards.html", cards=cards)

    def steps_html(self, path: RolePath, link: Linker, *, compact: bool = False) -> Markup:
        steps = []
        for step in path.steps:
            is_book = step.kind == "playbook"
            steps.append({
                "key": step.key, "ref": step.ref, "href": link(step.src_uri), "title": self.title(step), "why": step.why,
                "kind": "手册" if is_book else "计算器",
                "done": "已读" if is_book else "已用过", "todo": "未读" if is_book else "未用过",
                "checklist": len(self.site.playbooks[step.ref].checklist) if is_book else 0,
            })
        return self.templates.fragment("steps.html", steps=steps, compact=compact)

    def drill_list_html(self, drills: list[Drill], link: Linker) -> str:
        return self.templates.render("drill-list.html", drills=drills, href=link(DRILLS_URI), max=MAX_SCORE,
                                     score_words=list(SCORE_WORDS.items()))

    def drill_html(self, drill: Drill, link: Linker) -> str:
        books = [Link(link(f"playbooks/{slug}.md"), self.site.playbooks[slug].title) for slug in drill.playbooks]
        calculators = [Link(link(f"calculators/{c}.md"), self.site.calculators[c].title) for c in drill.calculators]
        sources = [article.citation() for ref in drill.sources for article in cited(ref, self.site.sources)]
        return self.templates.render("drill.html", drill=drill, max=MAX_SCORE, letters=LETTERS, score_words=SCORE_WORDS,
                                     books=books, calculators=calculators, sources=sources)

    # ------------------------------------------------------------------------------------------ study block

    def study_key(self, src_uri: str) -> str | None:
        """The progress key of a playbook or calculator page, else None."""
        folder, _, name = src_uri.partition("/")
        stem = name.removesuffix(".md")
        if folder == "playbooks" and stem in self.site.playbooks:
            return read_key(stem)
        if folder == "calculators" and stem in self.site.calculators:
            return used_key(stem)
        return None

    def study_html(self, key: str, link: Linker) -> str:
        kind, _, ref = key.partition(":")
        hints = []
        for path in self.training.paths:
            keys = [step.key for step in path.steps]
            if key not in keys:
                continue
            number = keys.index(key) + 1
            following = path.steps[number] if number < len(keys) else None
            hints.append({
                "path": path, "number": number, "total": len(keys), "path_href": link(path.src_uri),
                "next": Link(link(following.src_uri), self.title(following)) if following else None,
            })
        if kind == "read":
            label, note = "我读完了这一页", "已记为读完。再点一次可以取消。"
            related = [d for d in self.training.drills if ref in d.playbooks]
        else:
            label, note = "我用自己的数字算过了", "已记为用过。再点一次可以取消。"
            related = [d for d in self.training.drills if ref in d.calculators]
        drills = Markup(self.drill_list_html(related, link)) if related else ""
        return self.templates.render("study.html", hints=hints, key=key, label=label, note=note, drills=drills,
                                     index_href=link(INDEX_URI))


def linker(page: Page, files: Files) -> Linker:
    """URL of a source file (e.g. ``playbooks/x.md``) relative to ``page``; unknown files stop the build."""

    def link(src_uri: str) -> str:
        target = files.get_file_from_path(src_uri)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: training link to a missing page {src_uri!r}")
        return target.url_relative_to(page.file)

    return link
