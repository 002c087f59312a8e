"""The campaign plan page (活动计划) in headless Chromium: edits flow through the links as CPython computes
them; plans are saved, reopened, copied, deleted, exported, imported and shared by link; the printout is
one page; the review opens with the plan's rates."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path
from typing import Any

import pytest
from test_browser import LOAD_TIMEOUT, text_of
from test_wechat import open_context  # noqa: F401  (a fixture: a profile with a WeChat user agent)
from test_workbook import changed

from calculators.workbook import Document, example, read
from calculators.workbook.plan import new_members, plan

pytestmark = pytest.mark.browser
BOOK = ".qc-workbook"
READY = ".qc-workbook[data-state=ready]"


def open_plan(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)


def answered(page: Any) -> int:
    return int(page.evaluate("Number(document.querySelector('.qc-workbook').dataset.answered || 0)"))


def wait_answered(page: Any, count: int) -> None:
    page.wait_for_function(
        "n => Number(document.querySelector('.qc-workbook').dataset.answered || 0) >= n", arg=count, timeout=30_000
    )


def status(page: Any) -> str:
    return str(page.inner_text(f"{BOOK} .qc-status"))


def status_of(page: Any, name: str) -> str:
    return str(page.get_attribute(f"{BOOK} .qc-status", f"data-{name}"))


def wait_status(page: Any, name: str) -> None:
    page.wait_for_function(
        "name => { const s = document.querySelector('.qc-workbook .qc-status'); return s.textContent === s.dataset[name]; }",
        arg=name, timeout=30_000,
    )


def saved_names(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("#qc-plan-saved option", "options => options.slice(1).map(o => o.textContent)"))


def part_text(page: Any, part: str) -> str:
    return str(page.evaluate("p => document.querySelector(`[data-slot='part:${p}']`).textContent", part))


def expect_part(page: Any, document: Document, part: str) -> None:
    scenario = plan(document).scenario(part)
    assert scenario is not None
    page.wait_for_function(
        "([p, text]) => document.querySelector(`[data-slot='part:${p}']`).textContent === text",
        arg=[part, text_of(scenario.result().html)], timeout=30_000,
    )


def test_an_edit_to_fission_flows_into_reward_cost_and_capacity_as_cpython_computes_it(page: Any, base_url: str, site: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    assert status(page) == status_of(page, "example")
    page.fill("#qc-fission-invites", "4")
    document = changed(example(), "fission", invites="4")
    expect_part(page, document, "reward_cost")
    expect_part(page, document, "capacity")
    expect_part(page, document, "timeline")
    joiners = str(new_members(plan(document).scenario("fission")))  # type: ignore[arg-type]
    assert page.input_value("#qc-reward_cost-joiners") == joiners
    assert page.get_attribute("#qc-reward_cost-joiners", "readonly") is not None
    assert f"来自裂变增长：{int(joiners):,} 人" in page.inner_text("[data-slot='link:reward_cost.joiners']")
    wait_status(page, "saved")
    # cut the link: the field is typed in, and reward cost follows the typed number, not fission
    page.uncheck("#qc-link-reward_cost-joiners")
    page.fill("#qc-reward_cost-joiners", "5000")
    cut = changed(document, "reward_cost", joiners="5000", links={"reward_cost.joiners": False})
    expect_part(page, cut, "reward_cost")
    expect_part(page, cut, "capacity")  # capacity still follows fission
    # a bad value is named next to its field; the parts that follow it keep their last result, marked stale
    page.fill("#qc-fission-generations", "很多")
    page.wait_for_function("() => !document.querySelector('#qc-fission-generations-error').hidden", timeout=30_000)
    assert page.inner_text("#qc-fission-generations-error").startswith("“裂变代数”应为 1 到 60 代之间的整数")
    assert "qc-stale" in (page.get_attribute("[data-slot='part:capacity']", "class") or "")
    assert "裂变增长：“裂变代数”应为" in page.inner_text("[data-slot='warnings']")


def test_plans_are_saved_on_the_device_copied_switched_and_deleted(page: Any, base_url: str, site: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    page.fill("#qc-plan-name", "春季招募")
    wait_status(page, "saved")
    assert saved_names(page) == ["春季招募"]
    page.goto(f"{base_url}calculators/plan/")  # the page without the plan in its link: the plan opened last
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    wait_status(page, "opened")
    assert page.input_value("#qc-plan-name") == "春季招募" and page.input_value("#qc-timeline-name") == "春季招募"
    page.reload()  # its link now holds the plan: still the same saved plan, not a new one
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    wait_status(page, "opened")
    page.click(".qc-plan-copy")
    wait_status(page, "copied")
    assert saved_names(page) == ["春季招募", "春季招募（副本）"]
    page.uncheck("#qc-link-fission-seeds")
    page.fill("#qc-fission-seeds", "900")
    page.wait_for_function(
        "() => Object.keys(localStorage).some(k => k.startsWith('qunce:plan:') && JSON.parse(localStorage[k]).parts.fission.seeds === '900')",
        timeout=30_000)
    page.select_option("#qc-plan-saved", index=1)
    page.wait_for_function("() => document.querySelector('#qc-plan-name').value === '春季招募'", timeout=30_000)
    wait_status(page, "opened")
    assert page.input_value("#qc-fission-seeds") == "600"
    page.select_option("#qc-plan-saved", index=2)
    page.wait_for_function("() => document.querySelector('#qc-fission-seeds').value === '900'", timeout=30_000)
    assert page.input_value("#qc-plan-name") == "春季招募（副本）"
    page.click(".qc-plan-delete")
    assert page.inner_text(".qc-plan-delete") == page.get_attribute(".qc-plan-delete", "data-confirm")
    assert saved_names(page) == ["春季招募", "春季招募（副本）"]  # one click only asks
    page.click(".qc-plan-delete")
    wait_status(page, "deleted")
    assert saved_names(page) == ["春季招募"] and page.input_value("#qc-plan-name") == "春季招募"


def export_of(page: Any) -> tuple[str, str]:
    """The export link's file name and text."""
    link = page.locator("[data-slot='actions'] a[download$='.json']")
    href = link.get_attribute("href")
    return link.get_attribute("download"), base64.b64decode(href.split(",", 1)[1]).decode("utf-8")


def test_a_plan_is_exported_and_imported_and_a_bad_file_loses_nothing(page: Any, base_url: str, site: Path, tmp_path: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    page.fill("#qc-capacity-reserve", "0.5")
    wait_status(page, "saved")
    name, text = export_of(page)
    assert name == "群策计划-元旦体验课裂变.json"
    assert read(text) == changed(example(), "capacity", reserve="0.5")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.set_input_files("#qc-plan-file", str(path))
    wait_status(page, "imported")
    assert saved_names(page) == ["元旦体验课裂变", "元旦体验课裂变"]  # an import never replaces a saved plan
    assert page.input_value("#qc-capacity-reserve") == "0.5"
    bad = tmp_path / "progress.json"
    bad.write_text('{"format": "qunce-progress", "version": 1}', encoding="utf-8")
    page.set_input_files("#qc-plan-file", str(bad))
    page.wait_for_function("() => document.querySelector('.qc-workbook .qc-status').textContent.startsWith('这是学习进度文件')",
                           timeout=30_000)
    assert status(page) == "这是学习进度文件，不是计划文件：请到学习路径页导入它。"
    assert saved_names(page) == ["元旦体验课裂变", "元旦体验课裂变"]
    assert page.input_value("#qc-capacity-reserve") == "0.5"
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('qunce:plan:')).length")
    assert stored == 2


def test_the_link_carries_the_whole_plan_to_another_device(browser: Any, page: Any, base_url: str, site: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    page.fill("#qc-plan-name", "发给同事")
    wait_status(page, "saved")
    shared = page.url
    assert "?plan=" in shared
    other = browser.new_context()  # another device: empty storage
    try:
        colleague = other.new_page()
        colleague.goto(shared)
        colleague.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
        wait_status(colleague, "linked")
        assert colleague.input_value("#qc-plan-name") == "发给同事"
        assert saved_names(colleague) == []  # kept only once the colleague changes it
        colleague.goto(shared.split("?")[0] + "?plan=1broken")
        colleague.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
        colleague.wait_for_function("() => document.querySelector('.qc-workbook .qc-status').textContent.startsWith('链接里的计划')",
                                    timeout=30_000)
    finally:
        other.close()


def test_the_printout_is_one_page_with_the_summary_key_figures_and_the_first_week(page: Any, base_url: str, site: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    page.emulate_media(media="print")
    assert page.locator(".qc-plan-print").is_visible()
    assert not page.locator("#plan-fission").is_visible() and not page.locator(".qc-plan-bar").is_visible()
    printed = page.inner_text(".qc-plan-print")
    assert "上线第一周（D0 到 D+6）" in printed and "各部分的关键数字" in printed and "元旦体验课裂变" in printed
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1, "the plan should print on one page"
    assert page.locator("h1").is_visible()


def test_the_review_opens_with_the_plans_stages_and_rates(page: Any, base_url: str, site: Path) -> None:
    open_plan(page, f"{base_url}calculators/plan/")
    page.click("text=按这份计划复盘")
    page.wait_for_url("**/calculators/review/**")
    page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=LOAD_TIMEOUT)
    assert page.input_value("#qc-review-plan_rates") == "0.1,0.6,0.5"
    assert page.input_value("#qc-review-stages") == "触达,扫码,入群,完成任务"
    page.fill("#qc-review-counts", "20000,1500,1000,450")
    page.wait_for_function("() => document.querySelector('.qc-result').textContent.includes('与计划差距最大的是“触达 → 扫码”')",
                           timeout=30_000)


def test_without_javascript_the_example_plan_is_on_the_page(browser: Any, base_url: str, site: Path) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}calculators/plan/")
        result = plan(example())
        scenario = result.scenario("reward_cost")
        assert scenario is not None
        assert page.inner_text("[data-slot='part:reward_cost']").startswith("总成本")
        assert page.input_value("#qc-plan-name") == "元旦体验课裂变"
        assert not page.locator(".qc-plan-bar").is_visible()
        assert json.loads(json.dumps(result.errors)) == {}
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_plan_page_has_no_axe_violations(page: Any, base_url: str, site: Path, scheme: str) -> None:
    """With the saved-plans bar shown, a cut link and a field's message on screen."""
    from test_a11y import axe_violations, open_in_scheme

    open_in_scheme(page, f"{base_url}calculators/plan/", scheme)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.uncheck("#qc-link-reward_cost-joiners")
    page.fill("#qc-fission-invites", "abc")
    page.locator("#qc-fission-invites-error").wait_for(state="visible", timeout=30_000)
    assert axe_violations(page) == []


def test_in_wechat_the_plan_file_can_be_copied_and_the_page_says_to_keep_one(
        open_context: Any, base_url: str, site: Path) -> None:  # noqa: F811 (the fixture, by name)
    """WeChat on iPhone saves no downloaded file: the export offers copy (share.js), and a reminder to keep
    the plan (WeChat may clear the page's storage on logout) is shown there."""
    from test_wechat import WECHAT, clipboard

    page = open_context(WECHAT["ios"], phone=True).new_page()
    open_plan(page, f"{base_url}calculators/plan/")
    page.fill("#qc-plan-name", "微信里的计划")
    wait_status(page, "saved")
    assert page.locator(".qc-plan-bar .qc-wechat-reminder").is_visible()
    group = page.locator("[data-slot='actions'] .qc-share")
    group.locator(".qc-copy").click()
    page.wait_for_function("() => !document.querySelector(\"[data-slot='actions'] [data-msg=copied]\").hidden", timeout=10_000)
    assert read(clipboard(page)) == changed(example(), "plan", name="微信里的计划")
