"""facts.yml is the one place for platform numbers: pages and calculators read it (issue 13)."""

from __future__ import annotations

from conftest import ROOT, load_hook


def test_the_calculators_copy_of_the_facts_is_current() -> None:
    """calculators/facts.json is generated from facts.yml (the build writes a fresh copy into the wheel;
    this one serves the command line). Regenerate: see scripts/export_facts.py."""
    content = load_hook("content_data")
    expected = content.facts_json(content.load_facts(ROOT / "facts.yml"))
    assert (ROOT / "calculators" / "facts.json").read_text(encoding="utf-8") == expected, (
        "calculators/facts.json is stale: run .venv/bin/python scripts/export_facts.py"
    )
