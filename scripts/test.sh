#!/usr/bin/env bash
# Set up everything (including Chromium and WebKit) and run every check: lint, types, unit, property,
# build and browser tests (headless Chromium: -m browser; WebKit under xvfb-run: -m webkit). Arguments go
# to pytest (e.g. -m "not webkit"). Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
echo "==> ruff"
.venv/bin/ruff check calculators qunce_site scripts tests
echo "==> mypy --strict calculators qunce_site"
.venv/bin/mypy
echo "==> pytest"
.venv/bin/python -m pytest "$@"
