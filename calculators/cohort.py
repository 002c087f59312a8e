"""带教 — a trainer's view of a cohort: several trainees' exported progress files in, one table out.

A progress file is what the 培训 page exports (its protocol is declared in qunce_site/progress.py; this
package cannot import that one, so the rules a file must meet are repeated in PROTOCOL below, and
tests/test_cohort.py holds the two to each other). Files that are not progress files, or are damaged, are
named and skipped; the others are laid out against the role paths, drills and self-test questions the site
ships in the wheel (training.json, kit/site.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .kit import format as fmt
from .kit import markup
from .kit.errors import InputError
from .kit.fields import Kind, field
from .kit.files import Upload, quoted
from .kit.site import site, training
from .kit.spec import Calculator
from .kit.typography import spaced

# The progress protocol as qunce_site/progress.py declares it (kept equal by a test).
PROTOCOL = {"format": "qunce-progress", "read_versions": (1, 2), "max_name": 40, "max_file_bytes": 200_000,
            "max_entries": 2000, "id_pattern": "[a-z0-9][a-z0-9_-]{0,79}", "quiz_answers": ("right", "wrong")}
ID = re.compile(f"^{PROTOCOL['id_pattern']}$")
MAX_FILES = 200
WEAKEST = 5
NO_PATH = "（没有选路径）"


@dataclass(frozen=True)
class CohortInputs:
    files: tuple[Upload, ...] = field(
        "进度文件", Kind.FILES, max_items=MAX_FILES,
        hint="学员在“培训”页导出的进度文件（qunce-progress.json），一次选几个。")


@dataclass(frozen=True)
class Trainee:
    name: str
    file: str
    exported: str
    role: str | None
    read: Mapping[str, str]
    used: Mapping[str, str]
    drills: Mapping[str, int]  # drill id → score
    quiz: Mapping[str, str]  # question id → right | wrong


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str


@dataclass(frozen=True)
class Cell:
    item: str  # step key, drill:<id> or quiz:<id>
    kind: str  # 手册 / 计算器 / 情景练习 / 自测题
    title: str
    results: tuple[str, ...]  # one per trainee of the path: what they did ('' = not yet)


@dataclass(frozen=True)
class PathTable:
    id: str
    title: str
    trainees: tuple[str, ...]
    rows: tuple[Cell, ...]


@dataclass(frozen=True)
class Summary:
    name: str
    path: str
    steps_done: int
    steps_total: int
    drills_done: int
    drill_points: int
    drill_max: int
    quiz_right: int
    quiz_answered: int
    exported: str


@dataclass(frozen=True)
class DrillStanding:
    id: str
    title: str
    tried: int
    mean: float  # share of the best score, over those who tried
    best: int


@dataclass(frozen=True)
class CohortOutputs:
    trainees: tuple[Summary, ...]
    skipped: tuple[Skipped, ...]
    paths: tuple[PathTable, ...]
    weakest_drills: tuple[DrillStanding, ...]
    missed_questions: tuple[tuple[str, str, int], ...]  # (id, title, trainees who answered wrong)
    has_training: bool


# ------------------------------------------------------------------------------------------ reading


class NotProgress(ValueError):
    """Why a file is not a usable progress file (Chinese)."""


def section(data: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = data.get(name, {})
    if not isinstance(value, dict) or not all(isinstance(key, str) and ID.match(key) for key in value):
        raise NotProgress(f"“{name}”一项已损坏")
    return value


def short_text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 40


def read_progress(upload: Upload) -> Trainee:
    if upload.size > PROTOCOL["max_file_bytes"]:  # type: ignore[operator]
        raise NotProgress(spaced(f"有 {fmt.number(upload.size / 1000, 0)} KB，进度文件只有几 KB，这不是进度文件"))
    try:
        data = json.loads(upload.data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotProgress("不是 JSON 文件，或者内容不完整（可能没有下载完）") from None
    if not isinstance(data, dict) or data.get("format") != PROTOCOL["format"]:
        raise NotProgress("不是群策的进度文件")
    if data.get("version") not in PROTOCOL["read_versions"]:  # type: ignore[operator]
        raise NotProgress(f"是版本 {str(data.get('version'))[:10]} 的进度文件，这个页面不认识：请刷新页面后再试")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > PROTOCOL["max_name"]):  # type: ignore[operator]
        raise NotProgress("名字一项已损坏")
    role = data.get("role")
    if role is not None and (not isinstance(role, str) or not ID.match(role)):
        raise NotProgress("路径一项已损坏")
    read, used = section(data, "read"), section(data, "used")
    if not all(short_text(value) for value in (*read.values(), *used.values())):
        raise NotProgress("已读记录已损坏")
    drills: dict[str, int] = {}
    for drill_id, answer in section(data, "drills").items():
        score = answer.get("score") if isinstance(answer, dict) else None
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 9:
            raise NotProgress("情景练习的记录已损坏")
        drills[drill_id] = score
    quiz = dict(section(data, "quiz"))
    if not all(answer in PROTOCOL["quiz_answers"] for answer in quiz.values()):  # type: ignore[operator]
        raise NotProgress("自测题的记录已损坏")
    checklists = section(data, "checklists")
    if len(read) + len(used) + len(drills) + len(quiz) + len(checklists) > PROTOCOL["max_entries"]:  # type: ignore[operator]
        raise NotProgress("记录多得不像进度文件")
    shown = " ".join(name.split()) if isinstance(name, str) else ""
    exported = data.get("exported")
    return Trainee(shown, upload.name, exported[:10] if isinstance(exported, str) else "", role, dict(read), dict(used),
                   drills, quiz)


# ------------------------------------------------------------------------------------------ computing


def titled(kind: str, slug: str) -> str:
    """A step's title: the playbook's (site data) or the calculator's (the registry); a step names either by slug."""
    if kind == "playbook":
        return site().playbook(slug).title
    from . import CALCULATORS, READERS

    calculator = CALCULATORS.get(slug) or READERS.get(slug)
    return calculator.title if calculator else slug


def unique_names(trainees: list[Trainee]) -> list[str]:
    """Names for the table: the trainee's, or the file's; the file's added where two are the same."""
    names = [trainee.name or f"（未填名字：{trainee.file}）" for trainee in trainees]
    return [f"{name}（{trainee.file}）" if names.count(name) > 1 else name for name, trainee in zip(names, trainees, strict=True)]


def compute(inputs: CohortInputs) -> CohortOutputs:
    trainees: list[Trainee] = []
    skipped: list[Skipped] = []
    for upload in sorted(inputs.files, key=lambda item: item.name):
        try:
            trainees.append(read_progress(upload))
        except NotProgress as reason:
            skipped.append(Skipped(upload.name, str(reason)))
    if not trainees:
        reasons = "；".join(f"{quoted(item.file)}{item.reason}" for item in skipped)
        raise InputError({"files": f"选的文件里没有一个能读的进度文件：{reasons}。"})
    trainees.sort(key=lambda trainee: (trainee.name or "\uffff", trainee.file))
    names = unique_names(trainees)
    data = training()
    paths = {item["id"]: item for item in data["paths"]} if data else {}
    drill_titles = {drill_id: item["title"] for drill_id, item in data["drills"].items()} if data else {}
    questions = {item["id"]: item["title"] for item in data["questions"]} if data else {}
    summaries: list[Summary] = []
    tables: list[PathTable] = []
    for path_id in sorted({trainee.role or "" for trainee in trainees}, key=lambda p: (p not in paths, p)):
        members = [(name, trainee) for name, trainee in zip(names, trainees, strict=True) if (trainee.role or "") == path_id]
        path = paths.get(path_id)
        steps = path["steps"] if path else []
        drills = list(path["drills"]) if path else sorted({d for _, t in members for d in t.drills})
        rows = [Cell(step["key"], "手册" if step["kind"] == "playbook" else "计算器", titled(step["kind"], step["ref"]),
                     tuple(step_result(trainee, step) for _, trainee in members)) for step in steps]
        rows += [Cell(f"drill:{drill}", "情景练习", drill_titles.get(drill, drill),
                      tuple(score_text(trainee.drills.get(drill)) for _, trainee in members)) for drill in drills]
        if path is not None:
            tables.append(PathTable(path_id, path["title"], tuple(name for name, _ in members), tuple(rows)))
        for name, trainee in members:
            done = sum(1 for step in steps if step_result(trainee, step))
            summaries.append(Summary(
                name=name, path=path["title"] if path else (path_id or NO_PATH),
                steps_done=done, steps_total=len(steps), drills_done=sum(1 for d in drills if d in trainee.drills),
                drill_points=sum(trainee.drills.get(d, 0) for d in drills), drill_max=2 * len(drills),
                quiz_right=sum(1 for answer in trainee.quiz.values() if answer == "right"),
                quiz_answered=len(trainee.quiz), exported=trainee.exported,
            ))
    return CohortOutputs(tuple(summaries), tuple(skipped), tuple(tables), weakest(trainees, drill_titles),
                         missed(trainees, questions), data is not None)


def step_result(trainee: Trainee, step: Mapping[str, str]) -> str:
    done = (trainee.read if step["kind"] == "playbook" else trainee.used).get(step["ref"])
    return ("已读 " if step["kind"] == "playbook" else "已用 ") + done if done else ""


def score_text(score: int | None) -> str:
    return "" if score is None else f"{score} 分"


def weakest(trainees: list[Trainee], titles: Mapping[str, str]) -> tuple[DrillStanding, ...]:
    scores: dict[str, list[int]] = {}
    for trainee in trainees:
        for drill_id, score in trainee.drills.items():
            scores.setdefault(drill_id, []).append(score)
    standing = [DrillStanding(drill_id, titles.get(drill_id, drill_id), len(found), round(sum(found) / (2 * len(found)), 4),
                              sum(1 for score in found if score == 2)) for drill_id, found in scores.items()]
    standing.sort(key=lambda item: (item.mean, -item.tried, item.id))
    return tuple(item for item in standing if item.mean < 1)[:WEAKEST]


def missed(trainees: list[Trainee], questions: Mapping[str, str]) -> tuple[tuple[str, str, int], ...]:
    wrong: dict[str, int] = {}
    for trainee in trainees:
        for question, answer in trainee.quiz.items():
            if answer == "wrong":
                wrong[question] = wrong.get(question, 0) + 1
    found = sorted(wrong.items(), key=lambda item: (-item[1], item[0]))[:WEAKEST]
    return tuple((question, questions.get(question, question), count) for question, count in found)


# ------------------------------------------------------------------------------------------ rendering


def summary_rows(out: CohortOutputs) -> list[list[str]]:
    return [[item.name, item.path, f"{item.steps_done} / {item.steps_total}" if item.steps_total else "—",
             f"{item.drills_done} 道，{item.drill_points} / {item.drill_max} 分" if item.drill_max else f"{item.drills_done} 道",
             f"{item.quiz_right} / {item.quiz_answered}" if item.quiz_answered else "—", item.exported or "—"]
            for item in out.trainees]


def render(inputs: CohortInputs, out: CohortOutputs) -> str:
    parts = [markup.figures([
        markup.Figure("学员", fmt.with_unit(str(len(out.trainees)), "人"), "读到的进度文件"),
        markup.Figure("跳过的文件", fmt.with_unit(str(len(out.skipped)), "个"), "不是进度文件或已损坏"),
    ])]
    if out.skipped:
        items = "".join(f"<li>{markup.esc(quoted(item.file))}：{markup.esc(item.reason)}，已跳过。</li>" for item in out.skipped)
        parts.append(f'<div class="qc-advice"><p>这些文件没有读：</p><ul>{items}</ul></div>')
    parts.append(markup.table("每位学员的进度", ["学员", "路径", "步骤", "情景练习", "自测题答对", "导出日期"],
                              summary_rows(out), numeric_from=99))
    if not out.has_training:
        parts.append(markup.paragraph(
            "没有找到培训路径的资料，所以只列出总数；在网站的“带教”页打开这些文件，可以看到每一步。", "note"))
    csv_rows: list[list[object]] = []
    for table in out.paths:
        rows = [[row.title, row.kind, *(result or "—" for result in row.results)] for row in table.rows]
        parts.append(markup.section(f"路径：{table.title}", markup.table(
            f"{table.title}：每一步和每道情景练习", ["步骤", "类别", *table.trainees], rows, numeric_from=99)))
        for row in table.rows:
            for name, result in zip(table.trainees, row.results, strict=True):
                csv_rows.append([name, table.title, row.kind, row.title, result])
    if out.weakest_drills:
        rows = [[item.title, str(item.tried), fmt.percent(item.mean, 0), str(item.best)] for item in out.weakest_drills]
        parts.append(markup.section("最弱的情景练习", markup.table(
            "学员得分最低的情景练习（平均分占满分的比例）", ["情景练习", "做过的人", "平均得分率", "拿到满分"], rows)
            + f"<p>带着大家把这几道题对应的流程再过一遍；情景练习在{markup.link('情景练习', '../drills/')}页。</p>"))
    if out.missed_questions:
        rows = [[title, str(count)] for _, title, count in out.missed_questions]
        parts.append(markup.section("答错最多的自测题", markup.table(
            "自认没答对的人最多的自测题", ["自测题", "没答对的人"], rows)))
    for item in out.trainees:
        csv_rows.append([item.name, item.path, "合计", "步骤", f"{item.steps_done}/{item.steps_total}"])
    parts.append(markup.csv_link("带教进度.csv", ["学员", "路径", "类别", "项目", "结果"], csv_rows, "下载这张表（CSV）"))
    return "".join(parts)


CALCULATOR = Calculator(
    id="cohort",
    title="带教",
    summary="选几位学员导出的进度文件，在你自己的设备上看到一张表：每人每一步读了没有、计算器用了没有、情景练习得几分、"
            "自测题答对几道，以及全班最弱的情景练习。",
    inputs=CohortInputs,
    compute=compute,
    render=render,
)
