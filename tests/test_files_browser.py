"""Pages that read the reader's own files, in headless Chromium: every chat format, 企业微信 statistics and
the trainer's progress files give the same result as CPython's run(); nothing leaves the page while a file is
analysed; a file too large is refused before it is read."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import chat_samples as samples
import pytest
from test_browser import text_of

from calculators import InputError, run
from calculators.kit.files import Upload

pytestmark = pytest.mark.browser
READY = ".qc-calculator[data-state=ready]"
LOAD_TIMEOUT = 60_000


def open_ready(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)


def choose(page: Any, calc_id: str, folder: Path, files: dict[str, bytes]) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in files.items():
        path = folder / name
        path.write_bytes(data)
        paths.append(str(path))
    page.set_input_files(f"#qc-{calc_id}-files", paths)
    return paths


def wait_for_text(page: Any, expected: str) -> None:
    page.wait_for_function(
        "expected => document.querySelector('.qc-result').textContent === expected", arg=expected, timeout=60_000,
    )


@pytest.mark.parametrize("kind", list(samples.samples()))
def test_each_chat_format_gives_cpythons_result_and_asks_no_one(context: Any, page: Any, base_url: str, tmp_path: Path,
                                                                 kind: str) -> None:
    open_ready(page, f"{base_url}calculators/chat/")
    files = samples.samples()[kind]
    expected = run("chat", {"files": tuple(Upload(name, data) for name, data in files.items())})
    before = len(context.qunce_guard.seen_by_pages)
    choose(page, "chat", tmp_path / kind, files)
    wait_for_text(page, text_of(expected.html))
    assert context.qunce_guard.seen_by_pages[before:] == [], "the page asked the network for something while analysing"
    assert page.locator(".qc-calculator").get_attribute("data-state") == "done"


def test_a_date_range_and_member_count_change_the_result(page: Any, base_url: str, tmp_path: Path) -> None:
    open_ready(page, f"{base_url}calculators/chat/")
    files = samples.samples()["chatlog-csv"]
    choose(page, "chat", tmp_path, files)
    page.fill("#qc-chat-since", "2026-03-03")
    page.fill("#qc-chat-until", "2026-03-05")
    page.fill("#qc-chat-members", "40")
    expected = run("chat", {"files": tuple(Upload(n, d) for n, d in files.items()), "since": "2026-03-03",
                            "until": "2026-03-05", "members": "40"})
    wait_for_text(page, text_of(expected.html))
    assert "since=2026-03-03" in page.url and "files" not in page.url


def test_a_bad_file_shows_the_message_naming_it(page: Any, base_url: str, tmp_path: Path) -> None:
    open_ready(page, f"{base_url}calculators/chat/")
    files = {"空.csv": b""}
    with pytest.raises(InputError) as caught:
        run("chat", {"files": (Upload("空.csv", b""),)})
    choose(page, "chat", tmp_path, files)
    message = page.locator("#qc-chat-files-error")
    message.wait_for(state="visible", timeout=60_000)
    assert message.inner_text() == caught.value.errors["files"]


def test_a_1_gb_file_is_refused_before_it_is_read(page: Any, base_url: str, tmp_path: Path) -> None:
    open_ready(page, f"{base_url}calculators/chat/")
    huge = tmp_path / "huge.csv"
    with open(huge, "wb") as handle:
        handle.truncate(1 << 30)  # sparse: a gigabyte on the page, nothing on the disk
    page.set_input_files("#qc-chat-files", str(huge))
    message = page.locator("#qc-chat-files-error")
    message.wait_for(state="visible", timeout=5_000)
    assert message.inner_text() == page.get_attribute(".qc-files", "data-too-large")
    assert page.evaluate("1 + 1") == 2  # the page still answers at once
    assert page.locator(".qc-calculator").get_attribute("data-answered") is None  # nothing was sent to Python
    os.remove(huge)


def test_wecom_statistics_give_cpythons_result(context: Any, page: Any, base_url: str, tmp_path: Path) -> None:
    open_ready(page, f"{base_url}calculators/wecom/")
    files = samples.wecom_samples()
    expected = run("wecom", {"files": tuple(Upload(name, data) for name, data in files.items())})
    before = len(context.qunce_guard.seen_by_pages)
    choose(page, "wecom", tmp_path, files)
    wait_for_text(page, text_of(expected.html))
    assert context.qunce_guard.seen_by_pages[before:] == []


@pytest.fixture
def wheel_training(site: Path) -> Any:
    """The role paths, drills and questions the built site's wheel carries, for CPython's expectations."""
    import json
    import zipfile

    from calculators.kit.site import use_training

    runtime = json.loads((site / "assets" / "runtime.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / runtime["wheel"]) as wheel:
        data = json.loads(wheel.read("calculators/training.json"))
    use_training(data)
    yield data
    use_training(None)


def test_the_trainer_sees_two_trainees_and_the_damaged_file_named(context: Any, page: Any, base_url: str, tmp_path: Path,
                                                                    wheel_training: Any) -> None:
    page.goto(f"{base_url}cohort/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    files = samples.progress_samples()
    expected = run("cohort", {"files": tuple(Upload(name, data) for name, data in files.items())})
    before = len(context.qunce_guard.seen_by_pages)
    choose(page, "cohort", tmp_path, files)
    wait_for_text(page, text_of(expected.html))
    assert context.qunce_guard.seen_by_pages[before:] == []
    table = page.locator(".qc-result table").nth(1)  # the new-admin path: a row per step, a column per trainee
    headers = table.locator("thead th").all_inner_texts()
    assert headers[2:] == ["王小明", "（未填名字：qunce-progress.json）"]
    row = table.locator("tbody tr", has_text="群角色与管理分工").first
    assert row.locator("td").all_inner_texts()[1:] == ["已读 2026-11-29", "—"]
    assert "“坏了.json”：不是 JSON 文件" in page.locator(".qc-result .qc-advice").inner_text()


def test_a_self_test_answer_is_kept_and_exported_with_the_name(page: Any, base_url: str) -> None:
    import json

    page.goto(f"{base_url}learning-path/")
    question = page.locator("details.question").first
    question.locator("summary").click()
    question.locator("button[data-answer=right]").click()
    assert page.evaluate("localStorage.getItem('qunce:quiz:m1-q1')") == "right"
    assert question.locator("button[data-answer=right]").get_attribute("aria-pressed") == "true"
    page.goto(f"{base_url}paths/")
    page.fill("#qc-export-name", "王小明")
    with page.expect_download() as download:
        page.click(".qc-export")
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["version"] == 2 and data["name"] == "王小明" and data["quiz"] == {"m1-q1": "right"}


@pytest.mark.parametrize(("calc_id", "path"), [("chat", "calculators/chat/"), ("wecom", "calculators/wecom/"),
                                               ("cohort", "cohort/")])
def test_the_pages_with_a_result_have_no_axe_violations(page: Any, base_url: str, tmp_path: Path, calc_id: str,
                                                         path: str) -> None:
    from test_a11y import axe_violations

    files = {"chat": samples.samples()["pywxdump"], "wecom": samples.wecom_samples(),
             "cohort": samples.progress_samples()}[calc_id]
    open_ready(page, base_url + path)
    assert axe_violations(page) == []
    choose(page, calc_id, tmp_path, files)
    page.wait_for_selector(".qc-calculator[data-state=done]", timeout=60_000)
    assert axe_violations(page) == []
