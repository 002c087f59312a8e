"""The Traditional Chinese edition, and a switch between editions on every page.

The site is written in Simplified Chinese (zh-Hans) and built a second time as zh-Hant, under
``<site>/zh-Hant/``:

- post build (when ``editions`` lists zh-Hant after this build's own edition): convert every source the
  build reads (mkdocs.yml, pages, playbooks, data files, the calculators package and this plugin package
  itself, whose templates and strings are what readers see) with OpenCC (``qunce_site.traditional``) into
  a temporary tree, write its mkdocs.yml with this plugin's options for zh-Hant (``editions: [zh-Hant]``,
  Python shared with the zh-Hans edition one folder up) and Material's zh-Hant language, and run the same
  strict ``mkdocs build`` there. MkDocs runs from the tree, so it imports the tree's converted copy of the
  plugin. Converting the sources rather than the output means search is indexed, and the calculators'
  wheel is built, from Traditional text, and nothing has two code paths.
- post page / post template: a link to the same page in the other edition, in the header and in the
  footer. The footer is part of what Material's instant navigation swaps, so it is right on every page;
  the page script copies its address to the header link, and adds the scenario (query string) on click.

The zh-Hans service worker is written before the zh-Hant edition exists, so it never precaches the other
edition (the offline feature runs first in post build).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from ..config import HANT, PRIMARY
from ..templates import Templates
from ..traditional import Converter, read_fixed

log = logging.getLogger("mkdocs.plugins.qunce.editions")
HANT_FOLDER = "zh-Hant/"
PLUGIN = "qunce"
HEADER_ANCHOR = '<form class="md-header__option" data-md-component="palette">'
FOOTER_ANCHOR = '<div class="md-copyright">'
LINKED = ("node_modules", "scripts")  # used as they are: Pyodide, Workbox, sw.mjs


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


class Editions:
    def __init__(self, code: str, later: list[str], templates: Templates) -> None:
        self.code = code
        self.later = later  # editions this build makes after its own
        self.templates = templates

    @property
    def other(self) -> Edition:
        return EDITIONS[HANT if self.code == PRIMARY else PRIMARY]

    def counterpart(self, page_url: str) -> str:
        """The same page in the other edition, relative to this page (directory URLs)."""
        up = "../" * page_url.count("/")
        if self.code == PRIMARY:
            return f"{up}{HANT_FOLDER}{page_url}"
        return f"{up}../{page_url}"

    def with_switch(self, output: str, where: str, href: str) -> str:
        if self.code == PRIMARY:
            # Material's language "zh" writes lang="zh"; with two scripts on the site, say which one
            # (screen readers, and the browser's choice of glyphs and fonts, go by it).
            output = output.replace('<html lang="zh" ', '<html lang="zh-Hans" ', 1)
        for anchor, name in ((HEADER_ANCHOR, "edition-header.html"), (FOOTER_ANCHOR, "edition-footer.html")):
            if output.count(anchor) != 1:
                raise PluginError(f"editions: {where}: expected {anchor!r} once; did Material change?")
            output = output.replace(anchor, self.templates.render(name, href=href, target=self.other) + anchor)
        return output

    def post_page(self, output: str, src_uri: str, url: str) -> str:
        return self.with_switch(output, src_uri, self.counterpart(url))

    def post_404(self, output: str, site_url: str | None) -> str:
        """404.html is served at any depth, so its links start at the server root: the other edition's home."""
        base = urlsplit(site_url or "/").path
        home = base + HANT_FOLDER if self.code == PRIMARY else base.removesuffix(HANT_FOLDER)
        return self.with_switch(output, "404.html", home)

    def build_later(self, config: MkDocsConfig, sources: Mapping[str, Path], fixes: Path, root: Path) -> None:
        """Build the zh-Hant edition into <site>/zh-Hant/, if this build makes it."""
        if HANT not in self.later:
            return
        target = Path(config.site_dir) / HANT_FOLDER
        with tempfile.TemporaryDirectory(prefix="qunce-zh-Hant-") as tmp:
            tree = Path(tmp)
            converter = Converter(read_fixed(fixes))
            converter.convert_tree(tree, sources, [(name, root / name) for name in LINKED if (root / name).exists()])
            (tree / fixes.name).symlink_to(fixes)
            site_url = (config.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/" + HANT_FOLDER
            (tree / "mkdocs.yml").write_text(hant_config(tree / "mkdocs.yml", site_url), encoding="utf-8")
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--site-dir", str(target)],
                cwd=tree, env=env, capture_output=True, text=True, timeout=600,
            )
        if result.returncode != 0:
            raise PluginError(f"editions: the zh-Hant build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
        log.info("editions: zh-Hant edition built into %s", target)


def hant_config(path: Path, site_url: str) -> str:
    """The converted mkdocs.yml, set up for the zh-Hant edition: its address, Material's zh-Hant words,
    and this plugin's options for it."""
    with path.open("rb") as stream:
        data: dict[str, Any] = yaml_load(stream)
    data["site_url"] = site_url
    data.setdefault("theme", {})["language"] = HANT
    plugins = data.get("plugins") or []
    found = 0
    for index, entry in enumerate(plugins):
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == PLUGIN:
            options = {} if isinstance(entry, str) else dict(entry[PLUGIN] or {})
            options.update(editions=[HANT], shared_python="../")
            plugins[index] = {PLUGIN: options}
            found += 1
    if found != 1:
        raise PluginError(f"editions: expected the {PLUGIN!r} plugin once in {path.name}, found it {found} times")
    return str(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
