"""Calculator pages in headless Chromium: type, read the result, compare with CPython's run()."""

from __future__ import annotations

import base64
import json
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

import pytest

from calculators import CALCULATORS, InputError, run
from calculators.kit.fields import Field, Kind

pytestmark = pytest.mark.browser
READY = ".qc-calculator[data-state=ready]"
LOAD_TIMEOUT = 60_000


class Text(HTMLParser):
    """textContent of an HTML fragment, as the browser computes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


class Downloads(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("download"):
            self.links.append([values["download"] or "", values.get("href") or ""])


def download_links(html: str) -> list[list[str]]:
    """The [file name, data URL] of every download link in a result, as Python rendered it."""
    parser = Downloads()
    parser.feed(html)
    return parser.links


def text_of(html: str) -> str:
    parser = Text()
    parser.feed(html)
    return "".join(parser.parts)


def nudged(text: str) -> str:
    """The same value a little smaller (for a list: its last item), or the text unchanged."""
    head, sep, last = text.rpartition(",")
    try:
        number = float(last)
    except ValueError:
        return text
    changed = str(int(number) - 1) if number == int(number) and number >= 2 else str(round(number * 0.9, 4))
    return head + sep + changed


def scenario(calc_id: str) -> dict[str, str]:
    """A valid scenario different from the page's defaults: every number field nudged where still valid."""
    calculator = CALCULATORS[calc_id]
    values = calculator.example_inputs()
    for name in values:
        changed = {**values, name: nudged(values[name])}
        try:
            run(calc_id, changed)
        except InputError:
            continue
        values = changed
    assert values != calculator.example_inputs(), f"no field of {calc_id} could be changed"
    return values


def first_field_rejecting(calc_id: str, text: str) -> tuple[Field, InputError]:
    """The first typed-in field of the calculator that refuses ``text``, and the error run() raises.

    Choice fields are drop-down lists (<select>) on the page, so nobody can type into them."""
    for field in CALCULATORS[calc_id].fields:
        if field.kind is Kind.CHOICE:
            continue
        try:
            run(calc_id, {**CALCULATORS[calc_id].example_inputs(), field.name: text})
        except InputError as error:
            if field.name in error.errors:
                return field, error
    raise AssertionError(f"no field of {calc_id} rejects {text!r}")


def answered(page: Any, count: int) -> None:
    page.wait_for_function(
        "n => Number(document.querySelector('.qc-calculator').dataset.answered || 0) >= n", arg=count, timeout=30_000
    )


def open_ready(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)


def type_scenario_and_wait_for_cpythons_result(page: Any, calc_id: str) -> Any:
    """Type the calculator's test scenario into its live page; wait until the result is CPython's (returned)."""
    values = scenario(calc_id)
    expected = run(calc_id, values)
    for name, value in values.items():
        control = page.locator(f"#qc-{calc_id}-{name}")
        if control.evaluate("element => element.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    page.wait_for_function(
        "expected => document.querySelector('.qc-result').textContent === expected",
        arg=text_of(expected.html), timeout=30_000,
    )
    return expected


def follow_link(page: Any, url: str) -> None:
    """Follow a link to ``url`` as a reader's tap does (by Material's instant navigation): a link put in the
    article, since on a phone the menu's links sit in the closed drawer."""
    page.evaluate("""u => { const a = document.createElement('a'); a.href = u; a.textContent = 'next';
                            document.querySelector('.md-content').prepend(a); }""", url)
    page.click(".md-content > a")


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_typed_values_give_the_same_result_as_cpython(page: Any, base_url: str, calc_id: str) -> None:
    open_ready(page, f"{base_url}calculators/{calc_id}/")
    expected = type_scenario_and_wait_for_cpythons_result(page, calc_id)
    assert page.locator(".qc-result").get_attribute("class") == "qc-result"
    assert text_of(run(calc_id, CALCULATORS[calc_id].example_inputs()).html) != text_of(expected.html)
    downloads = page.eval_on_selector_all(".qc-result a[download]", "links => links.map((a) => [a.download, a.href])")
    assert downloads == download_links(expected.html)
    for name, href in downloads:
        if name.endswith(".csv"):
            header, data = href.split(",", 1)
            assert header == "data:text/csv;charset=utf-8;base64", header
            content = base64.b64decode(data).decode("utf-8")
            assert content.startswith("\ufeff") and content.count("\r\n") >= 2, name


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_a_bad_value_shows_the_chinese_message_next_to_the_field(page: Any, base_url: str, calc_id: str) -> None:
    open_ready(page, f"{base_url}calculators/{calc_id}/")
    field, error = first_field_rejecting(calc_id, "abc")
    page.fill(f"#qc-{calc_id}-{field.name}", "abc")
    message = page.locator(f"#qc-{calc_id}-{field.name}-error")
    message.wait_for(state="visible", timeout=30_000)
    assert message.inner_text() == error.errors[field.name]
    assert field.label in message.inner_text()
    assert page.get_attribute(f"#qc-{calc_id}-{field.name}", "aria-invalid") == "true"
    assert "qc-stale" in (page.locator(".qc-result").get_attribute("class") or "")


def test_a_shared_link_restores_the_scenario(page: Any, base_url: str) -> None:
    values = {"reach": "12345", "rates": "60%,0.5", "stages": "扫码,入群", "target": ""}
    page.goto(f"{base_url}calculators/funnel/?{urlencode(values)}")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    answered(page, 1)
    assert page.input_value("#qc-funnel-reach") == "12345"
    assert page.locator(".qc-result").text_content() == text_of(run("funnel", values).html)


def test_typing_updates_the_url(page: Any, base_url: str) -> None:
    open_ready(page, f"{base_url}calculators/funnel/")
    page.fill("#qc-funnel-reach", "777")
    answered(page, 1)
    assert "reach=777" in page.url


def test_a_tampered_link_gives_messages_not_a_broken_page(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}calculators/funnel/?reach=%3Cscript%3Ealert(1)%3C/script%3E&rates=1e999&bogus=1")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    answered(page, 1)
    assert page.locator("#qc-funnel-reach-error").is_visible()
    assert page.locator("#qc-funnel-rates-error").is_visible()
    assert page.locator(".qc-result script").count() == 0


def test_default_result_is_there_without_javascript(browser: Any, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}calculators/funnel/")
        expected = text_of(run("funnel", CALCULATORS["funnel"].example_inputs()).html)
        assert page.locator(".qc-result").text_content() == expected
    finally:
        context.close()


def test_pages_without_a_calculator_load_no_python(context: Any, page: Any, base_url: str) -> None:
    for path in ["", "playbooks/", "playbooks/fission-launch-checklist/", "calculators/"]:
        page.goto(base_url + path)
        page.wait_for_load_state("networkidle")
    python = [url for url in context.qunce_guard.seen if url.endswith((".wasm", ".zip", ".whl", "pyodide.mjs"))]
    assert python == []
    assert context.qunce_guard.seen, "the guard saw the page's requests"


def test_the_worker_outlives_instant_navigation(context: Any, page: Any, base_url: str) -> None:
    open_ready(page, f"{base_url}calculators/funnel/")
    wasm_before = [url for url in context.qunce_guard.seen_by_pages if url.endswith(".wasm")]
    page.locator("a[href$='calculators/review/']:visible, a[href$='../review/']:visible").first.click()
    page.wait_for_url("**/calculators/review/")
    page.wait_for_selector(READY, timeout=2_000)
    page.fill("#qc-review-stages", "启动量,入群")
    page.fill("#qc-review-counts", "1000,500")
    page.wait_for_function(
        "t => document.querySelector('.qc-result').textContent === t",
        arg=text_of(run("review", {"counts": "1000,500", "stages": "启动量,入群"}).html), timeout=5_000,
    )
    wasm = [url for url in context.qunce_guard.seen_by_pages if url.endswith(".wasm")]
    assert wasm_before and wasm == wasm_before, "Python was loaded again after navigating"


def test_pinning_keeps_the_old_result_beside_the_new_one(page: Any, base_url: str) -> None:
    open_ready(page, f"{base_url}calculators/funnel/")
    before = page.locator(".qc-result").text_content()
    page.click(".qc-pin")
    page.fill("#qc-funnel-reach", "99999")
    answered(page, 1)
    assert page.locator(".qc-pinned").is_visible()
    assert page.locator(".qc-pinned-body").text_content() == before
    assert page.locator(".qc-result").text_content() != before


def test_a_shared_link_brings_the_pinned_scenario_along(context: Any, page: Any, base_url: str) -> None:
    open_ready(page, f"{base_url}calculators/funnel/")
    defaults = CALCULATORS["funnel"].example_inputs()
    page.fill("#qc-funnel-reach", "12345")
    answered(page, 1)
    page.click(".qc-pin")
    page.fill("#qc-funnel-reach", "99999")
    answered(page, 2)
    assert "pin=" in page.url
    shared = page.url

    other = context.new_page()
    other.goto(shared)
    other.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    other.wait_for_selector(".qc-pinned", state="visible", timeout=30_000)
    pinned = text_of(run("funnel", {**defaults, "reach": "12345"}).html)
    live = text_of(run("funnel", {**defaults, "reach": "99999"}).html)
    assert other.locator(".qc-pinned-body").text_content() == pinned
    other.wait_for_function("t => document.querySelector('.qc-result').textContent === t", arg=live, timeout=30_000)

    other.click(".qc-unpin")
    assert "pin=" not in other.url and other.locator(".qc-pinned").is_hidden()


def test_in_page_links_jump_without_fetching_the_page_again(context: Any, page: Any, base_url: str) -> None:
    """Material's instant navigation took the first in-page jump for a new page: it fetched the page
    again and swapped it in (docs/assets/js/qunce.js jumps itself)."""
    url = f"{base_url}playbooks/group-rules/"
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => { document.querySelector('.md-content').qcBefore = true; }")
    asked = len(context.qunce_guard.seen)
    link = page.locator(".md-sidebar--secondary a.md-nav__link").nth(2)
    href = link.get_attribute("href") or ""
    assert href.split("#")[0] in (url, ""), href  # a link into this same page
    anchor = "#" + href.split("#", 1)[1]
    link.click()
    page.wait_for_url(url + anchor)
    page.wait_for_timeout(300)  # time for a fetch and a swap to show, if one were coming
    assert url not in context.qunce_guard.seen[asked:], "the page was fetched again"
    assert page.evaluate("() => document.querySelector('.md-content').qcBefore === true"), "the page was swapped"
    heading = page.locator(f"[id='{anchor[1:]}']")
    top = heading.evaluate("h => h.getBoundingClientRect().top")
    header = page.evaluate("() => document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert header <= top < header + 100, (header, top)
    assert page.evaluate("id => document.activeElement.id === id", anchor[1:])


def test_a_ticked_checklist_item_stays_ticked_after_reload(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}playbooks/fission-launch-checklist/")
    box = page.locator(".qc-checklist input[type=checkbox]").nth(1)
    box.check()
    page.reload()
    assert page.locator(".qc-checklist input[type=checkbox]").nth(1).is_checked()
    assert not page.locator(".qc-checklist input[type=checkbox]").nth(0).is_checked()
    page.click(".qc-checklist-reset")
    page.reload()
    assert not page.locator(".qc-checklist input[type=checkbox]").nth(1).is_checked()


def test_the_freshness_notice_appears_when_the_readers_date_passes_the_limit(page: Any, base_url: str) -> None:
    page.goto(f"{base_url}playbooks/group-rules/")
    notice = page.locator(".qc-freshness")
    reviewed = notice.get_attribute("data-reviewed")
    assert reviewed and notice.is_hidden()
    # The reader's clock two years on. Only Date.now is moved: Playwright's clock also takes over the timers,
    # and Material's scheduler then threw "executing a cancelled action" now and then on a loaded machine.
    later = f"{int(reviewed[:4]) + 2}{reviewed[4:]}T12:00:00Z"
    page.add_init_script(f"Date.now = () => Date.parse({json.dumps(later)});")
    page.reload()
    assert page.locator(".qc-freshness").is_visible()
