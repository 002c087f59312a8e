"""Files generated from the plugin's declarations, kept in the repository for the readers that can't
run the build (the command line, node's tests):

    python -m qunce_site facts      calculators/facts.json from facts.yml
    python -m qunce_site protocol   docs/assets/js/qunce-protocol.js from qunce_site/progress.py
    python -m qunce_site check      exit 1 if either is stale (tests run this too)
"""

from __future__ import annotations

import sys
from pathlib import Path

from .data.content import facts_json, load_facts
from .progress import javascript

ROOT = Path.cwd()


def generated(root: Path) -> dict[Path, str]:
    return {
        root / "calculators" / "facts.json": facts_json(load_facts(root / "facts.yml")),
        root / "docs" / "assets" / "js" / "qunce-protocol.js": javascript(),
    }


def main(argv: list[str]) -> int:
    files = generated(ROOT)
    wanted = {"facts": "facts.json", "protocol": "qunce-protocol.js"}
    if len(argv) == 1 and argv[0] in wanted:
        for path, text in files.items():
            if path.name == wanted[argv[0]]:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
        return 0
    if argv == ["check"]:
        stale = [path for path, text in files.items() if not path.exists() or path.read_text(encoding="utf-8") != text]
        for path in stale:
            command = "facts" if path.suffix == ".json" else "protocol"
            print(f"{path.relative_to(ROOT)} is stale: run python -m qunce_site {command}")
        return 1 if stale else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
