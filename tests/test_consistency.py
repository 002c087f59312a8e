"""Reader text says one thing one way (issue 13): “” quotes in the Simplified sources, no words about
how the handbook is made, one word per concept (terms.yml), and links named after the page they open.

Checked on the sources, where a reader's words are written: the playbooks (title, summary, checklist
and body), the site's own pages, the training data, the glossary's definitions and the data files.
Fenced templates count: operators paste them into their groups."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from mkdocs.utils.meta import get_data

TERMS = yaml.safe_load((ROOT / "terms.yml").read_text(encoding="utf-8"))
GLOSSARY = yaml.safe_load((ROOT / "glossary.yml").read_text(encoding="utf-8"))
PLAYBOOKS = sorted(ROOT.glob("playbooks/*.md"))
PAGES = sorted(ROOT.glob("docs/**/*.md"))
DATA = [ROOT / name for name in ("training.yml", "drills.yml", "facts.yml", "compliance.yml", "sources.yml")]
# Files whose reader text still awaits the consistency pass (issue 13). Empty when it is done.
PENDING: set[str] = {
}

COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
CORNER = re.compile(r"[「」『』]")
MENTION = re.compile(r"“[^”]*”")


def reader_text(path: Path) -> str:
    """What a reader of ``path`` sees, roughly: no comments, link targets or machine-only fields."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        body, meta = get_data(text)
        shown = [str(meta.get(key, "")) for key in ("title", "summary")] + [str(item) for item in meta.get("checklist") or []]
        text = "\n".join([*shown, body])
    elif path.name == "glossary.yml":
        text = "\n".join(f"{item['term']}\n{item['definition']}" for item in GLOSSARY)
    else:
        # comments and the drills' `sources:` (seed file names, a machine-only field like a page's front matter)
        text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "sources:")))
    text = COMMENT.sub("", text)
    return LINK_TARGET.sub("]", text)


READER_FILES = [*PLAYBOOKS, *PAGES, *DATA, ROOT / "glossary.yml"]
IDS = [str(path.relative_to(ROOT)) for path in READER_FILES]


def checked(path: Path) -> None:
    if str(path.relative_to(ROOT)) in PENDING:
        pytest.skip("awaiting the consistency pass (PENDING)")


@pytest.mark.parametrize("path", READER_FILES, ids=IDS)
def test_simplified_text_uses_curly_quotes(path: Path) -> None:
    checked(path)
    lines = [line.strip() for line in reader_text(path).splitlines() if CORNER.search(line)]
    assert lines == [], "Simplified text quotes with “” (the zh-Hant edition writes 「」):\n" + "\n".join(lines[:10])


@pytest.mark.parametrize("path", READER_FILES, ids=IDS)
def test_no_words_about_how_the_handbook_is_made(path: Path) -> None:
    checked(path)
    text = reader_text(path)
    found = {word: text.count(word) for word in TERMS["jargon"] if word in text}
    names = re.findall(r"\d{3}_[0-9a-f]{16}\.txt", text if path.name != "sources.yml" else "")
    assert not found and not names, f"reader text names how the handbook is made: {found} {names[:3]}"


@pytest.mark.parametrize("path", READER_FILES, ids=IDS)
def test_one_word_per_concept(path: Path) -> None:
    checked(path)
    text = MENTION.sub("", reader_text(path))  # a word in quotes is mentioned, not used
    used = {word: term["use"] for term in TERMS["terms"] for word in term["not"] if word in text}
    assert used == {}, "write the preferred word (terms.yml), or quote the colloquial one as a mention: " + str(used)


def test_colloquial_words_stay_findable_as_glossary_aliases() -> None:
    aliases = {item["term"]: set(item.get("aliases") or ()) for item in GLOSSARY}
    for term in TERMS["terms"]:
        assert term["use"] in aliases, f"{term['use']} needs a glossary entry"
        missing = set(term["not"]) - aliases[term["use"]]
        assert not missing, f"glossary entry {term['use']} should list {sorted(missing)} as aliases"


def test_terms_list_is_well_formed() -> None:
    seen: set[str] = set()
    for term in TERMS["terms"]:
        assert set(term) == {"use", "not", "why"} and term["not"]
        assert not seen & set(term["not"]) and term["use"] not in seen
        seen |= {term["use"], *term["not"]}


MD_LINK = re.compile(r"(?<!!)\[([^\]\n]+)\]\(([^)\s]+\.md)(?:#([^)\s]*))?(?:\s+\"[^\"]*\")?\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)(?:\s*\{[^}]*\})?\s*$", re.MULTILINE)


def page_names(path: Path) -> tuple[set[str], set[str]]:
    """The names a link to ``path`` may use (its title and declared short forms), and its section headings."""
    from calculators import CALCULATORS

    if path.parent.name == "calculators" and path.stem in CALCULATORS:
        names = {CALCULATORS[path.stem].title}
    else:
        body, meta = get_data(path.read_text(encoding="utf-8"))
        first = HEADING.search(body)
        names = {str(meta.get("title") or (first.group(1) if first else path.stem)), *map(str, meta.get("short") or ())}
    body = get_data(path.read_text(encoding="utf-8"))[0]
    return names, {match.group(1).strip() for match in HEADING.finditer(body)}


@pytest.mark.parametrize("path", [*PLAYBOOKS, *PAGES], ids=[str(p.relative_to(ROOT)) for p in [*PLAYBOOKS, *PAGES]])
def test_link_text_is_the_linked_pages_title(path: Path) -> None:
    checked(path)
    wrong = []
    for text, target, anchor in MD_LINK.findall(get_data(path.read_text(encoding="utf-8"))[0]):
        linked = (path.parent / target).resolve()
        if linked.is_relative_to(ROOT / "docs" / "playbooks"):  # the site puts playbooks/ under docs/
            linked = ROOT / linked.relative_to(ROOT / "docs")
        if not linked.exists():
            continue  # broken links are the strict build's job
        names, headings = page_names(linked)
        if text not in names and not (anchor and text in headings):
            wrong.append(f"[{text}]({target}{'#' + anchor if anchor else ''}) → {sorted(names)}")
    assert wrong == [], "link text should be the linked page's title, a declared short form, or the linked section's heading:\n" + "\n".join(wrong)
