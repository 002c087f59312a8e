"""The content data files the build checks pages against: facts.yml, compliance.yml, sources.yml.

Each loader validates its file and raises PluginError naming the file and the entry, so the strict
build stops on the right line.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
FACT_ID = re.compile(r"^[a-z0-9_]+(?:\.[a-z0-9_]+)+$")
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
STATUSES = {"verified": "已核实", "claim": "未经官方核实"}


@dataclass(frozen=True)
class Fact:
    id: str
    title: str
    value: int | float | str
    unit: str
    source: str
    checked: datetime.date
    status: str
    note: str = ""

    @property
    def anchor(self) -> str:
        return self.id.replace(".", "-").replace("_", "-")

    @property
    def value_text(self) -> str:
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            return f"{self.value:,}" if isinstance(self.value, int) else f"{self.value:g}"
        return str(self.value)

    @property
    def text(self) -> str:
        """Value and unit as a page writes them: a space between a number and a Chinese unit."""
        if not self.unit:
            return self.value_text
        return f"{self.value_text} {self.unit}"


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    law: str
    warning: str


@dataclass(frozen=True)
class Article:
    title: str
    author: str
    publisher: str
    year: str
    covers: str

    def citation(self) -> str:
        """“Title”, author, publisher, year — as much as is known."""
        parts = [f"《{self.title}》"]
        if self.author:
            parts.append(f"作者{self.author}")
        if self.publisher:
            parts.append(f"刊于{self.publisher}" if self.author else self.publisher)
        parts.append(f"{self.year} 年" if self.year else "发表年份不详")
        return "，".join(parts)


def _load(path: Path, top: str) -> Any:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"{path}: cannot be read: {error}") from error
    if not isinstance(data, dict) or top not in data:
        raise PluginError(f"{path}: expected a top-level '{top}:'")
    return data[top]


def load_facts(path: Path) -> dict[str, Fact]:
    entries = _load(path, "facts")
    if not isinstance(entries, list):
        raise PluginError(f"{path}: 'facts' must be a list")
    required = {"id", "title", "value", "unit", "source", "checked", "status"}
    facts: dict[str, Fact] = {}
    for index, entry in enumerate(entries):
        where = f"{path}: facts[{entry.get('id', index) if isinstance(entry, dict) else index}]"
        if not isinstance(entry, dict):
            raise PluginError(f"{where}: expected a mapping")
        missing, unknown = required - set(entry), set(entry) - required - {"note"}
        if missing or unknown:
            raise PluginError(f"{where}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        ident = str(entry["id"])
        if not FACT_ID.match(ident):
            raise PluginError(f"{where}: id must be dotted lower-case ASCII, e.g. wechat.group.max_members")
        if ident in facts:
            raise PluginError(f"{where}: id listed twice")
        if entry["status"] not in STATUSES:
            raise PluginError(f"{where}: status must be one of {sorted(STATUSES)}, got {entry['status']!r}")
        if not isinstance(entry["checked"], datetime.date):
            raise PluginError(f"{where}: checked must be a date (YYYY-MM-DD)")
        value = entry["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise PluginError(f"{where}: value must be a number or text")
        for key in ("title", "source"):
            if not str(entry[key] or "").strip():
                raise PluginError(f"{where}: {key} must not be empty")
        facts[ident] = Fact(ident, str(entry["title"]), value, str(entry["unit"] or ""), str(entry["source"]),
                            entry["checked"], str(entry["status"]), str(entry.get("note") or ""))
    return facts


def load_rules(path: Path) -> dict[str, Rule]:
    entries = _load(path, "rules")
    if not isinstance(entries, dict):
        raise PluginError(f"{path}: 'rules' must map ids to rules")
    rules: dict[str, Rule] = {}
    for ident, entry in entries.items():
        where = f"{path}: rules.{ident}"
        if not RULE_ID.match(str(ident)):
            raise PluginError(f"{where}: id must be ASCII kebab-case")
        if not isinstance(entry, dict) or set(entry) != {"title", "law", "warning"}:
            raise PluginError(f"{where}: needs exactly title, law and warning")
        rules[str(ident)] = Rule(str(ident), str(entry["title"]), str(entry["law"]), str(entry["warning"]))
    return rules


def load_sources(path: Path) -> dict[str, tuple[Article, ...]]:
    entries = _load(path, "files")
    if not isinstance(entries, dict):
        raise PluginError(f"{path}: 'files' must map seed file names to their articles")
    sources: dict[str, tuple[Article, ...]] = {}
    keys = {"title", "author", "publisher", "year", "covers"}
    for name, articles in entries.items():
        where = f"{path}: files.{name}"
        if not isinstance(articles, list) or not articles:
            raise PluginError(f"{where}: list at least one article")
        found = []
        for index, item in enumerate(articles):
            if not isinstance(item, dict) or set(item) != keys or not str(item["title"] or "").strip():
                raise PluginError(f"{where}[{index}]: needs exactly {sorted(keys)}, with a title")
            found.append(Article(*(str(item[key] or "").strip() for key in ("title", "author", "publisher", "year", "covers"))))
        sources[str(name)] = tuple(found)
    return sources


FACT_REF = re.compile(r"\{\{\s*fact:([A-Za-z0-9_.]+)(?:\|(value))?\s*\}\}")
FENCE = re.compile(r"^\s*(```|~~~)")


def _fact(facts: dict[str, Fact], match: re.Match[str], where: str) -> Fact:
    fact = facts.get(match.group(1))
    if fact is None:
        raise PluginError(f"{where}: unknown fact {match.group(1)!r} in {match.group(0)!r}; known: {', '.join(sorted(facts))}")
    return fact


def expand_plain(text: str, facts: dict[str, Fact], where: str) -> str:
    """``{{fact:ID}}`` as plain text (value and unit), for code blocks, front matter and data files."""
    def replace(match: re.Match[str]) -> str:
        fact = _fact(facts, match, where)
        return fact.value_text if match.group(2) else fact.text
    return FACT_REF.sub(replace, text)


def expand_markdown(markdown: str, facts: dict[str, Fact], where: str, facts_page: str) -> str:
    """``{{fact:ID}}`` as value and unit with a small link to the fact's source and date on ``facts_page``
    (a path relative to the page); ``{{fact:ID|value}}`` as the bare number. Inside fenced code (templates
    the reader copies) a fact is plain text."""
    def replace(match: re.Match[str]) -> str:
        fact = _fact(facts, match, where)
        if match.group(2):
            return fact.value_text
        note = f"来源：{fact.source}；核对于 {fact.checked.isoformat()}；{STATUSES[fact.status]}".replace('"', "“")
        return f'{fact.text}<sup class="qc-fact-ref">[注]({facts_page}#{fact.anchor} "{note}")</sup>'

    out: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)
        elif fence is not None and opened and opened.group(1) == fence:
            fence = None
            out.append(line)
            continue
        out.append(expand_plain(line, facts, where) if fence else FACT_REF.sub(replace, line))
    return "".join(out)


def facts_json(facts: dict[str, Fact]) -> str:
    """The facts as the calculators package reads them (calculators/facts.json, and the copy the build
    writes into the wheel): value, unit, the text a page shows, and where it comes from."""
    import json

    data = {
        fact.id: {"title": fact.title, "value": fact.value, "unit": fact.unit, "text": fact.text,
                  "status": fact.status, "checked": fact.checked.isoformat(), "source": fact.source}
        for fact in facts.values()
    }
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
