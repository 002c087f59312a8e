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
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.qunce.material")

NAMES = {
    "md-search": ("dialog", "搜索"),
    "md-progress": ("progressbar", "页面加载进度"),
}
SEARCH_INDEX = Path("search") / "search_index.json"


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


class MaterialFixes:
    def __init__(self, features: list[str]) -> None:
        self.expected = {"md-search"} | ({"md-progress"} if "navigation.instant.progress" in features else set())
        self.found: dict[str, int] = {}

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
        index = site_dir / SEARCH_INDEX
        if index.exists():
            before, after = compact_json(index)
            log.info("search index %d → %d bytes", before, after)
