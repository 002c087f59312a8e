"""Playbooks: the front matter schema and the reader for a playbooks folder.

Validated with MkDocs' own Config machinery (as Material's blog plugin does); unknown keys arrive as
warnings and are treated as errors, so a typo never passes silently. Every cross-reference (calculator
ids, seed files, fact ids, compliance rules) is checked against what exists.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

STAGES = ("定位", "建群", "规则", "分层", "激励", "拉新", "促活", "转化", "复盘", "职业")
ROLES = ("群主", "管理员", "客服", "运营负责人", "新人运营", "KOL")


class PlaybookMeta(Config):  # type: ignore[no-untyped-call]
    title = c.Type(str)
    summary = c.Type(str)
    stage = c.Choice(STAGES)
    roles = c.ListOfItems(c.Choice(ROLES))
    tags = c.ListOfItems(c.Type(str))
    calculators = c.ListOfItems(c.Type(str), default=[])
    sources = c.ListOfItems(c.Type(str))
    reviewed = c.Type(datetime.date)
    facts = c.ListOfItems(c.Type(str), default=[])  # ids in facts.yml: the platform rules the page depends on
    compliance = c.ListOfItems(c.Type(str), default=[])  # ids in compliance.yml: the rules the page touches
    short = c.ListOfItems(c.Type(str), default=[])  # short forms of the title that links may use
    checklist = c.Optional(c.ListOfItems(c.Type(str)))


@dataclass(frozen=True)
class Known:
    """What a playbook's references may name (calculators are checked by check_calculators)."""

    sources: Collection[str]
    facts: Collection[str]
    rules: Collection[str]


@dataclass(frozen=True)
class Playbook:
    slug: str
    path: Path
    meta: Mapping[str, Any]

    @property
    def src_uri(self) -> str:
        return f"playbooks/{self.slug}.md"

    @property
    def title(self) -> str:
        return str(self.meta["title"])

    @property
    def checklist(self) -> tuple[str, ...]:
        return tuple(self.meta["checklist"] or ())


def validate(path: Path, data: dict[str, Any], known: Known) -> dict[str, Any]:
    """Check one playbook's front matter; raise PluginError naming the file and the field."""
    meta = PlaybookMeta(config_file_path=str(path))
    meta.load_dict(data)
    errors, warnings = meta.validate()
    problems = [f"{key}: {error}" for key, error in errors]
    problems += [f"{key}: unknown field ({warning})" for key, warning in warnings]
    if not problems:
        for field, names, what in (
            ("sources", known.sources, "seed file"),
            ("facts", known.facts, "fact id"),
            ("compliance", known.rules, "rule"),
        ):
            for name in meta[field]:
                if name not in names:
                    problems.append(f"{field}: unknown {what} {name!r}; known: {sorted(names)}")
        if not meta["title"].strip():
            problems.append("title: must not be empty")
    if problems:
        raise PluginError(f"Playbook front matter in {path}: " + "; ".join(problems))
    return dict(meta)


def check_calculators(books: Collection[Playbook], calculators: Collection[str]) -> None:
    """Every calculator a playbook names exists (known once the calculators' wheel has said which do)."""
    for book in books:
        for name in book.meta["calculators"]:
            if name not in calculators:
                raise PluginError(f"Playbook front matter in {book.path}: calculators: unknown calculator id "
                                  f"{name!r}; known: {sorted(calculators)}")


def read_playbooks(folder: Path, known: Known) -> tuple[Playbook, ...]:
    """Every playbook in ``folder``, validated, in file-name order."""
    books = []
    for path in sorted(folder.glob("*.md")):
        _, data = get_data(path.read_text(encoding="utf-8"))
        if not data:
            raise PluginError(f"Playbook front matter in {path}: missing (the file must start with '---')")
        books.append(Playbook(path.stem, path, validate(path, data, known)))
    return tuple(books)
