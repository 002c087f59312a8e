"""Knowledge that crosses a boundary is declared once (issue 14): the progress protocol in
qunce_site/progress.py, the facts in facts.yml. The copies other readers need are generated and must be
current; the page scripts use only the declared data attributes; node's tests of progress-core.js pass."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from qunce_site import progress

SCRIPTS = [ROOT / "docs/assets/js/progress.js", ROOT / "docs/assets/js/progress-core.js"]
TEMPLATES = sorted((ROOT / "qunce_site/templates").glob("*.html"))


def test_generated_copies_are_current() -> None:
    result = subprocess.run([sys.executable, "-m", "qunce_site", "check"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def camel(name: str) -> str:
    return re.sub(r"-([a-z])", lambda m: m.group(1).upper(), name)


def test_progress_scripts_use_only_declared_attributes() -> None:
    used: set[str] = set()
    for script in SCRIPTS:
        text = script.read_text(encoding="utf-8")
        used |= set(re.findall(r"\[data-([a-z-]+)", text))
        used |= {re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name) for name in re.findall(r"\.dataset\.([a-zA-Z]+)", text)}
    used.discard("qc-bound")  # the scripts' own marker, set and read by them alone
    assert used, "the scripts should read data attributes"
    assert used <= set(progress.ATTRIBUTES), f"undeclared: {sorted(used - set(progress.ATTRIBUTES))}"


def test_every_declared_attribute_is_rendered_by_a_template() -> None:
    rendered = "".join(path.read_text(encoding="utf-8") for path in TEMPLATES)
    missing = [name for name in progress.ATTRIBUTES if f"data-{name}" not in rendered]
    assert missing == []


def test_progress_core_passes_its_node_tests() -> None:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is needed (scripts/setup.sh installs the npm packages with it)")
    result = subprocess.run([node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout[-3000:]
    assert re.search(r"^# pass [1-9]", result.stdout, re.MULTILINE), "node ran no tests"
