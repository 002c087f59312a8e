"""活动计划 — one campaign plan across the calculators: funnel, fission, reward cost, capacity and timeline,
with some inputs linked to other parts' outputs, kept on the reader's device and reviewed against itself.

- ``document``: the plan file (what a saved plan, an export and a shared link hold) and how it is read;
- ``plan``: the parts computed in order with their links resolved (``plan(document)``, the entry point);
- ``render``: the workbook page (summary, warnings, every part's form and result, the printable page);
- ``share``: the plan in a link; ``web``: the worker's handler; ``cli``: ``python -m calculators plan FILE``.

>>> result = plan(example())
>>> result.errors, result.parts["reward_cost"].scenario.inputs.joiners
({}, 2530)
"""

from __future__ import annotations

from importlib import resources

from . import document as _document
from .document import FORMAT, VERSION, Document, PlanFileError
from .plan import LINK_DEFAULTS, LINKS, PlanResult, plan

__all__ = ["FORMAT", "LINKS", "VERSION", "Document", "PlanFileError", "PlanResult", "example", "plan", "read"]

EXAMPLE = "example.json"


def read(text: str) -> Document:
    """A plan file's text as a document; PlanFileError with the Chinese reason when it is not one."""
    return _document.read(text, LINK_DEFAULTS)


def example() -> Document:
    """The example plan the page opens with (``calculators/workbook/example.json``)."""
    return read(resources.files(__package__).joinpath(EXAMPLE).read_text(encoding="utf-8"))
