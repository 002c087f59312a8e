"""When Python can't start (issue 19.2): the page checks the browser first, notices a worker that fails or
is slow, and says in Chinese what happened, what still works and how to get a browser that works. The
pre-rendered example stays; the page is never left saying "loading" for good."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_browser import LOAD_TIMEOUT, READY, text_of
from test_wechat import open_context  # noqa: F401  (a fixture)

from calculators import CALCULATORS, run
from calculators.kit.startup import PROBLEMS, TIME_LIMIT_SECONDS, WAYS, problem_messages
from calculators.kit.web import page_html

RUNTIME = {"worker": "w.js", "pyodide": "p/", "wheel": "x.whl"}


def test_every_problem_message_says_what_happened_what_still_works_and_the_way_out() -> None:
    messages = problem_messages("下面是示例数字的结果。")
    assert set(messages) == set(PROBLEMS) == {"unsupported", "failed", "slow"}
    for state, text in messages.items():
        assert text.startswith(PROBLEMS[state].format(engine="计算引擎")[:6]), state
        assert "下面是示例数字的结果。" in text and "在浏览器打开" in text and "命令行计算" in text, state
    assert f"{TIME_LIMIT_SECONDS} 秒" in messages["slow"]
    assert "{" not in "".join(messages.values()) and "{verb}" in WAYS


@pytest.mark.parametrize("calc_id", ["funnel", "chat"])
def test_each_calculator_block_carries_the_messages_and_the_time_limit(calc_id: str) -> None:
    html = page_html(calc_id, "../../", RUNTIME)
    assert f'data-time-limit="{TIME_LIMIT_SECONDS}"' in html
    for state in PROBLEMS:
        assert f"data-{state}=" in html, state


def test_every_page_that_starts_python_carries_the_messages_and_the_time_limit(site: Path) -> None:
    pages = [site / "calculators" / calc_id / "index.html" for calc_id in CALCULATORS] + [site / "calculators/plan/index.html"]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert html.count("data-worker=") == html.count(f'data-time-limit="{TIME_LIMIT_SECONDS}"') == 1, page
        for state in PROBLEMS:
            assert f' data-{state}="' in html, (page, state)


def status(page: Any) -> dict[str, str]:
    return dict(page.evaluate(
        """() => { const c = document.querySelector('.qc-calculator'), s = c.querySelector('.qc-status');
                   return {state: c.dataset.state, text: s.textContent,
                           unsupported: s.dataset.unsupported, failed: s.dataset.failed, slow: s.dataset.slow}; }"""
    ))


def example_text(calc_id: str) -> str:
    return text_of(run(calc_id, CALCULATORS[calc_id].example_inputs()).html)


LACKING = {
    "no WebAssembly": "delete window.WebAssembly;",
    "no workers": "delete window.Worker;",
    # Workers, but only classic ones: the constructor never reads the `type` option (Firefox before 114).
    "no module workers": "const Classic = Worker; window.Worker = class extends Classic { constructor(url) { super(url); } };",
}


@pytest.mark.browser
@pytest.mark.parametrize("lacking", LACKING)
def test_a_browser_without_what_python_needs_is_told_at_once(open_context: Any, base_url: str, lacking: str) -> None:  # noqa: F811
    ctx = open_context()
    ctx.add_init_script(LACKING[lacking])
    page = ctx.new_page()
    page.goto(f"{base_url}calculators/fission/")
    page.wait_for_selector(".qc-calculator[data-state=unsupported]", timeout=5_000)
    shown = status(page)
    assert shown["text"] == shown["unsupported"] and "太旧" in shown["text"]
    assert page.locator(".qc-result").inner_text().replace("\n", "") != ""
    assert text_of(page.inner_html(".qc-result")) == example_text("fission"), "the example result stays"


@pytest.mark.browser
def test_a_browser_without_webassembly_exceptions_is_unsupported(open_context: Any, base_url: str) -> None:  # noqa: F811
    """Pyodide 314 needs WebAssembly exception handling: a browser that can't validate a module with an
    exception tag (Chrome before 95, say) is told before anything is downloaded."""
    ctx = open_context()
    ctx.add_init_script(
        "const validate = WebAssembly.validate;"
        "WebAssembly.validate = (bytes) => !new Uint8Array(bytes).includes(13) && validate(bytes);"
    )
    page = ctx.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(".qc-calculator[data-state=unsupported]", timeout=5_000)
    assert not any("pyodide" in url for url in asked), "nothing of Python was downloaded"


@pytest.mark.browser
def test_a_worker_that_cannot_load_python_says_so(open_context: Any, base_url: str) -> None:  # noqa: F811
    ctx = open_context()
    ctx.route("**/pyodide.mjs", lambda route: route.abort())
    page = ctx.new_page()
    page.goto(f"{base_url}calculators/funnel/")
    page.wait_for_selector(".qc-calculator[data-state=failed]", timeout=30_000)
    shown = status(page)
    assert shown["text"] == shown["failed"] and "刷新" in shown["text"]
    assert text_of(page.inner_html(".qc-result")) == example_text("funnel")


@pytest.mark.browser
def test_a_slow_start_is_told_and_the_page_still_goes_live_when_python_arrives(open_context: Any, base_url: str) -> None:  # noqa: F811
    ctx = open_context()
    url = f"{base_url}calculators/funnel/"

    def short_limit(route: Any) -> None:  # the page as served, with a one-second limit
        body = route.fetch().text().replace(f'data-time-limit="{TIME_LIMIT_SECONDS}"', 'data-time-limit="1"')
        assert 'data-time-limit="1"' in body
        route.fulfill(body=body, headers={"content-type": "text/html; charset=utf-8"})

    held: list[Any] = []
    ctx.route(url, short_limit)
    ctx.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # the engine's download hangs until released
    page = ctx.new_page()
    page.goto(url)
    page.wait_for_selector(".qc-calculator[data-state=slow]", timeout=30_000)
    shown = status(page)
    assert shown["text"] == shown["slow"] and "不想等" in shown["text"]
    assert text_of(page.inner_html(".qc-result")) == example_text("funnel")
    for route in held:
        route.continue_()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.fill("#qc-funnel-reach", "8000")
    values = {**CALCULATORS["funnel"].example_inputs(), "reach": "8000"}
    page.wait_for_function(
        "t => document.querySelector('.qc-result').textContent === t", arg=text_of(run("funnel", values).html), timeout=30_000
    )
