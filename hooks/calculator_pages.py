"""MkDocs hook: calculator pages, pre-rendered, and the Python runtime they run in.

- on_page_content: replace ``<!-- qunce:calculator ID -->`` with the form and the default
  result, rendered by the same ``calculators`` code that runs in the browser.
- on_post_build: copy the pinned Pyodide runtime from node_modules and write the wheel of
  the calculators package, both under versioned folders of the site.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import shutil
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the calculators package lives at the repo root
    sys.path.insert(0, str(ROOT))

from wheel_builder import build_wheel  # noqa: E402

import calculators  # noqa: E402
from calculators.web import page_html  # noqa: E402

log = logging.getLogger("mkdocs.hooks.calculators")
MARKER = re.compile(r"<!--\s*qunce:calculator\s+([a-z_]+)\s*-->")
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
# What a browser needs of the npm package; the rest (typings, maps, consoles) stays out of the site.
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
WORKER = "assets/js/qunce-worker.js"


def pyodide_version() -> str:
    manifest = PYODIDE_PACKAGE / "package.json"
    if not manifest.exists():
        raise PluginError(f"Pyodide is missing: {manifest} not found. Run scripts/setup.sh (npm ci) first.")
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def runtime_paths(config: MkDocsConfig) -> dict[str, str]:
    """Site-root-relative paths of the worker, the Pyodide folder and the wheel.

    ``extra.shared_python`` (set by hooks/editions.py for the zh-Hant edition) points at another
    site root that serves Pyodide, so both editions share one download and one cached copy.
    """
    name, data = _wheel()
    digest = hashlib.sha256(data).hexdigest()[:12]
    return {
        "worker": WORKER,
        "pyodide": f"{shared_python(config)}assets/pyodide/{pyodide_version()}/",
        "wheel": f"assets/wheels/{digest}/{name}",
    }


def shared_python(config: MkDocsConfig) -> str:
    return str(config.extra.get("shared_python", ""))


_wheel_cache: dict[str, tuple[str, bytes]] = {}


def _wheel() -> tuple[str, bytes]:
    if "wheel" not in _wheel_cache:
        _wheel_cache["wheel"] = build_wheel(ROOT / "calculators", calculators.__version__)
    return _wheel_cache["wheel"]


def on_pre_build(config: MkDocsConfig) -> None:
    _wheel_cache.clear()  # live reload: rebuild the wheel from the current sources


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "qunce:calculator" not in html:
        return html
    root = "../" * page.url.count("/") or "./"
    runtime = runtime_paths(config)

    def replace(match: re.Match[str]) -> str:
        calc_id = match.group(1)
        if calc_id not in calculators.CALCULATORS:
            raise PluginError(f"{page.file.src_uri}: unknown calculator {calc_id!r}")
        return page_html(calc_id, root, runtime)

    return MARKER.sub(replace, html)


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    paths = runtime_paths(config)
    if not shared_python(config):
        target = site / paths["pyodide"]
        target.mkdir(parents=True, exist_ok=True)
        for name in PYODIDE_FILES:
            shutil.copy2(PYODIDE_PACKAGE / name, target / name)
    wheel_path = site / paths["wheel"]
    wheel_path.parent.mkdir(parents=True, exist_ok=True)
    wheel_path.write_bytes(_wheel()[1])
    (site / "assets" / "runtime.json").write_text(json.dumps(paths, indent=2), encoding="utf-8")
    log.info("runtime: Pyodide %s and %s", pyodide_version(), paths["wheel"])
