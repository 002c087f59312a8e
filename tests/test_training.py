"""Training: role paths and drills validated at build time, and progress kept on the device, in Chromium.

Build level: training.yml and drills.yml are checked against the playbooks and calculators that exist, and a
bad entry stops the strict build naming the file and the entry. Browser: a reader picks a role, marks a playbook
read, ticks a checklist item and answers a drill; the path page shows it after a reload and after Material's
instant navigation; export gives a JSON file with those entries, reset clears them, import restores them; the
drills work with the keyboard alone, and without JavaScript the explanations are still there.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT, build_site, project_copy
from mkdocs.exceptions import PluginError

from calculators import CALCULATORS
from qunce_site.data import training as hook
from qunce_site.data.content import load_sources, source_refs

DRILLS = yaml.safe_load((ROOT / "drills.yml").read_text(encoding="utf-8"))["drills"]
PATHS = yaml.safe_load((ROOT / "training.yml").read_text(encoding="utf-8"))["paths"]
PLAYBOOK_SLUGS = sorted(path.stem for path in (ROOT / "playbooks").glob("*.md"))
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


# What a drill may name in `sources:`, as the build allows it: a seed file or one of its articles (file#N).
SOURCES = source_refs(load_sources(ROOT / "sources.yml"))


def load(training: Path = ROOT / "training.yml", drills: Path = ROOT / "drills.yml") -> Any:
    return hook.load(training, drills, playbooks=PLAYBOOK_SLUGS, calculators=CALCULATORS, sources=SOURCES)


def edited(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of the data file ``name`` with the first ``old`` replaced by ``new``."""
    text = (ROOT / name).read_text(encoding="utf-8")
    assert old in text, old
    target = tmp_path / name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


# ---------------------------------------------------------------------------------------------- build level


def test_the_data_files_are_valid_and_complete() -> None:
    training = load()
    assert [p.title for p in training.paths] == ["新群管理员", "值班管理员", "社群负责人"]
    assert len(training.drills) >= 10
    for path in training.paths:
        assert path.goal and path.steps and path.drills, path.id
        assert {s.kind for s in path.steps} == {"playbook", "calculator"}, f"{path.id}: playbooks and calculators"
    for drill in training.drills:
        assert 3 <= len(drill.choices) <= 4 and drill.playbooks and drill.sources, drill.id
        assert sorted(c.score for c in drill.choices).count(2) == 1, drill.id
        assert all(c.why for c in drill.choices), drill.id
    used = {d for p in training.paths for d in p.drills}
    assert used == {d.id for d in training.drills}, "every drill belongs to at least one path"
    assert len({d.best for d in training.drills}) >= 3, "the best answer is not always in the same place"


@pytest.mark.parametrize(
    ("name", "old", "new", "entry"),
    [
        ("training.yml", "playbook: group-roles", "playbook: group-rolez", "paths[new-admin].steps[1].playbook: unknown playbook 'group-rolez'"),
        ("training.yml", "calculator: rules", "calculator: rulez", "paths[new-admin].steps[3].calculator: unknown calculator 'rulez'"),
        ("training.yml", "drills: [bottom-line,", "drills: [bottom-lines,", "paths[new-admin].drills: unknown drill 'bottom-lines'"),
        ("training.yml", "    goal: |-\n", "    colour: red\n    goal: |-\n", "paths[new-admin]: unknown field 'colour'"),
        ("training.yml", "      - playbook: group-roles\n", "      - playbook: group-roles\n        calculator: funnel\n", "paths[new-admin].steps[1]: give exactly one of"),
        ("training.yml", "      - playbook: group-rules\n        why: 写出", "      - playbook: community-positioning\n        why: 写出", "paths[new-admin].steps[2].playbook: 'community-positioning' is already a step"),
        ("drills.yml", "playbooks: [group-emergencies, clear-spam-accounts, compliance]", "playbooks: [group-emergency]", "drills[night-spam].playbooks: unknown playbook 'group-emergency'"),
        ("drills.yml", "calculators: [checkin]", "calculators: [check_in]", "drills[checkin-missed].calculators: unknown calculator id 'check_in'"),
        ("drills.yml", "sources: [", "sources: [009.txt, ", "drills[night-spam].sources: unknown seed file '009.txt'"),
        ("drills.yml", "        score: 0\n", "        score: 2\n", "drills[night-spam].choices: exactly one choice must score 2"),
        ("drills.yml", "        score: 0\n", "        score: 3\n", "drills[night-spam].choices[0].score: must be 2"),
        ("drills.yml", "  - id: bottom-line\n", "  - id: night-spam\n", "drills[night-spam].id: used twice"),
    ],
)
def test_a_bad_entry_is_named_with_its_file(tmp_path: Path, name: str, old: str, new: str, entry: str) -> None:
    bad = edited(tmp_path, name, old, new)
    files = {"training.yml": ROOT / "training.yml", "drills.yml": ROOT / "drills.yml", name: bad}
    with pytest.raises(PluginError) as caught:
        load(files["training.yml"], files["drills.yml"])
    message = str(caught.value)
    assert str(bad) in message and entry in message, message


def test_a_drill_needs_three_or_four_choices(tmp_path: Path) -> None:
    data = {"drills": [dict(DRILLS[0], choices=DRILLS[0]["choices"][:2])]}
    target = tmp_path / "drills.yml"
    target.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(PluginError, match=r"drills\[night-spam\]\.choices: must list 3 to 4 choices"):
        hook.read_drills(target, playbooks=PLAYBOOK_SLUGS, calculators=CALCULATORS, sources=SOURCES)


def test_a_bad_slug_fails_the_strict_build_naming_file_and_entry(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    bad = edited(tmp_path, "training.yml", "playbook: clear-spam-accounts", "playbook: clear-spam")
    (project / "training.yml").write_text(bad.read_text(encoding="utf-8"), encoding="utf-8")
    result = build_site(tmp_path / "site", root=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert str(project / "training.yml") in output and "paths[new-admin].steps[8].playbook: unknown playbook 'clear-spam'" in output, output[-2000:]


def test_wrapped_lines_are_joined_without_spaces() -> None:
    drill = load().drill("night-spam")
    assert "陌生账号，正轮流发" in drill.situation and "\n" not in drill.situation


def test_the_pages_are_built_with_forms_links_and_explanations(site: Path) -> None:
    drills = (site / "drills" / "index.html").read_text(encoding="utf-8")
    assert drills.count('class="qc-drill"') == len(DRILLS) >= 10
    for drill in DRILLS:
        block = drills[drills.index(f'data-drill="{drill["id"]}"'):]
        block = block[:block.index('<div class="qc-drill-links">') + 2000]
        assert "<fieldset><legend>" in block
        for index in range(len(drill["choices"])):
            assert f'id="qc-drill-{drill["id"]}-{index}"' in block and f'<label for="qc-drill-{drill["id"]}-{index}">' in block
        assert block.count("<details") == 1 and block.count("得分 ") >= 2 * len(drill["choices"])
        for slug in drill["playbooks"]:
            assert f'href="../playbooks/{slug}/"' in block
    index = (site / "paths" / "index.html").read_text(encoding="utf-8")
    for path in PATHS:
        assert (site / "paths" / path["id"] / "index.html").exists()
        assert f'data-path="{path["id"]}"' in index and 'class="md-button qc-role-pick"' in index
    for slug in PLAYBOOK_SLUGS:
        page = (site / "playbooks" / slug / "index.html").read_text(encoding="utf-8")
        assert f'class="md-button qc-mark" data-key="read:{slug}"' in page, slug
    for calc_id in CALCULATORS:
        page = (site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
        assert f'data-key="used:{calc_id}"' in page, calc_id
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="paths/"' in nav and 'href="drills/"' in nav


def test_the_training_pages_and_data_read_as_correct_chinese(site: Path) -> None:
    import autocorrect_py

    autocorrect_py.load_config((ROOT / ".autocorrectrc").read_text(encoding="utf-8"))
    article = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)
    study = re.compile(r'<section class="qc-study".*?</section>', re.DOTALL)
    pages = [site / "paths" / "index.html", site / "drills" / "index.html"]
    pages += [site / "paths" / path["id"] / "index.html" for path in PATHS]
    blocks = [(str(page.relative_to(site)), article.search(page.read_text(encoding="utf-8"))[1]) for page in pages]
    for page in [site / "playbooks" / "group-rules" / "index.html", site / "calculators" / "funnel" / "index.html"]:
        blocks.append((str(page.relative_to(site)), study.search(page.read_text(encoding="utf-8"))[0]))  # only our block
    wrong = [f"{name} line {line.line}: {line.old.strip()!r} -> {line.new.strip()!r}"
             for name, html in blocks for line in autocorrect_py.lint_for(html, "html").lines]
    training = load()
    texts = [t for p in training.paths for t in (p.title, p.goal, p.intro, *(s.why for s in p.steps))]
    texts += [t for d in training.drills for t in (d.title, d.situation, d.question, *(x for c in d.choices for x in (c.text, c.why)))]
    wrong += [f"{t!r} -> {autocorrect_py.format(t)!r}" for t in texts if autocorrect_py.format(t) != t]
    assert wrong == [], "\n".join(wrong)


def test_the_page_script_holds_no_text_and_sends_nothing() -> None:
    script = (ROOT / "docs" / "assets" / "js" / "progress.js").read_text(encoding="utf-8")
    assert not CJK.search(script), "every label comes pre-rendered by the build (qunce_site/features/training.py)"
    for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "EventSource", "import("):
        assert call not in script, call
    assert "document$" in script


# ---------------------------------------------------------------------------------------------- browser


def best_index(drill_id: str) -> int:
    drill = next(d for d in DRILLS if d["id"] == drill_id)
    return next(i for i, c in enumerate(drill["choices"]) if c["score"] == 2)


def partial_index(drill_id: str) -> int:
    drill = next(d for d in DRILLS if d["id"] == drill_id)
    return next(i for i, c in enumerate(drill["choices"]) if c["score"] == 1)


def progress_keys(page: Any) -> dict[str, str]:
    return page.evaluate(
        "() => Object.fromEntries(Object.keys(localStorage).filter(k => /^qunce:(role|read|used|drill|checklist)/.test(k))"
        ".map(k => [k, localStorage.getItem(k)]))"
    )


def counts(page: Any, selector: str) -> dict[str, str]:
    box = page.locator(selector)
    return {name: box.locator(f"[data-count={name}]").first.inner_text() for name in ("steps", "drills", "best")}


def answer(page: Any, drill_id: str, index: int) -> None:
    page.click(f"label[for=qc-drill-{drill_id}-{index}]")
    page.click(f".qc-drill[data-drill={drill_id}] button[type=submit]")
    page.locator(f".qc-drill[data-drill={drill_id}] .qc-feedback[data-choice='{index}']").wait_for(state="visible")


def make_progress(page: Any, base_url: str) -> None:
    """Pick 新群管理员, mark 群规 read, tick its first checklist item, answer two drills."""
    page.goto(f"{base_url}paths/")
    page.click(".qc-path-card[data-path=new-admin] .qc-role-pick")
    page.goto(f"{base_url}playbooks/group-rules/")
    page.click(".qc-mark")
    page.locator(".qc-checklist input[type=checkbox]").first.check()
    page.goto(f"{base_url}drills/")
    answer(page, "bottom-line", best_index("bottom-line"))
    answer(page, "members-argue", partial_index("members-argue"))


@pytest.mark.browser
def test_a_reader_picks_a_role_and_sees_progress_after_reload_and_instant_navigation(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}paths/")
    card = page.locator(".qc-path-card[data-path=new-admin]")
    assert card.locator(".qc-chosen-note").is_hidden()
    card.locator(".qc-role-pick").click()
    assert card.locator(".qc-chosen-note").is_visible()
    assert card.locator(".qc-role-pick").get_attribute("aria-pressed") == "true"
    assert page.locator(".qc-path-card[data-path=lead] .qc-role-pick").get_attribute("aria-pressed") == "false"
    assert card.locator(".qc-next[data-key='read:community-positioning']").is_visible()

    page.goto(f"{base_url}playbooks/group-rules/")
    assert page.locator(".qc-path-hint[data-path=new-admin]").is_visible()
    assert page.locator(".qc-path-hint[data-path=duty-admin]").is_hidden()
    mark = page.locator(".qc-mark")
    mark.click()
    assert mark.get_attribute("aria-pressed") == "true" and page.locator(".qc-mark-note").is_visible()
    page.locator(".qc-checklist input[type=checkbox]").first.check()

    page.goto(f"{base_url}drills/")
    answer(page, "bottom-line", best_index("bottom-line"))
    feedback = page.locator(".qc-drill[data-drill=bottom-line] .qc-drill-feedback")
    assert "得分 2 / 2" in feedback.inner_text()

    page.goto(f"{base_url}paths/new-admin/")
    status = ".qc-path-status"
    expected = {"steps": "1", "drills": "1", "best": "1"}
    assert counts(page, status) == expected
    step = page.locator(".qc-path-steps .qc-step[data-key='read:group-rules']")
    assert step.locator("[data-when=done]").is_visible() and step.locator("[data-when=todo]").is_hidden()
    assert step.locator("[data-count=ticked]").inner_text() == "1"
    assert page.locator(".qc-path-steps .qc-step[data-key='read:community-positioning'] [data-when=next]").is_visible()
    assert page.locator(".qc-drill-item[data-drill=bottom-line] [data-when=score-2]").is_visible()
    assert page.locator(".qc-path-status .qc-chosen-note").is_visible()

    page.reload()
    assert counts(page, status) == expected
    assert page.locator(".qc-path-steps .qc-step[data-key='read:group-rules'] [data-when=done]").is_visible()

    # Instant navigation: the page is swapped, not reloaded (the marker survives), and the script runs again.
    page.evaluate("() => { window.qcNoReload = true; }")
    page.locator(".qc-path-steps a[href$='playbooks/community-positioning/']").click()
    page.wait_for_url("**/playbooks/community-positioning/")
    page.locator(".qc-mark").click()
    assert page.locator(".qc-path-hint[data-path=new-admin] a").inner_text() == "群角色与管理分工：群主、管理员、客服与 KOL"
    page.locator(".qc-study-note a").click()
    page.wait_for_url("**/paths/")
    assert page.evaluate("() => window.qcNoReload") is True, "Material's instant navigation was used"
    card = page.locator(".qc-path-card[data-path=new-admin]")
    card.locator("[data-count=steps]").filter(has_text="2").wait_for()
    assert counts(page, ".qc-path-card[data-path=new-admin]") == {"steps": "2", "drills": "1", "best": "1"}
    assert card.locator(".qc-next[data-key='read:group-roles']").is_visible()
    assert card.locator(".qc-chosen-note").is_visible()


@pytest.mark.browser
def test_export_reset_and_import(page: Any, base_url: str, tmp_path: Path) -> None:
    make_progress(page, base_url)
    page.goto(f"{base_url}paths/")
    with page.expect_download() as download:
        page.click(".qc-export")
    assert download.value.suggested_filename == "qunce-progress.json"
    assert download.value.url.startswith("blob:")
    exported = tmp_path / "qunce-progress.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    from qunce_site import progress

    assert data["format"] == progress.FORMAT and data["version"] == progress.VERSION
    assert data["role"] == "new-admin"
    assert list(data["read"]) == ["group-rules"] and re.fullmatch(r"\d{4}-\d\d-\d\d", data["read"]["group-rules"])
    assert data["checklists"] == {"group-rules": [0]}
    assert data["drills"] == {
        "bottom-line": {"choice": best_index("bottom-line"), "score": 2, "tries": 1},
        "members-argue": {"choice": partial_index("members-argue"), "score": 1, "tries": 1},
    }
    assert data["used"] == {}
    assert page.locator("[data-msg=exported]").is_visible()
    before = progress_keys(page)
    assert len(before) == 5

    page.click(".qc-reset")
    assert page.evaluate("() => document.activeElement.classList.contains('qc-reset-yes')")
    page.click(".qc-reset-yes")
    assert page.locator("[data-msg=reset]").is_visible()
    assert progress_keys(page) == {}
    assert counts(page, ".qc-path-card[data-path=new-admin]") == {"steps": "0", "drills": "0", "best": "0"}
    assert page.locator(".qc-path-card[data-path=new-admin] .qc-chosen-note").is_hidden()

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "something-else", "read": {"x": "1"}}), encoding="utf-8")
    page.set_input_files("#qc-import", str(bad))
    page.locator("[data-msg=invalid]").wait_for(state="visible")
    assert progress_keys(page) == {}

    page.set_input_files("#qc-import", str(exported))
    page.locator("[data-msg=imported]").wait_for(state="visible")
    assert page.locator("[data-msg=imported] [data-slot=count]").inner_text() == "5"
    assert progress_keys(page) == before
    assert counts(page, ".qc-path-card[data-path=new-admin]") == {"steps": "1", "drills": "2", "best": "1"}
    assert page.locator(".qc-path-card[data-path=new-admin] .qc-chosen-note").is_visible()

    page.goto(f"{base_url}playbooks/group-rules/")
    assert page.locator(".qc-checklist input[type=checkbox]").first.is_checked()
    assert page.locator(".qc-mark").get_attribute("aria-pressed") == "true"


@pytest.mark.browser
def test_a_drill_works_with_the_keyboard_alone(page: Any, base_url: str) -> None:
    drill = "night-spam"
    best = best_index(drill)
    page.goto(f"{base_url}drills/")
    page.focus(f"#drill-{drill} .headerlink")  # the drill's heading link, then keys only
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.name") == f"qc-drill-{drill}":
            break
    assert page.evaluate("() => document.activeElement.id") == f"qc-drill-{drill}-0"
    page.keyboard.press("Space")
    for _ in range(best):
        page.keyboard.press("ArrowDown")
    assert page.is_checked(f"#qc-drill-{drill}-{best}")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    feedback = page.locator(f".qc-drill[data-drill={drill}] .qc-drill-feedback")
    feedback.wait_for(state="visible")
    assert page.evaluate("() => document.activeElement.classList.contains('qc-drill-feedback')")
    assert "得分 2 / 2（最佳做法）" in feedback.inner_text()
    shown = feedback.locator(".qc-feedback:visible")
    assert shown.count() == 1 and shown.get_attribute("data-choice") == str(best)

    # Another answer by keyboard: focus back into the group, move, submit with Enter from the radio.
    page.focus(f"#qc-drill-{drill}-{best}")
    page.keyboard.press("ArrowUp" if best > 0 else "ArrowDown")
    other = best - 1 if best > 0 else 1
    page.keyboard.press("Enter")
    page.locator(f".qc-drill[data-drill={drill}] .qc-feedback[data-choice='{other}']").wait_for(state="visible")
    saved = json.loads(progress_keys(page)[f"qunce:drill:{drill}"])
    assert saved == {"choice": other, "score": next(d for d in DRILLS if d["id"] == drill)["choices"][other]["score"], "tries": 2}

    page.reload()
    assert page.is_checked(f"#qc-drill-{drill}-{other}")
    assert page.locator(f".qc-drill[data-drill={drill}] .qc-feedback[data-choice='{other}']").is_visible()


@pytest.mark.browser
def test_submitting_without_a_choice_asks_for_one(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}drills/")
    page.click(".qc-drill[data-drill=impostor] button[type=submit]")
    assert page.locator(".qc-drill[data-drill=impostor] .qc-drill-pick").is_visible()
    assert page.locator(".qc-drill[data-drill=impostor] .qc-drill-feedback").is_hidden()
    assert progress_keys(page) == {}


@pytest.mark.browser
def test_without_javascript_the_explanations_are_in_details(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}drills/")
        drill = page.locator(".qc-drill[data-drill=rewards-run-out]")
        assert drill.locator("input[type=radio]").count() == len(next(d for d in DRILLS if d["id"] == "rewards-run-out")["choices"])
        assert drill.locator("button[type=submit]").is_hidden()
        drill.locator("details summary").click()
        answers = drill.locator("details").inner_text()
        assert "得分 2 / 2（最佳做法）" in answers and "得分 0 / 2（不得分）" in answers
        page.goto(f"{base_url}paths/new-admin/")
        assert page.locator(".qc-path-steps .qc-step").count() == len(PATHS[0]["steps"])
        assert page.locator(".qc-role-pick").is_hidden()
    finally:
        context.close()
