"""Benchmark the built site in headless Chromium (run by hand; not part of the tests).

For each calculator page it measures four ways of running Python, side by side:

- main thread: the same page with Pyodide and the wheel loaded on the main thread (the usual way);
- worker, no snapshot: our Web Worker told not to use memory snapshots (data-snapshot="off");
- worker + device snapshot: the page as shipped (the first visit makes a snapshot, later ones restore it);
- worker + build snapshot: a prototype (not shipped) that downloads a snapshot made ahead of time,
  gzip-compressed, as a build step would serve it (here made in this Chromium, then written to the site).

and for each:

- cold and warm time until the calculator is live (cold: empty cache; warm: a reload; for the device
  snapshot, a reload once the first visit has stored its snapshot);
- cold time on a throttled "typical 4G" link (CDP Network.emulateNetworkConditions: THROTTLE below;
  no service worker, so every byte goes through the throttled page and its Web Worker);
- the longest main-thread task while Python loads (Long Tasks API);
- input→result latency, p50 and p95 over 50 changes;
- bytes transferred (compressed, as served) for a text page and a calculator page;
- for our pages, the time until the next calculator is live after instant navigation.

With --lighthouse (or --lighthouse-only) it also runs Lighthouse 12 (node_modules, mobile settings)
on every page type (home, a playbook, the learning path, the glossary, the handbook, a role path,
the cohort, drills, facts, tags and calculator index pages, every calculator page and the plan page,
and the zh-Hant edition's home, playbook, handbook and funnel; --pages picks some by name), and prints
the four scores of each against the targets (performance ≥ 95, the others 100). It takes ~11 s a page.

Usage: .venv/bin/python scripts/bench.py [--only ID,...] [--runs N] [--lighthouse | --lighthouse-only]
                                         [--pages NAME,...] [--json bench-results/bench.json]
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

from serve import start  # this script's own folder (scripts/) is first on the path when it runs

ROOT = Path(__file__).resolve().parent.parent

FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
// The moment the calculator goes live, taken on the page: Playwright notices it later, by a varying
// 20-400 ms, which would count against whichever page it happens to be slow on.
new MutationObserver((records, observer) => {
  if (document.querySelector(".qc-calculator[data-state=ready]")) {
    window.__live = performance.now();
    observer.disconnect();
  }
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
"""
LIVE = "window.__live ?? performance.now()"
# From the click on a link to the next calculator until it is live, taken on the page (the window and this
# observer outlive Material's instant navigation, which swaps the page's content only).
NEXT_LIVE = """(calcId) => {
  addEventListener("click", () => { window.__clicked = performance.now(); }, { capture: true, once: true });
  new MutationObserver((records, observer) => {
    if (document.querySelector(`.qc-calculator[data-calc=${calcId}][data-state=ready]`)) {
      window.__nextLive = performance.now();
      observer.disconnect();
    }
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
}"""

# When Python started and finished loading: marks set by the page script (or the baseline page).
PYTHON_WINDOW = """() => {
  const start = performance.getEntriesByName('qunce:python-start')[0];
  const ready = performance.getEntriesByName('qunce:python-ready')[0];
  return [start ? start.startTime : 0, ready ? ready.startTime : performance.now()];
}"""

# 50 input changes, each timed from the input event to the result on the page.
LATENCY = """
async ([selector, values, baseline]) => {
  const calc = document.querySelector('.qc-calculator');
  const input = document.querySelector(selector);
  const times = [];
  for (const value of values) {
    const before = Number(calc.dataset.answered || 0);
    const t0 = performance.now();
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
    if (!baseline) {
      await new Promise((resolve) => {
        const check = () => Number(calc.dataset.answered || 0) > before ? resolve() : null;
        const observer = new MutationObserver(() => {
          if (Number(calc.dataset.answered || 0) > before) { observer.disconnect(); resolve(); }
        });
        observer.observe(calc, { attributes: true, attributeFilter: ['data-answered'] });
        check();
      });
    }
    times.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 20));
  }
  return times;
}
"""

# Baseline: the same calculator page (Material, its CSS and scripts, the pre-rendered form), with our
# page script swapped for the usual way of running Python: Pyodide and the wheel on the main thread.
BASELINE_SCRIPT = """<script type="module">
performance.mark("qunce:python-start");
const root = new URL("../../", location.href);
const indexURL = new URL("{pyodide}", root).href;
const {{ loadPyodide }} = await import(indexURL + "pyodide.mjs");
const calc = document.querySelector(".qc-calculator");
const py = await loadPyodide({{ indexURL }});
await py.loadPackage(new URL("{wheel}", root).href, {{ messageCallback: () => {{}} }});
const handle = py.pyimport("calculators.web").handle;
const values = () => Object.fromEntries([...calc.querySelectorAll("input[name], select[name]")].map((i) => [i.name, i.value]));
calc.querySelector("form").addEventListener("input", () => {{
  const answer = JSON.parse(handle(calc.dataset.calc, JSON.stringify(values())));
  if (answer.ok) calc.querySelector(".qc-result").innerHTML = answer.html;
  calc.dataset.answered = String(Number(calc.dataset.answered || 0) + 1);
}});
calc.dataset.state = "ready";
performance.mark("qunce:python-ready");
</script>"""
# The build-time snapshot prototype: a worker that restores a snapshot downloaded from the site.
PREBUILT_WORKER = """let handle = null;
self.addEventListener("message", async (event) => {
  const msg = event.data;
  if (msg.type === "init") {
    try {
      const { loadPyodide } = await import(msg.indexURL + "pyodide.mjs");
      const bytes = fetch(new URL("../bench-snapshot/snapshot.bin.gz", self.location.href))
        .then((r) => new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer());
      const py = await loadPyodide({ indexURL: msg.indexURL, _loadSnapshot: bytes });
      handle = py.pyimport("calculators.web").handle;
      self.postMessage({ type: "ready", start: "prebuilt" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error) });
    }
  } else if (msg.type === "run") {
    const inputs = JSON.stringify(msg.inputs);
    const payload = msg.files ? handle(msg.calcId, inputs, msg.files) : handle(msg.calcId, inputs);
    self.postMessage({ type: "result", seq: msg.seq, payload });
  }
});
"""
# The device snapshot as the page stored it, gzip-compressed, base64 (to hand it to Python).
READ_SNAPSHOT = """async () => {
  const cache = await caches.open("qunce-snapshot");
  const [key] = await cache.keys();
  const gz = (await cache.match(key)).body.pipeThrough(new CompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(gz).arrayBuffer());
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}"""
SNAPSHOT_STORED = "performance.getEntriesByName('qunce:python-snapshot').length > 0"
HOW_STARTED = "performance.getEntriesByName('qunce:python-ready')[0]?.detail?.start ?? 'main thread'"
# "Typical 4G": 9 Mbit/s down, 1.5 Mbit/s up, 85 ms round trip.
THROTTLE = {"offline": False, "latency": 85, "downloadThroughput": 9e6 / 8, "uploadThroughput": 1.5e6 / 8}
VARIANTS = {"main_thread": "main thread", "worker_plain": "worker, no snapshot",
            "worker_device_snapshot": "worker + device snapshot", "worker_build_snapshot": "worker + build snapshot"}
PAGE_SCRIPT = re.compile(r'<script src="\.\./\.\./assets/js/qunce\.js" type="module"></script>')


def build(port: int, target: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QUNCE_SITE_URL": f"http://127.0.0.1:{port}/"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                   cwd=ROOT, env=env, check=True, capture_output=True)


def add_baseline(site: Path, calc_id: str) -> str:
    """A copy of the calculator page, at the same depth, that runs Python on the main thread."""
    page = (site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
    runtime = json.loads((site / "assets" / "runtime.json").read_text())
    page, swapped = PAGE_SCRIPT.subn("", page)
    assert swapped == 1, "page script not found"
    page = page.replace("</body>", BASELINE_SCRIPT.format(pyodide=runtime["pyodide"], wheel=runtime["wheel"]) + "</body>")
    folder = site / "calculators" / f"bench-baseline-{calc_id}"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    return f"calculators/bench-baseline-{calc_id}/"


def add_variant(site: Path, calc_id: str, name: str, old: str, new: str) -> str:
    """A copy of the calculator page, at the same depth, with ``old`` (once in it) replaced by ``new``."""
    page = (site / "calculators" / calc_id / "index.html").read_text(encoding="utf-8")
    assert page.count(old) == 1, f"{old!r} not found once"
    page = page.replace(old, new)
    folder = site / "calculators" / f"bench-{name}-{calc_id}"
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(page, encoding="utf-8")
    return f"calculators/bench-{name}-{calc_id}/"


def read_snapshot(into: list[bytes], page: Any) -> None:
    """The device snapshot the page stored, gzip-compressed (as a build would serve it), appended to ``into``."""
    into.append(base64.b64decode(page.evaluate(READ_SNAPSHOT)))


def add_build_snapshot(site: Path, calc_id: str, snapshot_gz: bytes) -> str:
    """The build-time snapshot prototype: the snapshot file, its worker, and a page that uses them."""
    (site / "assets" / "bench-snapshot").mkdir(exist_ok=True)
    (site / "assets" / "bench-snapshot" / "snapshot.bin.gz").write_bytes(snapshot_gz)
    (site / "assets" / "js" / "bench-prebuilt-worker.js").write_text(PREBUILT_WORKER, encoding="utf-8")
    return add_variant(site, calc_id, "prebuilt", 'data-worker="../../assets/js/qunce-worker.js"',
                       'data-worker="../../assets/js/bench-prebuilt-worker.js"')


def transferred(requests: list[Any]) -> int:
    total = 0
    for request in requests:
        if request.service_worker is not None:
            continue  # the service worker's precache: once per version of the site, not this page's weight
        try:
            sizes = request.sizes()
        except Exception:
            continue
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def measure_page(browser: Any, url: str, field: str, values: list[str], baseline: bool,
                 keep: Any = None) -> dict[str, Any]:
    """Cold and warm visits in a fresh profile. ``keep(page)`` runs after the cold visit (before the reload)."""
    context = browser.new_context()
    page = context.new_page()
    requests: list[Any] = []
    context.on("requestfinished", lambda request: requests.append(request))
    page.add_init_script(LONG_TASKS)
    page.goto(url)
    page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=120_000)
    cold = page.evaluate(LIVE)
    cold_start = page.evaluate(HOW_STARTED)
    long_tasks = page.evaluate("window.__longTasks")
    window = page.evaluate(PYTHON_WINDOW)
    cold_bytes = transferred(requests)
    times = page.evaluate(LATENCY, [field, values, baseline])
    if cold_start == "made":
        page.wait_for_function(SNAPSHOT_STORED, timeout=120_000)  # warm = a visit after the snapshot was stored
    if keep:
        keep(page)
    page.reload()
    page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=120_000)
    warm = page.evaluate(LIVE)
    warm_start = page.evaluate(HOW_STARTED)
    warm_long = page.evaluate("window.__longTasks")
    context.close()
    ordered = sorted(times)
    return {
        "started": [cold_start, warm_start],
        "cold_ready_ms": round(cold, 1),
        "warm_ready_ms": round(warm, 1),
        "longest_task_ms": round(max((d for _, d in long_tasks), default=0.0), 1),
        "longest_task_while_python_loads_ms": round(
            max((d for start, d in long_tasks if start + d >= window[0] and start <= window[1]), default=0.0), 1),
        "longest_task_warm_ms": round(max((d for _, d in warm_long), default=0.0), 1),
        "latency_p50_ms": round(statistics.median(ordered), 2),
        "latency_p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 2),
        "cold_bytes": cold_bytes,
    }


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Each figure's median over the runs (each time's runs are kept too, under "<key>_runs")."""
    merged = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, (int, float)):
            merged[key] = round(statistics.median(run[key] for run in runs), 1)
            if key.endswith("_ms") and len(runs) > 1:
                merged[key + "_runs"] = [run[key] for run in runs]
    return merged


def measure_throttled(browser: Any, url: str) -> float:
    """Cold time until live on a throttled link (THROTTLE), in a fresh profile without a service worker."""
    context = browser.new_context(service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", THROTTLE)
    page.add_init_script(LONG_TASKS)
    page.goto(url, timeout=180_000)
    page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=180_000)
    live = float(page.evaluate(LIVE))
    context.close()
    return round(live, 1)


def measure_navigation(browser: Any, base: str, first: str, second: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + f"calculators/{first}/")
    page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=120_000)
    page.evaluate(NEXT_LIVE, second)
    page.locator(f"a[href$='calculators/{second}/']:visible, a[href$='../{second}/']:visible").first.click()
    page.wait_for_selector(f".qc-calculator[data-calc={second}][data-state=ready]", timeout=120_000)
    elapsed = float(page.evaluate("window.__nextLive - window.__clicked"))
    context.close()
    return round(elapsed, 1)


def text_page_bytes(browser: Any, url: str) -> int:
    context = browser.new_context()
    page = context.new_page()
    requests: list[Any] = []
    context.on("requestfinished", lambda request: requests.append(request))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    total = transferred(requests)
    context.close()
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", default=str(ROOT / "bench-results" / "bench.json"))
    parser.add_argument("--only", help="comma-separated calculator ids (default: all)")
    parser.add_argument("--runs", type=int, default=1, help="rounds of every variant a calculator; medians are reported")
    parser.add_argument("--lighthouse", action="store_true", help="also run Lighthouse on every page type (~3 min)")
    parser.add_argument("--lighthouse-only", action="store_true", help="run Lighthouse and nothing else")
    parser.add_argument("--lighthouse-runs", type=int, default=1, help="Lighthouse runs a page; the median counts")
    parser.add_argument("--pages", help="comma-separated page names for Lighthouse (default: every page type)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    from calculators import CALCULATORS

    ids = args.only.split(",") if args.only else list(CALCULATORS)
    timed = [] if args.lighthouse_only else ids
    with tempfile.TemporaryDirectory() as folder:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        site = Path(folder) / "site"
        build(port, site)
        server, base = start(site, port)
        results: dict[str, Any] = {"pages": {}, "runs": args.runs}
        load_before = round(os.getloadavg()[0], 1)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            for calc_id in timed:
                calculator = CALCULATORS[calc_id]
                field = next(f for f in calculator.fields if f.kind.value in ("integer", "number", "rate", "integers", "rates"))
                start_value = calculator.example_inputs()[field.name]
                values = [nudge(start_value, i) for i in range(50)]
                selector = f"#qc-{calc_id}-{field.name}"
                snapshot: list[bytes] = []
                keep = partial(read_snapshot, snapshot)
                urls = {
                    "main_thread": base + add_baseline(site, calc_id),
                    "worker_plain": base + add_variant(site, calc_id, "plain", '<div class="qc-calculator" ',
                                                       '<div class="qc-calculator" data-snapshot="off" '),
                    "worker_device_snapshot": f"{base}calculators/{calc_id}/",
                }
                # Rounds of every variant in turn, so that a busy spell of the machine hits them all alike.
                tries: dict[str, list[dict[str, Any]]] = {name: [] for name in VARIANTS}
                for _ in range(args.runs):
                    for name, url in urls.items():
                        tries[name].append(measure_page(browser, url, selector, values, baseline=name == "main_thread",
                                                        keep=keep if name == "worker_device_snapshot" else None))
                    if "worker_build_snapshot" not in urls:
                        urls["worker_build_snapshot"] = base + add_build_snapshot(site, calc_id, snapshot[0])
                        tries["worker_build_snapshot"].append(
                            measure_page(browser, urls["worker_build_snapshot"], selector, values, baseline=False))
                    for name, url in urls.items():
                        tries[name][-1]["cold_4g_ready_ms"] = measure_throttled(browser, url)
                pages = {name: median_of(runs) for name, runs in tries.items()}
                pages["worker_build_snapshot"]["snapshot_gzip_bytes"] = len(snapshot[0])
                results["pages"][calc_id] = pages
            if len(timed) > 1:
                results["instant_navigation_ready_ms"] = measure_navigation(browser, base, ids[0], ids[1])
            results["text_page_bytes"] = text_page_bytes(browser, base)
            results["load"] = [load_before, round(os.getloadavg()[0], 1)]
            browser.close()
        if args.lighthouse or args.lighthouse_only:
            results["lighthouse"] = run_lighthouse(base, ids, args.lighthouse_runs,
                                                   args.pages.split(",") if args.pages else None)
        server.shutdown()
    report(results)
    if "lighthouse" in results:
        report_lighthouse(results["lighthouse"])
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"\nwritten to {args.json}")


LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
# One of each kind of page, and the zh-Hant edition's; every calculator page is added to these (the
# pages that read the reader's files and the plan page are calculators too, outside CALCULATORS).
LIGHTHOUSE_PAGES = {"home": "", "playbook": "playbooks/fission-launch-checklist/",
                    "learning path": "learning-path/", "glossary": "glossary/", "handbook": "handbook/",
                    "role path": "paths/lead/", "cohort": "cohort/", "drills": "drills/", "facts": "facts/",
                    "tags": "tags/", "calculators": "calculators/", "plan": "calculators/plan/",
                    "chat": "calculators/chat/", "wecom": "calculators/wecom/",
                    "zh-Hant home": "zh-Hant/", "zh-Hant playbook": "zh-Hant/playbooks/fission-launch-checklist/",
                    "zh-Hant handbook": "zh-Hant/handbook/", "zh-Hant funnel": "zh-Hant/calculators/funnel/"}


def lighthouse_page(url: str) -> dict[str, Any]:
    """Lighthouse (mobile, the default form factor, simulated throttling) on one URL: the four
    scores (0-100) and, for each category, the audits that cost points."""
    command = ["node", str(LIGHTHOUSE), url, "--quiet", "--output=json", "--output-path=stdout",
               f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}", f"--chrome-flags={' '.join(FLAGS)}"]
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    data = json.loads(done.stdout)
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in LIGHTHOUSE_CATEGORIES}
    lost: dict[str, list[str]] = {}
    for name in LIGHTHOUSE_CATEGORIES:
        for ref in data["categories"][name]["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                shown = audit.get("displayValue") or ""
                lost.setdefault(name, []).append(f"{ref['id']} {audit['score']:.2f} {shown}".strip())
    return {"scores": scores, "lost": lost}


def run_lighthouse(base: str, calc_ids: list[str], runs: int = 1, chosen: list[str] | None = None) -> dict[str, Any]:
    """Every page type (or the ``chosen`` ones, by name), ``runs`` times each; each category's median
    score is kept (Lighthouse's performance score moves by a few points from run to run, more on a busy
    machine)."""
    pages = {**LIGHTHOUSE_PAGES, **{calc_id: f"calculators/{calc_id}/" for calc_id in calc_ids}}
    if chosen:
        unknown = [name for name in chosen if name not in pages]
        if unknown:
            raise SystemExit(f"unknown page(s) {unknown}; known: {', '.join(pages)}")
        pages = {name: pages[name] for name in chosen}
    results: dict[str, Any] = {"_load": [round(os.getloadavg()[0], 1)]}
    started = time.perf_counter()
    for name, path in pages.items():  # one at a time: parallel runs would skew each other's timings
        tries = [lighthouse_page(base + path) for _ in range(runs)]
        scores = {c: statistics.median_low([t["scores"][c] for t in tries]) for c in LIGHTHOUSE_CATEGORIES}
        lost: dict[str, list[str]] = {}
        for attempt in tries:
            for category, audits in attempt["lost"].items():
                listed = lost.setdefault(category, [])
                listed += [audit for audit in audits if audit not in listed]
        results[name] = {"path": path, "scores": scores, "runs": [t["scores"] for t in tries], "lost": lost}
        print(f"lighthouse {name:14} {scores}", file=sys.stderr, flush=True)
    results["_seconds"] = round(time.perf_counter() - started, 1)
    results["_runs"] = runs
    results["_load"].append(round(os.getloadavg()[0], 1))
    return results


def report_lighthouse(results: dict[str, Any]) -> None:
    print(f"\n== Lighthouse (mobile), median of {results['_runs']} run(s) a page, {results['_seconds']} s; targets: "
          + ", ".join(f"{name} {target}" for name, target in LIGHTHOUSE_TARGETS.items()))
    print(f"{'page':16}" + "".join(f"{name:>16}" for name in LIGHTHOUSE_CATEGORIES))
    for name, page in results.items():
        if name.startswith("_"):
            continue
        cells = [f"{page['scores'][c]}{'' if page['scores'][c] >= LIGHTHOUSE_TARGETS[c] else ' ✗'}"
                 for c in LIGHTHOUSE_CATEGORIES]
        print(f"{name:16}" + "".join(f"{cell:>16}" for cell in cells))
    before, after = results["_load"]
    if max(before, after) > (os.cpu_count() or 1):
        print(f"note: load average {before} → {after} on {os.cpu_count()} cores while measuring; the performance "
              "scores (total blocking time, and whether first paint precedes the search index request) suffer on a busy machine")
    for name, page in results.items():
        for category, audits in ({} if name.startswith("_") else page["lost"]).items():
            print(f"  {name}: {category}: " + "; ".join(audits))


def nudge(value: str, step: int) -> str:
    """50 valid variations of a number (or of a list's last number)."""
    head, sep, last = value.rpartition(",")
    number = float(last)
    changed = number * (1 - 0.005 * (step + 1)) if number < 1 else max(1, int(number) - step - 1)
    return head + sep + (f"{changed:.4f}" if number < 1 else str(changed))


def report(results: dict[str, Any]) -> None:
    rows = [
        ("cold: calculator live", "cold_ready_ms", "ms"),
        ("warm: calculator live", "warm_ready_ms", "ms"),
        ("cold on throttled 4G: live", "cold_4g_ready_ms", "ms"),
        ("longest main-thread task (cold page)", "longest_task_ms", "ms"),
        ("longest task while Python loads", "longest_task_while_python_loads_ms", "ms"),
        ("longest main-thread task (warm)", "longest_task_warm_ms", "ms"),
        ("input → result p50", "latency_p50_ms", "ms"),
        ("input → result p95", "latency_p95_ms", "ms"),
        ("bytes, cold calculator page", "cold_bytes", "B"),
    ]
    print(f"median of {results.get('runs', 1)} run(s) a figure")
    print(f"4G: {THROTTLE['downloadThroughput'] * 8 / 1e6:g} Mbit/s down, {THROTTLE['uploadThroughput'] * 8 / 1e6:g} up, "
          f"{THROTTLE['latency']} ms round trip (CDP Network.emulateNetworkConditions)")
    for calc_id, pages in results["pages"].items():
        print(f"\n== {calc_id}")
        print(f"{'measure':38}" + "".join(f"{label:>26}" for label in VARIANTS.values()))
        for label, key, unit in rows:
            print(f"{label:38}" + "".join(f"{pages[name][key]:>23} {unit:2}" for name in VARIANTS))
        started = [" → ".join(pages[name]["started"]) for name in VARIANTS]
        print(f"{'how Python started (cold → warm)':38}" + "".join(f"{how:>26}" for how in started))
        base = pages["main_thread"]
        for name in list(VARIANTS)[1:]:
            ours = pages[name]
            print(f"  {VARIANTS[name]}: warm/main-thread warm {ours['warm_ready_ms'] / base['warm_ready_ms']:.2f} "
                  f"(target ≤ 0.33), cold/main-thread cold {ours['cold_ready_ms'] / base['cold_ready_ms']:.2f}, "
                  f"4G cold/main-thread 4G cold {ours['cold_4g_ready_ms'] / base['cold_4g_ready_ms']:.2f} (target ≤ 1)")
        print(f"  build snapshot download (gzip): {pages['worker_build_snapshot']['snapshot_gzip_bytes']} B")
    if "instant_navigation_ready_ms" in results:
        print(f"\nnext calculator live after instant navigation: {results['instant_navigation_ready_ms']} ms")
    print(f"text page (home), cold, transferred: {results['text_page_bytes']} B")
    print(f"load average while measuring: {results.get('load', '?')} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
