"""The calculators in WebKit, Safari's engine, which iPhone WeChat runs (issue 19).

WebKitGTK's WebDriver (Debian's webkit2gtk-driver) drives its MiniBrowser under a virtual display
(xvfb-run), through the standard WebDriver HTTP protocol: no client library. One browser session serves
every test here (Python is loaded once; later pages come by Material's instant navigation, as a reader's
do). Select these tests with ``-m webkit``; ``-m "not webkit"`` leaves them out.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import chat_samples as samples
import pytest
from conftest import free_port
from test_browser import download_links, first_field_rejecting, scenario, text_of

from calculators import CALCULATORS, READERS, run
from calculators.kit.fields import Kind
from calculators.kit.files import Upload
from calculators.kit.markup import headline

pytestmark = pytest.mark.webkit

MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
ELEMENT = "element-6066-11e4-a52e-4f735466cecf"  # the WebDriver spec's key for an element reference
CTRL = "\ue009"
LOAD_TIMEOUT = 120.0  # seconds: a cold Pyodide start in WebKit under xvfb on a busy 2-core machine


class WebDriverError(RuntimeError):
    pass


class WebKit:
    """A WebDriver session: the few commands these tests need, as plain HTTP."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session = ""
        self.origin = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 300) -> Any:
        prefix = f"/session/{self.session}" if self.session and not path.startswith("/session") else ""
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.endpoint + prefix + path, data=data, method=method,
                                         headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return json.loads(answer.read())["value"]
        except urllib.error.HTTPError as error:
            raise WebDriverError(f"{method} {path}: {error.read().decode('utf-8', 'replace')[:500]}") from None

    def start(self) -> None:
        options = {"binary": MINIBROWSER, "args": ["--automation"]}
        value = self.call("POST", "/session", {"capabilities": {"alwaysMatch": {"webkitgtk:browserOptions": options}}})
        self.session = value["sessionId"]

    def stop(self) -> None:
        if self.session:
            self.call("DELETE", f"/session/{self.session}", timeout=30)
            self.session = ""

    def js(self, script: str, *args: Any) -> Any:
        return self.call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def find(self, css: str) -> str:
        return str(self.call("POST", "/element", {"using": "css selector", "value": css})[ELEMENT])

    def click(self, css: str) -> None:
        self.call("POST", f"/element/{self.find(css)}/click", {})

    def type(self, css: str, text: str) -> None:
        """Select the field's text and type over it, key by key, as a reader does."""
        element = self.find(css)
        self.call("POST", f"/element/{element}/click", {})
        self.keys([CTRL, "a"])
        self.call("POST", f"/element/{element}/value", {"text": text})

    def keys(self, chord: list[str]) -> None:
        down = [{"type": "keyDown", "value": key} for key in chord]
        up = [{"type": "keyUp", "value": key} for key in reversed(chord)]
        self.call("POST", "/actions", {"actions": [{"type": "key", "id": "keyboard", "actions": down + up}]})
        self.call("DELETE", "/actions")

    def until(self, script: str, *args: Any, timeout: float = 30.0, what: str = "") -> Any:
        """Poll ``script`` (a function body returning a value) until it returns something truthy."""
        end = time.monotonic() + timeout
        while True:
            value = self.js(script, *args)
            if value:
                return value
            if time.monotonic() > end:
                raise AssertionError(f"timed out after {timeout} s waiting for {what or script}")
            time.sleep(0.1)

    def open(self, url: str) -> None:
        """Go to ``url``: by Material's instant navigation once a page of the site is open (the Python worker
        lives on), else by loading it. Script errors are collected in window.qcErrors from the first load."""
        here = self.js("return location.href")
        if here.startswith(self.origin) and self.js("return Boolean(window.document$ && window.qcErrors)"):
            # Mark the page being left: the new one has arrived when the mark is gone.
            self.js(
                "document.querySelector('.md-content').dataset.qcLeaving = '1';"
                "const link = document.createElement('a'); link.href = arguments[0];"
                "document.body.append(link); link.click();", url,
            )
            self.until("return !document.querySelector('[data-qc-leaving]') && location.pathname === new URL(arguments[0]).pathname",
                       url, timeout=LOAD_TIMEOUT, what=f"instant navigation to {url}")
        else:
            self.call("POST", "/url", {"url": url})
            self.js(
                "window.qcErrors = [];"
                "addEventListener('error', (e) => qcErrors.push(String(e.message)));"
                "addEventListener('unhandledrejection', (e) => qcErrors.push(String(e.reason)));"
            )

    def errors(self) -> list[str]:
        return list(self.js("return window.qcErrors || []"))

    def foreign_requests(self) -> list[str]:
        return list(self.js(
            "return performance.getEntriesByType('resource').map((e) => e.name)"
            ".filter((url) => !url.startsWith(location.origin) && !url.startsWith('data:') && !url.startsWith('blob:'))"
        ))


def webkit_driver() -> str:
    path = shutil.which("WebKitWebDriver")
    if not path or not Path(MINIBROWSER).exists() or not shutil.which("xvfb-run"):
        pytest.fail("WebKit is not installed: run scripts/setup.sh --browser (webkit2gtk-driver, xvfb)")
    return path


@pytest.fixture(scope="session")
def webkit(base_url: str) -> Iterator[WebKit]:
    """One WebKit session for the whole test run."""
    port = free_port()
    # Its own process group, so stopping it stops xvfb-run's X server and the browser with it.
    driver = subprocess.Popen(["xvfb-run", "-a", webkit_driver(), f"--port={port}"], start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    browser = WebKit(f"http://127.0.0.1:{port}")
    browser.origin = base_url
    try:
        end = time.monotonic() + 30
        while True:
            try:
                if browser.call("GET", "/status", timeout=5).get("ready"):
                    break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > end or driver.poll() is not None:
                pytest.fail("WebKitWebDriver did not start")
            time.sleep(0.2)
        browser.start()
        yield browser
    finally:
        with contextlib.suppress(WebDriverError, urllib.error.URLError, OSError):
            browser.stop()
        os.killpg(driver.pid, signal.SIGTERM)
        driver.wait(timeout=30)


def open_calculator(webkit: WebKit, base_url: str, calc_id: str, path: str = "") -> None:
    webkit.open(base_url + (path or f"calculators/{calc_id}/"))
    state = webkit.until(
        "const c = document.querySelector('.qc-calculator[data-calc=' + arguments[0] + ']');"
        "return c && ['ready', 'failed'].includes(c.dataset.state) && c.dataset.state",
        calc_id, timeout=LOAD_TIMEOUT, what=f"{calc_id} to go live",
    )
    assert state == "ready", f"Python did not start in WebKit on {calc_id}"


def answered(webkit: WebKit) -> int:
    return int(webkit.js("return Number(document.querySelector('.qc-calculator').dataset.answered || 0)"))


def settle(webkit: WebKit, before: int) -> None:
    try:
        webkit.until(
            "const c = document.querySelector('.qc-calculator');"
            "return Number(c.dataset.answered || 0) > arguments[0] && c.dataset.busy !== '1' && c.dataset.dirty !== '1'",
            before, what="the answer to the last keystroke",
        )
    except AssertionError as error:
        state = webkit.js("const c = document.querySelector('.qc-calculator'), a = document.activeElement;"
                          "return [c.dataset.calc, JSON.stringify(c.dataset), a.id, a.value, location.href]")
        raise AssertionError(f"{error}: {state}") from None


@pytest.fixture
def clean(webkit: WebKit) -> Iterator[WebKit]:
    """The session, checked after each test: no script error, no request to another host."""
    yield webkit
    assert webkit.errors() == [], "script errors in WebKit"
    assert webkit.foreign_requests() == [], "requests to other hosts"


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_a_calculator_goes_live_and_typed_values_give_cpythons_result(clean: WebKit, base_url: str, calc_id: str) -> None:
    webkit = clean
    open_calculator(webkit, base_url, calc_id)
    example = CALCULATORS[calc_id].example_inputs()
    assert webkit.js("return document.querySelector('.qc-result').textContent") == text_of(run(calc_id, example).html)
    values = scenario(calc_id)
    expected = run(calc_id, values)
    for name, value in values.items():
        if value == example[name]:
            continue
        before = answered(webkit)
        if CALCULATORS[calc_id].field(name).kind is Kind.CHOICE:
            webkit.js("const s = document.getElementById(arguments[0]); s.value = arguments[1];"
                      "s.dispatchEvent(new Event('input', {bubbles: true}));", f"qc-{calc_id}-{name}", value)
        else:
            webkit.type(f"#qc-{calc_id}-{name}", value)
        settle(webkit, before)
    webkit.until("return document.querySelector('.qc-result').textContent === arguments[0]", text_of(expected.html),
                 what="CPython's result")
    links = webkit.js("return [...document.querySelectorAll('.qc-result a[download]')].map((a) => [a.download, a.getAttribute('href')])")
    assert links == download_links(expected.html)


@pytest.mark.parametrize("calc_id", list(CALCULATORS))
def test_a_bad_value_shows_the_message_beside_its_field(clean: WebKit, base_url: str, calc_id: str) -> None:
    webkit = clean
    open_calculator(webkit, base_url, calc_id)
    field, error = first_field_rejecting(calc_id, "abc")
    before = answered(webkit)
    webkit.type(f"#qc-{calc_id}-{field.name}", "abc")
    settle(webkit, before)
    ident = f"qc-{calc_id}-{field.name}"
    state = webkit.js(
        "const m = document.getElementById(arguments[0] + '-error'), i = document.getElementById(arguments[0]);"
        "return {shown: !m.hidden && m.offsetParent !== null, text: m.textContent, invalid: i.getAttribute('aria-invalid'),"
        " beside: m.closest('.qc-field') === i.closest('.qc-field'),"
        " stale: document.querySelector('.qc-result').classList.contains('qc-stale')}", ident,
    )
    assert state == {"shown": True, "text": error.errors[field.name], "invalid": "true", "beside": True, "stale": True}


def test_copy_puts_the_csv_on_the_clipboard(clean: WebKit, base_url: str) -> None:
    """The copy button beside a download, clicked in WebKit; the clipboard is read back by pasting."""
    webkit = clean
    open_calculator(webkit, base_url, "funnel")
    before = answered(webkit)
    webkit.type("#qc-funnel-reach", "40000")
    settle(webkit, before)
    expected = run("funnel", {**CALCULATORS["funnel"].example_inputs(), "reach": "40000"})
    (_, href), *_ = download_links(expected.html)
    csv = base64.b64decode(href.split(",", 1)[1]).decode("utf-8").removeprefix("\ufeff")
    webkit.click(".qc-result .qc-share .qc-copy")
    webkit.until("return !document.querySelector('.qc-result .qc-share-status [data-msg=copied]').hidden",
                 what="the copied message")
    webkit.js("const box = document.createElement('textarea'); box.id = 'qc-paste'; document.body.prepend(box);")
    webkit.click("#qc-paste")
    webkit.keys([CTRL, "v"])
    pasted = webkit.until("return document.getElementById('qc-paste').value", what="the pasted text")
    webkit.js("document.getElementById('qc-paste').remove()")
    assert pasted == csv.replace("\r\n", "\n")  # a text box keeps line ends as \n


def test_on_a_narrow_window_the_headline_stays_in_sight(clean: WebKit, base_url: str) -> None:
    """MiniBrowser's narrowest window (447 px) is below the phone breakpoint; the bar shows while typing."""
    webkit = clean
    rect = webkit.call("GET", "/window/rect")
    webkit.call("POST", "/window/rect", {"width": 375, "height": 667})
    try:
        open_calculator(webkit, base_url, "reward_cost")
        webkit.js("scrollTo(0, 0)")
        before = answered(webkit)
        webkit.type("#qc-reward_cost-joiners", "1500")
        settle(webkit, before)
        values = {**CALCULATORS["reward_cost"].example_inputs(), "joiners": "1500"}
        bar = webkit.until(
            "const b = document.querySelector('.qc-resultbar'), r = b.getBoundingClientRect();"
            "return !b.hidden && r.height > 0 && r.bottom <= innerHeight + 1"
            " && {text: b.querySelector('.qc-resultbar-headline').textContent, focus: document.activeElement.id}",
            what="the result bar",
        )
        assert bar == {"text": text_of(headline(run("reward_cost", values).html)), "focus": "qc-reward_cost-joiners"}
    finally:
        webkit.call("POST", "/window/rect", {"width": rect["width"], "height": rect["height"]})


def page_of(site: Path, calc_id: str) -> str:
    """The built page (relative URL) that holds the calculator ``calc_id``."""
    marker = f'data-calc="{calc_id}"'
    pages = [p for p in site.rglob("index.html") if "zh-Hant" not in p.parts and marker in p.read_text(encoding="utf-8")]
    assert len(pages) == 1, (calc_id, pages)
    return pages[0].parent.relative_to(site).as_posix() + "/"


@pytest.mark.parametrize("calc_id", list(READERS))
def test_a_page_that_reads_files_goes_live(clean: WebKit, base_url: str, site: Path, calc_id: str) -> None:
    open_calculator(clean, base_url, calc_id, page_of(site, calc_id))


def test_a_chat_export_chosen_in_webkit_gives_cpythons_result(clean: WebKit, base_url: str, site: Path, tmp_path: Path) -> None:
    """The file goes through WebDriver's file upload into the page's file field, as a reader picks one."""
    webkit = clean
    open_calculator(webkit, base_url, "chat", page_of(site, "chat"))
    files = samples.samples()["chatlog-csv"]
    ((name, data),) = files.items()
    path = tmp_path / name
    path.write_bytes(data)
    expected = run("chat", {"files": (Upload(name, data),)})
    before = answered(webkit)
    webkit.call("POST", f"/element/{webkit.find('#qc-chat-files')}/value", {"text": str(path)})
    settle(webkit, before)
    webkit.until("return document.querySelector('.qc-result').textContent === arguments[0]", text_of(expected.html),
                 timeout=60, what="CPython's result for the chat export")


def test_a_full_reload_restores_pythons_memory_snapshot(clean: WebKit, base_url: str) -> None:
    """WebKit (iPhone's engine) makes the worker's memory snapshot and restores it on a later load."""
    webkit = clean
    open_calculator(webkit, base_url, "funnel")
    webkit.js("window.qcSnapshots = null; caches.open('qunce-snapshot').then((c) => c.keys())"
              ".then((keys) => { window.qcSnapshots = keys.length; })")
    stored = "return performance.getEntriesByName('qunce:python-snapshot').length > 0 || window.qcSnapshots > 0"
    webkit.until(stored, timeout=LOAD_TIMEOUT, what="a stored snapshot")
    webkit.js("delete window.qcErrors")  # so that open() loads the page instead of navigating within it
    open_calculator(webkit, base_url, "funnel")
    assert webkit.js("return performance.getEntriesByName('qunce:python-ready')[0].detail.start") == "restored"
