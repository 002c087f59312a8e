"""facts.yml is the one place for platform numbers: pages and calculators read it (issue 13)."""

from __future__ import annotations

from conftest import ROOT

from qunce_site.data.content import facts_json, load_facts


def test_the_calculators_copy_of_the_facts_is_current() -> None:
    """calculators/facts.json is generated from facts.yml (the build writes a fresh copy into the wheel;
    this one serves the command line). Regenerate: python -m qunce_site facts."""
    expected = facts_json(load_facts(ROOT / "facts.yml"))
    assert (ROOT / "calculators" / "facts.json").read_text(encoding="utf-8") == expected, (
        "calculators/facts.json is stale: run .venv/bin/python -m qunce_site facts"
    )
