"""MkDocs hook: the printable handbook — the whole learning path as one page (handbook.md).

- on_files: add the generated page. Its Markdown is front matter only: the title, and exclusion
  from search (the page repeats every playbook word for word; results must lead to the playbooks).
- on_env: fill it with a cover, the contents, the learning path's introduction, and for each
  module of the learning path its heading and introduction, each of its playbooks in full, and its
  self-test questions (closed on screen, opened in print by print.css).

Why on_env: MkDocs renders every page's content (Markdown, then every on_page_content hook:
glossary tooltips, checklists, progress blocks) before it renders the first template
(mkdocs/commands/build.py: ``_populate_page`` for every file, then on_env, then ``_build_page``),
so here each playbook's final HTML is in ``page.content``, and reusing it keeps the handbook
identical to the pages. (on_page_context of the handbook would see the same, but the search plugin
indexes pages in its own on_page_context, which runs before the hooks': it would see an empty page,
and the search exclusion would go untested.)

The learning path is read by its structure, never by its words: a Traditional Chinese edition is
built from an OpenCC-converted copy of the sources, this file included. A module is an ``<h2>``
section of the rendered learning path that links to at least one playbook; its playbooks are those
links, in order (a playbook linked again later stays where it first appeared); its self-test
questions are its ``<details>`` blocks.

In the handbook, playbook headings move down two levels (the outline is handbook h1 → module h2 →
playbook h3 → the playbook's own sections h4…), every id gets the playbook's slug as a prefix
(``<slug>--<id>``; slugs never contain ``--``), links to playbooks become in-page anchors and all
other relative links and sources are re-based onto the handbook's URL.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.handbook")
PAGE_URI = "handbook.md"
PATH_URI = "learning-path.md"
TITLE = "打印版手册"
PLAYBOOK = re.compile(r"playbooks/([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
SEPARATOR = "--"  # between a playbook's slug and one of its own ids
COVER_ID = "handbook"
TOC_ID = "handbook-toc"
INTRO_ID = "handbook-intro"
# Only start tags: end tags carry no attributes, and text never holds a raw "<" (Markdown escapes it).
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)?>")
ATTRIBUTE = re.compile(r'(?<=\s)(id|for|aria-labelledby|aria-describedby|aria-controls|href|src)="([^"]*)"')
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
SECTION = re.compile(r"(?=<h2[\s>])")
HEADED = re.compile(r"<h2[^>]*>(.*?)</h2>(.*)", re.DOTALL)
DETAILS = re.compile(r"<details[\s>].*?</details>", re.DOTALL)  # the learning path's are never nested
PARAGRAPH = re.compile(r"<p[\s>].*?</p>", re.DOTALL)
LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"')
# The "学习进度" block hooks/training.py appends to every playbook: buttons and drill links for this
# one page, which mean nothing thirty times over on paper.
STUDY = re.compile(r'<section class="qc-study"[^>]*>.*?</section>', re.DOTALL)
# Hover-only parts, which paper cannot show: glossary tooltips (<abbr>, first use of each term on
# each playbook: ~500 here) and the headings' permalinks (~400). Material mounts a tooltip for each,
# which on this one long page cost ~0.4 s of main-thread time at Lighthouse's mobile CPU.
ABBR = re.compile(r"<abbr[^>]*>(.*?)</abbr>", re.DOTALL)

MARKDOWN = "\n".join([
    "---",
    f"title: {TITLE}",
    "search:",
    "  exclude: true  # every playbook is in here again: search results should lead to the playbooks",
    "---",
    "",
])


@dataclass(frozen=True)
class Module:
    id: str
    title: str  # plain text
    intro: str  # HTML, already re-based
    slugs: tuple[str, ...]
    questions: tuple[str, ...]  # HTML, already re-based


# ---------------------------------------------------------------------------------------------- hooks


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, PAGE_URI, content=MARKDOWN))
    return files


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    own = files.get_file_from_path(PAGE_URI)
    if own is None or own.page is None:  # another hook took it out of the build
        raise PluginError(f"handbook: {PAGE_URI} is not in the build")
    page = own.page
    path = files.get_file_from_path(PATH_URI)
    if path is None or path.page is None or path.page.content is None:
        raise PluginError(f"handbook: {PATH_URI} is missing or was not rendered")
    books = playbook_pages(files)
    links = Linker(page_url=page.url, playbooks={book.url: slug for slug, book in books.items()})
    preamble, modules = read_learning_path(path.page.content, path.page.url, links)
    if not modules:
        raise PluginError(f"handbook: {PATH_URI} has no <h2> section that links to a playbook")
    page.content = "".join([
        cover_html(page, config, modules),
        contents_html(modules, books),
        f'<section class="qc-handbook-intro"><h2 id="{INTRO_ID}">导读</h2>{preamble}</section>',
        *(module_html(module, books, links) for module in modules),
    ])
    page.toc = get_toc([{
        "level": 1, "id": COVER_ID, "name": escape(page.title or TITLE), "children": [
            {"level": 2, "id": module.id, "name": escape(module.title), "children": [
                {"level": 3, "id": slug, "name": escape(books[slug].title or slug), "children": []}
                for slug in module.slugs
            ]}
            for module in modules
        ],
    }])
    log.debug("handbook: %d modules, %d playbooks", len(modules), sum(len(m.slugs) for m in modules))
    return env


# ---------------------------------------------------------------------------------------------- reading


def playbook_pages(files: Files) -> dict[str, Page]:
    """Every rendered playbook page by slug."""
    books = {}
    for file in files.documentation_pages():
        match = PLAYBOOK.fullmatch(file.src_uri)
        if match and file.page is not None and file.page.content is not None:
            books[match.group(1)] = file.page
    return books


@dataclass(frozen=True)
class Linker:
    """Re-bases links from a rendered page onto the handbook's URL."""

    page_url: str  # the handbook's
    playbooks: Mapping[str, str]  # playbook page URL -> slug

    def target(self, href: str, source_url: str) -> str | None:
        """The site URL ``href`` points at from the page at ``source_url``; None if it leaves the site's tree."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            return None
        return urljoin("/" + source_url, parts.path)[1:]

    def slug(self, href: str, source_url: str) -> str | None:
        target = self.target(href, source_url)
        return None if target is None else self.playbooks.get(target)

    def rebase(self, href: str, source_url: str, local: Callable[[str], str] | None) -> str:
        """``href`` as written on the page at ``source_url``, as it must read in the handbook.

        ``local`` names the source's own anchors in the handbook (a playbook's: prefixed); None if
        they are not in it (the learning path's), so such links go to the source page.
        """
        parts = urlsplit(href)
        if not parts.path and not parts.query and parts.fragment and local is not None:
            return "#" + local(parts.fragment)
        target = self.target(href, source_url)
        if target is None:
            return href
        slug = self.playbooks.get(target)
        if slug is not None:
            return "#" + (slug + SEPARATOR + parts.fragment if parts.fragment else slug)
        if target == self.page_url:
            return "#" + (parts.fragment or COVER_ID)
        url = get_relative_url(target, self.page_url)
        if target.endswith("/") or not target:
            url = url.rstrip("/") + "/"
        return url + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def read_learning_path(html: str, url: str, links: Linker) -> tuple[str, list[Module]]:
    """The learning path's introduction (HTML) and its modules, in order."""
    preamble, *sections = SECTION.split(html)
    # The introduction, less any paragraph that points at the handbook itself (the invitation to print it).
    preamble = PARAGRAPH.sub(
        lambda p: "" if any(links.target(unescape(h), url) == links.page_url for h in LINK.findall(p.group(0))) else p.group(0),
        preamble,
    )
    modules: list[Module] = []
    seen: set[str] = set()
    for section in sections:
        match = HEADED.match(section)
        if match is None:
            continue
        slugs = []
        for href in LINK.findall(match.group(2)):
            slug = links.slug(unescape(href), url)
            if slug is not None and slug not in seen:
                seen.add(slug)
                slugs.append(slug)
        if not slugs:
            continue
        ident = f"module-{len(modules) + 1}"
        # Its anchors stay on the learning path: only the parts around the playbook list come along.
        ids = prefixer(ident)
        questions = tuple(rebase_html(q, url, links, ids=ids, local=False) for q in DETAILS.findall(match.group(2)))
        intro = rebase_html(DETAILS.sub("", match.group(2)), url, links, ids=ids, local=False)
        title = unescape(re.sub(r"<[^>]+>", "", HEADERLINK.sub("", match.group(1)))).strip()
        modules.append(Module(ident, title, intro, tuple(slugs), questions))
    return rebase_html(preamble, url, links, ids=prefixer(INTRO_ID), local=False), modules


# ---------------------------------------------------------------------------------------------- rewriting


def prefixer(prefix: str) -> Callable[[str], str]:
    return lambda ident: prefix + SEPARATOR + ident


def rebase_html(html: str, source_url: str, links: Linker, *, ids: Callable[[str], str], local: bool, shift: int = 0) -> str:
    """``html`` from the page at ``source_url``, made to fit in the handbook.

    Its ids are renamed with ``ids`` (and so are references to them: ``for``, ``aria-*``, and with
    ``local`` its ``#anchor`` links); links and sources are re-based; headings move ``shift`` levels down.
    """

    def attribute(match: re.Match[str]) -> str:
        name, value = match.group(1), unescape(match.group(2))
        if name in ("href", "src"):
            value = links.rebase(value, source_url, ids if local else None)
        else:
            value = " ".join(ids(ident) for ident in value.split())
        return f'{name}="{escape(value)}"'

    def tag(match: re.Match[str]) -> str:
        return f"<{match.group(1)}{ATTRIBUTE.sub(attribute, match.group(2) or '')}>"

    html = TAG.sub(tag, html)
    if shift:
        # h6 is the deepest HTML has: a playbook's h5 (none so far) would share it with its h4.
        html = HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html)
    return html


# ---------------------------------------------------------------------------------------------- html


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day when a reproducible build sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def cover_html(page: Page, config: MkDocsConfig, modules: list[Module]) -> str:
    count = sum(len(module.slugs) for module in modules)
    day = build_date().isoformat()
    online = ""
    if config.site_url:  # printed, so the address is the link's text
        home = get_relative_url("", page.url).rstrip("/") + "/"
        online = f'<p>在线版：<a href="{escape(home)}">{escape(config.site_url)}</a></p>'
    return (
        '<section class="qc-handbook-cover">'
        f'<p class="qc-handbook-site">{escape(config.site_name)}</p>'
        f'<h1 id="{COVER_ID}">{escape(page.title or TITLE)}</h1>'
        f'<p class="qc-handbook-lead">学习路径的 {len(modules)} 个模块、{count} 篇手册，排成一份可以打印的文档。'
        "按顺序读：每个模块、每篇手册都从新的一页开始，模块最后是自测题，打印时附上答案。"
        "检查清单的方框可以在纸上打勾；计算器要在网页上使用。</p>"
        f'<p class="qc-handbook-date">生成日期：<time datetime="{day}">{day}</time></p>'
        f"{online}"
        '<p class="qc-print-bar"><button type="button" class="md-button md-button--primary qc-print" hidden>'
        "打印或存为 PDF</button></p>"
        "</section>"
    )


def contents_html(modules: list[Module], books: Mapping[str, Page]) -> str:
    items = "".join(
        f'<li><a href="#{module.id}">{escape(module.title)}</a><ol>'
        + "".join(f'<li><a href="#{slug}">{escape(books[slug].title or slug)}</a></li>' for slug in module.slugs)
        + "</ol></li>"
        for module in modules
    )
    # Not a <nav>: Material's own contents sidebar is a navigation landmark with the same name.
    return (
        f'<div class="qc-handbook-toc"><h2 id="{TOC_ID}">目录</h2>'
        f'<ol><li><a href="#{INTRO_ID}">导读</a></li>{items}</ol></div>'
    )


def module_html(module: Module, books: Mapping[str, Page], links: Linker) -> str:
    parts = [f'<section class="qc-handbook-module"><h2 id="{module.id}">{escape(module.title)}</h2>{module.intro}']
    for slug in module.slugs:
        book = books[slug]
        content = ABBR.sub(r"\1", HEADERLINK.sub("", STUDY.sub("", book.content or "")))
        body = rebase_html(content, book.url, links, ids=prefixer(slug), local=True, shift=2)
        parts.append(
            f'<section class="qc-handbook-playbook"><h3 id="{slug}">{escape(book.title or slug)}</h3>{body}</section>'
        )
    if module.questions:
        heading = f'<h3 id="{module.id}{SEPARATOR}quiz">自测题</h3>'
        parts.append(f'<section class="qc-handbook-quiz">{heading}{"".join(module.questions)}</section>')
    parts.append("</section>")
    return "".join(parts)
