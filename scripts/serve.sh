#!/usr/bin/env bash
# Set up, build and serve the site at http://127.0.0.1:${PORT:-8000}/ (Ctrl+C stops it).
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8000}
QUNCE_SITE_URL="http://127.0.0.1:$port/" bash scripts/build.sh
exec .venv/bin/python scripts/serve.py --port "$port" site
