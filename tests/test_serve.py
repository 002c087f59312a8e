"""`mkdocs serve` shows what the files say now (issue 14): after an edit to a calculator or to a data
file, the served page comes from the new code and data, not from what the process loaded first."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from conftest import edit, free_port, project_copy


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(check: Callable[[], bool], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, ValueError):
            pass
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}; mkdocs serve said:\n{log.read_text(encoding='utf-8')[-3000:]}")


def test_serve_rebuilds_calculators_and_data_files_from_their_current_text(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=out, stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}/"
        funnel = base + "calculators/funnel/"
        wait_for(lambda: "活动漏斗" in fetch(funnel), 240, "the first build", log)
        assert "活动漏斗（改过）" not in fetch(funnel)

        # A calculator's own text: its pre-rendered block comes from the edited package.
        edit(project / "calculators" / "funnel.py", 'title="活动漏斗"', 'title="活动漏斗（改过）"')
        wait_for(lambda: "活动漏斗（改过）的输入" in fetch(funnel), 240, "the rebuild after editing calculators/funnel.py", log)

        # A data file outside docs/: the facts page follows facts.yml.
        facts = base + "facts/"
        assert "9,876 人" not in fetch(facts)
        edit(project / "facts.yml", "value: 500\n", "value: 9876\n")
        wait_for(lambda: "9,876 人" in fetch(facts), 240, "the rebuild after editing facts.yml", log)
    finally:
        server.terminate()
        server.wait(timeout=30)
