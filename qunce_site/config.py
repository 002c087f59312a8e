"""The plugin's options, as ``mkdocs.yml`` gives them (``plugins: - qunce: …``)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

PRIMARY, HANT = "zh-Hans", "zh-Hant"


class QunceConfig(Config):  # type: ignore[no-untyped-call]
    """Paths are relative to ``mkdocs.yml``. Every data file is read once per build."""

    playbooks_dir = c.Dir(exists=True, default="playbooks")
    calculators_dir = c.Dir(exists=True, default="calculators")
    facts = c.File(exists=True, default="facts.yml")
    compliance = c.File(exists=True, default="compliance.yml")
    sources = c.File(exists=True, default="sources.yml")
    glossary = c.File(exists=True, default="glossary.yml")
    training = c.File(exists=True, default="training.yml")
    drills = c.File(exists=True, default="drills.yml")
    hant_fixes = c.File(exists=True, default="zh-Hant.yml")
    # Which editions this build writes: the first is this build's own; zh-Hant, if listed after it,
    # is built from converted sources into <site>/zh-Hant/ once this one is done.
    editions = c.ListOfItems(c.Choice((PRIMARY, HANT)), default=[PRIMARY, HANT])
    # Another site root (relative to this one) that serves Pyodide; the zh-Hant edition shares the
    # zh-Hans one's ("../"), so both editions download and cache Python once.
    shared_python = c.Type(str, default="")
    freshness_days = c.Type(int, default=365)  # playbooks checked longer ago than this show a notice
