"""带教: progress files of several trainees laid out against the role paths; files that are not progress
files are named and skipped; the rules repeat qunce_site/progress.py's exactly."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import chat_samples as samples
import pytest

from calculators import InputError, run
from calculators.cohort import PROTOCOL
from calculators.kit.files import Upload
from calculators.kit.site import use_training
from qunce_site import progress
from qunce_site.data.questions import read_questions

TRAINING = {
    "paths": [{"id": "new-admin", "title": "新群管理员", "drills": ["bottom-line", "night-spam"], "steps": [
        {"key": "read:community-positioning", "kind": "playbook", "ref": "community-positioning"},
        {"key": "read:group-roles", "kind": "playbook", "ref": "group-roles"},
        {"key": "used:rules", "kind": "calculator", "ref": "rules"},
    ]}],
    "drills": {"bottom-line": {"title": "碰了底线的成员", "max": 2}, "night-spam": {"title": "凌晨的广告潮", "max": 2}},
    "questions": [{"id": "m1-q1", "module": 1, "module_title": "模块一", "title": "自测：一"},
                  {"id": "m1-q2", "module": 1, "module_title": "模块一", "title": "自测：二"}],
}


@pytest.fixture(autouse=True)
def training_data() -> Iterator[None]:
    use_training(TRAINING)
    yield
    use_training(None)


def cohort(files: dict[str, bytes]) -> dict[str, Any]:
    return dict(run("cohort", {"files": tuple(Upload(name, data) for name, data in files.items())}).outputs)


def test_two_trainees_and_one_damaged_file() -> None:
    out = cohort(samples.progress_samples())
    assert [item["name"] for item in out["trainees"]] == ["王小明", "（未填名字：qunce-progress.json）"]
    first, second = out["trainees"]
    assert (first["steps_done"], first["steps_total"], first["drill_points"], first["quiz_right"]) == (3, 3, 2, 1)
    assert (second["steps_done"], second["drills_done"], second["quiz_answered"]) == (1, 1, 0)
    assert out["skipped"] == [{"file": "坏了.json", "reason": "不是 JSON 文件，或者内容不完整（可能没有下载完）"}]
    table = out["paths"][0]
    cells = {row["item"]: row["results"] for row in table["rows"]}
    assert cells["read:group-roles"] == ["已读 2026-11-29", ""]
    assert cells["used:rules"] == ["已用 2026-11-30", ""]
    assert cells["drill:night-spam"] == ["0 分", "1 分"]
    assert out["weakest_drills"][0]["id"] == "night-spam" and out["weakest_drills"][0]["mean"] == 0.25
    assert out["missed_questions"] == [["m1-q2", "自测：二", 1]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"not json", "不是 JSON 文件，或者内容不完整（可能没有下载完）"),
        (json.dumps({"format": "other"}).encode(), "不是群策的进度文件"),
        (json.dumps({"format": "qunce-progress", "version": 9}).encode(), "是版本 9 的进度文件，这个页面不认识：请刷新页面后再试"),
        (json.dumps({"format": "qunce-progress", "version": 2, "quiz": {"m1-q1": "maybe"}}).encode(), "自测题的记录已损坏"),
        (json.dumps({"format": "qunce-progress", "version": 2, "read": {"Bad Id": "x"}}).encode(), "“read”一项已损坏"),
        (b"x" * 200_001, "有 200 KB，进度文件只有几 KB，这不是进度文件"),
    ],
)
def test_a_file_that_is_not_a_progress_file_is_skipped_with_the_reason(data: bytes, reason: str) -> None:
    out = cohort({**dict(list(samples.progress_samples().items())[:1]), "x.json": data})
    assert out["skipped"] == [{"file": "x.json", "reason": reason}]
    assert len(out["trainees"]) == 1


def test_no_progress_file_at_all_is_an_error_naming_each_file() -> None:
    with pytest.raises(InputError) as caught:
        cohort({"a.json": b"[]", "b.csv": b"x"})
    assert caught.value.errors["files"] == (
        "选的文件里没有一个能读的进度文件：“a.json”不是群策的进度文件；“b.csv”不是 JSON 文件，或者内容不完整（可能没有下载完）。"
    )


def test_two_trainees_with_one_name_are_told_apart_by_file() -> None:
    one = samples.progress_samples()["王小明.json"]
    out = cohort({"a.json": one, "b.json": one})
    assert [item["name"] for item in out["trainees"]] == ["王小明（a.json）", "王小明（b.json）"]


def test_names_from_files_are_escaped() -> None:
    data = json.loads(samples.progress_samples()["王小明.json"])
    data["name"] = "<script>x</script>"
    html = run("cohort", {"files": (Upload("<i>.json", json.dumps(data).encode()),)}).html
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_the_rules_are_the_protocols() -> None:
    assert PROTOCOL == {
        "format": progress.FORMAT, "read_versions": progress.READ_VERSIONS, "max_name": progress.MAX_NAME,
        "max_file_bytes": progress.MAX_FILE_BYTES, "max_entries": progress.MAX_ENTRIES, "id_pattern": progress.ID_PATTERN,
        "quiz_answers": progress.QUIZ_ANSWERS,
    }


def test_question_ids_count_within_each_module() -> None:
    text = '## 模块一\n\n??? question "一"\n    答\n\n??? question "二"\n    答\n\n## 模块二\n\n??? question "三"\n    答\n'
    assert [(q.id, q.title) for q in read_questions(text)] == [("m1-q1", "一"), ("m1-q2", "二"), ("m2-q1", "三")]


def test_without_training_data_the_totals_are_still_shown() -> None:
    use_training(None)
    out = cohort(samples.progress_samples())
    assert out["has_training"] is False and len(out["trainees"]) == 2 and out["paths"] == []


def reader_texts() -> Iterator[str]:
    """Every text the three file-reading calculators show, on the samples and on bad files."""
    import base64

    from html_text import text_pieces
    from test_calculator_text import DATA_URL

    from calculators import READERS
    from calculators.web import page_html

    runs = [("chat", files) for files in samples.samples().values()]
    runs += [("chat", {"bad.csv": samples.damaged_chatlog()}), ("wecom", samples.wecom_samples()),
             ("cohort", samples.progress_samples())]
    for calc_id, files in runs:
        html = run(calc_id, {"files": tuple(Upload(n, d) for n, d in files.items())}).html
        yield from text_pieces(html)
        yield from (base64.b64decode(data).decode("utf-8") for data in DATA_URL.findall(html))
    for calc_id, calculator in READERS.items():
        yield from (calculator.title, calculator.summary)
        yield from text_pieces(page_html(calc_id, "../../", {"worker": "w.js", "pyodide": "p/", "wheel": "x.whl"}))
        for bad in (b"", b"x,y\r\n1,2", samples.wecom_json(), samples.chatlog_csv(), b"{}"):
            try:
                run(calc_id, {"files": (Upload("f.csv", bad),)})
            except InputError as error:
                yield from error.errors.values()


def test_file_readers_write_one_word_per_concept_and_curly_quotes() -> None:
    from test_calculator_text import CORNER, MENTION, TERMS

    texts = list(reader_texts())
    text = "\n".join(texts)
    used = {word: term["use"] for term in TERMS["terms"] for word in term["not"] if word in MENTION.sub("", text)}
    assert used == {} and [word for word in TERMS["jargon"] if word in text] == []
    assert not CORNER.search(text)
