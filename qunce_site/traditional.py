"""Simplified → Traditional Chinese (Taiwan standard, with phrases) for the zh-Hant edition.

OpenCC's ``s2twp`` converts phrase by phrase (软件 → 軟體, 信息 → 資訊), not character by character.
Two things are kept out of it:

- the words in ``zh-Hant.yml`` (``fixed:``), written as that file says: product names, and trade
  words that OpenCC's software-oriented Taiwan phrases get wrong (循环 → 迴圈);
- every line from a comment line starting ``opencc: off`` to one starting ``opencc: on`` (in
  any comment syntax: ``#``, ``//``, ``/*``, ``<!--``), for text that must stay as written, such as the editions' own names.

Curly quotation marks become corner brackets (“” → 「」, ‘’ → 『』), as Taiwan writes them.
Latin letters, digits, code and field names are never touched: OpenCC only maps Chinese.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Mapping
from pathlib import Path

import opencc
import yaml

CONFIG = "s2twp"
# A comment line (#, //, /*, <!--) that starts with the marker; mentions elsewhere don't count.
OFF = re.compile(r"^\s*(?:#|//|/\*|<!--)\s*opencc: off\b")
ON = re.compile(r"^\s*(?:#|//|/\*|<!--)\s*opencc: on\b")
# Placeholders for fixed words: Private Use Area characters, which OpenCC passes through unchanged.
_PLACEHOLDER_BASE = 0xE000
# Taiwan writes quotation marks as corner brackets; OpenCC leaves punctuation alone.
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})
# Files converted as text; anything else (images, fonts) is copied as it is.
TEXT_SUFFIXES = frozenset({".md", ".yml", ".yaml", ".py", ".js", ".mjs", ".css", ".html", ".json", ".svg", ".txt", ".toml"})
_SKIP = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})


class Converter:
    """Converts text with OpenCC, keeping fixed words and ``opencc: off`` regions as written."""

    def __init__(self, fixed: Mapping[str, str]) -> None:
        self.fixed = dict(fixed)
        self._opencc = opencc.OpenCC(CONFIG)
        # Longest first, so a longer fixed phrase wins over a fixed word inside it.
        words = sorted(self.fixed, key=len, reverse=True)
        self._marks = {word: chr(_PLACEHOLDER_BASE + i) for i, word in enumerate(words)}
        self._pattern = re.compile("|".join(map(re.escape, words))) if words else None

    def convert(self, text: str) -> str:
        out: list[str] = []
        converting = True
        chunk: list[str] = []
        for line in text.splitlines(keepends=True):
            if converting and OFF.match(line):
                out.append(self._convert_run("".join(chunk)))
                chunk, converting = [], False
            elif not converting and ON.match(line):
                out.append("".join(chunk))
                chunk, converting = [], True
            chunk.append(line)
        out.append(self._convert_run("".join(chunk)) if converting else "".join(chunk))
        return "".join(out)

    def _convert_run(self, text: str) -> str:
        if not text:
            return text
        protected = self._pattern.sub(lambda m: self._marks[m.group(0)], text) if self._pattern else text
        converted = str(self._opencc.convert(protected))
        for word, mark in self._marks.items():
            converted = converted.replace(mark, self.fixed[word])
        return converted.translate(QUOTES)

    def convert_file(self, source: Path, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix in TEXT_SUFFIXES:
            target.write_text(self.convert(source.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            shutil.copy2(source, target)

    def convert_tree(self, target: Path, sources: Mapping[str, Path], links: Iterable[tuple[str, Path]] = ()) -> None:
        """Write a converted copy of each source (file or folder) at ``target / name``, and symlinks for ``links``."""
        for name, source in sources.items():
            if source.is_dir():
                for path in sorted(source.rglob("*")):
                    if path.is_file() and not _SKIP.intersection(path.relative_to(source).parts):
                        self.convert_file(path, target / name / path.relative_to(source))
            else:
                self.convert_file(source, target / name)
        for name, source in links:
            (target / name).symlink_to(source, target_is_directory=source.is_dir())


def read_fixed(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    fixed = data.get("fixed") or {}
    if not isinstance(fixed, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in fixed.items()):
        raise ValueError(f"{path}: 'fixed' must map Simplified words to their zh-Hant spelling")
    return {str(k): str(v) for k, v in fixed.items()}
