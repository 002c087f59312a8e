"""MkDocs hook: the glossary (glossary.yml) becomes a page, hover/focus explanations on every
page, and words the Chinese search segmenter keeps whole.

- on_config: teach jieba every glossary term and playbook tag, so a search for 隐藏福利 or
  开营仪式 finds the word itself rather than its halves.
- on_files: generate glossary.md, and fix the search worker's Chinese query segmentation
  (see patch_search_worker).
- on_page_content: wrap the first occurrence of each term on a page in <abbr title="…">
  (Material shows it as a tooltip). Python-Markdown's abbr extension cannot do this: it
  matches on \\b, which never falls between two Chinese characters.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

log = logging.getLogger("mkdocs.hooks.glossary")
ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "glossary.yml"
PAGE_URI = "glossary.md"
# Text inside these elements is never wrapped: links, code, headings, form controls, charts.
SKIP = {"a", "abbr", "code", "pre", "kbd", "script", "style", "svg", "button", "label", "textarea",
        "h1", "h2", "h3", "h4", "h5", "h6", "summary", "dt", "title", "option", "select"}
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)>")
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area", "base", "embed", "track"}


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    see: str | None

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


_terms: list[Term] = []


def load_terms(path: Path = SOURCE) -> list[Term]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise PluginError(f"{path}: expected a list of terms")
    terms = []
    seen: set[str] = set()
    for index, item in enumerate(data, 1):
        allowed = {"term", "aliases", "definition", "see"}
        if not isinstance(item, dict) or not {"term", "definition"} <= set(item) or set(item) - allowed:
            raise PluginError(f"{path}: entry {index} needs term and definition (and only aliases, see besides)")
        term = Term(str(item["term"]), tuple(str(a) for a in item.get("aliases") or ()), str(item["definition"]), item.get("see"))
        for name in term.names:
            if name in seen:
                raise PluginError(f"{path}: {name!r} is listed twice")
            seen.add(name)
        terms.append(term)
    return terms


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    import jieba

    _terms[:] = load_terms()
    words = {name for term in _terms for name in term.names}
    for path in (ROOT / "playbooks").glob("*.md"):
        match = re.search(r"^tags:\s*\[(.*?)\]", path.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            words |= {tag.strip() for tag in match.group(1).split(",") if tag.strip()}
    for word in sorted(words):
        jieba.add_word(word.replace(" ", ""), freq=2000)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    files.append(File.generated(config, PAGE_URI, content=glossary_markdown(_terms, files)))
    patch_search_worker(files)
    return files


# Material's search worker splits a Chinese query into words it finds in the index
# (integrations/search/query/segment), but its inner loop stops one character short
# (`j < query.length`), so no word may end at the query's last character: 活码 is searched
# as 活*, 群规 as 群*, 隐藏福利 as 隐藏*. Same code in Material 9.8.2 and upstream master.
# In the minified worker: for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s)
WORKER_SEGMENT_LOOP = re.compile(r"(for\(let (\w+)=(\w+)\+1;\2)<((\w+)\.length;\2\+\+\)\5\.slice\(\3,\2\)in )")


def patch_search_worker(files: Files) -> None:
    """Let the worker's query segmenter take words that end at the last character (`j <= length`).

    The worker's text is changed in the build's file list, so every later step (and the
    service worker's precache) sees the patched file. Fails the build if the code is not found
    exactly once: then Material has changed, and this patch must be checked or dropped."""
    workers = [f for f in files if f.src_uri.startswith("assets/javascripts/workers/search.") and f.src_uri.endswith(".js")]
    if len(workers) != 1:
        raise PluginError(f"search worker patch: expected one search worker script, found {[f.src_uri for f in workers]}")
    worker = workers[0]
    code = worker.content_string
    patched, count = WORKER_SEGMENT_LOOP.subn(r"\1<=\4", code)
    if count != 1:
        raise PluginError(f"search worker patch: the query segmentation loop was found {count} times in {worker.src_uri}")
    worker.content_string = patched


def glossary_markdown(terms: list[Term], files: Files) -> str:
    intro = f"共 {len(terms)} 个术语。在手册的其他页面上，这些词第一次出现时带虚线下划线，鼠标悬停或用键盘聚焦就能看到解释。"
    lines = ["---", "title: 术语表", "---", "", "# 术语表", "", intro, ""]
    for term in terms:
        lines.append(f"## {term.term}")
        lines.append("")
        lines.append(term.definition)
        lines.append("")
        if term.aliases:
            lines.append(f"也叫：{'、'.join(term.aliases)}。")
            lines.append("")
        if term.see:
            target = f"playbooks/{term.see}.md"
            file = files.get_file_from_path(target)
            if file is None:
                raise PluginError(f"{SOURCE}: term {term.term!r} points to a missing playbook {term.see!r}")
            _, meta = get_data(Path(file.abs_src_path or "").read_text(encoding="utf-8"))
            lines.append(f"详见：[{meta.get('title', term.see)}]({target})")
            lines.append("")
    return "\n".join(lines)


def pattern(names: list[str]) -> re.Pattern[str]:
    parts = []
    for name in sorted(names, key=len, reverse=True):
        escaped = re.escape(name)
        if re.fullmatch(r"[A-Za-z0-9 ]+", name):
            escaped = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])"
        parts.append(escaped)
    return re.compile("|".join(parts))


def annotate(content: str, terms: list[Term]) -> str:
    """Wrap each term's first occurrence (outside links, code, headings, charts) in <abbr>."""
    by_name = {name: term for term in terms for name in term.names}
    used: set[str] = set()
    skip_depth = 0
    out: list[str] = []
    position = 0
    for match in TAG.finditer(content):
        out.append(wrap(content[position:match.start()], by_name, used) if skip_depth == 0 else content[position:match.start()])
        out.append(match.group(0))
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(4)
        if name in SKIP and name not in VOID and not self_closing:
            skip_depth += -1 if closing else 1
            skip_depth = max(skip_depth, 0)
        position = match.end()
    out.append(wrap(content[position:], by_name, used) if skip_depth == 0 else content[position:])
    return "".join(out)


def wrap(text: str, by_name: dict[str, Term], used: set[str]) -> str:
    if not text.strip():
        return text
    remaining = [name for name, term in by_name.items() if term.term not in used]
    if not remaining:
        return text
    regex = pattern(remaining)
    pieces = []
    position = 0
    for match in regex.finditer(text):
        term = by_name[match.group(0)]
        if term.term in used:
            continue
        used.add(term.term)
        pieces.append(text[position:match.start()])
        pieces.append(f'<abbr title="{html.escape(term.definition, quote=True)}" tabindex="0">{match.group(0)}</abbr>')
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)


def on_page_content(content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri == PAGE_URI or page.is_homepage:
        return content
    return annotate(content, _terms)
