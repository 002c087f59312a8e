"""Page weight, in headless Chromium, on the site served as scripts/serve.py serves it (gzip).

- A first visit to a text page transfers at most 300 KB (the page's own requests, compressed) and
  nothing of Python, not even through the service worker's precache.
- A calculator page asks for Python only after its first paint.
- A repeat visit takes Python from the cache: nothing of it crosses the network.

Bytes come from Playwright's request sizes (what the browser received) and, as the ground truth for
"from the network", from the server's own log. These contexts do not route requests (routing
disables Chromium's HTTP cache), so caching behaves as it does for a reader; a request listener
still checks that nothing goes to another host. Run with -s to see the numbers.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import serve_recorded
from test_browser import LOAD_TIMEOUT, READY, text_of
from test_offline import python_files

from calculators import CALCULATORS, run

# A text page's first visit is mostly Material's search index (~320 KB gzipped of ~420 KB): every page
# loads it. It doubled when the handbook grew from 30 to 41 playbooks and the compliance page; repeated
# blocks (compliance warnings, progress blocks, hidden drill feedback) are kept out of it.
TEXT_PAGE_BUDGET = 450_000
PRECACHE_BUDGET = 2_000_000  # the service worker's install, once per version of the site (every page: 60 now)
CONTROLLED = "navigator.serviceWorker.controller !== null"
FIRST_PAINT = """() => {
  const paint = performance.getEntriesByType("paint").map((entry) => entry.startTime);
  return paint.length ? performance.timeOrigin + Math.min(...paint) : null;
}"""
PYTHON_CACHED = """async () => {
  const cache = await caches.open("qunce-python");
  return (await cache.keys()).length;
}"""


def is_python(path: str) -> bool:
    return "/assets/pyodide/" in path or "/assets/wheels/" in path or path.endswith((".wasm", ".whl", "stdlib.zip"))


@dataclass
class Visit:
    """What one browser profile asked for, and what the server sent."""

    base: str
    log: list[tuple[str, int, int]]
    context: Any
    finished: list[Any] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)

    def mark(self) -> tuple[int, int]:
        return len(self.log), len(self.finished)

    def served_since(self, mark: tuple[int, int]) -> list[tuple[str, int, int]]:
        return self.log[mark[0]:]

    def page_bytes_since(self, mark: tuple[int, int]) -> int:
        """Bytes the pages (and their Web Workers) received from the network, not from a service worker."""
        total = 0
        for request in self.finished[mark[1]:]:
            response = request.response()
            if request.service_worker is None and response is not None and not response.from_service_worker:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total

    def service_worker_bytes_since(self, mark: tuple[int, int]) -> int:
        total = 0
        for request in self.finished[mark[1]:]:
            if request.service_worker is not None:
                sizes = request.sizes()
                total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        return total


@pytest.fixture(scope="module")
def recorded_server(site: Path) -> Iterator[tuple[str, list[tuple[str, int, int]]]]:
    server, url, log = serve_recorded(site)
    yield url, log
    server.shutdown()  # type: ignore[attr-defined]


@pytest.fixture
def visit(browser: Any, recorded_server: tuple[str, list[tuple[str, int, int]]]) -> Iterator[Visit]:
    base, log = recorded_server
    context = browser.new_context(service_workers="allow")
    state = Visit(base, log, context)
    context.on("request", lambda request: state.urls.append(request.url))
    context.on("requestfinished", lambda request: state.finished.append(request))
    yield state
    context.close()
    foreign = [url for url in state.urls if not url.startswith((base, "data:", "blob:"))]
    assert foreign == [], f"requests to other hosts: {foreign}"


def test_the_search_index_every_page_loads_is_compact_utf8(site: Path) -> None:
    """qunce_site/features/material.py rewrites Material's index without \\uXXXX escapes (~20 % less gzipped)."""
    raw = (site / "search" / "search_index.json").read_bytes()
    assert b"\\u" not in raw.replace(b"\\\\u", b"") and b'": ' not in raw
    assert json.loads(raw)["docs"], "the index is empty"


def settle(page: Any) -> None:
    """Wait until the service worker controls the page (its precache is complete) and the network is idle."""
    page.wait_for_function(CONTROLLED, timeout=30_000)
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "playbooks/group-rules/"], ids=["home", "playbook"])
def test_a_text_page_is_light_and_loads_no_python(visit: Visit, path: str) -> None:
    page = visit.context.new_page()
    cold = visit.mark()
    page.goto(visit.base + path)
    settle(page)
    page_bytes = visit.page_bytes_since(cold)
    precache_bytes = visit.service_worker_bytes_since(cold)
    python = [entry for entry in visit.served_since(cold) if is_python(entry[0])]
    asked = [url for url in visit.urls if is_python(url)]

    warm = visit.mark()
    page.reload()
    settle(page)
    warm_served = sum(length for _, _, length in visit.served_since(warm))
    print(f"\n/{path}: cold {page_bytes} B (page) + {precache_bytes} B (precache); warm {warm_served} B from the server")

    assert page_bytes <= TEXT_PAGE_BUDGET
    assert python == [] and asked == [], "a text page must load no Python, not even into the precache"
    assert 0 < precache_bytes <= PRECACHE_BUDGET
    assert warm_served <= 20_000, visit.served_since(warm)  # at most the service worker's update check


@pytest.mark.browser
def test_a_calculator_page_loads_python_after_first_paint_and_once(visit: Visit, site: Path) -> None:
    page = visit.context.new_page()
    cold = visit.mark()
    page.goto(visit.base + "calculators/funnel/")
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    first_paint = page.evaluate(FIRST_PAINT)
    assert first_paint is not None
    python = [request for request in visit.finished[cold[1]:] if is_python(request.url)]
    assert python, "the calculator loaded no Python?"
    early = [(r.url, r.timing["startTime"] - first_paint) for r in python if r.timing["startTime"] < first_paint]
    assert early == [], f"Python asked for before the first paint: {early}"
    # The service worker was not there yet when Python loaded: the page hands it the runtime's URLs.
    deadline = time.monotonic() + 30
    while page.evaluate(PYTHON_CACHED) < len(python_files(site)):
        assert time.monotonic() < deadline, "the runtime never reached the service worker's cache"
        time.sleep(0.2)
    settle(page)
    cold_bytes = visit.page_bytes_since(cold)
    copied = visit.service_worker_bytes_since(cold)
    cold_python = sum(length for path, _, length in visit.served_since(cold) if is_python(path))

    warm = visit.mark()
    page.reload()
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    page.fill("#qc-funnel-reach", "4321")
    expected = run("funnel", {**CALCULATORS["funnel"].example_inputs(), "reach": "4321"})
    page.wait_for_function(
        "t => document.querySelector('.qc-result').textContent === t", arg=text_of(expected.html), timeout=30_000
    )
    settle(page)
    warm_served = visit.served_since(warm)
    wasm = [r for r in visit.finished[warm[1]:] if r.url.endswith(".wasm")]
    print(f"\ncalculators/funnel/: cold {cold_bytes} B (page, {cold_python} B of it Python) + {copied} B (service worker); "
          f"warm {sum(length for _, _, length in warm_served)} B from the server {[path for path, _, _ in warm_served]}")

    assert [entry for entry in warm_served if is_python(entry[0])] == [], "Python crossed the network again"
    assert wasm and all(r.service_worker is None and r.response().from_service_worker for r in wasm), wasm
    assert cold_python > 0



def test_the_search_index_begins_with_its_config(site: Path) -> None:
    """The patched bundle parses the "config" member from the text's start (qunce_site/features/material.py)."""
    text = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    head = text[: text.index(',"docs":')] + "}"
    assert text.startswith('{"config":') and json.loads(head)["config"] == json.loads(text)["config"]
