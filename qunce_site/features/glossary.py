"""The glossary (glossary.yml): a page, hover/focus explanations on every page, and words the Chinese
search segmenter keeps whole.

- config: teach jieba every glossary term and playbook tag, so a search for 隐藏福利 or 开营仪式 finds
  the word itself rather than its halves.
- files: generate glossary.md, and fix the search worker's Chinese query segmentation
  (see ``patch_search_worker``).
- page content: wrap the first occurrence of each term on a page in ``<abbr title="…">`` (Material shows
  it as a tooltip). Python-Markdown's abbr extension cannot do this: it matches on ``\\b``, which never
  falls between two Chinese characters.
"""

from __future__ import annotations

import logging
import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..data.glossary import Term
from ..html import tokenize
from ..model import SiteModel
from ..templates import Templates
from .material import search_worker

log = logging.getLogger("mkdocs.plugins.qunce.glossary")
PAGE_URI = "glossary.md"
# Text inside these elements is never wrapped: links, code, headings, form controls, charts.
SKIP = frozenset({"a", "abbr", "code", "pre", "kbd", "script", "style", "svg", "button", "label", "textarea",
                  "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt", "title", "option", "select"})

# Material's search worker splits a Chinese query into words it finds in the index
# (integrations/search/query/segment), but its inner loop stops one character short
# (`j < query.length`), so no word may end at the query's last character: 活码 is searched
# as 活*, 群规 as 群*, 隐藏福利 as 隐藏*. Same code in Material 9.8.2 and upstream master.
# In the minified worker: for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)
WORKER_SEGMENT_LOOP = re.compile(r"(for\(let (\w+)=(\w+)\+1;\2)<((\w+)\.length;\2\+\+\)\5\.slice\(\3,\2\)in )")
# Chinese input methods put no space between Latin letters and Chinese (K因子, QQ群, ROI怎么算), but the
# pages do (typography), so the index holds "k" and "因子" apart. The worker's search() replaces each Han run
# of the query with its segmented words, glued to whatever Latin letters stand beside it ("k因子"): no such
# word exists. Setting the Han run apart with spaces, and folding full-width letters (ＱＱ) with NFKC first,
# makes both spellings the same query. In the minified worker:
# search(e){if(e=e.replace(new RegExp("\\p{sc=Han}+","gu"),s=>[...fe(s,this.index.invertedIndex)].join("* "))
WORKER_HAN_QUERY = re.compile(
    r'(search\((\w+)\)\{if\(\2=\2)(\.replace\(new RegExp\("\\\\p\{sc=Han\}\+","gu"\),(\w+)=>)'
    r'(\[\.\.\.\w+\(\4,this\.index\.invertedIndex\)\]\.join\("\* "\))\)'
)


class Glossary:
    def __init__(self, site: SiteModel, templates: Templates) -> None:
        self.site = site
        self.templates = templates
        self.terms = site.terms

    def search_words(self) -> list[str]:
        """Glossary terms and playbook tags, as jieba should keep them (without spaces)."""
        words = {name for term in self.terms for name in term.names}
        words |= {str(tag) for book in self.site.playbooks.values() for tag in book.meta["tags"]}
        return sorted(word.replace(" ", "") for word in words)

    def teach_search(self) -> None:
        import jieba

        for word in self.search_words():
            jieba.add_word(word, freq=2000)

    def files(self, files: Files, config: MkDocsConfig) -> None:
        files.append(File.generated(config, PAGE_URI, content=self.markdown()))
        patch_search_worker(files)

    def markdown(self) -> str:
        intro = (f"共 {len(self.terms)} 个术语。在手册的其他页面上，这些词第一次出现时带虚线下划线，"
                 "鼠标悬停或用键盘聚焦就能看到解释。")
        lines = ["---", "title: 术语表", "---", "", "# 术语表", "", intro, ""]
        for term in self.terms:
            lines += [f"## {term.term}", "", term.definition, ""]
            if term.aliases:
                lines += [f"也叫：{'、'.join(term.aliases)}。", ""]
            if term.see:
                book = self.site.playbooks.get(term.see)
                if book is None:
                    raise PluginError(f"glossary: term {term.term!r} points to a missing playbook {term.see!r}")
                lines += [f"详见：[{book.title}](playbooks/{term.see}.md)", ""]
        return "\n".join(lines)

    def page_content(self, html: str, page: Page) -> str:
        if page.file.src_uri == PAGE_URI or page.is_homepage:
            return html
        return self.annotate(html)

    def annotate(self, html: str) -> str:
        """Wrap each term's first occurrence (outside links, code, headings, charts) in <abbr>."""
        by_name = {name: term for term in self.terms for name in term.names}
        used: set[str] = set()
        depth = 0
        out: list[str] = []
        for token in tokenize(html):
            if token.kind == "data" and depth == 0:
                out.append(self.wrap(token.raw, by_name, used))
                continue
            out.append(token.raw)
            if token.tag in SKIP and (token.opens or token.kind == "end"):
                depth = max(depth + (1 if token.kind == "start" else -1), 0)
        return "".join(out)

    def wrap(self, text: str, by_name: dict[str, Term], used: set[str]) -> str:
        if not text.strip():
            return text
        remaining = [name for name, term in by_name.items() if term.term not in used]
        if not remaining:
            return text
        pieces = []
        position = 0
        for match in pattern(remaining).finditer(text):
            term = by_name[match.group(0)]
            if term.term in used:
                continue
            used.add(term.term)
            pieces.append(text[position:match.start()])
            pieces.append(self.templates.render("abbr.html", definition=term.definition, word=match.group(0)))
            position = match.end()
        pieces.append(text[position:])
        return "".join(pieces)


def pattern(names: list[str]) -> re.Pattern[str]:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        if re.fullmatch(r"[A-Za-z0-9 ]+", name):
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts))


def patch_search_worker(files: Files) -> None:
    """Two fixes to the search worker's Chinese queries: the segmenter may take words that end at the
    last character (`j <= length`), and Latin letters beside Chinese are a word boundary (``K因子`` finds
    what ``K 因子`` finds).

    The worker's text is changed in the build's file list, so every later step (and the service
    worker's precache) sees the patched file. Fails the build if either piece of code is not found
    exactly once: then Material has changed, and the patch must be checked or dropped."""
    worker = search_worker(files)
    patched, count = WORKER_SEGMENT_LOOP.subn(r"\1<=\4", worker.content_string)
    if count != 1:
        raise PluginError(f"search worker patch: the query segmentation loop was found {count} times in {worker.src_uri}")
    patched, count = WORKER_HAN_QUERY.subn(r'\1.normalize("NFKC")\3" "+\5+" ")', patched)
    if count != 1:
        raise PluginError(f"search worker patch: the query's Han segmentation was found {count} times in {worker.src_uri}")
    worker.content_string = patched
