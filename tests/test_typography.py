"""Chinese typography: autocorrect (spaces between Chinese and Latin letters or digits, full-width
punctuation, no stray spaces next to it) finds nothing in any of our copy.

Linted: every playbook and docs page (the Markdown body; front matter values one by one, since a
YAML list's commas are syntax, not Chinese punctuation), the glossary's terms and definitions, the
text of every built page (what the build adds: summaries, checklists, glossary and tag pages), and
the calculators: each one's rendered page (form and example result), field labels, hints and
units, and the error messages bad input gets. Templates in ```text blocks are linted too: they are
copy the reader pastes into a group. Settings are in .autocorrectrc, each with its reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import autocorrect_py
import pytest
import yaml
from conftest import ROOT

from calculators import CALCULATORS, InputError, run
from calculators.kit.fields import shown
from calculators.web import page_html

autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)
SOURCES = sorted([*ROOT.glob("playbooks/*.md"), *ROOT.glob("docs/**/*.md")])
# Typed into every field of every calculator: each kind of wrong input and a few good ones.
BAD_INPUTS = ["abc", "-5", "0", "0.5", "1e15", "150%", "", "3,2,1", ",".join(["1"] * 20), "x" * 300, "１２．５", "40%"]


def findings(text: str, kind: str) -> list[str]:
    """autocorrect's findings in ``text`` (``kind``: md, html or txt), as readable lines."""
    result = autocorrect_py.lint_for(text, kind)
    return [f"line {line.line}: {line.old.strip()!r} → {line.new.strip()!r}" for line in result.lines]


def strings(value: Any) -> Iterator[str]:
    """Every string in a parsed YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.mark.parametrize("path", SOURCES, ids=[str(path.relative_to(ROOT)) for path in SOURCES])
def test_page_source(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    problems = []
    match = FRONT_MATTER.match(text)
    if match:
        for value in strings(yaml.safe_load(match.group(1))):
            problems += [f"front matter: {problem}" for problem in findings(value, "txt")]
        offset = match.group(0).count("\n")
        body = text[match.end():]
    else:
        offset, body = 0, text
    for problem in findings(body, "md"):
        number, rest = problem.split(":", 1)
        problems.append(f"line {int(number.removeprefix('line ')) + offset}:{rest}")
    assert problems == [], "\n".join(problems)


def test_glossary() -> None:
    entries = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
    problems = [
        f"{entry['term']}: {problem}"
        for entry in entries
        for value in strings({key: entry[key] for key in ("term", "aliases", "definition") if key in entry})
        for problem in findings(value, "txt")
    ]
    assert problems == [], "\n".join(problems)


def test_built_pages(site: Path) -> None:
    """The copy as readers get it, with everything the build generates (the theme's own words aside)."""
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        match = article.search(page.read_text(encoding="utf-8"))
        if match:
            problems += [f"{page.relative_to(site)} {problem}" for problem in findings(match.group(1), "html")]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_calculator_copy(calc_id: str) -> None:
    calculator = CALCULATORS[calc_id]
    problems = [f"page: {problem}" for problem in findings(page_html(calc_id, "../../", {}), "html")]
    problems += [f"title: {problem}" for problem in findings(f"{calculator.title}\n{calculator.summary}", "txt")]
    for field in calculator.fields:
        for text in (field.label, field.hint, field.unit, field.allowed()):
            problems += [f"{field.name}: {problem}" for problem in findings(text, "txt")]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_error_messages(calc_id: str) -> None:
    calculator = CALCULATORS[calc_id]
    messages: set[str] = set()
    for field in calculator.fields:
        for text in BAD_INPUTS:
            try:
                run(calc_id, {**calculator.example_inputs(), field.name: text})
            except InputError as error:
                # The message quotes the reader's input verbatim (１２．５ stays full-width): not our copy.
                messages |= {message.replace(shown(text), "“…”") for message in error.errors.values()}
    assert messages, f"{calc_id}: no input was rejected"
    problems = [f"{message}: {problem}" for message in sorted(messages) for problem in findings(message, "txt")]
    assert problems == [], "\n".join(problems)


def test_the_linter_is_on() -> None:
    """A guard against a configuration that silences everything."""
    assert findings("用Python算K因子，结果是40%", "txt")
    assert findings("群规( 试行 )", "txt")
    assert findings("欢迎 @【昵称】 加入", "txt")
