"""Accessibility in headless Chromium: axe-core on every page type in light and dark, and the
calculators driven by the keyboard alone.

axe runs the WCAG 2.0/2.1 A and AA rules plus axe's best practices (TAGS). A calculator page
is checked twice: after the live result has replaced the pre-rendered one, and with a field
error showing (the result then stale). The scheme is chosen the way a reader's system does it,
``prefers-color-scheme`` on a fresh profile (Material reads it on the first visit, then keeps
the reader's choice in localStorage; the toggle test below checks that path too).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_browser import LOAD_TIMEOUT, READY, first_field_rejecting, nudged, scenario, text_of

from calculators import CALCULATORS, InputError, run
from calculators.kit.fields import Kind

pytestmark = pytest.mark.browser

AXE = (ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}

# Violations that come from Material's own templates and that neither CSS nor our config can fix;
# each is excluded for exactly this rule and this element, nothing else.
MATERIAL: dict[str, set[str]] = {  # rule -> axe's selectors of the elements (regular expressions, matched whole)
    # partials/search.html: <div class="md-search" role="dialog"> has no accessible name. (A name
    # needs aria-label in the template; CSS cannot add one.)
    "aria-dialog-name": {r"\.md-search"},
    # base.html with the navigation.instant.progress feature: <div class="md-progress"
    # role="progressbar"> has no name and sits outside every landmark. Removing the feature from
    # mkdocs.yml would remove both; the progress bar is kept because it only shows on slow loads.
    "aria-progressbar-name": {r"\.md-progress"},
    "region": {r"\.md-progress"},
    # partials/nav-item.html with navigation.indexes: a section whose index page is a link
    # gets <nav aria-labelledby="__nav_N_label"> pointing at a <label> that holds only the
    # expand icon, so the sections 手册 and 计算器 both have an empty (hence equal) name. (N is the
    # section's place in the nav, so any N.)
    "landmark-unique": {r'nav\[aria-labelledby="__nav_\d+_label"\]'},
}

PAGES = {
    "home": "",
    "playbook-index": "playbooks/",
    "playbook-with-checklist": "playbooks/fission-launch-checklist/",
    "learning-path": "learning-path/",
    "handbook": "handbook/",
    "glossary": "glossary/",
    "calculators-index": "calculators/",
}


def axe_violations(page: Any) -> list[str]:
    """axe's violations on the page as it is now, less the documented Material ones."""
    if not page.evaluate("() => Boolean(window.axe)"):
        page.add_script_tag(content=AXE)
    # Judge the page at rest: a fading tooltip or back-to-top button has mid-animation colours.
    page.evaluate(
        "() => Promise.race([Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null))),"
        " new Promise((done) => setTimeout(done, 3000))])"  # an endless animation must not hang the test
    )
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", TAGS
    )
    found = []
    for violation in result["violations"]:
        allowed = MATERIAL.get(violation["id"], set())
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            if any(re.fullmatch(pattern, target) for pattern in allowed):
                continue
            found.append(f"{violation['id']} ({violation['impact']}) at {target}: {node['failureSummary']}")
    return found


def open_in_scheme(page: Any, url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(url)
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]


def answered_more(page: Any, before: int) -> None:
    page.wait_for_function(
        """n => { const c = document.querySelector('.qc-calculator');
                  return Number(c.dataset.answered || 0) > n && c.dataset.busy !== '1' && c.dataset.dirty !== '1'; }""",
        arg=before, timeout=30_000,
    )


def answers(page: Any) -> int:
    return int(page.evaluate("() => Number(document.querySelector('.qc-calculator').dataset.answered || 0)"))


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_types_have_no_axe_violations(page: Any, base_url: str, name: str, scheme: str) -> None:
    open_in_scheme(page, base_url + PAGES[name], scheme)
    page.wait_for_load_state("networkidle")
    if name == "playbook-with-checklist":
        page.locator(".qc-checklist input[type=checkbox]").first.check()  # the count is filled in
    if name == "handbook":  # its playbooks and questions come in as the reader scrolls: all of them, as for printing
        page.evaluate("() => { window.dispatchEvent(new Event('beforeprint')); window.dispatchEvent(new Event('afterprint')); }")
        assert page.evaluate("() => document.querySelectorAll('.qc-handbook-part:not([data-filled])').length") == 0
    assert axe_violations(page) == []


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_calculator_pages_have_no_axe_violations(page: Any, base_url: str, calc_id: str) -> None:
    """Live result and field error, light then dark (Material's toggle: one Python load for both)."""
    open_in_scheme(page, f"{base_url}calculators/{calc_id}/", "light")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    values = scenario(calc_id)
    expected = text_of(run(calc_id, values).html)
    field, _ = first_field_rejecting(calc_id, "abc")
    for scheme in SCHEMES:
        if scheme == "dark":
            page.click("label[for=__palette_1]")
            assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
            # The pointer still rests on the toggle: let its tooltip finish fading in, so axe
            # judges the colours the reader ends up seeing, not a frame of the animation.
            page.wait_for_timeout(600)
        for name, value in values.items():
            if CALCULATORS[calc_id].field(name).kind is not Kind.CHOICE:
                page.fill(f"#qc-{calc_id}-{name}", value)
        page.wait_for_function(
            "t => document.querySelector('.qc-result').textContent === t", arg=expected, timeout=30_000
        )
        page.locator(f"#qc-{calc_id}-{field.name}-error").wait_for(state="hidden", timeout=30_000)
        assert axe_violations(page) == [], f"live result, {scheme}"

        page.fill(f"#qc-{calc_id}-{field.name}", "abc")
        page.locator(f"#qc-{calc_id}-{field.name}-error").wait_for(state="visible", timeout=30_000)
        assert axe_violations(page) == [], f"field error showing, {scheme}"


# Every change of <body>'s palette attributes, in order ("name:value"; a removed attribute is "name:null").
PALETTE_CHANGES = """window.__paletteChanges = [];
new MutationObserver(list => { for (const m of list) if (m.target === document.body)
  window.__paletteChanges.push(`${m.attributeName}:${document.body.getAttribute(m.attributeName)}`); })
  .observe(document, {subtree: true, attributes: true,
                      attributeFilter: ["data-md-color-switching", "data-md-color-scheme"]});"""


def test_the_palette_toggle_switches_and_is_remembered(page: Any, base_url: str) -> None:
    """The toggle works and is remembered; starting a page re-applies the palette it already has without
    marking it as switching (Material did, and that made every element's style stale three times over:
    qunce_site/features/material.py), while a real switch is still marked and then unmarked."""
    page.add_init_script(PALETTE_CHANGES)
    page.goto(base_url)
    page.wait_for_load_state("networkidle")
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    assert not any(c.startswith("data-md-color-switching") for c in page.evaluate("window.__paletteChanges"))
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "light"
    assert re.fullmatch(r"#[0-9a-f]{6}", page.evaluate("document.querySelector('meta[name=theme-color]').content"))
    page.click("label[for=__palette_1]")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.wait_for_function("() => !document.body.hasAttribute('data-md-color-switching')")
    switching = [c for c in page.evaluate("window.__paletteChanges") if c.startswith("data-md-color-switching")]
    assert switching == ["data-md-color-switching:", "data-md-color-switching:null"]
    assert page.evaluate("document.querySelector('meta[name=color-scheme]').content") == "dark"
    page.goto(base_url + "glossary/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.wait_for_load_state("networkidle")
    assert not any(c.startswith("data-md-color-switching") for c in page.evaluate("window.__paletteChanges"))
    assert axe_violations(page) == []


# How many listeners of each event type have been added to <abbr> elements.
ABBR_LISTENERS = """window.__abbrListeners = {};
const addListener = EventTarget.prototype.addEventListener;
EventTarget.prototype.addEventListener = function (type, ...rest) {
  if (this instanceof Element && this.tagName === "ABBR")
    window.__abbrListeners[type] = (window.__abbrListeners[type] || 0) + 1;
  return addListener.call(this, type, ...rest);
};"""


def test_tooltips_show_on_hover_and_on_focus_though_none_is_mounted_at_start(page: Any, base_url: str) -> None:
    """A glossary term and a header button explain themselves on hover and on keyboard focus. Material
    mounted all 50-odd tooltips of the learning path when it started; they are mounted when first wanted.
    A mounted tooltip listens for its element's mouseleave; a waiting one only for mouseenter and focusin."""
    page.add_init_script(ABBR_LISTENERS)
    page.goto(base_url + "learning-path/")
    page.wait_for_load_state("networkidle")
    terms = page.locator("article abbr[title]")
    assert terms.count() > 20
    assert page.locator(".md-tooltip2, .md-tooltip").count() == 0
    waiting = page.evaluate("window.__abbrListeners")
    assert waiting.get("mouseenter", 0) >= terms.count() and waiting.get("mouseleave", 0) == 0, waiting
    # Handles, not locators: a shown tooltip takes its element's title away, and "abbr[title]" with it.
    first = terms.first.element_handle()
    definition = first.get_attribute("title")
    first.scroll_into_view_if_needed()
    first.hover()
    shown = page.locator(".md-tooltip2--active")
    shown.wait_for()
    assert shown.inner_text() == definition
    assert page.evaluate("window.__abbrListeners").get("mouseleave", 0) >= 1
    page.mouse.move(0, 0)
    shown.wait_for(state="detached")
    other = terms.nth(3).element_handle()
    definition = other.get_attribute("title")
    other.focus()
    shown.wait_for()
    assert shown.inner_text() == definition
    assert other.get_attribute("aria-describedby") == shown.get_attribute("id")
    page.locator("label[for=__palette_1]").hover()
    page.locator(".md-tooltip--active").wait_for()
    assert page.locator(".md-tooltip--active").inner_text() == "切换到深色模式"


# ---------------------------------------------------------------- keyboard only

def focused(page: Any) -> dict[str, Any]:
    return dict(page.evaluate(
        """() => { const el = document.activeElement; const style = getComputedStyle(el);
                   return {id: el.id, cls: el.className, tag: el.tagName.toLowerCase(),
                           outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}; }"""
    ))


def tab_to(page: Any, test: Any, limit: int = 80) -> dict[str, Any]:
    """Press Tab until ``test(focused element)`` holds; fail after ``limit`` presses."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if test(now):
            return now
    raise AssertionError(f"Tab never reached the element; last focus: {focused(page)}")


def visible_outline(state: dict[str, Any]) -> bool:
    return state["outline"] not in ("none", "") and state["width"] >= 1


def changed(calc_id: str, name: str) -> str:
    """A valid value for one field that differs from the example."""
    example = CALCULATORS[calc_id].example_inputs()
    for candidate in (nudged(example[name]), scenario(calc_id)[name], "键盘群"):
        if candidate == example[name]:
            continue
        try:
            run(calc_id, {**example, name: candidate})
        except InputError:
            continue
        return candidate
    raise AssertionError(f"no other valid value for {calc_id}.{name}")


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_a_calculator_works_from_the_keyboard_alone(page: Any, base_url: str, calc_id: str) -> None:
    calculator = CALCULATORS[calc_id]
    page.goto(f"{base_url}calculators/{calc_id}/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    result = page.locator(".qc-result")
    assert result.get_attribute("aria-live") == "polite"

    # Tab to the skip link, follow it, then Tab into the form.
    skip = tab_to(page, lambda el: "md-skip" in el["cls"], limit=5)
    assert skip["tag"] == "a"
    # The skip link moves the focus into the content; Material's instant navigation must not fetch
    # the page again and swap it in (docs/assets/js/qunce.js), which would lose the focus and the form.
    page.evaluate("() => { document.querySelector('.qc-calculator').qcBeforeSkip = true; }")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('.md-content') !== null", timeout=10_000)
    page.wait_for_timeout(300)  # time for a swap to show, if one were coming
    assert page.evaluate("() => document.querySelector('.qc-calculator').qcBeforeSkip === true"), "page swapped"
    first = calculator.fields[0]
    ident = f"qc-{calc_id}-{first.name}"
    state = tab_to(page, lambda el: el["id"] == ident)
    assert visible_outline(state), f"no visible focus on the first input: {state}"

    # Change the value by typing; the result follows.
    new = {**calculator.example_inputs(), first.name: changed(calc_id, first.name)}
    expected = text_of(run(calc_id, new).html)
    before = answers(page)
    page.keyboard.press("Control+A")
    page.keyboard.type(new[first.name])
    answered_more(page, before)
    assert result.text_content() == expected
    assert result.get_attribute("aria-live") == "polite", "the live region must stay live after an update"

    # A bad value is announced: the message is a role=alert region, the input is marked invalid.
    bad, error = first_field_rejecting(calc_id, "abc")
    if bad.name == first.name:
        before = answers(page)
        page.keyboard.press("Control+A")
        page.keyboard.type("abc")
        answered_more(page, before)
        message = page.locator(f"#{ident}-error")
        assert message.get_attribute("role") == "alert" and message.is_visible()
        assert message.text_content() == error.errors[first.name]
        assert page.get_attribute(f"#{ident}", "aria-invalid") == "true"
        before = answers(page)
        page.keyboard.press("Control+A")
        page.keyboard.type(new[first.name])
        answered_more(page, before)
        assert not message.is_visible()
    assert page.locator(".qc-error[role=alert]").count() == len(calculator.fields)

    # On to the pin button; Enter pins the scenario, Space on 取消固定 unpins it.
    pinned_text = result.text_content()
    pin = tab_to(page, lambda el: "qc-pin" in el["cls"], limit=3 * len(calculator.fields) + 5)
    assert visible_outline(pin), f"no visible focus on the pin button: {pin}"
    page.keyboard.press("Enter")
    assert page.locator(".qc-pinned").is_visible()
    assert page.locator(".qc-pinned-body").text_content() == pinned_text
    tab_to(page, lambda el: "qc-unpin" in el["cls"], limit=2)
    page.keyboard.press(" ")
    assert not page.locator(".qc-pinned").is_visible()


def test_a_choice_is_a_select_that_the_keyboard_changes(page: Any, base_url: str) -> None:
    choices = [(calc_id, field) for calc_id, c in CALCULATORS.items() for field in c.fields if field.kind is Kind.CHOICE]
    assert choices, "no calculator has a choice field"
    calc_id, field = choices[0]
    page.goto(f"{base_url}calculators/{calc_id}/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    select = page.locator(f"select#qc-{calc_id}-{field.name}")
    assert [o.strip() for o in select.locator("option").all_text_contents()] == list(field.choices)
    start = select.input_value()
    assert start == CALCULATORS[calc_id].example_inputs()[field.name]
    before = answers(page)
    select.focus()
    assert visible_outline(focused(page))
    page.keyboard.press("ArrowDown")
    answered_more(page, before)
    now = select.input_value()
    assert now != start and now in field.choices
    expected = text_of(run(calc_id, {**CALCULATORS[calc_id].example_inputs(), field.name: now}).html)
    assert page.locator(".qc-result").text_content() == expected
    assert f"{field.name}=" in page.url
    page.reload()  # the URL now holds the choice, and the select reads it back
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    assert page.locator(f"select#qc-{calc_id}-{field.name}").input_value() == now


def test_long_script_lines_wrap(page: Any, base_url: str) -> None:
    scripts = [c for c in CALCULATORS if 'class="qc-part qc-script"' in run(c, CALCULATORS[c].example_inputs()).html]
    assert scripts
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{base_url}calculators/{scripts[0]}/")
    styles = page.evaluate(
        "() => [...document.querySelectorAll('.qc-script pre, .qc-script code')].map(e => getComputedStyle(e).whiteSpace)"
    )
    assert styles and set(styles) == {"pre-wrap"}
    overflow = page.evaluate(
        "() => [...document.querySelectorAll('.qc-script code')].filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert overflow == 0


def test_axe_is_the_pinned_version() -> None:
    version = (ROOT / "node_modules" / "axe-core" / "package.json").read_text(encoding="utf-8")
    assert '"version": "4.14.1"' in version
    assert Path(ROOT / "node_modules" / "axe-core" / "axe.min.js").stat().st_size > 100_000


def test_choice_fields_render_as_a_labelled_select() -> None:
    from calculators.web import field_html

    for calc_id, calculator in CALCULATORS.items():
        for field in calculator.fields:
            if field.kind is not Kind.CHOICE:
                continue
            ident = f"qc-{calc_id}-{field.name}"
            html = field_html(calc_id, field, field.choices[-1])
            assert f'<label for="{ident}">' in html
            assert f'<select id="{ident}" name="{field.name}" aria-describedby="{ident}-hint {ident}-error">' in html
            assert html.count("<option ") == len(field.choices)
            assert html.count(" selected") == 1 and re.search(f'value="{field.choices[-1]}"[^>]* selected>', html)
            assert "<input" not in html
