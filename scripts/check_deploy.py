"""Check a deployed copy of the site the way a phone in WeChat will load it.

    python scripts/check_deploy.py https://qunce.example.cn/

It fetches the home page, the scripts and styles it names, the service worker, the search index, a
calculator page and every file of the Python runtime (listed in assets/runtime.json), then checks what a
correct deployment needs:

- MIME types: WebAssembly as application/wasm, module scripts (.js, .mjs) as JavaScript, .json as
  application/json, CSS as text/css, pages as text/html. A module script or a worker with another type does
  not run at all.
- Compression: text and WebAssembly over 1 KB sent gzip-, Brotli- or zstd-compressed (Pyodide's
  9.6 MB .wasm is about 3.6 MB with gzip: on a phone that is the difference that matters).
- Caching: pages, the service worker and unversioned files revalidate (no-cache, or a max-age of at most
  10 minutes), so a new deployment reaches readers; the versioned runtime folders (assets/pyodide/<version>/,
  assets/wheels/<hash>/) may be cached for good (immutable), which is only a warning when missing.
- The address: HTTPS (service workers and the clipboard need it), the address the site was built for
  (QUNCE_SITE_URL; Material's instant navigation needs it), and no github.io (WeChat has flagged it).

Prints one line per file and a summary; exits 0 when nothing is wrong (warnings allowed), 1 when
something is, 2 when the site cannot be checked at all.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

# What WeChat on an iPhone sends (the check asks as the readers' browser does; some CDNs vary by agent).
WECHAT_IOS = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Mobile/15E148 MicroMessenger/8.0.50(0x1800323d) NetType/WIFI Language/zh_CN"
)

# The JavaScript MIME type essences browsers accept for scripts (WHATWG MIME Sniffing).
JAVASCRIPT = frozenset({
    "text/javascript", "application/javascript", "application/ecmascript", "application/x-ecmascript",
    "application/x-javascript", "text/ecmascript", "text/javascript1.0", "text/javascript1.1",
    "text/javascript1.2", "text/javascript1.3", "text/javascript1.4", "text/javascript1.5", "text/jscript",
    "text/livescript", "text/x-ecmascript", "text/x-javascript",
})
TYPES: dict[str, frozenset[str]] = {
    ".html": frozenset({"text/html"}),
    "/": frozenset({"text/html"}),
    ".js": JAVASCRIPT,
    ".mjs": JAVASCRIPT,
    ".css": frozenset({"text/css"}),
    ".json": frozenset({"application/json"}),
    ".wasm": frozenset({"application/wasm"}),
    ".xml": frozenset({"application/xml", "text/xml"}),
}
COMPRESSIBLE = frozenset({"/", ".html", ".js", ".mjs", ".css", ".json", ".wasm", ".xml", ".svg", ".txt"})
COMPRESSED = frozenset({"gzip", "br", "zstd", "deflate"})
SMALL = 1024  # bytes: smaller files gain nothing from compression
REVALIDATE_WITHIN = 600  # seconds a page may be served from cache without asking
FOREVER = 30 * 86400  # a versioned file cached this long (or immutable) is cached for good
VERSIONED = re.compile(r"/assets/(pyodide|wheels)/[^/]+/[^/]+$")
# Material's bundles carry a content hash in their names: any caching is right for them.
HASHED = re.compile(r"/assets/(javascripts|stylesheets)/.*\.[0-9a-f]{8}\.min\.(js|css)$")

OK, WARN, FAIL = "ok", "warn", "FAIL"


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    headers: Mapping[str, str]  # lower-case names
    body: bytes  # as sent (still compressed when Content-Encoding says so)


@dataclass
class Finding:
    path: str
    level: str = OK
    notes: list[str] = field(default_factory=list)  # what was seen (for ok lines)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (level, message)

    def add(self, level: str, message: str) -> None:
        self.problems.append((level, message))
        if level == FAIL or (level == WARN and self.level == OK):
            self.level = level


Fetch = Callable[[str, str], Response]  # (url, Accept-Encoding) -> response
ACCEPT = "gzip, deflate, br, zstd"  # what browsers send


def fetch(url: str, accept_encoding: str = ACCEPT, *, user_agent: str = WECHAT_IOS, timeout: float = 60) -> Response:
    """GET ``url`` without decoding the answer (its headers and bytes as sent are what is checked)."""
    request = urllib.request.Request(url, headers={
        "Accept-Encoding": accept_encoding, "User-Agent": user_agent, "Accept": "*/*",
    })
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return Response(answer.geturl(), answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read())
    except urllib.error.HTTPError as error:
        return Response(url, error.code, {k.lower(): v for k, v in error.headers.items()}, b"")


def text_of(url: str, response: Response, get: Fetch) -> str:
    """The response's text, decoded (Brotli and zstd are not in Python's standard library: ask again for gzip)."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity", "gzip"):
        response = get(url, "gzip")
        encoding = response.headers.get("content-encoding", "").strip().lower()
    body = gzip.decompress(response.body) if encoding == "gzip" else response.body
    return body.decode("utf-8", "replace")


def extension(path: str) -> str:
    if path.endswith("/"):
        return "/"
    match = re.search(r"\.[A-Za-z0-9]+$", path)
    return match.group(0).lower() if match else ""


def max_age(cache_control: str) -> int | None:
    match = re.search(r"(?:^|[,\s])max-age\s*=\s*\"?(\d+)", cache_control.lower())
    return int(match.group(1)) if match else None


def judge(path: str, response: Response) -> Finding:
    """Everything checked about one response (``path`` is its URL path)."""
    finding = Finding(path)
    if response.status != 200:
        finding.add(FAIL, f"HTTP {response.status}: the file is missing or refused (upload the whole site folder)")
        return finding
    headers = response.headers
    kind = extension(path)

    content_type = headers.get("content-type", "")
    essence = content_type.split(";", 1)[0].strip().lower()
    finding.notes.append(essence or "no Content-Type")
    wanted = TYPES.get(kind)
    if wanted is not None and essence not in wanted:
        example = sorted(wanted)[0] if kind not in (".js", ".mjs") else "text/javascript"
        why = {
            ".wasm": "Pyodide cannot stream-compile it",
            ".js": "browsers refuse to run a module script or worker of another type",
            ".mjs": "browsers refuse to run a module script or worker of another type",
            ".css": "browsers ignore a style sheet of another type",
        }.get(kind, "readers' browsers rely on it")
        finding.add(FAIL, f"Content-Type is {content_type or 'missing'}; it must be {example} ({why})")
    elif kind in (".zip", ".whl") and essence.startswith("text/"):
        finding.add(FAIL, f"Content-Type is {content_type}: a text type for a zip file (an error page served instead?)")

    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding:
        finding.notes.append(encoding)
    if kind in COMPRESSIBLE and len(response.body) > SMALL and encoding not in COMPRESSED:
        size = len(response.body)
        packed = len(gzip.compress(response.body, compresslevel=6))
        finding.add(FAIL, f"sent uncompressed: {size:,} bytes, about {packed:,} with gzip "
                          f"(enable gzip or Brotli for this type{' (application/wasm)' if kind == '.wasm' else ''})")

    cache = headers.get("cache-control", "")
    finding.notes.append(f"Cache-Control: {cache}" if cache else "no Cache-Control")
    age = max_age(cache)
    lowered = cache.lower()
    if VERSIONED.search(path):
        if "immutable" not in lowered and (age is None or age < FOREVER or "no-cache" in lowered or "no-store" in lowered):
            finding.add(WARN, "versioned, but not cached for good: \"Cache-Control: public, max-age=31536000, "
                              "immutable\" spares readers a check on every visit")
    elif not HASHED.search(path):
        if "immutable" in lowered or ("no-cache" not in lowered and age is not None and age > REVALIDATE_WITHIN):
            finding.add(FAIL, f"Cache-Control: {cache}: readers would keep an old copy after the next deployment "
                              "(pages and unversioned files need \"no-cache\")")
        elif not cache and "expires" not in headers:
            finding.add(WARN, "no Cache-Control: browsers guess how long to keep it (send \"no-cache\")")
    return finding


class Links(HTMLParser):
    """The canonical address, scripts and style sheets of a page, and a calculator's runtime attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.canonical = ""
        self.assets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and values.get("rel") == "canonical":
            self.canonical = values.get("href", "")
        elif tag == "link" and values.get("rel") == "stylesheet" and values.get("href"):
            self.assets.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.assets.append(values["src"])


def same_site(url: str, base: str) -> bool:
    return url.startswith(base)


@dataclass
class Report:
    base: str
    findings: list[Finding] = field(default_factory=list)
    site: list[tuple[str, str]] = field(default_factory=list)  # (level, message) about the address

    @property
    def failed(self) -> bool:
        return any(f.level == FAIL for f in self.findings) or any(level == FAIL for level, _ in self.site)

    def lines(self) -> list[str]:
        out = [f"Checking {self.base} as WeChat on an iPhone loads it"]
        for level, message in self.site:
            out.append(f"  {level:5} {message}")
        width = max((len(f.path) for f in self.findings), default=0)
        for finding in self.findings:
            if finding.level == OK:
                out.append(f"  {OK:5} {finding.path:{width}}  {' · '.join(finding.notes)}")
            for level, message in finding.problems:
                out.append(f"  {level:5} {finding.path:{width}}  {message}")
        problems = sum(level == FAIL for f in self.findings for level, _ in f.problems) + sum(
            level == FAIL for level, _ in self.site)
        warnings = sum(level == WARN for f in self.findings for level, _ in f.problems) + sum(
            level == WARN for level, _ in self.site)
        verdict = "the deployment is wrong: fix the FAIL lines" if problems else "the deployment is right"
        out.append(f"{len(self.findings)} files checked: {problems} problem(s), {warnings} warning(s): {verdict}.")
        return out


def address_checks(base: str, canonical: str) -> list[tuple[str, str]]:
    parts = urlsplit(base)
    host = parts.hostname or ""
    loopback = host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost")
    notes: list[tuple[str, str]] = []
    if parts.scheme != "https" and not loopback:
        notes.append((FAIL, "not HTTPS: browsers allow the service worker (offline use) and the clipboard "
                            "(copy buttons) only on HTTPS pages"))
    if host.endswith(".github.io"):
        notes.append((WARN, "a github.io address: WeChat has shown a warning page for github.io pages; "
                            "deploy on the organisation's own domain with ICP filing (备案)"))
    if canonical and canonical.rstrip("/") != base.rstrip("/"):
        notes.append((FAIL, f"built for {canonical}, served at {base}: build again with "
                            f"`bash scripts/build.sh --deploy {base}` (instant navigation between pages needs it)"))
    elif not canonical:
        notes.append((WARN, "the home page names no canonical address (built without QUNCE_SITE_URL?)"))
    return notes


def check(base: str, get: Fetch = fetch) -> Report:
    """Check the deployment at ``base`` (the site's root URL, ending in /)."""
    if not base.endswith("/"):
        base += "/"
    report = Report(base)
    prefix = urlsplit(base).path

    def path_of(url: str) -> str:
        return "/" + urlsplit(url).path[len(prefix):]

    def one(url: str) -> Response:
        response = get(url, ACCEPT)
        report.findings.append(judge(path_of(url), response))
        return response

    home = one(base)
    if home.status != 200:
        return report
    page = Links()
    page.feed(text_of(base, home, get))
    report.site = address_checks(base, page.canonical)

    urls = [urljoin(base, ref) for ref in page.assets]
    urls += [urljoin(base, name) for name in ("sw.js", "search/search_index.json", "sitemap.xml", "calculators/funnel/")]
    manifest_url = urljoin(base, "assets/runtime.json")
    for url in dict.fromkeys(urls):
        if same_site(url, base):
            one(url)
    manifest = one(manifest_url)
    if manifest.status == 200:
        try:
            runtime = json.loads(text_of(manifest_url, manifest, get))
            files = [urljoin(base, runtime["worker"]), urljoin(base, runtime["wheel"])]
            files += [urljoin(urljoin(base, runtime["pyodide"]), name) for name in runtime["files"]]
        except (ValueError, KeyError, TypeError):
            report.findings[-1].add(FAIL, "not the runtime manifest the build writes (a fallback page?)")
            files = []
        for url in files:
            one(url)
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check a deployed 群策 site: MIME types, compression, caching.")
    parser.add_argument("url", help="the site's root address, e.g. https://qunce.example.cn/")
    parser.add_argument("--user-agent", default=WECHAT_IOS, help="the browser to ask as (default: WeChat on iOS)")
    args = parser.parse_args(argv)
    if urlsplit(args.url).scheme not in ("http", "https"):
        parser.error(f"not a web address: {args.url}")
    try:
        report = check(args.url, lambda url, accept: fetch(url, accept, user_agent=args.user_agent))
    except (urllib.error.URLError, OSError) as error:
        print(f"cannot reach {args.url}: {getattr(error, 'reason', error)}", file=sys.stderr)
        return 2
    print("\n".join(report.lines()))
    if report.findings and report.findings[0].level == FAIL and len(report.findings) == 1:
        return 2  # not even the home page
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
