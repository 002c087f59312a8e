"""The printable handbook (qunce_site/features/handbook.py) and printing (docs/assets/css/print.css).

The expected content comes from the sources: the modules and their playbooks from
docs/learning-path.md (its ``## `` sections and their links to ``playbooks/<slug>.md``), each
playbook's sections from its own built page. Printing is checked in Chromium, with print media
emulated for what is shown and hidden, and in a real PDF for where pages start: Chromium writes a
named destination (page, height) for every in-page link target, so the handbook's contents links
tell on which page, and how far down, each module and playbook begins.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from conftest import ROOT

URL = "handbook/"
PLAYBOOK_LINK = re.compile(r"\]\(playbooks/([a-z0-9-]+)\.md[)#]")


# ---------------------------------------------------------------------------------------------- reading


def learning_path() -> list[tuple[str, list[str]]]:
    """The learning path's modules, in order: each ``## `` heading with the playbooks it links, first mention only."""
    text = (ROOT / "docs" / "learning-path.md").read_text(encoding="utf-8")
    modules: list[tuple[str, list[str]]] = []
    seen: set[str] = set()
    for section in re.split(r"^(?=## )", text, flags=re.MULTILINE)[1:]:
        heading, _, body = section.partition("\n")
        slugs = [slug for slug in dict.fromkeys(PLAYBOOK_LINK.findall(body)) if slug not in seen]
        seen.update(slugs)
        if slugs:
            modules.append((heading.removeprefix("## ").strip(), slugs))
    return modules


class Outline(HTMLParser):
    """Ids, links and sources in an HTML page, and the text of its headings (inside the article)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.links: list[str] = []  # hrefs inside the article
        self.sources: list[str] = []  # src inside the article
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text) inside the article
        self._article = 0
        self._heading: tuple[str, str, list[str]] | None = None
        self._permalink = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.ids.append(values["id"])
        if tag == "article":
            self._article += 1
        if not self._article:
            return
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if "src" in values:
            self.sources.append(values["src"])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = (tag, values.get("id", ""), [])
        if tag == "a" and "headerlink" in values.get("class", ""):
            self._permalink = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        if tag == "a":
            self._permalink = False
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, self._heading[1], "".join(self._heading[2]).strip()))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading and not self._permalink:
            self._heading[2].append(data)


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    return parser


SLOT = re.compile(r'(<div class="qc-handbook-part" data-part="([^"]+)"[^>]*>)(</div>)')


def parts_of(site: Path, url: str = URL) -> dict[str, str]:
    parts: dict[str, str] = json.loads((site / url / "parts.json").read_text(encoding="utf-8"))
    return parts


@pytest.fixture(scope="module")
def page_html(site: Path) -> str:
    return (site / URL / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def handbook(site: Path, page_html: str) -> str:
    """The handbook as a reader gets it once print.js has put every part in its slot."""
    parts = parts_of(site)
    return SLOT.sub(lambda match: match.group(1) + parts[match.group(2)] + match.group(3), page_html)


def playbook_sections(html: str) -> dict[str, str]:
    """Each playbook's part of the handbook, by slug, in page order (a playbook holds no <section> of its own)."""
    found = {}
    for part in html.split('<section class="qc-handbook-playbook">')[1:]:
        match = re.match(r'<h3 id="([^"]+)"', part)
        assert match, part[:200]
        found[match.group(1)] = part[:part.index("</section>")]
    return found


# ---------------------------------------------------------------------------------------------- content


def test_the_handbook_holds_every_playbook_once_in_learning_path_order(handbook: str) -> None:
    modules = learning_path()
    expected = [slug for _, slugs in modules for slug in slugs]
    assert len(modules) >= 5 and len(expected) >= 20
    shown = re.findall(r'<section class="qc-handbook-playbook"><h3 id="([^"]+)"', handbook)
    assert shown == expected
    assert Counter(shown).most_common(1)[0][1] == 1
    assert sorted(shown) == sorted(path.stem for path in (ROOT / "playbooks").glob("*.md"))
    titles = re.findall(r'<section class="qc-handbook-module"><h2 id="[^"]+">([^<]+)</h2>', handbook)
    assert titles == [title for title, _ in modules]
    # Each module holds its own playbooks.
    for part, (_, slugs) in zip(handbook.split('<section class="qc-handbook-module">')[1:], modules, strict=True):
        assert re.findall(r'<section class="qc-handbook-playbook"><h3 id="([^"]+)"', part) == slugs


def test_each_playbook_is_in_full_with_its_headings_two_levels_down(site: Path, handbook: str) -> None:
    """Every section of the playbook's page is in the handbook, under the playbook's h3 (page h2 → handbook h4),
    and its checklist keeps the markup (and the storage key) that makes it work on screen."""
    sections = playbook_sections(handbook)
    assert sections
    for slug, part in sections.items():
        html = (site / "playbooks" / slug / "index.html").read_text(encoding="utf-8")
        own = [(int(tag[1]), text) for tag, ident, text in outline(html).headings if ident and ident != "qc-study" and tag != "h1"]
        here = [(int(tag[1]), text) for tag, _, text in outline(f"<article>{part}</article>").headings]
        assert here[0][0] == 3, slug  # the playbook's title
        assert [(level - 2, text) for level, text in here[1:]] == own, slug
        if 'class="qc-checklist"' in html:
            assert f'<div class="qc-checklist" data-key="checklist:{slug}">' in part, slug


def test_each_module_ends_with_its_self_test_questions(site: Path, handbook: str) -> None:
    path = (site / "learning-path" / "index.html").read_text(encoding="utf-8")
    questions = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>', path, re.DOTALL)
    assert questions
    shown = re.findall(r'<details class="question">\s*<summary>(.*?)</summary>', handbook, re.DOTALL)
    assert shown == questions
    for part in handbook.split('<section class="qc-handbook-module">')[1:]:
        assert part.rfind("qc-handbook-playbook") < part.find('class="qc-handbook-quiz"')


def test_ids_are_unique_and_every_in_page_link_resolves(handbook: str) -> None:
    page = outline(handbook)
    twice = [ident for ident, count in Counter(page.ids).items() if count > 1]
    assert twice == []
    anchors = [href for href in page.links if href.startswith("#") and href != "#"]
    assert len(anchors) > 100
    missing = sorted({href for href in anchors if unquote(href[1:]) not in set(page.ids)})
    assert missing == []


def test_links_to_other_pages_resolve_and_playbooks_are_linked_in_page(site: Path, handbook: str) -> None:
    """tests/test_content.py checks every link of the site; here: none leaves the handbook for a playbook it holds."""
    page = outline(handbook)
    root = site.resolve()
    base = PurePosixPath(URL)
    broken, to_playbooks = [], []
    outward = [href for href in [*page.links, *page.sources] if not href.startswith("#")]
    assert outward, "the handbook links to no other page (calculators, glossary)"
    for href in outward:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = Path(root, *(base / unquote(parts.path)).parts).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root not in target.parents or not target.is_file():
            broken.append(href)
        elif target.parent.parent == root / "playbooks":
            to_playbooks.append(href)
        elif parts.fragment and unquote(parts.fragment) not in outline(target.read_text(encoding="utf-8")).ids:
            broken.append(href)
    assert broken == []
    assert to_playbooks == []


def test_the_handbook_is_not_in_the_search_index(site: Path) -> None:
    indexes = list(site.rglob("search_index.json"))
    assert indexes
    for index in indexes:
        locations = [doc["location"] for doc in json.loads(index.read_text(encoding="utf-8"))["docs"]]
        assert any(location.startswith("learning-path/") for location in locations), index
        assert [location for location in locations if location.startswith(URL)] == [], index


def test_the_learning_path_links_to_the_handbook(site: Path) -> None:
    html = (site / "learning-path" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    assert 'href="../handbook/"' in article


def test_the_page_holds_the_outline_and_the_parts_file_the_playbooks_and_questions(site: Path, page_html: str) -> None:
    """The page is light (its headings, contents and introductions); each playbook's body and each module's
    questions are in parts.json beside it, in a slot of their own, and every id in a part starts with the
    part's key and "--", which is how print.js finds the part a link leads into."""
    modules = learning_path()
    parts = parts_of(site)
    slots = SLOT.findall(page_html)
    assert [key for _, key, _ in slots] == list(parts)
    assert list(parts) == [key for number, (_, slugs) in enumerate(modules, 1) for key in [*slugs, f"module-{number}"]]
    for key, html in parts.items():
        ids = outline(f"<article>{html}</article>").ids
        assert [ident for ident in ids if not ident.startswith(key + "--")] == [], key
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    assert "<pre" not in article and 'class="question"' not in article and 'class="qc-checklist"' not in article
    assert len(page_html.encode()) * 4 < len((site / URL / "parts.json").read_bytes())
    zh_hant = parts_of(site, "zh-Hant/" + URL)
    assert list(zh_hant) == list(parts) and zh_hant != parts


def test_the_parts_are_kept_for_offline_reading(site: Path) -> None:
    for edition in (site, site / "zh-Hant"):
        assert 'url:"handbook/parts.json"' in (edition / "sw.js").read_text(encoding="utf-8").replace(" ", ""), edition


# ---------------------------------------------------------------------------------------------- printing

HIDDEN_IN_PRINT = [
    ".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search",
    ".md-skip", ".md-top", ".md-code__button", ".qc-print", ".qc-checklist-reset", ".qc-checklist-count",
    ".qc-quiz",
]
VISIBLE = "s => [...document.querySelectorAll(s)].filter(e => e.checkVisibility()).length"
COUNT = "s => document.querySelectorAll(s).length"


SLOTS = "() => [document.querySelectorAll('.qc-handbook-part').length, document.querySelectorAll('.qc-handbook-part[data-filled]').length]"


def print_media(page: Any) -> None:
    """Print media, as the print dialog gives it: print.js puts every part in when it sees the change
    (printing itself announces beforeprint first, which emulated media does not)."""
    page.emulate_media(media="print")
    page.wait_for_function("() => !document.querySelector('.qc-handbook-part:not([data-filled])')")


def open_handbook(page: Any, base_url: str) -> None:
    page.set_viewport_size({"width": 700, "height": 1000})  # about A4's text width at 96 dpi
    page.goto(base_url + URL)
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
def test_parts_are_put_in_when_scrolled_near_linked_into_or_printed(page: Any, base_url: str, site: Path) -> None:
    open_handbook(page, base_url)
    total, filled = page.evaluate(SLOTS)
    assert total == len(parts_of(site)) and filled < total / 4, "only the parts near the window are filled at first"
    # A contents link to the last playbook: its heading is on the page; its body comes in around it.
    last = learning_path()[-1][1][-1]
    page.click(f'.qc-handbook-toc a[href$="#{last}"]')  # Material makes the page's links absolute
    page.wait_for_selector(f'.qc-handbook-part[data-part="{last}"][data-filled] h4', state="attached")
    # A link into a part not yet filled (the address of a section of a playbook), from another page.
    first = learning_path()[0][1][0]
    deep = outline(f"<article>{parts_of(site)[first]}</article>").headings[0][1]
    # (From the same page, the address changing only after "#" is a popstate, which Material's instant
    # navigation may answer by swapping the page in again: a different path, tested by going elsewhere first.)
    page.goto(base_url)
    page.goto(f"{base_url}{URL}#{deep}")
    page.wait_for_selector(f"#{deep}", state="attached")
    page.wait_for_function(
        """id => { const top = document.getElementById(id).getBoundingClientRect().top;
                   return top >= document.querySelector('.md-header').getBoundingClientRect().bottom && top < 200; }""",
        arg=deep,
    )
    # Checklists in a part work as on the playbook's page (qunce.js sets them up when the part comes in).
    print_media(page)
    page.emulate_media(media="screen")
    assert page.evaluate("() => document.querySelectorAll('.qc-checklist[data-bound]').length") == page.evaluate(
        "() => document.querySelectorAll('.qc-checklist').length") > 0
    # Arriving by instant navigation (Material swaps the page in): the parts come too.
    page.goto(base_url + "learning-path/")
    page.click('article a[href$="/handbook/"]')
    page.wait_for_url(base_url + URL)
    page.click(f'.qc-handbook-toc a[href$="#{last}"]')
    page.wait_for_selector(f'.qc-handbook-part[data-part="{last}"][data-filled] h4', state="attached")


@pytest.mark.browser
def test_printing_shows_the_content_alone_and_in_full(page: Any, base_url: str) -> None:
    open_handbook(page, base_url)
    assert page.evaluate(VISIBLE, ".qc-print") == 1, "the print button shows on screen once the script runs"
    answers = ".qc-handbook-quiz details > :not(summary, [data-screen-only])"  # the "did you get it right" buttons are for the screen
    page.evaluate("() => document.querySelectorAll('.qc-handbook-quiz').forEach((quiz) => quiz.scrollIntoView())")
    page.wait_for_selector(".md-code__button", state="attached")  # Material adds copy buttons from script
    assert page.evaluate(COUNT, answers) > 0
    assert page.evaluate(VISIBLE, answers) == 0, "self-test answers are closed on screen"

    print_media(page)
    for selector in HIDDEN_IN_PRINT:
        assert page.evaluate(COUNT, selector) > 0, f"{selector} is not on the page: the check would prove nothing"
        assert page.evaluate(VISIBLE, selector) == 0, f"{selector} shows in print"
    assert page.evaluate(VISIBLE, "article") == 1
    assert page.evaluate(VISIBLE, answers) == page.evaluate(COUNT, answers) > 0, "answers print open"

    clipped = page.evaluate(
        """() => [...document.querySelectorAll('article pre > code')]
                 .filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)
                 .map(e => e.textContent.slice(0, 40))"""
    )
    assert page.evaluate(COUNT, "article pre > code") > 0
    assert clipped == []

    boxes = page.evaluate(
        """() => [...document.querySelectorAll('.qc-checklist input[type=checkbox]')].map(e => {
                 const s = getComputedStyle(e);
                 return {visible: e.checkVisibility(), width: e.getBoundingClientRect().width,
                         border: parseFloat(s.borderTopWidth), style: s.borderTopStyle, colour: s.borderTopColor,
                         appearance: s.appearance}; })"""
    )
    assert boxes
    for box in boxes:
        assert box["visible"] and box["width"] >= 8 and box["border"] >= 1 and box["style"] == "solid", box
        assert box["appearance"] == "none", box  # drawn by the page, so it prints as an empty square
        assert box["colour"] in ("rgb(0, 0, 0)", "rgba(0, 0, 0, 1)"), box


@pytest.mark.browser
def test_printing_uses_light_colours_in_the_dark_scheme(page: Any, base_url: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(base_url + "playbooks/fission-scripts/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => { const css = (s, p) => getComputedStyle(document.querySelector(s))[p];
                   return [css('html', 'colorScheme'), css('article > p', 'color'),
                           css('.md-typeset pre > code', 'backgroundColor'), css('.md-typeset pre > code', 'color')]; }"""
    )
    assert colours[0] == "light"

    def luminance(colour: str) -> float:
        red, green, blue = (int(value) for value in re.findall(r"\d+", colour)[:3])
        return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255

    assert luminance(colours[1]) < 0.3 and luminance(colours[3]) < 0.4, colours  # dark text
    assert luminance(colours[2]) > 0.9, colours  # on a light code box


def pdf_destinations(pdf: bytes) -> dict[str, tuple[int, float]]:
    """Chromium's named destinations: id → (page object number, height from the bottom in points)."""
    catalog = re.search(rb"/Dests (\d+) 0 R", pdf)
    assert catalog, "the PDF has no named destinations"
    body = re.search(rb"\n" + catalog.group(1) + rb" 0 obj\n<<(.*?)>>\nendobj", pdf, re.DOTALL)
    assert body
    return {
        name.decode(): (int(page), float(height))
        for name, page, height in re.findall(rb"/([^\s\[/]+) \[(\d+) 0 R /XYZ [-\d.]+ ([-\d.]+) [-\d.]+\]", body.group(1))
    }


@pytest.mark.browser
def test_the_printed_handbook_starts_every_module_and_playbook_on_a_new_page(page: Any, base_url: str) -> None:
    open_handbook(page, base_url)
    pdf = page.pdf(format="A4", print_background=True)
    total, filled = page.evaluate(SLOTS)
    assert filled == total, "printing put every part in"
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    modules = learning_path()
    starts = [f"module-{number}" for number in range(1, len(modules) + 1)] + [s for _, slugs in modules for s in slugs]
    assert len(starts) - len(modules) <= pages < 400
    top = float(re.search(rb"/MediaBox \[0 0 [\d.]+ ([\d.]+)\]", pdf).group(1))  # type: ignore[union-attr]
    places = pdf_destinations(pdf)
    assert set(starts) <= set(places), set(starts) - set(places)
    not_on_top = [ident for ident in starts if abs(places[ident][1] - top) > 1]
    assert not_on_top == []
    assert len({places[ident][0] for ident in starts}) == len(starts), "two of them share a page"
