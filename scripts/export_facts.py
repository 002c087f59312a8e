"""Write calculators/facts.json from facts.yml (the command line's copy; the build writes its own)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

spec = importlib.util.spec_from_file_location("content_data", ROOT / "hooks" / "content_data.py")
assert spec and spec.loader
content = importlib.util.module_from_spec(spec)
sys.modules["content_data"] = content  # dataclasses look their module up there
spec.loader.exec_module(content)
(ROOT / "calculators" / "facts.json").write_text(content.facts_json(content.load_facts(ROOT / "facts.yml")), encoding="utf-8")
print("calculators/facts.json written")
