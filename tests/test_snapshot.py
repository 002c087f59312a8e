"""The worker's memory snapshot (docs/assets/js/qunce-snapshot.js), in headless Chromium.

The first visit to a calculator makes a snapshot of Python with the calculators imported and keeps it
in Cache Storage under a key naming the Pyodide folder and the wheel; later visits restore it. A
snapshot under another key (another wheel) is deleted, never restored; a bad one is dropped, and the
calculator still goes live from a plain load. How the worker started is in the detail of the page's
"qunce:python-ready" performance mark.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from test_browser import LOAD_TIMEOUT, READY, follow_link, type_scenario_and_wait_for_cpythons_result
from test_offline import precached

CACHE = "qunce-snapshot"
STARTED = "performance.getEntriesByName('qunce:python-ready')[0].detail"
STORED = "performance.getEntriesByName('qunce:python-snapshot').map((mark) => mark.detail.stored)"
KEYS = f"caches.open('{CACHE}').then((cache) => cache.keys()).then((keys) => keys.map((request) => request.url))"
# Move the entry at `from` to each key in `to`.
MOVE = """async ([from, to]) => {
  const cache = await caches.open("qunce-snapshot");
  for (const key of to) await cache.put(key, await cache.match(from));
  await cache.delete(from);
}"""
# Spoil the entry at `key` in one of three ways.
CORRUPT = """async ([key, how]) => {
  const cache = await caches.open("qunce-snapshot");
  const response = await cache.match(key);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const sha = async (data) => Array.from(new Uint8Array(await crypto.subtle.digest("SHA-256", data)),
                                        (b) => b.toString(16).padStart(2, "0")).join("");
  let headers = response.headers;
  let bad;
  if (how === "flipped bytes") {  // one byte: only the stored checksum tells
    bad = bytes.slice();
    bad[bad.length >> 1] ^= 0xff;
  } else if (how === "truncated") {
    bad = bytes.slice(0, bytes.length >> 1);
  } else {  // "not a snapshot": the checksum is right, Pyodide refuses the bytes
    bad = bytes.slice(0, 1 << 20);
    for (let i = 0; i < bad.length; i += 7) bad[i] ^= 0x5a;
    headers = { "x-qunce-sha256": await sha(bad) };
  }
  await cache.put(key, new Response(bad, { headers }));
}"""


def runtime_urls(site: Path, base_url: str) -> dict[str, str]:
    runtime = json.loads((site / "assets" / "runtime.json").read_text(encoding="utf-8"))
    return {"pyodide": base_url + runtime["pyodide"], "wheel": base_url + runtime["wheel"]}


def names(key: str) -> dict[str, str]:
    """What a snapshot's key names: {"pyodide": folder URL, "wheel": wheel URL}."""
    return {name: values[0] for name, values in parse_qs(urlsplit(key).query).items()}


def visit(page: Any, url: str) -> dict[str, Any]:
    """Open a calculator until it is live; how the worker started Python."""
    page.goto(url)
    page.wait_for_selector(READY, timeout=LOAD_TIMEOUT)
    return dict(page.evaluate(STARTED))


def wait_stored(page: Any) -> None:
    page.wait_for_function(f"{STORED}.length > 0", timeout=LOAD_TIMEOUT)
    assert page.evaluate(STORED) == [True]


def keys(page: Any) -> list[str]:
    return list(page.evaluate(KEYS))


@pytest.mark.browser
def test_the_first_visit_stores_a_snapshot_under_the_current_pyodide_and_wheel(
    page: Any, base_url: str, site: Path
) -> None:
    assert visit(page, f"{base_url}calculators/funnel/")["start"] == "made"
    wait_stored(page)
    [key] = keys(page)
    assert names(key) == runtime_urls(site, base_url)
    assert key.startswith(f"{base_url}assets/js/qunce-snapshot/?")


@pytest.mark.browser
def test_the_second_visit_restores_the_snapshot_and_computes_as_cpython(page: Any, base_url: str) -> None:
    visit(page, f"{base_url}calculators/funnel/")
    wait_stored(page)
    assert visit(page, f"{base_url}calculators/fission/") == {"start": "restored", "dropped": None}
    type_scenario_and_wait_for_cpythons_result(page, "fission")
    assert len(keys(page)) == 1


@pytest.mark.browser
def test_a_snapshot_of_another_wheel_is_deleted_not_restored(page: Any, base_url: str, site: Path) -> None:
    visit(page, f"{base_url}calculators/funnel/")
    wait_stored(page)
    [current] = keys(page)
    # The same snapshot, as if an older wheel had made it; and the other edition's, which is left alone.
    stale = current.replace("wheels%2F", "wheels%2Fold", 1)
    other_edition = current.replace("/assets/js/qunce-snapshot/", "/zh-Hant/assets/js/qunce-snapshot/", 1)
    page.evaluate(MOVE, [current, [stale, other_edition]])
    assert sorted(keys(page)) == sorted([stale, other_edition])

    assert visit(page, f"{base_url}calculators/funnel/")["start"] == "made"
    wait_stored(page)
    assert sorted(keys(page)) == sorted([current, other_edition])
    type_scenario_and_wait_for_cpythons_result(page, "funnel")
    assert names(current) == runtime_urls(site, base_url)


@pytest.mark.browser
@pytest.mark.parametrize("how", ["flipped bytes", "truncated", "not a snapshot"])
def test_a_corrupted_snapshot_is_dropped_and_replaced_and_the_calculator_still_goes_live(
    page: Any, base_url: str, how: str
) -> None:
    visit(page, f"{base_url}calculators/funnel/")
    wait_stored(page)
    [key] = keys(page)
    page.evaluate(CORRUPT, [key, how])

    started = visit(page, f"{base_url}calculators/funnel/")
    assert started["start"] == "made" and started["dropped"], started
    if how != "not a snapshot":
        assert "checksum" in started["dropped"]
    type_scenario_and_wait_for_cpythons_result(page, "funnel")
    wait_stored(page)
    assert keys(page) == [key]
    assert visit(page, f"{base_url}calculators/funnel/")["start"] == "restored"


@pytest.mark.browser
def test_the_bench_page_without_snapshots_neither_makes_nor_uses_one(page: Any, base_url: str) -> None:
    """data-snapshot="off" on the calculator block (scripts/bench.py's "worker, no snapshot")."""
    def without_snapshot(route: Any) -> None:
        response = route.fetch()
        block = '<div class="qc-calculator" '
        route.fulfill(response=response, body=response.text().replace(block, block + 'data-snapshot="off" ', 1))

    page.route(f"{base_url}calculators/funnel/", without_snapshot)
    assert visit(page, f"{base_url}calculators/funnel/")["start"] == "plain"
    type_scenario_and_wait_for_cpythons_result(page, "funnel")
    assert keys(page) == []


@pytest.mark.parametrize("edition", ["", "zh-Hant"])
def test_the_offline_service_worker_leaves_snapshots_alone(site: Path, edition: str) -> None:
    """Snapshots are made on the device: never precached, and their cache is not one Workbox manages."""
    text = (site / edition / "sw.js").read_text(encoding="utf-8")
    assert not [url for url in precached(site / edition) if "qunce-snapshot/" in url]
    assert CACHE not in re.findall(r'cacheName:"([^"]*)"', text)
    assert f'"{CACHE}"' not in text


def test_the_pinned_pyodide_is_one_the_snapshot_code_was_checked_with() -> None:
    """The snapshot options are not Pyodide's public API: upgrading Pyodide means checking them again."""
    version = json.loads((ROOT / "node_modules" / "pyodide" / "package.json").read_text(encoding="utf-8"))["version"]
    script = (ROOT / "docs" / "assets" / "js" / "qunce-snapshot.js").read_text(encoding="utf-8")
    verified = re.search(r"export const VERIFIED_PYODIDE = \[([^\]]*)\];", script)
    assert verified, "VERIFIED_PYODIDE not found"
    assert f'"{version}"' in verified.group(1).split(", ")


AHEAD = "performance.getEntriesByName('qunce:python-ahead').length"


@pytest.mark.browser
def test_a_text_page_starts_python_ahead_only_once_a_snapshot_is_kept(page: Any, base_url: str) -> None:
    """Issue 15, "start earlier": a reader who has a snapshot gets Python started on a text page in idle
    time, so the calculator reached next by instant navigation is live at once; a first-time reader
    downloads nothing of Python on a text page."""
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{base_url}playbooks/group-rules/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # past the idle callback
    assert page.evaluate(AHEAD) == 0
    assert not [url for url in asked if "/assets/pyodide/" in url or url.endswith(".whl")], "nothing of Python yet"

    visit(page, f"{base_url}calculators/funnel/")
    wait_stored(page)
    page.goto(f"{base_url}playbooks/group-rules/")
    page.wait_for_function(AHEAD, timeout=10_000)
    page.wait_for_function(
        "performance.getEntriesByName('qunce:python-ready').length > 0", timeout=LOAD_TIMEOUT
    )
    assert page.evaluate(STARTED)["start"] == "restored"
    # The next calculator by instant navigation: live with no new start.
    follow_link(page, f"{base_url}calculators/fission/")
    page.wait_for_selector(".qc-calculator[data-calc=fission][data-state=ready]", timeout=10_000)
    assert page.evaluate("performance.getEntriesByName('qunce:python-start').length") == 1
    type_scenario_and_wait_for_cpythons_result(page, "fission")


HINT = "localStorage.getItem('qunce-runtime:snapshot')"


@pytest.mark.browser
def test_a_calculator_page_starts_python_at_once_where_this_device_kept_a_snapshot(
    page: Any, base_url: str, site: Path
) -> None:
    """python.js keeps a hint (the runtime whose snapshot is kept) so a repeat visit starts the worker without
    first asking Cache Storage; a wrong hint only means the ordinary start."""
    urls = runtime_urls(site, base_url)
    visit(page, f"{base_url}calculators/funnel/")
    wait_stored(page)
    worker = f"{base_url}assets/js/qunce-worker.js"
    assert json.loads(page.evaluate(HINT)) == [worker, urls["pyodide"], urls["wheel"]]
    assert visit(page, f"{base_url}calculators/fission/")["start"] == "restored"
    # A hint for a runtime this device keeps no snapshot of (say the cache was cleared): Python still
    # starts, a snapshot is made, and the hint names the runtime again only once it is stored.
    page.evaluate(f"caches.delete('{CACHE}')")
    assert visit(page, f"{base_url}calculators/funnel/")["start"] == "made"
    wait_stored(page)
    assert json.loads(page.evaluate(HINT)) == [worker, urls["pyodide"], urls["wheel"]]
