"""Two small fixes to what Material for MkDocs writes, without template overrides.

- Accessible names. Material 9.8 writes ``<div class="md-search" … role="dialog">``
  (partials/search.html) and, with the ``navigation.instant.progress`` feature,
  ``<div class="md-progress" … role="progressbar">`` (partials/progress.html) without a name, so axe
  and Lighthouse (aria-dialog-name, aria-progressbar-name) flag every page. Each page gets an
  aria-label. Material is in maintenance mode; if its markup changes, nothing matches and the strict
  build fails on a warning naming the element, instead of us shipping an override of an old template.
- A compact search index. The search plugin writes search/search_index.json with every Chinese
  character as a ``\\uXXXX`` escape (and jieba's word breaks as ``\\u200b``): 1.6 MB, 234 KB gzipped.
  Every page loads it on the first visit. After the build it is rewritten as UTF-8 without spaces: the
  same JSON value, ~20 % fewer bytes over the wire.
- The search index after the first paint. Material's script asks for search/search_index.json (325 KB
  gzipped here) as soon as it starts, on every page, often before the page's text is painted: then
  Lighthouse's simulated slow network puts that download before the largest paint (LCP 4-5.5 s instead
  of 2 s, performance 75 instead of 95, by the luck of the run). The bundle is patched to ask for it once
  the page has loaded and the browser is idle, or as soon as the reader opens the search. The patch
  is textual and must apply exactly once; otherwise the build warns (and the strict build stops).
- The search index parsed in the search worker. Material's page script downloaded the index, parsed its
  1.3 MB of JSON and copied the parsed object to the search worker, all on the main thread: two long
  tasks right after the page loads, ~100 ms of Lighthouse's total blocking time on every page (and
  jank on a phone). Patched, the page parses only the index's "config" (the search highlighting needs
  it; compact_search_index writes it first) and hands the worker the text, which the worker parses.
- The palette (light/dark) started without three full style recalculations, and tooltips mounted on first
  hover or focus instead of all at start-up: see PALETTE_* and *_TOOLTIPS below.
- Heading permalinks named by aria-label, not title: see rewritten_permalinks.
- No contents on a page that hides them (``hide: [toc]``, the tags page): see title_only.
- Tag headings without permalinks. The tags plugin's listing (tags.md) is ~350 headings, each with a
  permalink that Material mounts a tooltip for at load: 1.1-1.7 s of Lighthouse's total blocking time. A
  tag's anchor stays (playbooks link to it); only the permalink goes (rewritten_permalinks).
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.toc import AnchorLink, TableOfContents

from ..html import Token, element_end, has_class, join, start_tag, tokenize

log = logging.getLogger("mkdocs.plugins.qunce.material")

NAMES = {
    "md-search": ("dialog", "搜索"),
    "md-progress": ("progressbar", "页面加载进度"),
}
SEARCH_INDEX = Path("search") / "search_index.json"
BUNDLE = "assets/javascripts/bundle.*.min.js"
# Material 9.8's bundle.ts: index$ = document.forms.namedItem("search") ? fetchSearchIndex() : NEVER, which
# the search worker and the search highlighting subscribe to at once (minified: of = $, switchMap = b,
# shareReplay = Z).
SEARCH_START = 'document.forms.namedItem("search")?ks():tt'
# The same, waiting first for a promise: the page loaded and the browser idle, or the search opened.
SEARCH_LATER = (
    'document.forms.namedItem("search")?$(0).pipe(b(()=>new Promise(r=>{'
    'let i=()=>setTimeout(()=>"requestIdleCallback"in window?requestIdleCallback(r,{timeout:3e3}):setTimeout(r,500));'
    'document.readyState==="complete"?i():addEventListener("load",i,{once:!0});'
    'addEventListener("change",e=>{e.target.matches&&e.target.matches("[data-md-toggle=search]")&&r()})'
    '})),b(()=>ks()),Z(1)):tt'
)

# The index as text: Material's request helper (to) and config (Or), as ks() uses them; the "config" member is
# parsed from the text's start, which compact_search_index writes first. (file: pages keep ks(): there the
# index is a script.)
SEARCH_FETCH = "b(()=>ks())"
SEARCH_TEXT = (
    'b(()=>location.protocol==="file:"?ks():to(new URL("search/search_index.json",Or.base)).pipe('
    'b(r=>r.text()),m(t=>({config:JSON.parse(t.slice(0,t.indexOf(\',"docs":\'))+"}").config,text:t}))))'
)
# The names SEARCH_TEXT uses, as the bundle defines them.
SEARCH_TEXT_NEEDS = ("function to(e,t)", "Or=Te()", "function ks()")
# setupSearchWorker: the index's config and docs posted to the worker; patched to post the text instead.
WORKER_SETUP_SEND = (
    'subscribe(({config:o,docs:n})=>r.next({type:0,data:{config:o,docs:n,options:{suggest:V("search.suggest")}}}))'
)
WORKER_SETUP_TEXT = (
    'subscribe(({config:o,docs:n,text:x})=>r.next({type:0,data:x?{text:x,options:{suggest:V("search.suggest")}}'
    ':{config:o,docs:n,options:{suggest:V("search.suggest")}}}))'
)
# The search worker's setup message handler: the text is parsed there, off the page's main thread.
WORKER_SETUP = "case 0:return yield Ie(t.data.config),de=new U(t.data),{type:1}"
WORKER_SETUP_PARSE = (
    "case 0:t.data.text&&(t.data=Object.assign(JSON.parse(t.data.text),{options:t.data.options}));"
    "return yield Ie(t.data.config),de=new U(t.data),{type:1}"
)


# Material's palette component (the light/dark toggle), as it starts on every page. It set
# data-md-color-switching on <body> (a rule "[data-md-color-switching] *" makes every element's style stale)
# before re-applying the colours the page already has, then read the header's computed style twice around
# writing <meta name="color-scheme"> (which makes every style stale again), and removed the attribute on the
# next frame: three full style recalculations, ~40 ms at desktop speed on the learning path (~160 ms at
# Lighthouse's mobile CPU). Patched, the attribute is set only when a colour changes (its purpose: no
# transitions while switching), and both header values are read before the meta is written.
PALETTE_SWITCHING = 'if(document.body.setAttribute("data-md-color-switching",""),s.color.media==='
PALETTE_NOT_SWITCHING = "if(s.color.media==="
PALETTE_APPLY = "for(let[a,c]of Object.entries(s.color))document.body.setAttribute(`data-md-color-${a}`,c);"
PALETTE_APPLY_CHANGED = (
    'Object.entries(s.color).some(([a,c])=>a!=="media"&&document.body.getAttribute(`data-md-color-${a}`)!==c)'
    '&&document.body.setAttribute("data-md-color-switching","");' + PALETTE_APPLY
)
PALETTE_THEME = "a=window.getComputedStyle(s);return o.content=a.colorScheme,a.backgroundColor.match("
PALETTE_THEME_READ_FIRST = "a=window.getComputedStyle(s),k=a.backgroundColor;return o.content=a.colorScheme,k.match("
# Tooltips mounted when first wanted. Material mounts a tooltip for every titled element in the content and the
# header when the page starts (each: observers, subscriptions and, for the header's, a forced layout to
# measure it): the learning path's 51 glossary terms and the header's 5 buttons. Patched, each is mounted on
# its element's first mouseenter or focusin; the tooltip then reads the element's :hover and focus as they are,
# so it shows at once. (Minified: L = merge, h = fromEvent, Ee = take, b = switchMap.)
CONTENT_TOOLTIPS = '...M("[title]:not([data-preview])",e).filter(()=>V("content.tooltips")).map(i=>Xe(i,{viewport$:r}))'
CONTENT_TOOLTIPS_LAZY = (
    '...M("[title]:not([data-preview])",e).filter(()=>V("content.tooltips"))'
    '.map(i=>L(h(i,"mouseenter"),h(i,"focusin")).pipe(Ee(1),b(()=>Xe(i,{viewport$:r}))))'
)
HEADER_TOOLTIPS = "J(s=>ii(s))"
HEADER_TOOLTIPS_LAZY = 'J(s=>L(h(s,"mouseenter"),h(s,"focusin")).pipe(Ee(1),b(()=>ii(s))))'
# The names the lazy tooltips use, as the bundle defines them.
LAZY_TOOLTIPS_NEED = ("function L()", "function h(e,t,r,o)", "function Ee(e)", "function b(e,t)")


@dataclass(frozen=True)
class BundlePatch:
    """One textual change to Material's bundle: ``old`` must occur exactly once."""

    name: str
    old: str
    new: str


BUNDLE_PATCHES = (
    BundlePatch("search start", SEARCH_START, SEARCH_LATER),
    BundlePatch("index request", SEARCH_FETCH, SEARCH_TEXT),
    BundlePatch("worker setup", WORKER_SETUP_SEND, WORKER_SETUP_TEXT),
    BundlePatch("palette switching", PALETTE_SWITCHING, PALETTE_NOT_SWITCHING),
    BundlePatch("palette colours", PALETTE_APPLY, PALETTE_APPLY_CHANGED),
    BundlePatch("palette theme colour", PALETTE_THEME, PALETTE_THEME_READ_FIRST),
    BundlePatch("content tooltips", CONTENT_TOOLTIPS, CONTENT_TOOLTIPS_LAZY),
    BundlePatch("header tooltips", HEADER_TOOLTIPS, HEADER_TOOLTIPS_LAZY),
)


def search_worker(files: Files) -> File:
    """Material's search worker script in the build's file list (patched here and by glossary.py)."""
    workers = [f for f in files if f.src_uri.startswith("assets/javascripts/workers/search.") and f.src_uri.endswith(".js")]
    if len(workers) != 1:
        raise PluginError(f"search worker patch: expected one search worker script, found {[f.src_uri for f in workers]}")
    return workers[0]


def name_element(html: str, css_class: str, role: str, label: str) -> tuple[str, int]:
    """Give the first ``<div class=css_class … role=role>`` an aria-label, unless it has one."""
    pattern = re.compile(rf'<div class="{css_class}"(?![^>]*aria-label)([^>]*) role="{role}"')
    return pattern.subn(rf'<div class="{css_class}"\1 role="{role}" aria-label="{label}"', html, count=1)


def patch_once(text: str, old: str, new: str) -> tuple[str, bool]:
    """``text`` with ``old`` replaced by ``new`` if ``old`` is there exactly once; and whether it was."""
    if text.count(old) != 1:
        return text, False
    return text.replace(old, new), True


def patch_bundle(path: Path) -> list[str]:
    """Apply BUNDLE_PATCHES to Material's bundle at ``path``, in order. Returns the names of what was not found
    (nothing is patched then)."""
    text = path.read_text(encoding="utf-8")
    missing = [name for name in SEARCH_TEXT_NEEDS + LAZY_TOOLTIPS_NEED if text.count(name) != 1]
    for patch in BUNDLE_PATCHES:
        text, found = patch_once(text, patch.old, patch.new)
        if not found:
            missing.append(patch.name)
    if not missing:
        path.write_text(text, encoding="utf-8")
    return missing


def rewritten_permalinks(html: str) -> str:
    """``html`` with its heading permalinks (``<a class="headerlink">``) rewritten, in one pass:

    - a tag heading's permalink (``href="#tag:…"``) is left out: the tags listing has ~350, each a tooltip
      Material mounted at load; the heading keeps its anchor;
    - every other permalink's ``title`` (本节链接) becomes its ``aria-label``. Material mounts a tooltip for every
      element with a title when the page starts: on the glossary's 76 permalinks that was ~120 ms of
      Lighthouse's total blocking time (performance 91-92 → 96). The label keeps the link's name for screen
      readers; the "#" a mouse reader sees on a heading needs no tooltip."""
    tokens = tokenize(html)
    out: list[Token] = []
    index, changed = 0, False
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "start" and token.tag == "a" and has_class(token, "headerlink"):
            attrs = dict(token.attrs)
            if (attrs.get("href") or "").startswith("#tag:"):
                index, changed = element_end(tokens, index), True
                continue
            if attrs.get("title") and "aria-label" not in attrs:
                renamed = [("aria-label", value) if name == "title" else (name, value) for name, value in token.attrs]
                token, changed = Token("start", start_tag("a", renamed), "a", tuple(renamed)), True
        out.append(token)
        index += 1
    return join(out) if changed else html


def title_only(toc: TableOfContents) -> TableOfContents:
    """A page's contents cut to its title. For a page whose front matter hides its contents: Material only
    hides the sidebar and still writes the contents twice (the sidebar and the phone menu): on the tags
    page 694 links, ~2,100 elements of its 4,449. The title stays: the skip link points at it."""
    first = next(iter(toc), None)
    if first is None or first.level != 1:
        return TableOfContents([])
    title = AnchorLink(first.title, first.id, first.level)
    return TableOfContents([title])


def compact_search_index(path: Path) -> tuple[int, int]:
    """Rewrite the search index as compact UTF-8, its "config" first (the patched bundle parses it from the
    text's start); returns its size before and after."""
    before = path.read_bytes()
    index = json.loads(before)
    ordered = {"config": index.pop("config"), **index}
    after = json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)


class MaterialFixes:
    def __init__(self, features: list[str]) -> None:
        self.expected = {"md-search"} | ({"md-progress"} if "navigation.instant.progress" in features else set())
        self.found: dict[str, int] = {}

    def env(self, files: Files) -> None:
        """After the tags plugin has rendered its listings (its on_env runs first). The search worker is
        patched in the build's file list, so the service worker's precache sees the patched file."""
        worker = search_worker(files)
        patched, found = patch_once(worker.content_string, WORKER_SETUP, WORKER_SETUP_PARSE)
        if found:
            worker.content_string = patched
        else:
            log.warning(f"Material's search worker {worker.src_uri}: its setup was not found; did Material change?")
        for file in files.documentation_pages():
            page = file.page
            if page is None:
                continue
            if page.content and "headerlink" in page.content:
                page.content = rewritten_permalinks(page.content)
            if "toc" in (page.meta.get("hide") or []):
                page.toc = title_only(page.toc)

    def post_page(self, output: str) -> str:
        for css_class, (role, label) in NAMES.items():
            output, count = name_element(output, css_class, role, label)
            self.found[css_class] = self.found.get(css_class, 0) + count
        return output

    def post_build(self, site_dir: Path) -> None:
        for css_class in sorted(self.expected):
            if not self.found.get(css_class):
                role = NAMES[css_class][0]
                log.warning(f'no <div class="{css_class}" role="{role}"> on any page; did Material change?')
        bundles = sorted(site_dir.glob(BUNDLE))
        missing = [patch_bundle(bundle) for bundle in bundles]
        if missing != [[]]:
            log.warning(f"Material's bundle: {len(bundles)} file(s), not found: {missing}; did Material change?")
        index = site_dir / SEARCH_INDEX
        if index.exists():
            before, after = compact_search_index(index)
            log.info("search index %d → %d bytes", before, after)
