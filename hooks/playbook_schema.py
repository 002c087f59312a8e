"""The playbook front matter schema and the reader for a playbooks folder.

Validated with MkDocs' own Config machinery (as Material's blog plugin does); unknown keys
arrive as warnings and are treated as errors, so a typo never passes silently.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

import content_data

STAGES = ("定位", "建群", "规则", "分层", "激励", "拉新", "促活", "转化", "复盘", "职业")
ROLES = ("群主", "管理员", "客服", "运营负责人", "新人运营", "KOL")
DATA = content_data.ROOT
# The source articles (shared/seeds) a playbook may cite, with the articles each holds (sources.yml).
SOURCES = content_data.load_sources(Path(os.environ.get("QUNCE_SOURCES", DATA / "sources.yml")))
RULES = content_data.load_rules(Path(os.environ.get("QUNCE_COMPLIANCE", DATA / "compliance.yml")))
FACTS = content_data.load_facts(Path(os.environ.get("QUNCE_FACTS", DATA / "facts.yml")))


class PlaybookMeta(Config):
    title = c.Type(str)
    summary = c.Type(str)
    stage = c.Choice(STAGES)
    roles = c.ListOfItems(c.Choice(ROLES))
    tags = c.ListOfItems(c.Type(str))
    calculators = c.ListOfItems(c.Type(str), default=[])
    sources = c.ListOfItems(c.Type(str))
    reviewed = c.Type(datetime.date)
    platform_limits = c.ListOfItems(c.Type(str), default=[])  # old free-text form; being replaced by facts
    facts = c.ListOfItems(c.Type(str), default=[])  # ids in facts.yml: the platform rules the page depends on
    compliance = c.ListOfItems(c.Type(str), default=[])  # ids in compliance.yml: the rules the page touches
    short = c.ListOfItems(c.Type(str), default=[])  # short forms of the title that links may use
    checklist = c.Optional(c.ListOfItems(c.Type(str)))


@dataclass(frozen=True)
class Playbook:
    slug: str
    path: Path
    meta: dict[str, Any]

    @property
    def src_uri(self) -> str:
        return f"playbooks/{self.slug}.md"


def validate(path: Path, data: dict[str, Any], *, calculators: set[str]) -> dict[str, Any]:
    """Check one playbook's front matter; raise PluginError naming the file and the field."""
    meta = PlaybookMeta(config_file_path=str(path))
    meta.load_dict(data)
    errors, warnings = meta.validate()
    problems = [f"{key}: {error}" for key, error in errors]
    problems += [f"{key}: unknown field ({warning})" for key, warning in warnings]
    if not problems:
        for name in meta["calculators"]:
            if name not in calculators:
                problems.append(f"calculators: unknown calculator id {name!r}; known: {sorted(calculators)}")
        for name in meta["sources"]:
            if name not in SOURCES:
                problems.append(f"sources: unknown seed file {name!r}")
        for name in meta["facts"]:
            if name not in FACTS:
                problems.append(f"facts: unknown fact id {name!r}; known: {sorted(FACTS)}")
        for name in meta["compliance"]:
            if name not in RULES:
                problems.append(f"compliance: unknown rule {name!r}; known: {sorted(RULES)}")
        if not meta["title"].strip():
            problems.append("title: must not be empty")
    if problems:
        raise PluginError(f"Playbook front matter in {path}: " + "; ".join(problems))
    return dict(meta)


def read_playbooks(folder: Path, *, calculators: set[str]) -> list[Playbook]:
    """Every playbook in ``folder``, validated, in file-name order."""
    books = []
    for path in sorted(folder.glob("*.md")):
        _, data = get_data(path.read_text(encoding="utf-8"))
        if not data:
            raise PluginError(f"Playbook front matter in {path}: missing (the file must start with '---')")
        meta = validate(path, data, calculators=calculators)
        books.append(Playbook(path.stem, path, meta))
    return books
