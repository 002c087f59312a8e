"""Shared fixtures: one strict build of the site per test session, a loopback server for it,
and headless Chromium (Debian's) that fails any test whose page asks another host for anything."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# CI runs on a busy 2-core machine: time limits would make property tests flaky, not stricter.
settings.register_profile("qunce", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("qunce")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

CHROMIUM_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


# What a build reads: a copy of these is a complete project to build (tests change the copy, never the repo).
SOURCES = ("mkdocs.yml", "docs", "playbooks", "calculators", "qunce_site", "scripts", "facts.yml", "compliance.yml",
           "sources.yml", "glossary.yml", "training.yml", "drills.yml", "zh-Hant.yml", "terms.yml")


def build_site(target: Path, *, root: Path = ROOT, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess[str]:
    """A strict build of the project at ``root`` (MkDocs runs there, so it uses that project's plugin)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QUNCE_SITE_URL": site_url}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
    )


def project_copy(target: Path, *, editions: tuple[str, ...] = ("zh-Hans",)) -> Path:
    """A copy of the project's sources at ``target`` (node_modules linked), building only ``editions``."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  - qunce\n") == 1, "mkdocs.yml should list the qunce plugin without options"
    config.write_text(text.replace("\n  - qunce\n", f"\n  - qunce:\n      editions: [{', '.join(editions)}]\n"), encoding="utf-8")
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in ``path`` (which must hold it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def port() -> int:
    """The test server's port, chosen before the build: Material's instant navigation only
    intercepts links when the page's origin is the configured site_url's."""
    return free_port()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, port: int) -> Path:
    """The site, built once for the session with the sources as they are now."""
    target = tmp_path_factory.mktemp("site")
    result = build_site(target, site_url=f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return target


@pytest.fixture(scope="session")
def site_data(site: Path) -> object:
    """The site data the built site's wheel carries (facts, and playbook titles for links)."""
    import json
    import zipfile

    from calculators.kit.site import Site

    runtime = json.loads((site / "assets" / "runtime.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / runtime["wheel"]) as wheel:
        facts = json.loads(wheel.read("calculators/facts.json"))
        playbooks = json.loads(wheel.read("calculators/playbooks.json"))
    return Site.from_data(facts, playbooks)


@pytest.fixture(autouse=True)
def same_data_as_the_site(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test of the built site computes its expectations with the data the site's wheel carries, as the
    browser and the pre-rendered pages do (a source checkout has no playbook titles: links show slugs)."""
    if "site" not in request.fixturenames:
        yield
        return
    from calculators.kit.site import use

    use(request.getfixturevalue("site_data"))  # type: ignore[arg-type]
    yield
    use(None)


@pytest.fixture(scope="session")
def hant_calculators(tmp_path_factory: pytest.TempPathFactory, site: Path) -> Path:
    """The calculators package as the zh-Hant edition runs it: its wheel from the built site, unpacked
    (converted by OpenCC, with that edition's site data: playbook titles in Traditional)."""
    import json
    import zipfile

    tree = tmp_path_factory.mktemp("hant")
    runtime = json.loads((site / "zh-Hant" / "assets" / "runtime.json").read_text(encoding="utf-8"))
    with zipfile.ZipFile(site / "zh-Hant" / runtime["wheel"]) as wheel:
        wheel.extractall(tree)
    return tree


@pytest.fixture(scope="session")
def base_url(site: Path, port: int) -> Iterator[str]:
    from serve import start

    server, url = start(site, port)
    yield url
    server.shutdown()


def chromium_path() -> str:
    path = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is not installed: run scripts/setup.sh --browser")
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


class LocalOnly:
    """Records every request; anything not for the local server is aborted and reported."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.foreign: list[str] = []
        self.seen: list[str] = []
        # The same, less what service workers fetched (precache, cache-first copies): what the pages
        # and their Web Workers asked the network for themselves.
        self.seen_by_pages: list[str] = []

    def __call__(self, route: object) -> None:
        request = route.request  # type: ignore[attr-defined]
        url = request.url
        self.seen.append(url)
        if request.service_worker is None:
            self.seen_by_pages.append(url)
        if url.startswith(self.base_url) or url.startswith("data:") or url.startswith("blob:"):
            route.continue_()  # type: ignore[attr-defined]
        else:
            self.foreign.append(url)
            route.abort()  # type: ignore[attr-defined]


def serve_recorded(root: Path, prefix: str = "/") -> tuple[object, str, list[tuple[str, int, int]]]:
    """Serve ``root`` as scripts/serve.py does (gzip), under the URL path ``prefix``, on a new port.

    Returns the server (call ``shutdown()``), its URL and a log that gets ``(path, status, body bytes
    as sent)`` for every response: what really went over the network, whoever asked for it.
    """
    import threading
    from functools import partial

    from serve import Handler, Server

    log: list[tuple[str, int, int]] = []

    class Recording(Handler):
        status = 0
        length = 0

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(root / "__outside_the_prefix__")
            return str(super().translate_path("/" + path[len(prefix):]))

        def send_response(self, code: int, message: str | None = None) -> None:
            self.status, self.length = code, 0
            super().send_response(code, message)

        def send_header(self, keyword: str, value: str) -> None:
            if keyword.lower() == "content-length":
                self.length = int(value)
            super().send_header(keyword, value)

        def end_headers(self) -> None:
            log.append((self.path.split("?", 1)[0], self.status, self.length))
            super().end_headers()

    server = Server(("127.0.0.1", 0), partial(Recording, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}", log


@pytest.fixture
def context(browser: object, base_url: str) -> Iterator[object]:
    """A fresh browser profile whose pages may only talk to the local server."""
    ctx = browser.new_context(service_workers="allow")  # type: ignore[attr-defined]
    guard = LocalOnly(base_url)
    ctx.route("**/*", guard)
    ctx.qunce_guard = guard
    yield ctx
    ctx.close()
    assert guard.foreign == [], f"requests to other hosts: {guard.foreign}"


@pytest.fixture
def page(context: object) -> Iterator[object]:
    page = context.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"script errors on the page: {errors}"
