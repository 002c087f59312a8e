"""List the files that differ between two builds of the site (issue 14: a refactor keeps every page
byte-identical unless a change is deliberate).

    python scripts/compare_builds.py OLD_SITE NEW_SITE [--diff PATH]

Prints the files only in one build and the files whose bytes differ; exits 1 if there are any.
``--diff PATH`` also prints a unified diff of that file (HTML is split at tags to keep lines short).
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import re
import sys
from pathlib import Path


def digests(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def compare(old: Path, new: Path) -> tuple[list[str], list[str], list[str]]:
    """(only in old, only in new, changed), each sorted."""
    a, b = digests(old), digests(new)
    return (sorted(set(a) - set(b)), sorted(set(b) - set(a)), sorted(name for name in set(a) & set(b) if a[name] != b[name]))


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return re.sub(r"(<[a-zA-Z/])", r"\n\1", text).splitlines() if path.suffix == ".html" else text.splitlines()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    parser.add_argument("--diff", action="append", default=[], help="print a diff of this file (relative path)")
    args = parser.parse_args(argv)
    gone, added, changed = compare(args.old, args.new)
    for title, names in (("only in the old build", gone), ("only in the new build", added), ("changed", changed)):
        if names:
            print(f"{title} ({len(names)}):")
            print("".join(f"  {name}\n" for name in names), end="")
    for name in args.diff:
        diff = difflib.unified_diff(lines(args.old / name), lines(args.new / name), name, name, lineterm="", n=1)
        print("\n".join(diff))
    if not (gone or added or changed):
        print("identical")
    return 1 if gone or added or changed else 0


if __name__ == "__main__":
    sys.exit(main())
