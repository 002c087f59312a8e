"""Drills can't be passed without reading them (issue 13): the best answer is not given away by its length.

Reads drills.yml as it is (no build). Lengths are counted the way the page shows a choice: the YAML lines
joined without spaces (hooks/training.py joins them so), in characters. Run on the drills of before the
rewrite (`git show 7227803:drills.yml`), where the best answer was the longest choice in all 13 drills and
2–4 times longer than the rest, these tests fail.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

DRILLS_FILE = Path(os.environ.get("QUNCE_DRILLS", ROOT / "drills.yml"))
DRILLS: list[dict[str, Any]] = yaml.safe_load(DRILLS_FILE.read_text(encoding="utf-8"))["drills"]
BEST = 2
MIN_DRILLS = 17
MAX_BEST_IS_LONGEST = 0.40  # share of drills where the best answer is the longest choice (ties count)
MIN_BEST_IN_RANGE = 0.75  # share of drills where it is no shorter than the shortest other and no longer than the longest


def joined(text: str) -> str:
    return "".join(line.strip() for line in str(text).splitlines())


def lengths(drill: dict[str, Any]) -> tuple[int, list[int]]:
    """The best choice's length and the other choices' lengths."""
    best = [joined(c["text"]) for c in drill["choices"] if c["score"] == BEST]
    assert len(best) == 1, f"{drill['id']}: exactly one choice scores {BEST}"
    others = [len(joined(c["text"])) for c in drill["choices"] if c["score"] != BEST]
    return len(best[0]), others


def test_there_are_enough_drills() -> None:
    assert len(DRILLS) >= MIN_DRILLS, f"{len(DRILLS)} drills; at least {MIN_DRILLS}"


@pytest.mark.parametrize("drill", DRILLS, ids=[d["id"] for d in DRILLS])
def test_each_drills_choices_differ(drill: dict[str, Any]) -> None:
    texts = [joined(c["text"]) for c in drill["choices"]]
    assert all(texts), f"{drill['id']}: a choice has no text"
    assert len(set(texts)) == len(texts), f"{drill['id']}: two choices read the same"


def test_the_best_answer_is_seldom_the_longest() -> None:
    longest = [d["id"] for d in DRILLS if (pair := lengths(d))[0] >= max(pair[1])]
    share = len(longest) / len(DRILLS)
    assert share <= MAX_BEST_IS_LONGEST, (
        f"the best answer is the longest choice in {len(longest)} of {len(DRILLS)} drills ({share:.0%}; "
        f"at most {MAX_BEST_IS_LONGEST:.0%}): {longest}"
    )


def test_the_best_answer_is_as_long_as_the_others() -> None:
    outside = {d["id"]: pair for d in DRILLS if not min((pair := lengths(d))[1]) <= pair[0] <= max(pair[1])}
    share = 1 - len(outside) / len(DRILLS)
    assert share >= MIN_BEST_IN_RANGE, (
        f"the best answer's length lies within the other choices' range in {share:.0%} of drills "
        f"(at least {MIN_BEST_IN_RANGE:.0%}); outside: "
        + ", ".join(f"{ident} best {best} vs {min(rest)}..{max(rest)}" for ident, (best, rest) in outside.items())
    )
