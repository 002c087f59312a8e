"""Calculator pages, pre-rendered, and the Python runtime they run in.

- page content: ``<!-- qunce:calculator ID -->`` becomes the form and the default result, as the
  calculators' own wheel rendered them (``qunce_site.runtime``): the same code the browser runs.
- post build: copy the pinned Pyodide runtime from node_modules, write the wheel, and write the runtime
  manifest (assets/runtime.json: where the worker, Pyodide and the wheel are, and which Pyodide files a
  calculator page loads). The page script reads the manifest; nothing else lists those files.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..model import SiteModel
from ..runtime import MANIFEST, PYODIDE_FILES

log = logging.getLogger("mkdocs.plugins.qunce.calculators")
MARKER = re.compile(r"<!--\s*qunce:calculator\s+([a-z_]+)\s*-->")


class CalculatorPages:
    def __init__(self, site: SiteModel) -> None:
        self.site = site
        self.runtime = site.runtime

    def page_content(self, html: str, page: Page) -> str:
        if "qunce:calculator" not in html:
            return html
        root = "../" * page.url.count("/") or "./"

        def replace(match: re.Match[str]) -> str:
            calc_id = match.group(1)
            if calc_id not in self.runtime.blocks:
                raise PluginError(f"{page.file.src_uri}: unknown calculator {calc_id!r}")
            return self.runtime.block(calc_id, root)

        return MARKER.sub(replace, html)

    def write(self, site_dir: Path) -> None:
        paths = self.runtime.paths
        if not self.runtime.shared_python:
            source = self.site.root / "node_modules" / "pyodide"
            target = site_dir / paths["pyodide"]
            target.mkdir(parents=True, exist_ok=True)
            for name in PYODIDE_FILES:
                shutil.copy2(source / name, target / name)
        wheel = site_dir / paths["wheel"]
        wheel.parent.mkdir(parents=True, exist_ok=True)
        wheel.write_bytes(self.runtime.wheel)
        (site_dir / MANIFEST).write_text(json.dumps(self.runtime.manifest(), indent=2), encoding="utf-8")
        log.info("runtime: Pyodide %s and %s", self.runtime.pyodide_version, paths["wheel"])
