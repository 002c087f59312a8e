"""MkDocs hook: two small fixes to what Material for MkDocs writes, without template overrides.

- Accessible names. Material 9.8 writes ``<div class="md-search" … role="dialog">``
  (partials/search.html) and, with the ``navigation.instant.progress`` feature,
  ``<div class="md-progress" … role="progressbar">`` (partials/progress.html) without a name, so
  axe and Lighthouse (aria-dialog-name, aria-progressbar-name) flag every page. on_post_page adds
  an aria-label. Material is in maintenance mode; if its markup changes, nothing matches and the
  strict build fails on a warning naming the element, instead of us shipping an override of an old
  template.
- A compact search index. The search plugin writes search/search_index.json with every Chinese
  character as a ``\\uXXXX`` escape (and jieba's word breaks as ``\\u200b``): 1.6 MB, 234 KB
  gzipped. Every page loads it on the first visit. on_post_build rewrites it as UTF-8 without
  spaces: the same JSON value, ~20 % fewer bytes over the wire.

Runs after the search plugin (hooks come after plugins) and before hooks/offline.py.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.material_fixes")

NAMES = {
    "md-search": ("dialog", "搜索"),
    "md-progress": ("progressbar", "页面加载进度"),
}
SEARCH_INDEX = Path("search") / "search_index.json"
_found: dict[str, int] = {}


def name_element(html: str, css_class: str, role: str, label: str) -> tuple[str, int]:
    """Give the first ``<div class=css_class … role=role>`` an aria-label, unless it has one."""
    pattern = re.compile(rf'<div class="{css_class}"(?![^>]*aria-label)([^>]*) role="{role}"')
    return pattern.subn(rf'<div class="{css_class}"\1 role="{role}" aria-label="{label}"', html, count=1)


def compact_json(path: Path) -> tuple[int, int]:
    """Rewrite a JSON file as compact UTF-8; returns its size before and after."""
    before = path.read_bytes()
    after = json.dumps(json.loads(before), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(after)
    return len(before), len(after)


def on_pre_build(config: MkDocsConfig) -> None:
    _found.clear()


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    for css_class, (role, label) in NAMES.items():
        output, count = name_element(output, css_class, role, label)
        _found[css_class] = _found.get(css_class, 0) + count
    return output


def on_post_build(config: MkDocsConfig) -> None:
    features = config.theme.get("features") or []
    expected = {"md-search"} | ({"md-progress"} if "navigation.instant.progress" in features else set())
    for css_class in sorted(expected):
        if not _found.get(css_class):
            role = NAMES[css_class][0]
            log.warning(f'material_fixes: no <div class="{css_class}" role="{role}"> on any page; did Material change?')
    index = Path(config.site_dir) / SEARCH_INDEX
    if index.exists():
        before, after = compact_json(index)
        log.info("material_fixes: search index %d → %d bytes", before, after)
