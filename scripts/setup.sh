#!/usr/bin/env bash
# Install everything the project needs; safe and quick to run again.
#   scripts/setup.sh            Python deps (.venv) and the npm packages (Pyodide)
#   scripts/setup.sh --browser  also Chromium, CJK fonts and WebKit (webkit2gtk-driver, xvfb) from Debian's
#                               packages (for browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

# Python: a venv with exactly the locked versions (hashes checked).
python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv with $($python --version)"
  "$python" -m venv .venv
fi
want=$(stamp requirements.lock)
if [ "$(cat .venv/.qunce-stamp 2>/dev/null)" != "$want" ]; then
  echo "==> installing Python packages from requirements.lock"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
  echo "$want" > .venv/.qunce-stamp
fi

# This project, in editable mode: it registers the site's MkDocs plugin (qunce_site) by entry point.
# "compat" mode puts this folder on the path with a .pth file, so a build run from another folder (the
# zh-Hant edition's converted tree) imports that folder's copy of the plugin first.
want="$(stamp pyproject.toml) $(pwd)"
if [ "$(cat .venv/.qunce-project 2>/dev/null)" != "$want" ]; then
  echo "==> installing this project (the MkDocs plugin) in editable mode"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    --config-settings editable_mode=compat -e .
  echo "$want" > .venv/.qunce-project
fi

# npm: the pinned Pyodide runtime that the site serves itself.
want=$(stamp package.json package-lock.json)
if [ "$(cat node_modules/.qunce-stamp 2>/dev/null)" != "$want" ]; then
  echo "==> installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > node_modules/.qunce-stamp
fi

# Chromium for the browser tests: Debian's package (Playwright's own download is not reachable).
if [ "$want_browser" = 1 ]; then
  if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then
    echo "==> installing chromium and fonts-noto-cjk from Debian's packages"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >/dev/null
  fi
  # WebKit, Safari's engine (what WeChat runs on iPhone): WebKitGTK's WebDriver and MiniBrowser, on a virtual
  # display (xvfb-run needs xauth).
  if ! command -v WebKitWebDriver >/dev/null 2>&1 || ! command -v xvfb-run >/dev/null 2>&1 || ! command -v xauth >/dev/null 2>&1; then
    echo "==> installing webkit2gtk-driver and xvfb from Debian's packages"
    if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends webkit2gtk-driver xvfb xauth >/dev/null
  fi
fi
