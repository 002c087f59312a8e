"""Shared fixtures: one strict build of the site per test session, a loopback server for it,
and headless Chromium (Debian's) that fails any test whose page asks another host for anything."""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

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


def build_site(target: Path, *, playbooks: Path | None = None, site_url: str = "http://127.0.0.1:8000/") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "QUNCE_SITE_URL": site_url}
    if playbooks is not None:
        env["QUNCE_PLAYBOOKS"] = str(playbooks)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


def load_hook(name: str) -> ModuleType:
    """A module of hooks/ loaded as MkDocs loads it (its folder on sys.path while it imports)."""
    spec = importlib.util.spec_from_file_location(f"qunce_test_{name}", ROOT / "hooks" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    return module


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
def hant_calculators(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The calculators package as the zh-Hant build converts it (and puts in its wheel)."""
    tree = tmp_path_factory.mktemp("hant")
    load_hook("traditional").convert_tree(tree, {"calculators": ROOT / "calculators"})
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
