"""The learning path's self-test questions (``??? question "…"`` blocks in docs/learning-path.md), each with
a stable id: ``m<module>-q<n>``, the n-th question under the module's ``##`` heading (the first ``##`` is
module 1).

Why by position and not by the words: the zh-Hant edition is built from an OpenCC-converted copy of the
page, and both editions share the reader's saved progress (one origin), so an id must not depend on the
text. Rewording a question keeps its id; a new question is best added at the end of its module, so the
answers already saved for the questions after it stay with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError

PATH_URI = "learning-path.md"
HEADING = re.compile(r"^##\s+(?P<title>.+?)\s*(?:\{[^}]*\})?\s*$")
QUESTION = re.compile(r'^\?\?\?\+?\s+question\s+"(?P<title>[^"]*)"\s*$')
FENCE = re.compile(r"^(```|~~~)")


@dataclass(frozen=True)
class Question:
    id: str
    module: int
    module_title: str
    title: str


def read_questions(text: str) -> tuple[Question, ...]:
    """The questions of the learning path's Markdown, in order, with their ids."""
    module, module_title, number = 0, "", 0
    found: list[Question] = []
    fenced = False
    for line in text.splitlines():
        if FENCE.match(line):
            fenced = not fenced
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            module, module_title, number = module + 1, heading.group("title"), 0
            continue
        question = QUESTION.match(line)
        if question:
            number += 1
            found.append(Question(f"m{module}-q{number}", module, module_title, question.group("title")))
    return tuple(found)


def load_questions(docs_dir: Path) -> tuple[Question, ...]:
    path = docs_dir / PATH_URI
    try:
        return read_questions(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise PluginError(f"questions: cannot read {path}: {error}") from error
