"""MkDocs hook: the site works offline after the first visit.

on_post_build runs ``node scripts/sw.mjs <site dir>``, which writes ``sw.js`` at the site root with
Workbox (workbox-build, from node_modules): a versioned precache of the pages, CSS, JS, search index
and SVGs, and a cache-first route for the Python runtime and the wheel (fetched on calculator pages
only, never precached). The page script (assets/js/qunce.js) registers it.

It runs after every hook that writes files (hooks/editions.py comes after it on purpose: the
zh-Hant edition, with its own service worker, must not be in this one's precache).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import TypedDict

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.hooks.offline")
ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "sw.mjs"
WORKBOX = ROOT / "node_modules" / "workbox-build"
SW = "sw.js"
# Never in the precache: the Python runtime and the wheel are for calculator pages only.
NOT_PRECACHED = re.compile(r"assets/(pyodide|wheels)/|\.(wasm|whl|zip|mjs)\b")


class Summary(TypedDict):
    count: int
    size: int
    warnings: list[str]


def generate(site: Path) -> Summary:
    """Write ``site/sw.js``; returns Workbox's summary (count, size, warnings)."""
    node = shutil.which("node")
    if node is None:
        raise PluginError("offline: Node.js is needed to generate the service worker (node not found)")
    if not WORKBOX.is_dir():
        raise PluginError(f"offline: {WORKBOX} not found. Run scripts/setup.sh (npm ci) first.")
    result = subprocess.run([node, str(SCRIPT), str(site)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise PluginError(f"offline: scripts/sw.mjs failed:\n{result.stderr.strip()}")
    lines = result.stdout.strip().splitlines()
    data = json.loads(lines[-1]) if lines else {}
    check(site / SW)
    return Summary(count=int(data.get("count", 0)), size=int(data.get("size", 0)),
                   warnings=[str(w) for w in data.get("warnings", [])])


def check(worker: Path) -> None:
    """The worker must be self-contained and must not precache Python."""
    text = worker.read_text(encoding="utf-8")
    if "importScripts" in text:
        raise PluginError(f"offline: {worker} imports scripts; the Workbox runtime must be inlined")
    precached = re.findall(r'url:"([^"]*)"', text)
    if not precached:
        raise PluginError(f"offline: {worker} has an empty precache manifest")
    bad = [url for url in precached if NOT_PRECACHED.search(url) or "//" in url]
    if bad:
        raise PluginError(f"offline: {worker} would precache {bad}")


def on_post_build(config: MkDocsConfig) -> None:
    summary = generate(Path(config.site_dir))
    for warning in summary["warnings"]:
        log.warning("offline: %s", warning)
    log.info("offline: %s precaches %d files (%.1f MB uncompressed)", SW, summary["count"], summary["size"] / 1e6)
