#!/usr/bin/env bash
# Build the static site into site/ (strict: any warning fails the build).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
NO_MKDOCS_2_WARNING=1 .venv/bin/python -m mkdocs build --strict --clean --site-dir site "$@"
