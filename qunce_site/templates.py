"""Jinja templates for the HTML fragments the features write (``qunce_site/templates/*.html``).

The fragments go inline into Markdown output and into other HTML, where a stray newline can end a
paragraph, so a template's lines are joined: each line loses its indentation and line break. Write a
space where one belongs (inside a line, or as ``{{ " " }}``). Autoescaping is on: every value is
escaped unless it is already markup (``|safe`` only for HTML this package rendered itself).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

FOLDER = Path(__file__).resolve().parent / "templates"


class JoinedLines(FileSystemLoader):
    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        return "".join(line.strip() for line in source.splitlines()), filename, uptodate


class Templates:
    """The plugin's templates; one per plugin instance (Jinja caches compiled templates on it)."""

    def __init__(self, folder: Path = FOLDER) -> None:
        self.env = Environment(loader=JoinedLines(folder), autoescape=True, undefined=StrictUndefined)

    def render(self, name: str, **values: Any) -> str:
        """The fragment as plain text, for MkDocs and string work."""
        return str(self.env.get_template(name).render(**values))

    def fragment(self, name: str, **values: Any) -> Markup:
        """The fragment as markup, to put inside another template unescaped."""
        return Markup(self.render(name, **values))
