"""The strict build: pre-rendered calculator pages, validated playbooks, a self-contained site."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, build_site, project_copy

from calculators import CALCULATORS, run

GOOD_PLAYBOOK = """---
title: 测试手册
summary: 一句话。
stage: 拉新
roles: [群主]
tags: [测试]
calculators: [funnel]
sources: [004_cfec6f481a4ef13c.txt]
reviewed: 2026-11-25
---

正文。
"""


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_calculator_pages_hold_the_default_result(site: Path) -> None:
    for calc_id, calculator in CALCULATORS.items():
        page = (site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
        assert run(calc_id, calculator.example_inputs()).html in page, calc_id
        assert f'data-calc="{calc_id}"' in page


def test_runtime_is_copied_into_the_site(site: Path) -> None:
    import json

    paths = json.loads((site / "assets" / "runtime.json").read_text())
    assert (site / paths["pyodide"] / "pyodide.asm.wasm").stat().st_size > 1_000_000
    assert (site / paths["pyodide"] / "python_stdlib.zip").exists()
    assert (site / paths["worker"]).exists()
    with zipfile.ZipFile(site / paths["wheel"]) as wheel:
        names = wheel.namelist()
    assert "calculators/__init__.py" in names and "calculators/web.py" in names
    assert any(name.endswith(".dist-info/WHEEL") for name in names)


def test_wheel_is_reproducible_and_importable(tmp_path: Path) -> None:
    from qunce_site.runtime import build_wheel

    name, first = build_wheel(ROOT / "calculators", "0.0.1")
    assert build_wheel(ROOT / "calculators", "0.0.1")[1] == first
    assert name == "qunce_calculators-0.0.1-py3-none-any.whl"
    (tmp_path / name).write_bytes(first)
    zipfile.ZipFile(tmp_path / name).extractall(tmp_path / "unpacked")
    result = subprocess.run(
        [sys.executable, "-c", "import calculators, json; print(json.dumps(calculators.run('funnel', {'reach': 10, 'rates': '0.5'}).outputs))"],
        cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "unpacked")}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert '"counts": [10, 5]' in result.stdout


class Requests(HTMLParser):
    """Collects every URL the HTML makes the browser fetch (not plain links)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and values.get("src"):
            self.urls.append(values["src"] or "")
        if tag == "link" and values.get("href") and values.get("rel") not in ("canonical", "alternate", None):
            self.urls.append(values["href"] or "")


def test_no_page_asks_another_host_for_anything(site: Path) -> None:
    foreign = []
    for path in html_pages(site):
        parser = Requests()
        parser.feed(path.read_text(encoding="utf-8"))
        foreign += [f"{path.relative_to(site)}: {url}" for url in parser.urls if re.match(r"(https?:)?//", url)]
    for path in [*site.rglob("*.css"), *site.rglob("*.js"), *site.rglob("*.mjs")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        foreign += [f"{path.relative_to(site)}: {url}" for url in re.findall(r"@import\s+url\(\s*['\"]?(https?://[^'\")]+)", text)]
    assert foreign == []
    assert not list(site.rglob("*.woff*")), "no web fonts are shipped or fetched"


def test_pages_without_a_calculator_do_not_mention_python(site: Path) -> None:
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        if "qc-calculator" not in text and "qc-workbook" not in text:  # a calculator, or the campaign plan's five
            assert "pyodide" not in text.lower(), path


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("stage: 拉新", "stage: 拉人"), "stage"),
        (("roles: [群主]", "roles: [老板]"), "roles"),
        (("calculators: [funnel]", "calculators: [funel]"), "calculators"),
        (("sources: [004_cfec6f481a4ef13c.txt]", "sources: [005.txt]"), "sources"),
        (("reviewed: 2026-11-25", "reviewed: 上周"), "reviewed"),
        (("tags: [测试]", "tags: [测试]\ncolour: red"), "colour"),
        (("summary: 一句话。\n", ""), "summary"),
        (("reviewed: 2026-11-25\n", ""), "reviewed"),
    ],
)
def test_bad_front_matter_fails_the_build_naming_file_and_field(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    project = project_copy(tmp_path / "project")
    bad = project / "playbooks" / "broken-page.md"
    bad.write_text(GOOD_PLAYBOOK.replace(*change), encoding="utf-8")
    result = build_site(tmp_path / "site", root=project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert str(bad) in output and f"{field}:" in output, output[-2000:]


@pytest.mark.parametrize(("days_ago", "shown"), [(0, False), (365, False), (366, True), (2000, True)])
def test_freshness_notice_shows_once_a_page_is_older_than_the_limit(days_ago: int, shown: bool) -> None:
    from qunce_site.features.playbooks import freshness_html
    from qunce_site.templates import Templates

    reviewed = datetime.date.today() - datetime.timedelta(days=days_ago)
    html = freshness_html(Templates(), reviewed, 365)
    assert f'data-reviewed="{reviewed.isoformat()}" data-max-days="365"' in html
    assert html.startswith('<div class="admonition warning qc-freshness"')
    assert (" hidden>" not in html) is shown
