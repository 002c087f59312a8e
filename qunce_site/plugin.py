"""The ``qunce`` plugin: MkDocs' events, handed to the features in a fixed order.

State lives on the instance, built afresh for every build in ``on_config`` (``mkdocs serve`` loads the
config, and so a new instance, for each rebuild). Event order across features is the order of the
calls below; against other plugins (search, tags) ``event_priority`` says where we stand where it matters.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .config import QunceConfig
from .features.calculators import CalculatorPages
from .features.editions import Editions
from .features.facts import FactsPage
from .features.glossary import Glossary
from .features.handbook import Handbook
from .features.material import MaterialFixes
from .features.offline import ServiceWorker
from .features.playbooks import PlaybookPages
from .features.questions import SelfTestQuestions
from .features.training import TrainingPages
from .model import SiteModel
from .templates import Templates

log = logging.getLogger("mkdocs.plugins.qunce")


class QuncePlugin(BasePlugin[QunceConfig]):  # type: ignore[no-untyped-call]
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: SiteModel | None = None

    # ------------------------------------------------------------------------------------------ setup

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).resolve().parent
        site = SiteModel.load(self.config, root, Path(config.docs_dir))
        templates = Templates()
        self.site = site
        self.templates = templates
        self.playbooks = PlaybookPages(site, templates, self.config.freshness_days)
        self.facts = FactsPage(site)
        self.glossary = Glossary(site, templates)
        self.training = TrainingPages(site, templates)
        self.questions = SelfTestQuestions(site.questions, templates)
        self.handbook = Handbook(templates)
        self.calculators = CalculatorPages(site)
        self.material = MaterialFixes(list(config.theme.get("features") or []))
        self.offline = ServiceWorker(root)
        self.editions = Editions(site.edition, list(self.config.editions[1:]), templates)
        self.glossary.teach_search()
        config.nav = self.training.nav(self.playbooks.nav(list(config.nav or [])))
        return config

    def sources(self) -> dict[str, Path]:
        """Everything the build reads, by its place in the tree (the zh-Hant edition converts them)."""
        assert self.site is not None
        root = self.site.root
        options = self.config
        return {
            "mkdocs.yml": root / "mkdocs.yml",
            "docs": root / "docs",
            "qunce_site": Path(__file__).resolve().parent,
            "calculators": Path(options.calculators_dir),
            "playbooks": Path(options.playbooks_dir),
            **{Path(getattr(options, name)).name: Path(getattr(options, name))
               for name in ("facts", "compliance", "sources", "glossary", "training", "drills")},
        }

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        # Rebuild when a calculator or a data file changes, not only the docs.
        for path in self.sources().values():
            server.watch(str(path))
        server.watch(str(self.config.hant_fixes))
        return server

    # ------------------------------------------------------------------------------------------ build

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        self.playbooks.files(files, config)
        self.facts.files(files, config)
        self.glossary.files(files, config)
        self.training.files(files, config)
        self.handbook.files(files, config)
        return files

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        markdown = self.playbooks.page_markdown(markdown, page)
        return self.facts.page_markdown(markdown, page)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        html = self.glossary.page_content(html, page)  # before calculators: results get no tooltips the live ones lack
        html = self.training.page_content(html, page, files)  # after glossary: no tooltips in forms
        html = self.questions.page_content(html, page)
        return self.calculators.page_content(html, page)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.handbook.fill(config, files, env)
        self.material.env(files)
        return env

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = self.material.post_page(output)
        return self.editions.post_page(output, page.file.src_uri, page.url)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if template_name != "404.html":
            return output_content
        return self.editions.post_404(output_content, config.site_url)

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        site_dir = Path(config.site_dir)
        self.calculators.write(site_dir)
        self.material.post_build(site_dir)
        self.offline.write(site_dir)  # after everything that writes files
        assert self.site is not None
        self.editions.build_later(config, self.sources(), Path(self.config.hant_fixes), self.site.root)
