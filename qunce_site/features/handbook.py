"""The printable handbook: the whole learning path as one page (handbook.md).

- files: add the generated page. Its Markdown is front matter only: the title, and exclusion from
  search (the page repeats every playbook word for word; results must lead to the playbooks).
- env: fill it with a cover, the contents, the learning path's introduction, and for each module of
  the learning path its heading and introduction, each of its playbooks in full, and its self-test
  questions (closed on screen, opened in print by print.css).
- parts: the playbooks' bodies and the self-test questions go to ``handbook/parts.json`` beside the page,
  keyed by slug (a module's questions by the module's id); the page holds the outline (cover, contents,
  introductions, every module's and playbook's heading) and an empty slot for each part, which
  print.js fills when the reader scrolls near it, follows a link into it, or prints. The whole handbook
  in one page was ~0.9 MB of HTML, ~11,000 elements: Lighthouse's mobile performance score was 32-71, as
  Material mounts every link, table, code block and tooltip of the page at load, and the page's download
  alone delays the first paint. The slots' heights are estimated from their text, so the contents and
  the scroll bar are about right before they are filled.

Why on_env: MkDocs renders every page's content (Markdown, then every on_page_content step: glossary
tooltips, checklists, progress blocks) before it renders the first template (mkdocs/commands/build.py:
``_populate_page`` for every file, then on_env, then ``_build_page``), so here each playbook's final
HTML is in ``page.content``, and reusing it keeps the handbook identical to the pages. (on_page_context
of the handbook would see the same, but the search plugin indexes pages in its own on_page_context,
which runs before ours: it would see an empty page, and the search exclusion would go untested.)

The learning path is read by its structure, never by its words: the zh-Hant edition is built from an
OpenCC-converted copy of the sources. A module is an ``<h2>`` section of the rendered learning path
that links to at least one playbook; its playbooks are those links, in order (a playbook linked again
later stays where it first appeared); its self-test questions are its ``<details>`` blocks.

In the handbook, playbook headings move down two levels (handbook h1 → module h2 → playbook h3 → the
playbook's own sections h4…), every id gets the playbook's slug as a prefix (``<slug>--<id>``; slugs
never contain ``--``), links to playbooks become in-page anchors and all other relative links and
sources are re-based onto the handbook's URL. All of it walks the parsed HTML (``qunce_site.html``).
"""

from __future__ import annotations

import datetime
import itertools
import json
import logging
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..html import HOVER_ONLY, SCREEN_ONLY, Token, element_end, has_class, join, start_tag, tokenize
from ..templates import Templates

log = logging.getLogger("mkdocs.plugins.qunce.handbook")
PAGE_URI = "handbook.md"
PATH_URI = "learning-path.md"
TITLE = "打印版手册"
PLAYBOOK = re.compile(r"playbooks/([a-z0-9]+(?:-[a-z0-9]+)*)\.md")
SEPARATOR = "--"  # between a playbook's slug and one of its own ids
COVER_ID = "handbook"
TOC_ID = "handbook-toc"
PARTS_URI = "handbook/parts.json"  # beside the page (handbook/index.html); print.js reads it from the site root
INTRO_ID = "handbook-intro"
ID_ATTRIBUTES = ("id", "for", "aria-labelledby", "aria-describedby", "aria-controls")
HEADINGS = {f"h{level}": level for level in range(1, 7)}
BLOCKS = {"p", "li", "tr", "pre", "details", "div", "table", *HEADINGS}

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


class Handbook:
    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def files(self, files: Files, config: MkDocsConfig) -> None:
        files.append(File.generated(config, PAGE_URI, content=MARKDOWN))

    def fill(self, config: MkDocsConfig, files: Files, env: Environment) -> None:
        """Write the page's content and add its parts file (``PARTS_URI``) to the build."""
        own = files.get_file_from_path(PAGE_URI)
        if own is None or own.page is None:  # taken out of the build
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
        parts: dict[str, str] = {}
        copy = theme_text(env, config, "clipboard.copy")
        page.content = "".join([
            self.cover_html(page, config, modules),
            self.templates.render("handbook-contents.html", modules=modules, titles=titles(books), toc_id=TOC_ID,
                                  intro_id=INTRO_ID),
            self.templates.render("handbook-intro.html", intro_id=INTRO_ID, preamble=Markup(preamble),
                                  parts=PARTS_URI,
                                  path_url=get_relative_url(path.page.url, page.url)),
            *(self.module_html(module, books, links, parts, copy) for module in modules),
        ])
        files.append(File.generated(config, PARTS_URI, content=json.dumps(parts, ensure_ascii=False, separators=(",", ":"))))
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

    def cover_html(self, page: Page, config: MkDocsConfig, modules: list[Module]) -> str:
        home = get_relative_url("", page.url).rstrip("/") + "/" if config.site_url else ""
        return self.templates.render(
            "handbook-cover.html", site_name=config.site_name, title=page.title or TITLE, cover_id=COVER_ID,
            modules=len(modules), playbooks=sum(len(module.slugs) for module in modules), day=build_date().isoformat(),
            site_url=config.site_url or "", home=home,
        )

    def module_html(self, module: Module, books: Mapping[str, Page], links: Linker, parts: dict[str, str],
                    copy: str) -> str:
        """The module's outline; its playbooks' bodies and its questions go into ``parts``."""
        playbooks = []
        for slug in module.slugs:
            book = books[slug]
            content = printable(book.content or "")
            body = rebase_html(content, book.url, links, ids=prefixer(slug), local=True, shift=2)
            parts[slug] = with_copy_buttons(body, prefixer(slug), copy)
            playbooks.append({"slug": slug, "title": book.title or slug, "height": estimated_height(parts[slug])})
        quiz = "".join(module.questions)
        if quiz:
            parts[module.id] = quiz  # its ids, like its intro's, start with the module's id
        return self.templates.render("handbook-module.html", module=module, intro=Markup(module.intro),
                                     playbooks=playbooks, quiz=bool(quiz), quiz_height=estimated_height(quiz),
                                     quiz_id=f"{module.id}{SEPARATOR}quiz")


def estimated_height(html: str) -> int:
    """About how tall ``html`` is on screen, in CSS pixels: a pixel a character (a 16 px glyph in lines
    of 25-45 characters, 1.6 lines high) and a margin for each block. Only the slot holds it, until filled."""
    tokens = tokenize(html)
    blocks = sum(1 for t in tokens if t.kind == "start" and t.tag in BLOCKS)
    return max(200, round(len(text_of(tokens)) + 24 * blocks))


def titles(books: Mapping[str, Page]) -> dict[str, str]:
    return {slug: book.title or slug for slug, book in books.items()}


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


def sections(tokens: list[Token]) -> tuple[list[Token], list[list[Token]]]:
    """The tokens before the first <h2>, and from each <h2> to the next."""
    starts = [i for i, token in enumerate(tokens) if token.kind == "start" and token.tag == "h2"]
    if not starts:
        return tokens, []
    bounds = [*starts, len(tokens)]
    return tokens[:starts[0]], [tokens[a:b] for a, b in itertools.pairwise(bounds)]


def take(tokens: list[Token], tag: str) -> tuple[list[Token], list[list[Token]]]:
    """``tokens`` without the top-level ``tag`` elements, and those elements."""
    rest: list[Token] = []
    taken: list[list[Token]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "start" and token.tag == tag:
            end = element_end(tokens, index)
            taken.append(tokens[index:end])
            index = end
        else:
            rest.append(token)
            index += 1
    return rest, taken


def links_in(tokens: list[Token]) -> list[str]:
    return [dict(t.attrs).get("href") or "" for t in tokens if t.kind == "start" and t.tag == "a" and dict(t.attrs).get("href")]


def text_of(tokens: list[Token]) -> str:
    return unescape("".join(t.raw for t in tokens if t.kind == "data"))


def read_learning_path(html: str, url: str, links: Linker) -> tuple[str, list[Module]]:
    """The learning path's introduction (HTML) and its modules, in order."""
    preamble, parts = sections(tokenize(html))
    # The introduction, less any paragraph that points at the handbook itself (the invitation to print it).
    intro: list[Token] = []
    index = 0
    while index < len(preamble):
        token = preamble[index]
        if token.kind == "start" and token.tag == "p":
            end = element_end(preamble, index)
            if not any(links.target(href, url) == links.page_url for href in links_in(preamble[index:end])):
                intro += preamble[index:end]
            index = end
        else:
            intro.append(token)
            index += 1
    modules: list[Module] = []
    seen: set[str] = set()
    for part in parts:
        heading_end = element_end(part, 0)
        heading, body = part[:heading_end], part[heading_end:]
        slugs = []
        for href in links_in(body):
            slug = links.slug(href, url)
            if slug is not None and slug not in seen:
                seen.add(slug)
                slugs.append(slug)
        if not slugs:
            continue
        ident = f"module-{len(modules) + 1}"
        # Its anchors stay on the learning path: only the parts around the playbook list come along.
        ids = prefixer(ident)
        remainder, details = take(body, "details")
        questions = tuple(rebase_html(join(q), url, links, ids=ids, local=False) for q in details)
        intro_html = rebase_html(join(remainder), url, links, ids=ids, local=False)
        title = text_of(without_headerlinks(heading[1:-1])).strip()
        modules.append(Module(ident, title, intro_html, tuple(slugs), questions))
    return rebase_html(join(intro), url, links, ids=prefixer(INTRO_ID), local=False), modules


# ---------------------------------------------------------------------------------------------- rewriting


def prefixer(prefix: str) -> Callable[[str], str]:
    return lambda ident: prefix + SEPARATOR + ident


def without_headerlinks(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "start" and token.tag == "a" and has_class(token, "headerlink"):
            index = element_end(tokens, index)
            continue
        out.append(token)
        index += 1
    return out


def printable(html: str) -> str:
    """A playbook's HTML without what paper cannot use: what the features marked screen-only (the
    "学习进度" block: buttons and drill links for one page, meaningless forty times over), headings'
    permalinks (Material's), and hover-only wrappers (the glossary's tooltips: ~500 on the page; Material
    mounted a tooltip for each, ~0.4 s of main-thread time at Lighthouse's mobile CPU)."""
    tokens = tokenize(html)
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        attrs = dict(token.attrs)
        if token.kind == "start" and (SCREEN_ONLY in attrs or (token.tag == "a" and has_class(token, "headerlink"))):
            index = element_end(tokens, index)
            continue
        if token.kind == "start" and HOVER_ONLY in attrs:
            end = element_end(tokens, index)
            out += tokens[index + 1:end - 1]
            index = end
            continue
        out.append(token)
        index += 1
    return join(out)


def rebase_html(html: str, source_url: str, links: Linker, *, ids: Callable[[str], str], local: bool, shift: int = 0) -> str:
    """``html`` from the page at ``source_url``, made to fit in the handbook.

    Its ids are renamed with ``ids`` (and so are references to them: ``for``, ``aria-*``, and with
    ``local`` its ``#anchor`` links); links and sources are re-based; headings move ``shift`` levels down
    (h6 is the deepest HTML has: a playbook's h5, if any, would share it with its h4).
    """
    out = []
    for token in tokenize(html):
        tag = token.tag
        if shift and tag in HEADINGS:
            tag = f"h{min(HEADINGS[tag] + shift, 6)}"
        if token.kind == "end":
            out.append(f"</{tag}>" if tag != token.tag else token.raw)
            continue
        if token.kind != "start":
            out.append(token.raw)
            continue
        attrs = []
        changed = tag != token.tag
        for name, value in token.attrs:
            if value is not None and name in ("href", "src"):
                new: str | None = links.rebase(value, source_url, ids if local else None)
            elif value is not None and name in ID_ATTRIBUTES:
                new = " ".join(ids(ident) for ident in value.split())
            else:
                new = value
            changed = changed or new != value or name in ID_ATTRIBUTES or name in ("href", "src")
            attrs.append((name, new))
        out.append(start_tag(tag, attrs) if changed else token.raw)
    return "".join(out)


def theme_text(env: Environment, config: MkDocsConfig, key: str) -> str:
    """Material's text for ``key`` in the site's language (its partials/language.html)."""
    template = env.from_string('{% import "partials/language.html" as lang with context %}{{ lang.t(key) }}')
    return template.render(config=config, key=key).strip()


def with_copy_buttons(html: str, ids: Callable[[str], str], title: str) -> str:
    """``html`` with Material's copy button on each code block, as its script adds them to a page's own
    (components/content/code: a <nav> of buttons before the <code>, the <pre> named by an id). Parts
    come in after Material has mounted the page, so the build writes them; Material's clipboard handler
    listens on the whole document and serves them as its own."""
    out: list[str] = []
    count = 0
    tokens = tokenize(html)
    for index, token in enumerate(tokens):
        if token.kind == "start" and token.tag == "pre" and "id" not in dict(token.attrs):
            count += 1
            ident = ids(f"code-{count}")
            out.append(start_tag("pre", [*token.attrs, ("id", ident)]))
            if not any(t.kind == "start" and t.tag == "code" for t in tokens[index + 1:element_end(tokens, index)]):
                continue
            out.append(start_tag("nav", [("class", "md-code__nav")]) + start_tag("button", [
                ("class", "md-code__button"), ("title", title), ("data-clipboard-target", f"#{ident} > code"),
                ("data-md-type", "copy")]) + "</button></nav>")
            continue
        out.append(token.raw)
    return "".join(out)


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH's day when a reproducible build sets it."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()
