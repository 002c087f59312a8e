"""MkDocs hook: training — role paths, progress kept on the reader's device, scenario drills.

- on_config: read and validate training.yml (role paths) and drills.yml (scenario drills); a bad entry stops
  the build, naming the file and the entry. Expand the nav's 培训 item into its pages.
- on_files: generate paths/index.md (pick a role; export, import, reset), paths/<id>.md (one per role)
  and drills/index.md.
- on_page_content: put the pre-rendered HTML into those pages, and add a "学习进度" block (mark as read or
  used, the reader's place in their path, related drills) to every playbook and calculator page.

Every word a reader sees is rendered here. docs/assets/js/progress.js only reads and writes localStorage
(keys ``qunce:role``, ``qunce:read:<slug>``, ``qunce:used:<calc>``, ``qunce:drill:<id>``; checklists are
``qunce:checklist:<slug>``, written by qunce.js), shows and hides what is here, and counts.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any, Literal

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the calculators package lives at the repo root
    sys.path.insert(0, str(ROOT))

from playbook_schema import SOURCES, read_playbooks  # noqa: E402

from calculators import CALCULATORS  # noqa: E402

log = logging.getLogger("mkdocs.hooks.training")
TRAINING_FILE = Path(os.environ.get("QUNCE_TRAINING", ROOT / "training.yml"))  # tests point these elsewhere
DRILLS_FILE = Path(os.environ.get("QUNCE_DRILLS", ROOT / "drills.yml"))
PLAYBOOKS = Path(os.environ.get("QUNCE_PLAYBOOKS", ROOT / "playbooks"))
NAV_TITLE = "培训"
INDEX_URI = "paths/index.md"
DRILLS_URI = "drills/index.md"
MAX_SCORE = 2
SCORE_WORDS = {2: "最佳做法", 1: "部分得分", 0: "不得分"}
LETTERS = "ABCD"
ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKER = re.compile(r"<!--\s*qunce:training\s+([a-z-]+)(?:\s+([a-z0-9-]+))?\s*-->")


# ---------------------------------------------------------------------------------------------- data


@dataclass(frozen=True)
class Step:
    kind: Literal["playbook", "calculator"]
    ref: str
    why: str

    @property
    def key(self) -> str:
        """The step's localStorage key, without the ``qunce:`` prefix."""
        return f"read:{self.ref}" if self.kind == "playbook" else f"used:{self.ref}"

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
class Book:
    """What the training pages need to know about a playbook."""

    title: str
    checklist: int  # number of checklist items


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


def read_drills(path: Path, *, playbooks: Mapping[str, Book], calculators: Mapping[str, object]) -> tuple[Drill, ...]:
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
            if name not in SOURCES:
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


def read_paths(path: Path, *, playbooks: Mapping[str, Book], calculators: Mapping[str, object],
               drills: tuple[Drill, ...]) -> tuple[RolePath, ...]:
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
                problems.add(f"{where}.drills", f"unknown drill {drill_id!r} (not in {DRILLS_FILE.name})")
        paths.append(RolePath(str(path_id), _text(data, "title", where, problems), _text(data, "goal", where, problems),
                              _text(data, "intro", where, problems), steps, chosen))
    problems.check()
    return tuple(paths)


def _steps(value: object, where: str, problems: Problems, *, playbooks: Mapping[str, Book],
           calculators: Mapping[str, object]) -> tuple[Step, ...]:
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
        known: Mapping[str, object] = playbooks if kind == "playbook" else calculators
        if ref not in known:
            hint = f"no playbooks/{ref}.md" if kind == "playbook" else f"known: {sorted(calculators)}"
            problems.add(f"{spot}.{kind}", f"unknown {kind} {ref!r} ({hint})")
        step = Step(kind, str(ref), _text(data, "why", spot, problems))
        if any(other.key == step.key for other in steps):
            problems.add(f"{spot}.{kind}", f"{ref!r} is already a step of this path")
        steps.append(step)
    return tuple(steps)


def load(training_file: Path, drills_file: Path, *, playbooks: Mapping[str, Book],
         calculators: Mapping[str, object]) -> Training:
    """Both data files, validated against the playbooks and calculators that exist."""
    drills = read_drills(drills_file, playbooks=playbooks, calculators=calculators)
    paths = read_paths(training_file, playbooks=playbooks, calculators=calculators, drills=drills)
    return Training(paths, drills)


# ---------------------------------------------------------------------------------------------- state

_state: dict[str, Any] = {}


def _training() -> Training:
    training: Training = _state["training"]
    return training


def _books() -> dict[str, Book]:
    books: dict[str, Book] = _state["books"]
    return books


# ---------------------------------------------------------------------------------------------- hooks


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    books = {
        book.slug: Book(book.meta["title"], len(book.meta["checklist"] or []))
        for book in read_playbooks(PLAYBOOKS, calculators=set(CALCULATORS))
    }
    training = load(TRAINING_FILE, DRILLS_FILE, playbooks=books, calculators=CALCULATORS)
    _state.update(training=training, books=books)
    section: list[Any] = [INDEX_URI, *({p.title: p.src_uri} for p in training.paths), {"情景练习": DRILLS_URI}]
    config.nav = [
        {NAV_TITLE: section} if isinstance(item, dict) and item.get(NAV_TITLE) == INDEX_URI else item
        for item in (config.nav or [])
    ]
    log.debug("%d paths, %d drills", len(training.paths), len(training.drills))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    training = _training()
    files.append(File.generated(config, INDEX_URI, content=index_markdown(training)))
    for path in training.paths:
        files.append(File.generated(config, path.src_uri, content=path_markdown(path)))
    files.append(File.generated(config, DRILLS_URI, content=drills_markdown(training)))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    link = _linker(page, files)
    if "qunce:training" in html:
        html = MARKER.sub(lambda match: render_marker(match.group(1), match.group(2), link), html)
    key = study_key(uri)
    if key is not None:
        html += study_html(key, link)
    return html


# ---------------------------------------------------------------------------------------------- markdown


def index_markdown(training: Training) -> str:
    return "\n".join([
        "---", f"title: {NAV_TITLE}", "---", "",
        "# 培训：按角色学", "",
        "选一个和你的工作最接近的角色，按顺序读完这条路径上的手册、用自己的数字试一遍计算器，再做几道情景练习。"
        "每条路径开头写明学完能做到什么。", "",
        "学习进度只保存在这台设备的浏览器里：不用注册账号，也不会发送到任何地方。"
        "你可以把进度导出成一个小文件交给带你的人看，或者导入到另一台设备继续学。", "",
        "## 选一条路径", "",
        "<!-- qunce:training paths -->", "",
        "## 情景练习", "",
        f"[情景练习](../{DRILLS_URI})收了 {len(training.drills)} 个来自真实运营场景的选择题：凌晨的广告潮、碰了底线的成员、"
        "发完的奖励、冷下来的群……选出你会怎么做，马上看到按手册打的分和解释。", "",
        "## 导出、导入和清空进度 {#progress-file}", "",
        "<!-- qunce:training transfer -->", "",
    ])


def path_markdown(path: RolePath) -> str:
    return "\n".join([
        "---", f"title: {json.dumps(path.title, ensure_ascii=False)}", "---", "",
        f"# 培训路径：{path.title}", "",
        '!!! abstract "学完能做到"', f"    {path.goal}", "",
        path.intro, "",
        f"<!-- qunce:training status {path.id} -->", "",
        "## 步骤", "",
        f"<!-- qunce:training steps {path.id} -->", "",
        "## 情景练习", "",
        "读完相关的手册后做这几道题，检验自己在真实场景里会不会照流程做。", "",
        f"<!-- qunce:training path-drills {path.id} -->", "",
        "## 进度保存在哪里", "",
        "进度只保存在这台设备的浏览器里。换设备、清理浏览器数据之前，"
        "先在[培训](index.md#progress-file)页面导出进度文件；在那里也可以导入或清空进度、换一条路径。", "",
    ])


def drills_markdown(training: Training) -> str:
    lines = [
        "---", "title: 情景练习", "---", "",
        "# 情景练习", "",
        f"{len(training.drills)} 道题，每道是一个真实的运营场景，取自手册的来源文章和手册里的案例。选出你会怎么做，"
        f"点「看结果」：照手册做的最佳做法得 {MAX_SCORE} 分，方向对但漏了关键一步得 1 分，其余 0 分。"
        "每个选项都有解释，每道题都链接到对应的流程。", "",
        "答题记录只保存在这台设备的浏览器里，计入[培训路径](../paths/index.md)的进度；可以改选后再看一次结果。", "",
        "<!-- qunce:training drill-summary -->", "",
    ]
    for number, drill in enumerate(training.drills, start=1):
        lines += [f"## {number}. {drill.title} {{#drill-{drill.id}}}", "", f"<!-- qunce:training drill {drill.id} -->", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------- html

Linker = Callable[[str], str]


def _linker(page: Page, files: Files) -> Linker:
    """URL of a source file (e.g. ``playbooks/x.md``) relative to ``page``; unknown files stop the build."""

    def link(src_uri: str) -> str:
        target = files.get_file_from_path(src_uri)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: training link to a missing page {src_uri!r}")
        return escape(target.url_relative_to(page.file))

    return link


def render_marker(kind: str, ident: str | None, link: Linker) -> str:
    training = _training()
    paths = {path.id: path for path in training.paths}
    if kind == "paths":
        return paths_html(training, link)
    if kind == "transfer":
        return transfer_html()
    if kind == "drill-summary":
        return drill_summary_html(training)
    if kind == "drill" and ident in {d.id for d in training.drills}:
        return drill_html(training.drill(ident), link)
    if ident in paths:
        path = paths[ident]
        if kind == "status":
            return path_status_html(path)
        if kind == "steps":
            return _tally(path, "qc-path-steps", steps_html(path, link))
        if kind == "path-drills":
            return drill_list_html([training.drill(d) for d in path.drills], link)
    raise PluginError(f"training: unknown marker {kind!r} {ident!r}")


def _title(step: Step) -> str:
    return _books()[step.ref].title if step.kind == "playbook" else CALCULATORS[step.ref].title


def _tally(path: RolePath, css: str, body: str) -> str:
    """A block the page script updates for ``path``: counts, the chosen role, the next step."""
    steps = " ".join(step.key for step in path.steps)
    drills = " ".join(path.drills)
    return (f'<div class="qc-path {css}" data-path="{path.id}" data-steps="{steps}" data-drills="{drills}" '
            f'data-max="{MAX_SCORE}">{body}</div>')


def _pick_button(path: RolePath) -> str:
    return (f'<button type="button" class="md-button qc-role-pick" data-path="{path.id}" aria-pressed="false">'
            f"选择「{escape(path.title)}」路径</button>")


def _counts(path: RolePath) -> str:
    return (
        '<p class="qc-path-progress" data-needs-js hidden>'
        f'已完成 <strong><span data-count="steps">0</span> / {len(path.steps)}</strong> 步；'
        f'情景练习已答 <span data-count="drills">0</span> / {len(path.drills)} 道，'
        f'其中 <span data-count="best">0</span> 道选中了最佳做法。</p>'
    )


def paths_html(training: Training, link: Linker) -> str:
    cards = []
    for path in training.paths:
        nexts = "".join(
            f'<p class="qc-next" data-key="{step.key}" hidden>'
            f'下一步：<a href="{link(step.src_uri)}">{escape(_title(step))}</a></p>'
            for step in path.steps
        )
        body = (
            f'<h3 id="path-{path.id}"><a href="{link(path.src_uri)}">{escape(path.title)}</a></h3>'
            '<p class="qc-chosen-note" hidden><span class="qc-badge qc-badge-chosen">你选的路径</span></p>'
            f"<p>{escape(path.goal)}</p>"
            f'<p class="qc-path-size">共 {len(path.steps)} 步，{len(path.drills)} 道情景练习。</p>'
            + _counts(path) + nexts
            + '<p class="qc-path-complete" hidden>这条路径的步骤全部完成了。</p>'
            + f"<details><summary>查看全部 {len(path.steps)} 个步骤</summary>{steps_html(path, link, compact=True)}</details>"
            + f'<p class="qc-path-actions" data-needs-js hidden>{_pick_button(path)}</p>'
        )
        cards.append(_tally(path, "qc-path-card", body))
    return f'<div class="qc-path-cards">{"".join(cards)}</div>'


def path_status_html(path: RolePath) -> str:
    body = (
        '<p class="qc-chosen-note" hidden><span class="qc-badge qc-badge-chosen">你选的路径</span></p>'
        + _counts(path)
        + '<p class="qc-path-complete" hidden>这条路径的步骤全部完成了。可以回到情景练习，把没答对的题再做一遍。</p>'
        + f'<p class="qc-path-actions" data-needs-js hidden>{_pick_button(path)}</p>'
    )
    return _tally(path, "qc-path-status", body)


def steps_html(path: RolePath, link: Linker, *, compact: bool = False) -> str:
    items = []
    for step in path.steps:
        done, todo = ("已读", "未读") if step.kind == "playbook" else ("已用过", "未用过")
        kind = "手册" if step.kind == "playbook" else "计算器"
        books = _books()
        checklist = ""
        if step.kind == "playbook" and books[step.ref].checklist:
            total = books[step.ref].checklist
            checklist = (f'<span class="qc-step-checklist" data-checklist="{step.ref}" data-total="{total}">'
                         f'检查清单已勾 <span data-count="ticked">0</span> / {total}</span>')
        state = (
            f'<span class="qc-step-state" data-needs-js hidden>'
            f'<span class="qc-badge qc-badge-done" data-when="done" hidden>{done}</span>'
            '<span class="qc-badge qc-badge-next" data-when="next" hidden>下一步</span>'
            f'<span class="qc-badge qc-badge-todo" data-when="todo" hidden>{todo}</span>{checklist}</span>'
        )
        title = f'<a href="{link(step.src_uri)}">{escape(_title(step))}</a>'
        if compact:
            items.append(f'<li class="qc-step" data-key="{step.key}">{title} {state}</li>')
        else:
            items.append(
                f'<li class="qc-step" data-key="{step.key}"><p class="qc-step-title">{title}'
                f'<span class="qc-kind">{kind}</span></p><p class="qc-step-why">{escape(step.why)}</p>{state}</li>'
            )
    return f'<ol class="qc-steps">{"".join(items)}</ol>'


def drill_list_html(drills: list[Drill], link: Linker) -> str:
    items = "".join(
        f'<li class="qc-drill-item" data-drill="{d.id}" data-max="{MAX_SCORE}">'
        f'<a href="{link(DRILLS_URI)}#drill-{d.id}">{escape(d.title)}</a> '
        '<span class="qc-step-state" data-needs-js hidden>'
        '<span class="qc-badge qc-badge-todo" data-when="todo" hidden>未答</span>'
        + "".join(
            f'<span class="qc-badge qc-badge-score-{score}" data-when="score-{score}" hidden>已答：{word}</span>'
            for score, word in SCORE_WORDS.items()
        )
        + "</span></li>"
        for d in drills
    )
    return f'<ul class="qc-drill-list">{items}</ul>'


def drill_summary_html(training: Training) -> str:
    drills = " ".join(d.id for d in training.drills)
    return (
        f'<div class="qc-tally" data-steps="" data-drills="{drills}" data-max="{MAX_SCORE}">'
        f'<p class="qc-path-progress" data-needs-js hidden>已答 <span data-count="drills">0</span> / {len(training.drills)} 道，'
        f'其中 <span data-count="best">0</span> 道选中了最佳做法。</p></div>'
    )


def _score_line(letter: str, choice: Choice) -> str:
    return f"你选了 {letter}：得分 {choice.score} / {MAX_SCORE}（{SCORE_WORDS[choice.score]}）"


def drill_html(drill: Drill, link: Linker) -> str:
    name = f"qc-drill-{drill.id}"
    radios = "".join(
        f'<div class="qc-choice"><input type="radio" name="{name}" id="{name}-{i}" value="{i}" data-score="{c.score}">'
        f'<label for="{name}-{i}"><span class="qc-choice-letter">{LETTERS[i]}</span> {escape(c.text)}</label></div>'
        for i, c in enumerate(drill.choices)
    )
    best_letter = LETTERS[drill.best]
    feedback = "".join(
        f'<div class="qc-feedback qc-feedback-{c.score}" data-choice="{i}" hidden>'
        f'<p class="qc-feedback-score">{_score_line(LETTERS[i], c)}</p><p>{escape(c.why)}</p>'
        + ("" if c.score == MAX_SCORE else f"<p>最佳做法是 {best_letter}：{escape(drill.choices[drill.best].text)}</p>")
        + "</div>"
        for i, c in enumerate(drill.choices)
    )
    answers = "".join(
        f"<li><p><strong>{escape(c.text)}</strong></p>"
        f"<p>得分 {c.score} / {MAX_SCORE}（{SCORE_WORDS[c.score]}）。{escape(c.why)}</p></li>"
        for c in drill.choices
    )
    books = "、".join(f'<a href="{link(f"playbooks/{slug}.md")}">{escape(_books()[slug].title)}</a>' for slug in drill.playbooks)
    calcs = "、".join(f'<a href="{link(f"calculators/{c}.md")}">{escape(CALCULATORS[c].title)}</a>' for c in drill.calculators)
    sources = "；".join(escape(article.citation()) for name in drill.sources for article in SOURCES[name])
    links = f"<p>对应流程：{books}。</p>" + (f"<p>用得上的计算器：{calcs}。</p>" if calcs else "")
    return (
        f'<div class="qc-drill" data-drill="{drill.id}" data-max="{MAX_SCORE}">'
        f'<p class="qc-drill-situation">{escape(drill.situation)}</p>'
        f'<form class="qc-drill-form" method="get" action="#drill-{drill.id}">'
        f"<fieldset><legend>{escape(drill.question)}</legend>{radios}</fieldset>"
        '<p class="qc-drill-actions" data-needs-js hidden>'
        '<button type="submit" class="md-button md-button--primary">看结果</button></p>'
        '<p class="qc-drill-pick" role="alert" hidden>请先选一个选项。</p></form>'
        f'<div class="qc-drill-feedback" tabindex="-1" hidden>{feedback}</div>'
        f'<details class="qc-drill-answers"><summary>全部选项的得分和解释</summary><ol type="A">{answers}</ol></details>'
        f'<div class="qc-drill-links">{links}<p>素材来源：{sources}。事实取自这些文章，场景是为练习编写的。</p></div>'
        "</div>"
    )


def transfer_html() -> str:
    messages = {
        "exported": "已生成进度文件 qunce-progress.json，可以在浏览器的下载列表里找到它。",
        "imported": '已导入 <span data-slot="count">0</span> 条记录，这台设备上的进度已更新。',
        "invalid": "这个文件不是群策的进度文件，或者已经损坏，没有导入任何内容。",
        "reset": "已清空这台设备上的学习进度。",
        "storage": "这个浏览器不允许网站保存数据（例如开启了无痕模式或禁用了网站存储），进度无法保存。",
    }
    status = "".join(f'<p data-msg="{key}" hidden>{text}</p>' for key, text in messages.items())
    return (
        '<div class="qc-transfer">'
        "<noscript><p>导出、导入和清空进度需要浏览器启用 JavaScript。</p></noscript>"
        '<div class="qc-transfer-controls" data-needs-js hidden>'
        "<p>进度文件是一个很小的 JSON 文件，记着你选的路径、读完的手册、用过的计算器、检查清单的勾选和情景练习的答案，"
        "没有姓名或任何账号信息。</p>"
        '<p class="qc-transfer-actions"><button type="button" class="md-button qc-export">导出进度文件</button> '
        '<button type="button" class="md-button qc-reset" aria-expanded="false" aria-controls="qc-reset-confirm">'
        "清空进度</button></p>"
        '<p class="qc-import-field"><label for="qc-import">导入进度文件（会替换这台设备上现有的进度）：</label> '
        '<input type="file" id="qc-import" class="qc-import" accept=".json,application/json"></p>'
        '<div class="qc-reset-confirm" id="qc-reset-confirm" hidden>'
        "<p>确定要清空这台设备上的全部学习进度吗？已读记录、用过的计算器、检查清单的勾选和情景练习的答案都会删除，"
        "不能撤销。需要的话先导出进度文件。</p>"
        '<p><button type="button" class="md-button md-button--primary qc-reset-yes">确定清空</button> '
        '<button type="button" class="md-button qc-reset-no">取消</button></p></div>'
        f'<div class="qc-transfer-status" role="status">{status}</div>'
        "</div></div>"
    )


# ---------------------------------------------------------------------------------------------- study block


def study_key(src_uri: str) -> str | None:
    """``read:<slug>`` for a playbook page, ``used:<id>`` for a calculator page, else None."""
    folder, _, name = src_uri.partition("/")
    stem = name.removesuffix(".md")
    if folder == "playbooks" and stem in _books():
        return f"read:{stem}"
    if folder == "calculators" and stem in CALCULATORS:
        return f"used:{stem}"
    return None


def study_html(key: str, link: Linker) -> str:
    """The block at the end of a playbook or calculator page: mark it, see where it sits in the reader's path."""
    training = _training()
    kind, _, ref = key.partition(":")
    hints = []
    for path in training.paths:
        keys = [step.key for step in path.steps]
        if key not in keys:
            continue
        number = keys.index(key) + 1
        text = f"这一页是「{escape(path.title)}」路径的第 {number} 步，共 {len(keys)} 步。"
        if number < len(keys):
            following = path.steps[number]
            text += f'下一步：<a href="{link(following.src_uri)}">{escape(_title(following))}</a>。'
        else:
            text += f'这是最后一步，回到<a href="{link(path.src_uri)}">路径页</a>看看还有什么没完成。'
        hints.append(f'<p class="qc-path-hint" data-path="{path.id}" hidden>{text}</p>')
    if kind == "read":
        label, note = "我读完了这一页", "已记为读完。再点一次可以取消。"
        related = [d for d in training.drills if ref in d.playbooks]
    else:
        label, note = "我用自己的数字算过了", "已记为用过。再点一次可以取消。"
        related = [d for d in training.drills if ref in d.calculators]
    drills = f"<p>练一练：</p>{drill_list_html(related, link)}" if related else ""
    return (
        '<section class="qc-study" aria-labelledby="qc-study">'
        '<h2 id="qc-study">学习进度</h2>' + "".join(hints)
        + f'<p class="qc-mark-bar" data-needs-js hidden><button type="button" class="md-button qc-mark" data-key="{key}" '
        f'aria-pressed="false">{label}</button> <span class="qc-mark-note" hidden>{note}</span></p>'
        + drills
        + f'<p class="qc-study-note">进度只保存在这台设备的浏览器里，不会发送到任何地方。按角色安排的学习顺序，'
        f'以及导出、导入和清空进度，见<a href="{link(INDEX_URI)}">培训</a>。</p></section>'
    )
