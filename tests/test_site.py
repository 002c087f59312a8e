"""Site data: calculators name playbooks by slug only and read platform numbers from the facts file.

The build supplies playbooks.json (slug → title, url) in the wheel; a source checkout has none, so
a playbook is named by its slug there. Titles are never typed into the calculators."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from calculators import CALCULATORS, run
from calculators.kit import markup
from calculators.kit import site as site_data
from calculators.kit.site import PlaybookRef, Site, SiteDataError, site

PACKAGE = ROOT / "calculators"
SOURCES = sorted(PACKAGE.rglob("*.py"))
PLAYBOOK_FILES = sorted((ROOT / "playbooks").glob("*.md"))


def front_matter(path: Path) -> dict[str, object]:
    return dict(yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1]))


def repository_playbooks() -> dict[str, dict[str, str]]:
    """playbooks.json as the build would write it from this repository."""
    return {path.stem: {"title": str(front_matter(path)["title"]), "url": f"playbooks/{path.stem}/"} for path in PLAYBOOK_FILES}


def facts_data() -> dict[str, object]:
    return dict(json.loads((PACKAGE / "facts.json").read_text(encoding="utf-8")))


@pytest.fixture
def built_site() -> Iterator[Site]:
    """This process renders with the site data a built wheel carries."""
    data = Site.from_data(facts_data(), repository_playbooks())
    site_data.use(data)
    yield data
    site_data.use(None)


# --- loading --------------------------------------------------------------------------


def test_a_source_checkout_has_the_facts_but_no_playbook_titles() -> None:
    assert not (PACKAGE / "playbooks.json").exists(), "playbooks.json is written into the wheel by the build only"
    assert site().playbooks is None
    assert site().playbook("live-code-setup") == PlaybookRef("live-code-setup", "live-code-setup", "playbooks/live-code-setup/")
    fact = site().fact("wechat.group.max_members")
    assert (fact.value, fact.unit, fact.text, fact.status) == (500, "人", "500 人", "claim")


def test_an_unknown_fact_is_an_error_naming_it() -> None:
    with pytest.raises(SiteDataError, match=r"no fact 'wechat\.group\.nope'"):
        site().fact("wechat.group.nope")


def test_with_playbooks_json_an_unknown_slug_is_an_error_naming_it() -> None:
    data = Site.from_data(facts_data(), repository_playbooks())
    assert data.playbook("live-code-setup").title == front_matter(ROOT / "playbooks" / "live-code-setup.md")["title"]
    with pytest.raises(SiteDataError, match=r"no playbook 'renamed-away' in playbooks\.json"):
        data.playbook("renamed-away")


@pytest.mark.parametrize(("facts", "playbooks", "problem"), [
    ({"a.b": {"title": "x"}}, None, "fact 'a.b' needs"),
    ({"a.b": {**json.loads((PACKAGE / "facts.json").read_text())["wechat.group.max_members"], "status": "rumour"}}, None,
     "status 'rumour'"),
    ({}, {"slug": {"title": "只有标题"}}, "playbook 'slug' needs a title and a url"),
])
def test_malformed_site_data_is_refused(facts: dict[str, object], playbooks: dict[str, object] | None, problem: str) -> None:
    with pytest.raises(SiteDataError, match=problem):
        Site.from_data(facts, playbooks)


def test_the_package_reads_its_data_from_a_zip_as_in_the_browser(tmp_path: Path) -> None:
    """importlib.resources, not file paths: the worker may import the package from a zip."""
    archive = tmp_path / "calculators.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in [*SOURCES, PACKAGE / "facts.json"]:
            bundle.write(path, path.relative_to(ROOT).as_posix())
        bundle.writestr("calculators/playbooks.json", site_data.playbooks_json(
            {slug: PlaybookRef(slug, entry["title"], entry["url"]) for slug, entry in repository_playbooks().items()}))
    code = ("import calculators, json; r = calculators.run('review', {'counts': '1000,900,100', 'stages': '启动量,扫码,入群'});"
            "print(json.dumps([calculators.__file__, r.html]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(archive)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    where, html = json.loads(done.stdout)
    assert where.startswith(str(archive))
    title = str(front_matter(ROOT / "playbooks" / "live-code-setup.md")["title"])
    assert f'<a href="../../playbooks/live-code-setup/">{markup.esc(title)}</a>' in html


def test_a_package_without_its_facts_says_what_is_missing(tmp_path: Path) -> None:
    archive = tmp_path / "calculators.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        for path in SOURCES:
            bundle.write(path, path.relative_to(ROOT).as_posix())
    done = subprocess.run([sys.executable, "-c", "import calculators"], cwd=tmp_path, env={"PYTHONPATH": str(archive)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "SiteDataError: calculators/facts.json is missing: it is package data" in done.stderr


# --- links to playbooks ---------------------------------------------------------------


def test_a_playbook_link_takes_title_and_url_from_the_site_data() -> None:
    data = Site.from_data(facts_data(), {"compliance": {"title": "合规 <红线>", "url": "guide/rules/"}})
    site_data.use(data)
    try:
        assert markup.playbook_link("compliance") == '<a href="../../guide/rules/">合规 &lt;红线&gt;</a>'
        assert markup.playbook_link("compliance", anchor="induced-sharing") == (
            '<a href="../../guide/rules/#induced-sharing">合规 &lt;红线&gt;</a>')
        assert markup.playbook_link("compliance", "这一节") == '<a href="../../guide/rules/">这一节</a>'
    finally:
        site_data.use(None)


def test_results_show_the_titles_the_build_supplies(built_site: Site) -> None:
    for calc_id, calculator in CALCULATORS.items():
        html = run(calc_id, calculator.example_inputs()).html
        for slug in set(linked_slugs(html)):
            assert markup.playbook_link(slug) in html or f'{slug}/#' in html, (calc_id, slug)


def linked_slugs(html: str) -> Iterator[str]:
    for part in html.split('href="../../playbooks/')[1:]:
        yield part.split("/", 1)[0]


def test_no_playbook_title_is_typed_into_the_calculators() -> None:
    """Titles come from the site data (a renamed playbook must not leave a stale name behind)."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    typed = {path.stem: title for path in PLAYBOOK_FILES if (title := str(front_matter(path)["title"])) in text}
    assert typed == {}, f"playbook titles typed into calculators/: {typed}"


# --- every slug the calculators use exists ------------------------------------------


def slugs_in_source() -> tuple[set[str], list[str]]:
    """Slugs written in the calculators: the first argument of playbook_link(…) and .playbook(…), and any
    ``slug="…"`` (a keyword, or a dataclass default). Non-literal arguments must be a ``….slug`` or
    ``….playbook`` that carries such a literal; they are returned for the check."""
    found: set[str] = set()
    indirect: list[str] = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in ("playbook_link", "playbook") and node.args:
                    first = node.args[0]
                    if isinstance(first, ast.Constant) and isinstance(first.value, str):
                        found.add(first.value)
                    else:
                        indirect.append(f"{path.name}: {ast.unparse(first)}")
                found |= {kw.value.value for kw in node.keywords
                          if kw.arg == "slug" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str)}
            elif (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "slug"
                  and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
                found.add(node.value.value)
    return found, indirect


def test_every_slug_the_calculators_use_is_a_playbook_in_the_repository() -> None:
    found, indirect = slugs_in_source()
    assert len(found) >= 15, found  # the search works
    missing = sorted(slug for slug in found if not (ROOT / "playbooks" / f"{slug}.md").exists())
    assert missing == [], f"calculators link to playbooks that do not exist: {missing}"
    unchecked = [expression for expression in indirect if not expression.endswith((".slug", ".playbook", "slug"))]
    assert unchecked == [], f"playbook slugs from expressions this test cannot follow: {unchecked}"


def test_the_slugs_results_link_to_are_the_ones_found_in_the_source(built_site: Site) -> None:
    """The other way round: rendering many scenarios links only to slugs the source search found."""
    found, _ = slugs_in_source()
    scenarios = {
        "review": [{"counts": counts, "stages": stages} for counts, stages in [
            ("1000,100,90,80", "启动量,扫码,入群,完成任务"), ("1000,900,100,90", "启动量,扫码,入群,完成任务"),
            ("1000,900,800,80", "启动量,扫码,入群,完成任务"), ("1000,900,800,80", "启动量,扫码,入群,付费"),
            ("1000,900,800,80", "启动量,甲,乙,丙"), ("1000,900,80,70", "启动量,甲,乙,丙"), ("1000,100,90,80", "启动量,甲,乙,丙")]]
        + [{"counts": "1000,900,800,80", "plan_rates": ""}, {"counts": "1000,900,800,800", "plan_rates": "0.5,0.5,0.5"}],
        "health": [{"speakers": "1", "messages": "1", "top_messages": "", "new_speakers": "0", "left": "300"},
                   {"top_messages": "837"}],
        "timeline": [{"kind": kind} for kind in ("裂变拉新", "训练营", "线上活动", "长期运营")],
    }
    linked: set[str] = set()
    for calc_id, calculator in CALCULATORS.items():
        for changes in [{}, *scenarios.get(calc_id, [])]:
            linked |= set(linked_slugs(run(calc_id, {**calculator.example_inputs(), **changes}).html))
    assert linked <= found, sorted(linked - found)
    assert len(linked) >= 20, sorted(linked)
