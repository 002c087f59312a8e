"""What the calculators know of the rest of the site: playbooks, by slug, and platform facts, by id.

Both arrive as package data, read with importlib.resources (in the browser the package may run from a zip):

- ``calculators/facts.json``: id → {title, value, unit, text, status, checked, source}. Committed, generated
  from the repository's facts.yml by scripts/export_facts.py; the build writes a fresh copy into the wheel.
  Calculator defaults and hints read platform numbers from here, never from numbers typed into the code.
- ``calculators/playbooks.json``: slug → {title, url}, the url relative to the site root
  (``playbooks/live-code-setup/``). Written into the wheel by the build only. Without it (a source checkout:
  the command line, unit tests) a playbook is named by its slug; with it, an unknown slug is an error, so a
  renamed playbook fails the build instead of leaving a dead link.

An unknown fact id is always an error. ``site()`` reads the files once; the build may ``use()`` other data
for the pages it renders in its own process (the data its wheel carries).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

PACKAGE = __name__.split(".")[0]
FACTS_FILE = "facts.json"
PLAYBOOKS_FILE = "playbooks.json"
STATUSES = {"verified": "已核实", "claim": "未经官方核实"}
FACT_KEYS = ("title", "value", "unit", "text", "status", "checked", "source")


class SiteDataError(LookupError):
    """A fact or playbook the calculators ask for is not in the site data, or the data is malformed."""


@dataclass(frozen=True)
class Fact:
    """One platform number or rule, as facts.yml states it."""

    id: str
    title: str
    value: int | float | str
    unit: str
    text: str  # value and unit as pages show them: '200 人'
    status: str  # 'verified' or 'claim'
    checked: datetime.date
    source: str

    @property
    def count(self) -> int:
        """The value as a whole number (a group size, a number of days); an error if it is not one."""
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            raise SiteDataError(f"fact {self.id!r} is {self.value!r}, not a whole number")
        return self.value

    @property
    def standing(self) -> str:
        """How far it is checked, in words: '未经官方核实，核对于 2026-11-30'."""
        return f"{STATUSES[self.status]}，核对于 {self.checked.isoformat()}"

    @property
    def cited(self) -> str:
        """The fact with its value and standing, for a hint: '微信群二维码的有效期（7 天，未经官方核实，核对于 2026-11-30）'."""
        return f"{self.title}（{self.text}，{self.standing}）"


@dataclass(frozen=True)
class PlaybookRef:
    slug: str
    title: str
    url: str  # relative to the site root: 'playbooks/live-code-setup/'


@dataclass(frozen=True)
class Site:
    facts: Mapping[str, Fact]
    playbooks: Mapping[str, PlaybookRef] | None  # None: no playbooks.json (a source checkout)

    def fact(self, fact_id: str) -> Fact:
        try:
            return self.facts[fact_id]
        except KeyError:
            raise SiteDataError(
                f"no fact {fact_id!r} in {FACTS_FILE} (facts.yml); known: {', '.join(sorted(self.facts))}"
            ) from None

    def playbook(self, slug: str) -> PlaybookRef:
        if self.playbooks is None:
            return PlaybookRef(slug, slug, f"playbooks/{slug}/")
        try:
            return self.playbooks[slug]
        except KeyError:
            raise SiteDataError(
                f"no playbook {slug!r} in {PLAYBOOKS_FILE}: a calculator links to playbooks/{slug}.md, "
                "which the site does not have (renamed or removed?)"
            ) from None

    @classmethod
    def from_data(cls, facts: Mapping[str, Any], playbooks: Mapping[str, Any] | None) -> Site:
        """Checked site data from the two files' JSON."""
        return cls(
            {fact_id: _fact(fact_id, entry) for fact_id, entry in facts.items()},
            None if playbooks is None else {slug: _playbook(slug, entry) for slug, entry in playbooks.items()},
        )


def _fact(fact_id: str, entry: Any) -> Fact:
    if not isinstance(entry, Mapping) or set(FACT_KEYS) - set(entry):
        raise SiteDataError(f"{FACTS_FILE}: fact {fact_id!r} needs {', '.join(FACT_KEYS)}; got {entry!r}")
    if entry["status"] not in STATUSES:
        raise SiteDataError(f"{FACTS_FILE}: fact {fact_id!r} has status {entry['status']!r}, not one of {sorted(STATUSES)}")
    try:
        checked = datetime.date.fromisoformat(str(entry["checked"]))
    except ValueError:
        raise SiteDataError(f"{FACTS_FILE}: fact {fact_id!r} has checked {entry['checked']!r}, not a date") from None
    return Fact(fact_id, str(entry["title"]), entry["value"], str(entry["unit"]), str(entry["text"]),
                str(entry["status"]), checked, str(entry["source"]))


def _playbook(slug: str, entry: Any) -> PlaybookRef:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("title"), str) or not isinstance(entry.get("url"), str):
        raise SiteDataError(f"{PLAYBOOKS_FILE}: playbook {slug!r} needs a title and a url; got {entry!r}")
    return PlaybookRef(slug, entry["title"], entry["url"])


def playbooks_json(refs: Mapping[str, PlaybookRef]) -> str:
    """playbooks.json as the package reads it: what the build writes into the wheel."""
    data = {slug: {"title": ref.title, "url": ref.url} for slug, ref in refs.items()}
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load() -> Site:
    """The site data in the package: facts.json (always there) and playbooks.json (in a built wheel)."""
    root = resources.files(PACKAGE)
    try:
        facts = json.loads(root.joinpath(FACTS_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SiteDataError(
            f"{PACKAGE}/{FACTS_FILE} is missing: it is package data, and a wheel of the package must ship it "
            "(scripts/export_facts.py writes it from facts.yml)"
        ) from None
    books = root.joinpath(PLAYBOOKS_FILE)
    playbooks = json.loads(books.read_text(encoding="utf-8")) if books.is_file() else None
    return Site.from_data(facts, playbooks)


_chosen: Site | None = None


@functools.cache
def site() -> Site:
    """The site data, read once."""
    return _chosen if _chosen is not None else load()


def use(data: Site | None) -> None:
    """Make ``data`` this process's site data (None: the package's files again).

    For the build, which renders calculator pages in its own process with the playbooks its wheel
    carries. Facts are read when the calculators are imported (defaults and hints); playbooks when a
    result is rendered.
    """
    global _chosen
    _chosen = data
    site.cache_clear()


TRAINING_FILE = "training.json"
_training: Mapping[str, Any] | None = None


@functools.cache
def training() -> Mapping[str, Any] | None:
    """training.json: role paths (steps as kind and reference), drills and the learning path's self-test
    questions, for the trainer's view. Written into the wheel by the build; None in a source checkout."""
    if _training is not None:
        return _training
    path = resources.files(PACKAGE).joinpath(TRAINING_FILE)
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"paths", "drills", "questions"} <= set(data):
        raise SiteDataError(f"{TRAINING_FILE} needs paths, drills and questions")
    return data


def use_training(data: Mapping[str, Any] | None) -> None:
    """Make ``data`` this process's training data (None: the package's file again), like ``use``."""
    global _training
    _training = data
    training.cache_clear()
