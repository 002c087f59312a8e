"""The site works offline after the first visit.

After the build, ``node scripts/sw.mjs <site dir>`` writes ``sw.js`` at the site root with Workbox
(workbox-build, from node_modules): a versioned precache of the pages, CSS, JS, search index and SVGs,
and a cache-first route for the Python runtime and the wheel (fetched on calculator pages only, never
precached). The page script registers it. It runs after everything that writes files, and before the
zh-Hant edition is built (that edition has its own service worker and must not be in this one's precache).
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import TypedDict

from mkdocs.exceptions import PluginError

log = logging.getLogger("mkdocs.plugins.qunce.offline")
SW = "sw.js"
# Never in the precache: the Python runtime and the wheel are for calculator pages only.
NOT_PRECACHED = re.compile(r"assets/(pyodide|wheels)/|\.(wasm|whl|zip|mjs)\b")


class Summary(TypedDict):
    count: int
    size: int
    warnings: list[str]


class ServiceWorker:
    def __init__(self, root: Path) -> None:
        self.script = root / "scripts" / "sw.mjs"
        self.workbox = root / "node_modules" / "workbox-build"
        self.root = root

    def generate(self, site: Path) -> Summary:
        """Write ``site/sw.js``; returns Workbox's summary (count, size, warnings)."""
        node = shutil.which("node")
        if node is None:
            raise PluginError("offline: Node.js is needed to generate the service worker (node not found)")
        if not self.workbox.is_dir():
            raise PluginError(f"offline: {self.workbox} not found. Run scripts/setup.sh (npm ci) first.")
        result = subprocess.run([node, str(self.script), str(site)], cwd=self.root, capture_output=True, text=True,
                                timeout=300)
        if result.returncode != 0:
            raise PluginError(f"offline: scripts/sw.mjs failed:\n{result.stderr.strip()}")
        lines = result.stdout.strip().splitlines()
        data = json.loads(lines[-1]) if lines else {}
        check(site / SW)
        return Summary(count=int(data.get("count", 0)), size=int(data.get("size", 0)),
                       warnings=[str(w) for w in data.get("warnings", [])])

    def write(self, site: Path) -> None:
        summary = self.generate(site)
        for warning in summary["warnings"]:
            log.warning("offline: %s", warning)
        log.info("offline: %s precaches %d files (%.1f MB uncompressed)", SW, summary["count"], summary["size"] / 1e6)


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
