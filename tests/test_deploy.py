"""scripts/check_deploy.py: a right deployment passes, a wrong one fails with lines that say what to fix.

The right one is the local server (scripts/serve.py) with the session's build; the wrong ones are the
same files from servers these tests start, each wrong in one way a real static host or CDN is.
"""

from __future__ import annotations

import gzip
import http.server
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import ClassVar

import pytest
from check_deploy import FAIL, OK, WARN, Response, address_checks, check, judge
from conftest import ROOT, free_port
from serve import TYPES, Handler, Server


def run_check(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_deploy.py"), url],
        capture_output=True, text=True, timeout=300, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )


@contextmanager
def serving(root: Path, handler: type[http.server.SimpleHTTPRequestHandler], port: int = 0) -> Iterator[str]:
    server = Server(("127.0.0.1", port), partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class Plain(http.server.SimpleHTTPRequestHandler):
    """A bare static host: Python's own types (wasm as application/octet-stream here), no compression,
    no cache headers."""

    extensions_map: ClassVar[dict[str, str]] = {**TYPES, ".wasm": "application/octet-stream"}

    def log_message(self, format: str, *args: object) -> None:
        pass


class CachesPagesForADay(Handler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", "public, max-age=86400")
        http.server.SimpleHTTPRequestHandler.end_headers(self)


class Recommended(Handler):
    """What the README recommends: the versioned runtime cached for good, everything else revalidated."""

    def end_headers(self) -> None:
        immutable = self.path.startswith(("/assets/pyodide/", "/assets/wheels/"))
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        http.server.SimpleHTTPRequestHandler.end_headers(self)


def test_the_local_server_passes(base_url: str) -> None:
    done = run_check(base_url)
    assert done.returncode == 0, done.stdout + done.stderr
    assert " 0 problem(s)" in done.stdout and "the deployment is right" in done.stdout
    for path in ("/assets/pyodide/", ".wasm", "pyodide.mjs", "pyodide-lock.json", "/sw.js", "qunce-worker.js", ".whl"):
        assert path in done.stdout, path
    assert "ok    /assets/js/qunce-worker.js" in done.stdout


def test_wasm_as_octet_stream_without_compression_fails(site: Path) -> None:
    with serving(site, Plain) as url:
        done = run_check(url)
    assert done.returncode == 1, done.stdout
    wasm = [line for line in done.stdout.splitlines() if "pyodide.asm.wasm" in line]
    assert any(line.startswith("  FAIL") and "Content-Type is application/octet-stream; it must be application/wasm" in line
               for line in wasm), wasm
    assert any(line.startswith("  FAIL") and "sent uncompressed" in line and "application/wasm" in line for line in wasm), wasm
    assert "the deployment is wrong: fix the FAIL lines" in done.stdout


def test_pages_cached_for_a_day_fail(site: Path) -> None:
    with serving(site, CachesPagesForADay) as url:
        report = check(url)
    failed = {f.path for f in report.findings if f.level == FAIL}
    assert {"/", "/sw.js", "/assets/js/qunce.js", "/calculators/funnel/", "/assets/runtime.json"} <= failed
    assert not any(path.startswith(("/assets/pyodide/", "/assets/wheels/")) for path in failed)


def test_the_recommended_headers_pass_without_warnings(site: Path) -> None:
    with serving(site, Recommended) as url:
        report = check(url)
    levels = {f.path: f.level for f in report.findings}
    assert set(levels.values()) == {OK}, [(f.path, f.problems) for f in report.findings if f.problems]
    # The one complaint: the session's site was built for the session server's port, not this one.
    ((level, message),) = report.site
    assert level == FAIL and message.startswith("built for http://127.0.0.1:") and f"served at {url}" in message


def test_an_unreachable_site_exits_2() -> None:
    done = run_check(f"http://127.0.0.1:{free_port()}/")
    assert done.returncode == 2 and "cannot reach" in done.stderr


# ---------------------------------------------------------------- the rules, one by one

def response(path: str, headers: dict[str, str], body: bytes = b"x" * 5000) -> Response:
    return Response("http://example.cn" + path, 200, {k.lower(): v for k, v in headers.items()}, body)


@pytest.mark.parametrize(
    ("path", "headers", "level", "words"),
    [
        ("/assets/js/qunce.js", {"Content-Type": "text/plain", "Content-Encoding": "gzip", "Cache-Control": "no-cache"},
         FAIL, "it must be text/javascript (browsers refuse to run a module script"),
        ("/assets/pyodide/314.0.7/pyodide.mjs", {"Content-Type": "application/octet-stream", "Content-Encoding": "br",
                                                 "Cache-Control": "max-age=31536000, immutable"}, FAIL, "text/javascript"),
        ("/assets/runtime.json", {"Content-Type": "text/html", "Content-Encoding": "gzip", "Cache-Control": "no-cache"},
         FAIL, "it must be application/json"),
        ("/assets/pyodide/314.0.7/pyodide.asm.wasm", {"Content-Type": "application/wasm", "Cache-Control": "no-cache"},
         FAIL, "sent uncompressed: 5,000 bytes"),
        ("/assets/pyodide/314.0.7/pyodide.asm.wasm", {"Content-Type": "application/wasm", "Content-Encoding": "br",
                                                      "Cache-Control": "public, max-age=31536000, immutable"}, OK, ""),
        ("/assets/pyodide/314.0.7/pyodide.asm.wasm", {"Content-Type": "application/wasm", "Content-Encoding": "gzip",
                                                      "Cache-Control": "no-cache"}, WARN, "not cached for good"),
        ("/calculators/funnel/", {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
                                  "Cache-Control": "max-age=3600"}, FAIL, "keep an old copy"),
        ("/calculators/funnel/", {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip",
                                  "Cache-Control": "max-age=300"}, OK, ""),
        ("/sw.js", {"Content-Type": "application/javascript", "Content-Encoding": "gzip",
                    "Cache-Control": "max-age=31536000, immutable"}, FAIL, "keep an old copy"),
        ("/", {"Content-Type": "text/html", "Content-Encoding": "gzip"}, WARN, "no Cache-Control"),
        ("/assets/javascripts/bundle.a5f9d56c.min.js", {"Content-Type": "text/javascript", "Content-Encoding": "gzip",
                                                        "Cache-Control": "max-age=31536000, immutable"}, OK, ""),
        ("/assets/css/qunce.css", {"Content-Type": "text/css", "Cache-Control": "no-cache"}, OK, ""),  # small: not compressed
        ("/assets/wheels/abc/x.whl", {"Content-Type": "text/html", "Cache-Control": "immutable"}, FAIL, "an error page"),
    ],
)
def test_one_response(path: str, headers: dict[str, str], level: str, words: str) -> None:
    body = b"x" * (500 if path.endswith(".css") else 5000)
    finding = judge(path, response(path, headers, body))
    assert finding.level == level, finding.problems
    assert words in " ".join(message for _, message in finding.problems)


def test_a_missing_file_fails() -> None:
    finding = judge("/sw.js", Response("http://example.cn/sw.js", 404, {}, b""))
    assert finding.level == FAIL and "HTTP 404" in finding.problems[0][1]


def test_the_address() -> None:
    assert address_checks("https://qunce.example.cn/", "https://qunce.example.cn/") == []
    assert address_checks("http://127.0.0.1:8000/", "http://127.0.0.1:8000/") == []
    (level, message), = address_checks("http://qunce.example.cn/", "http://qunce.example.cn/")
    assert level == FAIL and "HTTPS" in message
    (level, message), = address_checks("https://org.github.io/qunce/", "https://org.github.io/qunce/")
    assert level == WARN and "备案" in message
    (level, message), = address_checks("https://qunce.example.cn/", "http://127.0.0.1:8000/")
    assert level == FAIL and "--deploy https://qunce.example.cn/" in message


def test_a_brotli_home_page_is_read_again_as_gzip() -> None:
    """Python cannot read Brotli: the page's links come from asking again for gzip."""
    page = b'<link rel="canonical" href="https://q.example.cn/"><script type="module" src="assets/js/qunce.js"></script>'
    asked: list[tuple[str, str]] = []

    def get(url: str, accept: str) -> Response:
        asked.append((url, accept))
        headers = {"content-type": "text/html" if url.endswith("/") else "text/javascript", "cache-control": "no-cache"}
        if accept == "gzip":
            return Response(url, 200, {**headers, "content-encoding": "gzip"}, gzip.compress(page))
        return Response(url, 200 if url.endswith(("/", ".js")) else 404, {**headers, "content-encoding": "br"}, b"\x8b\x00")

    report = check("https://q.example.cn/", get)
    assert ("https://q.example.cn/", "gzip") in asked
    assert ("https://q.example.cn/assets/js/qunce.js", "gzip, deflate, br, zstd") in asked
    assert report.site == []


def test_the_readme_documents_the_deploy_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    build = (ROOT / "scripts" / "build.sh").read_text(encoding="utf-8")
    assert "--deploy" in build and "QUNCE_SITE_URL" in build
    for words in ("scripts/build.sh --deploy", "scripts/check_deploy.py", "QUNCE_SITE_URL", "application/wasm", "immutable", "备案"):
        assert words in readme, words

