"""MkDocs hook: the Traditional Chinese edition, and a switch between editions on every page.

The site is written in Simplified Chinese (zh-Hans) and built a second time as zh-Hant, under
``<site>/zh-Hant/``:

- on_post_build (zh-Hans build only): convert every source the build reads (pages, playbooks,
  glossary, training data, the calculators package, the hooks themselves) with OpenCC
  (hooks/traditional.py) into a temporary tree, and run the same strict ``mkdocs build`` there with
  ``QUNCE_EDITION=zh-Hant``. Converting the sources rather than the output means search is indexed,
  and the calculators' wheel is built, from Traditional text, and nothing has two code paths.
  Set ``QUNCE_EDITIONS=zh-Hans`` to skip it (quick builds; tests of a single edition).
- on_config (zh-Hant build): Material's zh-Hant language, and Python shared with the zh-Hans
  edition (one Pyodide download and cache for both; the calculators' wheel is per edition).
- on_post_page: a link to the same page in the other edition, in the header and in the footer.
  The footer is part of what Material's instant navigation swaps, so it is right on every page;
  the page script copies its address to the header link, and adds the scenario (query string) on click.

Must be the last hook: the zh-Hans service worker (hooks/offline.py) is written before the
zh-Hant edition exists, so it never precaches the other edition.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from traditional import convert_tree

log = logging.getLogger("mkdocs.hooks.editions")
ROOT = Path(__file__).resolve().parent.parent
PRIMARY, HANT = "zh-Hans", "zh-Hant"
HANT_FOLDER = "zh-Hant/"


@dataclass(frozen=True)
class Edition:
    code: str
    name: str  # in its own script: this is what a reader of that edition looks for
    short: str
    switch_title: str


# opencc: off (each edition's name stays in its own script in both builds)
EDITIONS = {
    PRIMARY: Edition(PRIMARY, "简体中文版", "简体", "切换到简体中文版"),
    HANT: Edition(HANT, "繁體中文版", "繁體", "切換到繁體中文版"),
}
# opencc: on

# Everything the build reads, by its place in the tree; env overrides point tests elsewhere.
SOURCES = {
    "mkdocs.yml": ("", ROOT / "mkdocs.yml"),
    "docs": ("", ROOT / "docs"),
    "hooks": ("", ROOT / "hooks"),
    "calculators": ("", ROOT / "calculators"),
    "playbooks": ("QUNCE_PLAYBOOKS", ROOT / "playbooks"),
    "glossary.yml": ("", ROOT / "glossary.yml"),
    "facts.yml": ("QUNCE_FACTS", ROOT / "facts.yml"),
    "compliance.yml": ("QUNCE_COMPLIANCE", ROOT / "compliance.yml"),
    "sources.yml": ("QUNCE_SOURCES", ROOT / "sources.yml"),
    "training.yml": ("QUNCE_TRAINING", ROOT / "training.yml"),
    "drills.yml": ("QUNCE_DRILLS", ROOT / "drills.yml"),
}
LINKED = ("node_modules", "scripts", "zh-Hant.yml")  # used as they are: Pyodide, Workbox, sw.mjs; the watch list
HEADER_ANCHOR = '<form class="md-header__option" data-md-component="palette">'
FOOTER_ANCHOR = '<div class="md-copyright">'


def edition(config: MkDocsConfig) -> str:
    return str(config.extra.get("edition", PRIMARY))


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    code = os.environ.get("QUNCE_EDITION", PRIMARY)
    if code not in EDITIONS:
        raise PluginError(f"QUNCE_EDITION={code!r}: expected one of {', '.join(EDITIONS)}")
    config.extra["edition"] = code
    if code == HANT:
        config.theme["language"] = "zh-Hant"
        # Python (Pyodide) is served once, by the zh-Hans edition one folder up.
        config.extra["shared_python"] = "../"
    return config


def other(code: str) -> Edition:
    return EDITIONS[HANT if code == PRIMARY else PRIMARY]


def counterpart(page_url: str, code: str) -> str:
    """The same page in the other edition, relative to this page (directory URLs)."""
    up = "../" * page_url.count("/")
    if code == PRIMARY:
        return f"{up}{HANT_FOLDER}{page_url}"
    return f"{up}../{page_url}"


def switch_links(href: str, code: str) -> tuple[str, str]:
    target = other(code)
    attrs = f'href="{href}" hreflang="{target.code}" lang="{target.code}" class="qc-edition"'
    header = (
        f'<div class="md-header__option qc-edition-switch"><a {attrs} title="{target.switch_title}">'
        f"{target.short}</a></div>"
    )
    footer = f'<p class="qc-edition-footer"><a {attrs}>{target.name}</a></p>'
    return header, footer


def with_switch(output: str, where: str, code: str, href: str) -> str:
    if code == PRIMARY:
        # Material's language "zh" writes lang="zh"; with two scripts on the site, say which one
        # (screen readers, and the browser's choice of glyphs and fonts, go by it).
        output = output.replace('<html lang="zh" ', '<html lang="zh-Hans" ', 1)
    header, footer = switch_links(href, code)
    for anchor, html in ((HEADER_ANCHOR, header), (FOOTER_ANCHOR, footer)):
        if output.count(anchor) != 1:
            raise PluginError(f"editions: {where}: expected {anchor!r} once; did Material change?")
        output = output.replace(anchor, html + anchor)
    return output


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    code = edition(config)
    return with_switch(output, page.file.src_uri, code, counterpart(page.url, code))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """404.html is served at any depth, so its links start at the server root: the other edition's home."""
    if template_name != "404.html":
        return output
    code = edition(config)
    base = urlsplit(config.site_url or "/").path
    home = base + HANT_FOLDER if code == PRIMARY else base.removesuffix(HANT_FOLDER)
    return with_switch(output, template_name, code, home)


def on_post_build(config: MkDocsConfig) -> None:
    if edition(config) != PRIMARY or HANT not in os.environ.get("QUNCE_EDITIONS", f"{PRIMARY},{HANT}"):
        return
    target = Path(config.site_dir) / HANT_FOLDER
    with tempfile.TemporaryDirectory(prefix="qunce-zh-Hant-") as tmp:
        tree = Path(tmp)
        write_hant_tree(tree)
        env = {k: v for k, v in os.environ.items() if k not in {var for var, _ in SOURCES.values() if var}}
        env.update(QUNCE_EDITION=HANT, QUNCE_SITE_URL=config.site_url.rstrip("/") + "/" + HANT_FOLDER,
                   NO_MKDOCS_2_WARNING="1")
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(target)],
            cwd=tree, env=env, capture_output=True, text=True, timeout=600,
        )
    if result.returncode != 0:
        raise PluginError(f"editions: the zh-Hant build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    log.info("editions: zh-Hant edition built into %s", target)


def write_hant_tree(tree: Path) -> None:
    sources = {name: Path(os.environ.get(var, default)) if var else default for name, (var, default) in SOURCES.items()}
    convert_tree(tree, sources, [(name, ROOT / name) for name in LINKED])
