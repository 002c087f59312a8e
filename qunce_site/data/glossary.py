"""The glossary (glossary.yml): terms, their other names and one or two plain sentences each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    definition: str
    see: str | None  # the playbook that explains it

    @property
    def names(self) -> tuple[str, ...]:
        return (self.term, *self.aliases)


def load_terms(path: Path) -> tuple[Term, ...]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise PluginError(f"{path}: expected a list of terms")
    terms = []
    seen: set[str] = set()
    allowed = {"term", "aliases", "definition", "see"}
    for index, item in enumerate(data, 1):
        if not isinstance(item, dict) or not {"term", "definition"} <= set(item) or set(item) - allowed:
            raise PluginError(f"{path}: entry {index} needs term and definition (and only aliases, see besides)")
        see = item.get("see")
        term = Term(str(item["term"]), tuple(str(a) for a in item.get("aliases") or ()), str(item["definition"]),
                    str(see) if see else None)
        for name in term.names:
            if name in seen:
                raise PluginError(f"{path}: {name!r} is listed twice")
            seen.add(name)
        terms.append(term)
    return tuple(terms)
