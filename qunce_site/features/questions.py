"""The learning path's self-test questions record the trainee's own judgement: after opening an answer,
"我答对了" or "没答对", kept in the progress on this device (``quiz:<id>``, qunce_site/progress.py) and so in
the exported progress file, where the trainer's view (calculators/cohort.py) shows it.

page content: each ``<details class="question">`` of the learning path, in order, gets the pre-rendered pair
of buttons of its question (ids from qunce_site/data/questions.py, read from the same page's Markdown). The
printable handbook copies the questions with their buttons (print.css hides them on paper).
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from ..data.questions import PATH_URI, Question
from ..html import Token, element_end, has_class, join, tokenize
from ..progress import quiz_key
from ..templates import Templates


class SelfTestQuestions:
    def __init__(self, questions: tuple[Question, ...], templates: Templates) -> None:
        self.questions = questions
        self.templates = templates

    def page_content(self, html: str, page: Page) -> str:
        if page.file.src_uri != PATH_URI:
            return html
        tokens = tokenize(html)
        found: list[int] = []  # index of each question's end tag
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind == "start" and token.tag == "details" and has_class(token, "question"):
                end = element_end(tokens, index)
                found.append(end - 1)
                index = end
            else:
                index += 1
        if len(found) != len(self.questions):
            raise PluginError(
                f"questions: {PATH_URI} renders {len(found)} self-test questions, its Markdown has {len(self.questions)}"
            )
        for position, question in reversed(list(zip(found, self.questions, strict=True))):
            buttons = self.templates.render("quiz.html", id=question.id, key=quiz_key(question.id))
            tokens.insert(position, Token("other", buttons))
        return join(tokens)
