"""The site model: everything the build reads, loaded and checked once per build (``on_config``).

Features hold a reference to it and never read a data file or another feature's output themselves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from . import runtime as rt
from .config import QunceConfig
from .data.content import Article, Fact, Rule, facts_json, load_facts, load_rules, load_sources, source_refs
from .data.glossary import Term, load_terms
from .data.playbooks import Known, Playbook, check_calculators, read_playbooks
from .data.questions import Question, load_questions
from .data.training import MAX_SCORE, Training
from .data.training import load as load_training


@dataclass(frozen=True)
class SiteModel:
    root: Path  # the folder of mkdocs.yml
    edition: str
    facts: Mapping[str, Fact]
    rules: Mapping[str, Rule]
    sources: Mapping[str, tuple[Article, ...]]
    terms: tuple[Term, ...]
    playbooks: Mapping[str, Playbook]  # by slug, in file-name order
    training: Training
    questions: tuple[Question, ...]  # the learning path's self-test questions, with their ids
    runtime: rt.Runtime

    @property
    def calculators(self) -> Mapping[str, rt.CalculatorInfo]:
        return self.runtime.calculators

    @classmethod
    def load(cls, options: QunceConfig, root: Path, docs_dir: Path | None = None) -> SiteModel:
        facts = load_facts(Path(options.facts))
        rules = load_rules(Path(options.compliance))
        sources = load_sources(Path(options.sources))
        terms = load_terms(Path(options.glossary))
        refs = source_refs(sources)
        books = read_playbooks(Path(options.playbooks_dir), Known(refs, facts, rules))
        playbooks = {book.slug: book for book in books}
        data = {
            "facts.json": facts_json(dict(facts)).encode("utf-8"),
            "playbooks.json": playbooks_json(playbooks).encode("utf-8"),
        }
        runtime = rt.prepare(Path(options.calculators_dir), root / "node_modules", data, options.shared_python)
        check_calculators(books, runtime.calculators)
        training = load_training(Path(options.training), Path(options.drills), playbooks=playbooks,
                                 calculators=runtime.calculators, sources=refs)
        questions = load_questions(docs_dir or root / "docs")
        # The trainer's view reads the role paths, drills and questions from the wheel. They are validated
        # against the calculators the wheel has, so they join it afterwards; no pre-rendered page reads them.
        runtime = rt.with_data(runtime, Path(options.calculators_dir),
                               {"training.json": training_json(training, questions).encode("utf-8")})
        return cls(root, options.editions[0], facts, rules, sources, terms, playbooks, training, questions, runtime)


def training_json(training: Training, questions: tuple[Question, ...]) -> str:
    """Role paths (steps by kind and reference), drills (title, best score) and self-test questions: what the
    trainer's view (calculators/cohort.py) needs to lay out a cohort's progress files."""
    data = {
        "paths": [
            {"id": path.id, "title": path.title, "drills": list(path.drills),
             "steps": [{"key": step.key, "kind": step.kind, "ref": step.ref} for step in path.steps]}
            for path in training.paths
        ],
        "drills": {drill.id: {"title": drill.title, "max": MAX_SCORE} for drill in training.drills},
        "questions": [{"id": q.id, "module": q.module, "module_title": q.module_title, "title": q.title} for q in questions],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def playbooks_json(playbooks: Mapping[str, Playbook]) -> str:
    """slug → title and URL (relative to the site root): how the calculators name and link playbooks."""
    table = {slug: {"title": book.title, "url": f"playbooks/{slug}/"} for slug, book in playbooks.items()}
    return json.dumps(table, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
