"""facts.yml is the one place for platform numbers: pages and calculators read it (issue 13)."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from conftest import ROOT, build_site, project_copy

from qunce_site.data.content import facts_json, load_facts


def test_the_calculators_copy_of_the_facts_is_current() -> None:
    """calculators/facts.json is generated from facts.yml (the build writes a fresh copy into the wheel;
    this one serves the command line). Regenerate: python -m qunce_site facts."""
    expected = facts_json(load_facts(ROOT / "facts.yml"))
    assert (ROOT / "calculators" / "facts.json").read_text(encoding="utf-8") == expected, (
        "calculators/facts.json is stale: run .venv/bin/python -m qunce_site facts"
    )


def test_one_value_in_facts_yml_changes_every_page_and_the_calculators_data_in_one_build(tmp_path: Path) -> None:
    """Change one platform number on a copy of the project and build once: the facts page, every page that
    cites the fact, and the facts the calculators' wheel carries all say the new number."""
    project = project_copy(tmp_path / "project")
    facts = project / "facts.yml"
    text = facts.read_text(encoding="utf-8")
    entry = text.index("id: wechat.group.scan_join_limit")
    value = text.index("value: 200\n", entry)
    facts.write_text(text[:value] + "value: 173\n" + text[value + len("value: 200\n"):], encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(site, root=project)
    assert result.returncode == 0, result.stderr[-3000:]
    citing = [path.stem for path in (project / "playbooks").glob("*.md")
              if "{{fact:wechat.group.scan_join_limit}}" in path.read_text(encoding="utf-8")]
    assert len(citing) >= 3
    for slug in citing:
        page = (site / "playbooks" / slug / "index.html").read_text(encoding="utf-8")
        assert "173 人" in page, slug
    assert "173 人" in (site / "facts" / "index.html").read_text(encoding="utf-8")
    runtime = json.loads((site / "assets" / "runtime.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / runtime["wheel"]) as wheel:
        shipped = json.loads(wheel.read("calculators/facts.json"))
    assert shipped["wechat.group.scan_join_limit"]["value"] == 173
    # The calculators' defaults and hints come from the same file: capacity's pre-rendered form and result.
    capacity = (site / "calculators" / "capacity" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'name="switch_at"[^>]*value="163"', capacity), "capacity's default switch size: the scan limit less 10"
    assert "173 人" in capacity
