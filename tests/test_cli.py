"""The command line: list, run, --json, and exit status 2 with Chinese messages on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calculators", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_list_names_every_calculator() -> None:
    from calculators import CALCULATORS

    result = cli("list")
    assert result.returncode == 0
    for calc_id, calculator in CALCULATORS.items():
        assert calc_id in result.stdout and calculator.title in result.stdout


def test_run_json_prints_inputs_and_outputs() -> None:
    result = cli("run", "funnel", "--json", "reach=50000", "rates=0.4,0.25,0.1")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["id"] == "funnel"
    assert payload["inputs"]["reach"] == 50000
    assert payload["outputs"]["counts"] == [50000, 20000, 5000, 500]
    assert payload["outputs"]["overall_rate"] == 0.01


def test_json_flag_may_stand_anywhere_after_run() -> None:
    result = cli("run", "funnel", "reach=50000", "rates=0.4", "--json")
    assert json.loads(result.stdout)["outputs"]["counts"] == [50000, 20000]


def test_readable_output_without_json() -> None:
    result = cli("run", "review", "counts=100,50")
    assert result.returncode == 0
    assert "活动复盘" in result.stdout and "step_rates: [0.5]" in result.stdout


@pytest.mark.parametrize(
    ("words", "field", "start"),
    [
        (["rates=1.5"], "rates", "“各步转化率”第 1 项应为"),
        (["reach=-1"], "reach", "“触达人数”应为 1 到"),
        (["reach=abc"], "reach", "“触达人数”应为 1 到"),
        (["reach="], "reach", "“触达人数”不能为空"),
        (["nonsense=1"], "nonsense", "活动漏斗没有“nonsense”这一项"),
        (["reach"], "reach", "“reach”不是 name=value 的形式"),
    ],
)
def test_bad_input_exits_2_with_the_field_named(words: list[str], field: str, start: str) -> None:
    base = {"reach": "reach=50000", "rates": "rates=0.4,0.25,0.1"}
    for word in words:
        base[word.partition("=")[0]] = word
    result = cli("run", "funnel", "--json", *base.values())
    assert result.returncode == 2
    errors = json.loads(result.stdout)["errors"]
    assert any(e["field"] == field and e["message"].startswith(start) for e in errors), errors
    assert "Traceback" not in result.stderr


def test_missing_field_exits_2_with_a_readable_message() -> None:
    result = cli("run", "funnel", "rates=0.4")
    assert result.returncode == 2
    assert result.stderr.strip() == "输入有误：“触达人数”不能为空，请填写 1 到 1,000,000,000 人之间的整数。"


@pytest.mark.parametrize("words", [[], ["run"], ["frobnicate"], ["run", "nope"], ["run", "funnel", "--fast"]])
def test_usage_errors_exit_2_without_a_traceback(words: list[str]) -> None:
    result = cli(*words)
    assert result.returncode == (0 if not words else 2)
    assert "Traceback" not in result.stderr
