"""Benchmark the chat analysis on a large synthetic chatlog CSV: in CPython and in the browser's worker.

CPython: wall time of ``calculators.run("chat", …)`` and the peak of Python's allocations (tracemalloc).
Browser (headless Chromium, the built site served on loopback): the time from choosing the file to the
result on the page, the longest main-thread task meanwhile (the page must stay responsive), and the peak
resident memory of Chromium's processes above what they held before the file was chosen.

Usage: .venv/bin/python scripts/bench_chat.py SITE_DIR [--messages 200000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench import FLAGS  # noqa: E402
from chat_samples import big_chatlog  # noqa: E402
from serve import start  # noqa: E402

LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
}).observe({ type: "longtask", buffered: true });
"""


def cpython(data: bytes) -> dict[str, float]:
    from calculators import run
    from calculators.kit.files import Upload

    started = time.perf_counter()
    result = run("chat", {"files": (Upload("bench.csv", data),)})
    seconds = time.perf_counter() - started
    tracemalloc.start()
    run("chat", {"files": (Upload("bench.csv", data),)})
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"seconds": round(seconds, 2), "peak_mb": round(peak / 1e6, 1), "messages": result.outputs["messages"]}


def chromium_rss() -> int:
    """Resident memory of every Chromium process on this machine, in bytes."""
    total = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if "\nName:\tchrom" in "\n" + text.split("\n", 1)[0] or text.startswith("Name:\tchrom"):
            for line in text.splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
    return total


def browser(site: Path, data: bytes) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    server, url = start(site)
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "chatlog.csv"
        path.write_bytes(data)
        instance = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = instance.new_page()
        page.add_init_script(LONG_TASKS)
        page.goto(f"{url}calculators/chat/")
        page.wait_for_selector(".qc-calculator[data-state=ready]", timeout=120_000)
        page.wait_for_timeout(500)
        baseline = chromium_rss()
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], chromium_rss())
                time.sleep(0.05)

        sampler = threading.Thread(target=sample)
        sampler.start()
        page.evaluate("window.__longTasks.length = 0")
        started = time.perf_counter()
        page.set_input_files("#qc-chat-files", str(path))
        page.wait_for_selector(".qc-calculator[data-state=done]", timeout=300_000)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        longest = max(page.evaluate("window.__longTasks"), default=0)
        instance.close()
    server.shutdown()
    return {"seconds": round(seconds, 2), "longest_main_thread_task_ms": round(longest), "peak_rss_mb_above_idle":
            round((peak[0] - baseline) / 1e6)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("site", type=Path)
    parser.add_argument("--messages", type=int, default=200_000)
    args = parser.parse_args()
    data = big_chatlog(args.messages)
    report = {"messages": args.messages, "file_mb": round(len(data) / 1e6, 1), "cpython": cpython(data),
              "browser": browser(args.site, data)}
    print(json.dumps(report, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
