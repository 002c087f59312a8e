"""Where operators open links: WeChat's in-app browser and phones (issue 19), in headless Chromium.

WeChat's browser on iPhone saves no file from a download link, so every download also offers copy and
view; inside WeChat those come first with a hint, and saved progress carries a reminder to export it.
On a phone the calculator's headline figure stays in sight while typing, and the scenario's link can be
copied. Clipboard contents are read back and compared with CPython's text for the same inputs.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, LocalOnly
from test_browser import LOAD_TIMEOUT, READY, download_links, follow_link, scenario, text_of

from calculators import CALCULATORS, run
from calculators.kit import markup
from calculators.kit.web import field_html, handle, input_mode

# Real user agents: WeChat 8.0.50 on iOS 17 (WKWebView), WeChat 8.0.50 on Android 14 (XWEB, Chromium 122),
# 企业微信 4.1 on Android (wxwork beside MicroMessenger).
WECHAT = {
    "ios": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
           "Mobile/15E148 MicroMessenger/8.0.50(0x1800323d) NetType/WIFI Language/zh_CN",
    "android": "Mozilla/5.0 (Linux; Android 14; V2309A Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220099 MMWEBSDK/20240404 "
               "MMWEBID/1234 MicroMessenger/8.0.50.2640(0x28003237) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    "wxwork": "Mozilla/5.0 (Linux; Android 13; PGT-AN10 Build/HONORPGT-AN10; wv) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 wxwork/4.1.22 MicroMessenger/7.0.1 NetType/WIFI Language/zh ColorScheme/Light",
}
PHONE = {"width": 375, "height": 667}


@pytest.fixture
def open_context(browser: Any, base_url: str) -> Iterator[Any]:
    """``open_context(user_agent, phone)``: a profile with that agent, clipboard access, local requests only."""
    made: list[tuple[Any, LocalOnly, list[str]]] = []

    def make(user_agent: str | None = None, phone: bool = False) -> Any:
        options: dict[str, Any] = {"service_workers": "block"}
        if user_agent:
            options["user_agent"] = user_agent
        if phone:
            options.update(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
        ctx = browser.new_context(**options)
        ctx.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
        guard = LocalOnly(base_url)
        ctx.route("**/*", guard)
        errors: list[str] = []
        ctx.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
        made.append((ctx, guard, errors))
        return ctx

    yield make
    for ctx, guard, errors in made:
        ctx.close()
        assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"
        assert errors == [], f"script errors on the page: {errors}"


def clipboard(page: Any) -> str:
    return str(page.evaluate("() => navigator.clipboard.readText()"))


def file_text(href: str) -> str:
    """The text of a data URL as the downloaded file holds it, less the BOM that is only there for Excel."""
    header, data = href.split(",", 1)
    assert header.endswith(";base64"), header
    return base64.b64decode(data).decode("utf-8").removeprefix("\ufeff")


def share_groups(page: Any) -> list[dict[str, Any]]:
    """Every download control on the page, with what sits beside it in its group, in order."""
    return list(page.evaluate(
        """() => [...document.querySelectorAll('a[download], .qc-export')].map((control) => {
             const group = control.closest('.qc-share');
             const shown = (el) => el !== null && el.offsetParent !== null;
             if (!group) return {alone: true, name: control.textContent};
             const row = [...group.querySelector('.qc-share-row').children].filter(shown);
             return {alone: false, name: group.getAttribute('aria-label'),
                     order: row.map((el) => el.classList.contains('qc-copy') ? 'copy'
                                          : el.classList.contains('qc-view') ? 'view' : 'download'),
                     hint: shown(group.querySelector('.qc-wechat-hint'))};
           })"""
    ))


# ---------------------------------------------------------------- Python's side

def test_every_download_in_a_result_is_a_share_group_with_copy_and_view() -> None:
    for calc_id, calculator in CALCULATORS.items():
        html = run(calc_id, calculator.example_inputs()).html
        links = download_links(html)
        assert links, calc_id
        assert html.count('<div class="qc-share" role="group"') == len(links), calc_id
        assert html.count('class="qc-button qc-copy" hidden>复制</button>') == len(links)
        assert html.count('class="qc-button qc-view" aria-expanded="false" hidden>查看</button>') == len(links)
        for name, _ in links:
            assert f'aria-label="{name}"' in html and f'aria-label="{name} 的内容"' in html


def test_csv_text_is_the_file_less_its_bom() -> None:
    link = markup.csv_link("x.csv", ["环节", "人数"], [["扫码", 1000], ['有"引号",和逗号', 2]])
    ((name, href),) = download_links(link)
    assert name == "x.csv"
    data = href.split(",", 1)[1]
    assert base64.b64decode(data).decode("utf-8") == "\ufeff" + markup.csv_text(["环节", "人数"], [["扫码", 1000], ['有"引号",和逗号', 2]])
    assert markup.csv_text(["a"], [["b"]]) == "a\r\nb\r\n"


def test_the_headline_is_the_first_figure_and_travels_with_each_answer() -> None:
    answer = json.loads(handle("funnel", json.dumps({"reach": "40000", "rates": "0.4,0.25,0.1"})))
    assert text_of(answer["headline"]) == "最后一步（第 3 步） 400 人"
    assert 'class="qc-headline-value">400 人<' in answer["headline"]
    assert markup.headline("<p>没有数字</p>") == ""
    escaped = markup.figures([markup.Figure("<b>", "1 < 2")])
    assert markup.headline(escaped) == '<span class="qc-headline-label">&lt;b&gt;</span> <strong class="qc-headline-value">1 &lt; 2</strong>'


def test_phone_keyboards_fit_the_field() -> None:
    """Digits for counts, digits and a point for amounts and rates; a field that takes a minus sign (which
    the iPhone's number pads lack), a list or a date gets the full keyboard."""
    modes = {(calc_id, f.name): input_mode(f) for calc_id, c in CALCULATORS.items() for f in c.fields}
    assert modes["funnel", "reach"] == "numeric"
    assert modes["reward_cost", "attract_cost"] == "decimal"
    assert modes["fission", "conversion"] == "decimal"
    assert modes["health", "min_growth"] == "text"  # down to −100%
    assert modes["funnel", "rates"] == "text" and modes["capacity", "start"] == "text"
    for (calc_id, name), mode in modes.items():
        field = CALCULATORS[calc_id].field(name)
        low, _ = field.bounds()
        if mode in ("numeric", "decimal"):
            assert low is not None and low >= 0, (calc_id, name)
        if field.kind.value != "choice":
            assert f'inputmode="{mode}"' in field_html(calc_id, field, field.form_value)


def test_scripts_hold_no_chinese_text() -> None:
    cjk = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
    for name in ("share.js", "calculator.js", "progress.js"):
        assert not cjk.search((ROOT / "docs" / "assets" / "js" / name).read_text(encoding="utf-8")), name


# ---------------------------------------------------------------- in the browser

@pytest.mark.browser
@pytest.mark.parametrize("agent", ["ios", "android"])
def test_in_wechat_no_download_stands_alone_and_copy_comes_first(open_context: Any, base_url: str, agent: str) -> None:
    ctx = open_context(WECHAT[agent], phone=True)
    # The pre-rendered results are what is checked here: no need to load Python on eleven pages.
    ctx.add_init_script("window.Worker = class { postMessage() {} addEventListener() {} };")
    page = ctx.new_page()
    for calc_id in CALCULATORS:
        page.goto(f"{base_url}calculators/{calc_id}/")
        page.wait_for_selector(".qc-calculator[data-bound='1']")
        groups = share_groups(page)
        assert groups and not any(g["alone"] for g in groups), (calc_id, groups)
        assert all(g["order"] == ["copy", "view", "download"] for g in groups), (calc_id, groups)
        assert [g["hint"] for g in groups] == [True] + [False] * (len(groups) - 1), (calc_id, groups)
    page.goto(f"{base_url}paths/")
    (group,) = share_groups(page)
    assert group["order"] == ["copy", "view", "download"] and group["hint"]
    assert page.locator(".qc-transfer .qc-wechat-reminder").is_visible()


@pytest.mark.browser
def test_outside_wechat_the_download_comes_first_and_no_reminder_shows(open_context: Any, base_url: str) -> None:
    page = open_context().new_page()
    page.goto(f"{base_url}calculators/timeline/")
    page.wait_for_selector(".qc-calculator[data-bound='1']")
    groups = share_groups(page)
    assert len(groups) == 2 and all(g["order"] == ["download", "copy", "view"] and not g["hint"] for g in groups)
    page.goto(f"{base_url}paths/")
    assert page.locator(".qc-transfer .qc-copy").is_visible()
    assert page.locator(".qc-wechat-reminder").is_hidden()


@pytest.mark.browser
@pytest.mark.parametrize("agent", ["ios", "android"])
def test_copy_puts_cpythons_csv_on_the_clipboard(open_context: Any, base_url: str, agent: str) -> None:
    page = open_context(WECHAT[agent], phone=True).new_page()
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    values = scenario("funnel")
    expected = run("funnel", values)
    for name, value in values.items():
        page.fill(f"#qc-funnel-{name}", value)
    (name, href), *_ = download_links(expected.html)
    # Inside WeChat the download link is moved last in its group, so the result's text differs from
    # Python's by that order: wait for Python's file instead.
    page.wait_for_function(
        "h => document.querySelector('.qc-result a[download]').getAttribute('href') === h", arg=href, timeout=30_000
    )
    group = page.locator(".qc-result .qc-share").first
    assert group.get_attribute("aria-label") == name == "活动漏斗.csv"
    group.locator(".qc-copy").click()
    group.locator(".qc-share-status [data-msg=copied]").wait_for(state="visible")
    assert clipboard(page) == file_text(href)
    assert clipboard(page).startswith("环节,人数,本步转化率,累计转化率\r\n")

    group.locator(".qc-view").click()
    box = group.locator(".qc-share-text")
    assert box.is_visible() and box.input_value() == file_text(href).replace("\r\n", "\n")
    assert group.locator(".qc-view").get_attribute("aria-expanded") == "true"
    assert page.evaluate("() => document.activeElement.classList.contains('qc-share-text')")
    group.locator(".qc-view").click()
    assert box.is_hidden()


@pytest.mark.browser
def test_without_a_clipboard_the_text_opens_selected_and_says_so(open_context: Any, base_url: str) -> None:
    """An old web view: no Clipboard API and execCommand('copy') refused. The reader gets the text,
    selected, and the pre-rendered message saying to copy it by hand."""
    ctx = open_context(WECHAT["android"], phone=True)
    ctx.add_init_script("delete Navigator.prototype.clipboard; document.execCommand = () => false;")
    page = ctx.new_page()
    page.goto(f"{base_url}calculators/review/")
    page.wait_for_selector(".qc-calculator[data-bound='1']")
    group = page.locator(".qc-result .qc-share").first
    group.locator(".qc-copy").click()
    group.locator(".qc-share-status [data-msg=failed]").wait_for(state="visible")
    (_, href), *_ = download_links(run("review", CALCULATORS["review"].example_inputs()).html)
    text = file_text(href).replace("\r\n", "\n")
    assert group.locator(".qc-share-text").input_value() == text
    selected = page.evaluate("() => { const a = document.activeElement; return a.value.slice(a.selectionStart, a.selectionEnd); }")
    assert selected == text


@pytest.mark.browser
def test_on_a_phone_the_headline_stays_in_sight_while_typing(open_context: Any, base_url: str) -> None:
    page = open_context(WECHAT["ios"], phone=True).new_page()
    page.goto(f"{base_url}calculators/reward_cost/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    first = page.locator("#qc-reward_cost-joiners")
    first.focus()
    bar = page.locator(".qc-resultbar")
    bar.wait_for(state="visible")
    page.keyboard.press("Control+A")
    page.keyboard.type("1500")
    values = {**CALCULATORS["reward_cost"].example_inputs(), "joiners": "1500"}
    expected = text_of(markup.headline(run("reward_cost", values).html))
    page.wait_for_function(
        "t => document.querySelector('.qc-resultbar-headline').textContent === t", arg=expected, timeout=30_000
    )
    assert expected.startswith("总成本 ")
    assert page.evaluate("() => document.activeElement.id") == "qc-reward_cost-joiners"
    box = bar.bounding_box()
    assert bar.is_visible() and box is not None and box["y"] + box["height"] <= PHONE["height"] + 0.5
    assert box["y"] > first.bounding_box()["y"]  # it does not cover the field being typed in

    toggle = page.locator(".qc-resultbar-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    results = page.locator(".qc-results").bounding_box()
    assert results is not None and results["y"] >= 0 and results["y"] + results["height"] <= box["y"] + 0.5
    assert page.locator(".qc-result .qc-figure").first.is_visible()
    page.keyboard.press("Escape")
    assert toggle.get_attribute("aria-expanded") == "false"

    page.locator(".qc-result .qc-figure").first.evaluate("figure => figure.scrollIntoView({block: 'center'})")
    bar.wait_for(state="hidden")  # the result itself is in view


@pytest.mark.browser
def test_the_bar_stays_away_from_wide_screens(open_context: Any, base_url: str) -> None:
    page = open_context().new_page()
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(f"{base_url}calculators/reward_cost/")
    page.wait_for_selector(".qc-calculator[data-bound='1']")
    page.focus("#qc-reward_cost-joiners")
    page.wait_for_timeout(300)
    assert page.locator(".qc-resultbar").is_hidden()


@pytest.mark.browser
def test_copy_link_gives_the_scenario_to_paste_in_a_chat(open_context: Any, base_url: str) -> None:
    ctx = open_context(WECHAT["wxwork"], phone=True)
    page = ctx.new_page()
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.fill("#qc-funnel-reach", "12345")
    page.click(".qc-copy-link")
    page.locator(".qc-copy-link-status [data-msg=copied]").wait_for(state="visible")
    link = clipboard(page)
    assert link == page.url and "reach=12345" in link

    other = ctx.new_page()
    other.goto(link)
    other.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    assert other.input_value("#qc-funnel-reach") == "12345"


@pytest.mark.browser
def test_progress_copy_is_the_export_file(open_context: Any, base_url: str, tmp_path: Path) -> None:
    page = open_context(WECHAT["ios"], phone=True).new_page()
    page.goto(f"{base_url}playbooks/group-rules/")
    page.click(".qc-mark")
    page.locator(".qc-checklist input[type=checkbox]").first.check()
    assert page.locator(".qc-checklist .qc-wechat-reminder").is_visible()
    page.goto(f"{base_url}paths/")
    box = page.locator(".qc-transfer")
    box.locator(".qc-copy").click()
    box.locator(".qc-share-status [data-msg=copied]").wait_for(state="visible")
    copied = json.loads(clipboard(page))
    with page.expect_download() as download:
        box.locator(".qc-export").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    exported = json.loads(saved.read_text(encoding="utf-8"))
    assert copied.pop("exported") <= exported.pop("exported")
    assert copied == exported and list(copied["read"]) == ["group-rules"]
    box.locator(".qc-view").click()
    shown = json.loads(box.locator(".qc-share-text").input_value())
    shown.pop("exported")
    assert shown == exported


# WebKit's rule, in Chromium: more than 100 history.pushState/replaceState calls in 10 seconds throw.
WEBKIT_HISTORY_LIMIT = """
(() => {
  const calls = [];
  window.qcHistoryCalls = 0;
  for (const name of ["pushState", "replaceState"]) {
    const original = History.prototype[name];
    History.prototype[name] = function (...args) {
      const now = performance.now();
      while (calls.length && calls[0] <= now - 10000) calls.shift();
      if (calls.length >= 100) {
        throw new DOMException(`Attempt to use history.${name}() more than 100 times per 10 seconds`, "SecurityError");
      }
      calls.push(now);
      window.qcHistoryCalls += 1;
      return original.apply(this, args);
    };
  }
})();
"""


@pytest.mark.browser
def test_typing_fast_stays_within_webkits_history_allowance(open_context: Any, base_url: str) -> None:
    """iPhone WeChat runs WebKit, which refuses a page's 101st address change in 10 seconds. A held-down key
    made that many; the refusal stopped the result from updating. Now the result follows every keystroke and
    the address catches up with the last one."""
    ctx = open_context(phone=True)  # not WeChat's agent: there the download moves last, changing the result's text
    ctx.add_init_script(WEBKIT_HISTORY_LIMIT)
    page = ctx.new_page()
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.focus("#qc-funnel-reach")
    page.keyboard.press("Control+A")
    page.keyboard.type("1" * 60)
    for _ in range(57):
        page.keyboard.press("Backspace")
    values = {**CALCULATORS["funnel"].example_inputs(), "reach": "111"}
    page.wait_for_function(
        "t => document.querySelector('.qc-result').textContent === t", arg=text_of(run("funnel", values).html), timeout=30_000
    )
    page.wait_for_url(lambda url: "reach=111&" in url, timeout=5_000)
    assert page.evaluate("() => window.qcHistoryCalls") <= 80  # address.js's bound: room left for pushState


@pytest.mark.browser
def test_the_whole_page_stays_within_webkits_history_allowance(open_context: Any, base_url: str) -> None:
    """The allowance is the page's, not the calculator's: Material's scroll tracking and instant navigation
    write the address too, and a refused pushState stopped instant navigation (seen in WebKit after a quick
    run of pages). With 200 scroll-style writes on top of typing, the typed address and a pinned scenario
    still land, and the next page still arrives by instant navigation."""
    ctx = open_context(phone=True)
    ctx.add_init_script(WEBKIT_HISTORY_LIMIT)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.click(".qc-pin")
    page.wait_for_url("**pin=**", timeout=5_000)
    page.evaluate("() => { for (let i = 0; i < 200; i++) history.replaceState({i}, ''); }")  # as scroll tracking does
    page.focus("#qc-funnel-reach")
    page.keyboard.press("Control+A")
    page.keyboard.type("4321")
    page.wait_for_url(lambda url: "reach=4321&" in url, timeout=5_000)
    assert "pin=" in page.url, "the waiting pin was kept when the typed address landed"
    assert page.evaluate("() => window.qcHistoryCalls") <= 80
    page.evaluate("() => { window.qcStayed = 1; }")
    follow_link(page, f"{base_url}calculators/capacity/")
    page.wait_for_url("**/calculators/capacity/**", timeout=30_000)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    assert page.evaluate("() => window.qcStayed") == 1, "the page came by instant navigation, not a reload"
    assert errors == []


@pytest.mark.browser
def test_the_new_controls_pass_axe_in_wechat_on_a_phone(open_context: Any, base_url: str) -> None:
    """axe (as tests/test_a11y.py runs it) with everything this adds on screen: copy and view open, the
    WeChat hint and reminder, the result bar and the open result, the copy-link message."""
    from test_a11y import axe_violations

    page = open_context(WECHAT["ios"], phone=True).new_page()
    page.goto(f"{base_url}calculators/timeline/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.focus("#qc-timeline-days")
    page.locator(".qc-resultbar").wait_for(state="visible")
    page.click(".qc-copy-link")
    page.locator(".qc-copy-link-status [data-msg=copied]").wait_for(state="visible")
    for group in page.locator(".qc-result .qc-share").all():
        group.locator(".qc-view").click()
    page.locator(".qc-result .qc-share").first.locator(".qc-copy").click()
    page.locator(".qc-result .qc-share-status [data-msg=copied]").first.wait_for(state="visible")
    page.evaluate("() => scrollTo(0, 0)")  # back to the form: the bar comes back
    page.click(".qc-resultbar-toggle")
    assert axe_violations(page) == []

    page.goto(f"{base_url}paths/")
    page.locator(".qc-transfer .qc-view").click()
    assert page.locator(".qc-transfer .qc-wechat-reminder").is_visible()
    assert axe_violations(page) == []
