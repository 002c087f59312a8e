"""Training data: role paths (training.yml) and scenario drills (drills.yml), validated against the
playbooks, calculators and source articles that exist. A bad entry stops the build, naming the file and
every bad entry at once.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from mkdocs.exceptions import PluginError

from ..progress import read_key, used_key

MAX_SCORE = 2
SCORE_WORDS = {2: "最佳做法", 1: "部分得分", 0: "不得分"}
LETTERS = "ABCD"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Step:
    kind: Literal["playbook", "calculator"]
    ref: str
    why: str

    @property
    def key(self) -> str:
        """The step's localStorage key, without the ``qunce:`` prefix."""
        return read_key(self.ref) if self.kind == "playbook" else used_key(self.ref)

    @property
    def src_uri(self) -> str:
        return f"playbooks/{self.ref}.md" if self.kind == "playbook" else f"calculators/{self.ref}.md"


@dataclass(frozen=True)
class RolePath:
    id: str
    title: str
    goal: str
    intro: str
    steps: tuple[Step, ...]
    drills: tuple[str, ...]

    @property
    def src_uri(self) -> str:
        return f"paths/{self.id}.md"


@dataclass(frozen=True)
class Choice:
    text: str
    score: int
    why: str


@dataclass(frozen=True)
class Drill:
    id: str
    title: str
    situation: str
    question: str
    choices: tuple[Choice, ...]
    playbooks: tuple[str, ...]
    calculators: tuple[str, ...]
    sources: tuple[str, ...]

    @property
    def best(self) -> int:
        return next(index for index, choice in enumerate(self.choices) if choice.score == MAX_SCORE)


@dataclass(frozen=True)
class Training:
    paths: tuple[RolePath, ...]
    drills: tuple[Drill, ...]

    def drill(self, drill_id: str) -> Drill:
        return next(d for d in self.drills if d.id == drill_id)


# ---------------------------------------------------------------------------------------------- validation


class Problems:
    """Collects what is wrong with one data file; raises one error naming the file and every entry."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}")

    def check(self) -> None:
        if self.items:
            raise PluginError(f"Training data in {self.path}: " + "; ".join(self.items))


def joined(text: str) -> str:
    """Lines of a YAML block joined without spaces (the text is Chinese), stripped."""
    return "".join(line.strip() for line in text.splitlines())


def _mapping(value: object, where: str, keys: Mapping[str, bool], problems: Problems) -> dict[str, Any]:
    """``value`` as a dict with the given keys (True = required); unknown and missing keys are problems."""
    if not isinstance(value, dict):
        problems.add(where, f"expected a mapping, got {type(value).__name__}")
        return {}
    for key in value:
        if key not in keys:
            problems.add(where, f"unknown field {key!r}")
    for key, required in keys.items():
        if required and key not in value:
            problems.add(where, f"missing field {key!r}")
    return value


def _text(data: Mapping[str, Any], key: str, where: str, problems: Problems) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or not joined(value):
        if key in data:
            problems.add(f"{where}.{key}", "must be non-empty text")
        return ""
    return joined(value)


def _ids(data: Mapping[str, Any], key: str, where: str, problems: Problems) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(f"{where}.{key}", "must be a list of ids")
        return ()
    return tuple(value)


def _name(data: Mapping[str, Any], index: int) -> str:
    ident = data.get("id") if isinstance(data, dict) else None
    return str(ident) if isinstance(ident, str) and ident else str(index)


def _entries(path: Path, top: str, problems: Problems) -> list[Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"Training data in {path}: cannot be read: {error}") from error
    entries = data.get(top) if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        problems.add(top, "missing or empty list")
        problems.check()
    assert isinstance(entries, list)
    return entries


def read_drills(path: Path, *, playbooks: Collection[str], calculators: Collection[str],
                sources: Collection[str]) -> tuple[Drill, ...]:
    seeds = sources
    problems = Problems(path)
    fields = {"id": True, "title": True, "situation": True, "question": True, "choices": True,
              "playbooks": True, "calculators": False, "sources": True}
    drills: list[Drill] = []
    seen: set[str] = set()
    for index, entry in enumerate(_entries(path, "drills", problems)):
        where = f"drills[{_name(entry, index)}]"
        data = _mapping(entry, where, fields, problems)
        drill_id = data.get("id", "")
        if not isinstance(drill_id, str) or not ID.match(drill_id):
            problems.add(f"{where}.id", "must be ASCII kebab-case, e.g. 'night-spam'")
        elif drill_id in seen:
            problems.add(f"{where}.id", "used twice")
        seen.add(str(drill_id))
        books = _ids(data, "playbooks", where, problems)
        if "playbooks" in data and not books:
            problems.add(f"{where}.playbooks", "name at least one playbook: the procedure this drill practises")
        for slug in books:
            if slug not in playbooks:
                problems.add(f"{where}.playbooks", f"unknown playbook {slug!r} (no playbooks/{slug}.md)")
        calcs = _ids(data, "calculators", where, problems)
        for name in calcs:
            if name not in calculators:
                problems.add(f"{where}.calculators", f"unknown calculator id {name!r}; known: {sorted(calculators)}")
        sources = _ids(data, "sources", where, problems)
        for name in sources:
            if name not in seeds:
                problems.add(f"{where}.sources", f"unknown seed file {name!r}")
        choices = _choices(data.get("choices"), f"{where}.choices", problems)
        drills.append(Drill(str(drill_id), _text(data, "title", where, problems), _text(data, "situation", where, problems),
                            _text(data, "question", where, problems), choices, books, calcs, sources))
    problems.check()
    return tuple(drills)


def _choices(value: object, where: str, problems: Problems) -> tuple[Choice, ...]:
    if not isinstance(value, list) or not 3 <= len(value) <= len(LETTERS):
        problems.add(where, f"must list 3 to {len(LETTERS)} choices")
        return ()
    choices = []
    for index, entry in enumerate(value):
        spot = f"{where}[{index}]"
        data = _mapping(entry, spot, {"text": True, "score": True, "why": True}, problems)
        score = data.get("score")
        if "score" in data and (not isinstance(score, int) or isinstance(score, bool) or score not in SCORE_WORDS):
            problems.add(f"{spot}.score", f"must be {MAX_SCORE} (the playbook's answer), 1 (partly right) or 0, got {score!r}")
            score = 0
        choices.append(Choice(_text(data, "text", spot, problems), int(score or 0), _text(data, "why", spot, problems)))
    best = [c for c in choices if c.score == MAX_SCORE]
    if len(best) != 1:
        problems.add(where, f"exactly one choice must score {MAX_SCORE} (the playbook's answer); found {len(best)}")
    return tuple(choices)


def read_paths(path: Path, *, playbooks: Collection[str], calculators: Collection[str],
               drills: tuple[Drill, ...], drills_file: str) -> tuple[RolePath, ...]:
    problems = Problems(path)
    fields = {"id": True, "title": True, "goal": True, "intro": True, "steps": True, "drills": False}
    drill_ids = {drill.id for drill in drills}
    paths: list[RolePath] = []
    seen: set[str] = set()
    for index, entry in enumerate(_entries(path, "paths", problems)):
        where = f"paths[{_name(entry, index)}]"
        data = _mapping(entry, where, fields, problems)
        path_id = data.get("id", "")
        if not isinstance(path_id, str) or not ID.match(path_id) or path_id == "index":
            problems.add(f"{where}.id", "must be ASCII kebab-case (and not 'index'), e.g. 'new-admin'")
        elif path_id in seen:
            problems.add(f"{where}.id", "used twice")
        seen.add(str(path_id))
        steps = _steps(data.get("steps"), f"{where}.steps", problems, playbooks=playbooks, calculators=calculators)
        chosen = _ids(data, "drills", where, problems)
        for drill_id in chosen:
            if drill_id not in drill_ids:
                problems.add(f"{where}.drills", f"unknown drill {drill_id!r} (not in {drills_file})")
        paths.append(RolePath(str(path_id), _text(data, "title", where, problems), _text(data, "goal", where, problems),
                              _text(data, "intro", where, problems), steps, chosen))
    problems.check()
    return tuple(paths)


def _steps(value: object, where: str, problems: Problems, *, playbooks: Collection[str],
           calculators: Collection[str]) -> tuple[Step, ...]:
    if not isinstance(value, list) or not value:
        problems.add(where, "must list at least one step")
        return ()
    steps: list[Step] = []
    for index, entry in enumerate(value):
        spot = f"{where}[{index}]"
        data = _mapping(entry, spot, {"playbook": False, "calculator": False, "why": True}, problems)
        kinds = [kind for kind in ("playbook", "calculator") if kind in data]
        if len(kinds) != 1:
            problems.add(spot, "give exactly one of 'playbook: <slug>' or 'calculator: <id>'")
            continue
        kind: Literal["playbook", "calculator"] = "playbook" if kinds[0] == "playbook" else "calculator"
        ref = data[kind]
        known = playbooks if kind == "playbook" else calculators
        if ref not in known:
            hint = f"no playbooks/{ref}.md" if kind == "playbook" else f"known: {sorted(calculators)}"
            problems.add(f"{spot}.{kind}", f"unknown {kind} {ref!r} ({hint})")
        step = Step(kind, str(ref), _text(data, "why", spot, problems))
        if any(other.key == step.key for other in steps):
            problems.add(f"{spot}.{kind}", f"{ref!r} is already a step of this path")
        steps.append(step)
    return tuple(steps)


def load(training_file: Path, drills_file: Path, *, playbooks: Collection[str], calculators: Collection[str],
         sources: Collection[str]) -> Training:
    """Both data files, validated against the playbooks, calculators and source articles that exist."""
    drills = read_drills(drills_file, playbooks=playbooks, calculators=calculators, sources=sources)
    paths = read_paths(training_file, playbooks=playbooks, calculators=calculators, drills=drills,
                       drills_file=drills_file.name)
    return Training(paths, drills)
