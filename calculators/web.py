"""The worker's and the build's entry points: ``handle``, ``page_html``, ``describe`` (in kit/web.py), and
the campaign plan's page (``workbook/web.py``), which answers under the id ``plan``."""

from __future__ import annotations

from collections.abc import Mapping

from .kit.web import describe, field_html, page_html
from .kit.web import handle as handle_calculator
from .workbook import web as workbook

__all__ = ["blocks", "describe", "field_html", "handle", "page_html"]


def handle(calc_id: str, inputs_json: str, files: object = None) -> str:
    """The worker's one entry: a calculator's answer (``files`` for those that read the reader's files), or
    the plan workbook's."""
    if calc_id == workbook.ID:
        return workbook.handle(inputs_json)
    return handle_calculator(calc_id, inputs_json, files)


def blocks(root: str, runtime: Mapping[str, str]) -> dict[str, str]:
    """Every block a page can hold (``<!-- qunce:calculator ID -->``): each calculator's, and the plan's."""
    found = {item["id"]: page_html(item["id"], root, runtime) for item in describe()}
    found[workbook.ID] = workbook.page_block(root, runtime)
    return found
