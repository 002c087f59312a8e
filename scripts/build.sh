#!/usr/bin/env bash
# Build the static site into site/ (strict: any warning fails the build).
#   scripts/build.sh                                  for this machine (http://127.0.0.1:8000/, or $QUNCE_SITE_URL)
#   scripts/build.sh --deploy https://qunce.example.cn/
#       for a real address: QUNCE_SITE_URL is set to it (canonical links, sitemap, instant navigation), and every
#       compressible file over 1 KB is also written precompressed beside it (.gz; .br too when `brotli` is installed)
#       for hosts that serve those (nginx gzip_static). Then upload site/ and run scripts/check_deploy.py on the address.
# Further arguments go to `mkdocs build`.
set -euo pipefail
cd "$(dirname "$0")/.."

deploy=""
if [ "${1:-}" = "--deploy" ]; then
  deploy="${2:-}"
  case "$deploy" in
    https://* | http://*) ;;
    *) echo "build.sh: --deploy needs the site's address, e.g. --deploy https://qunce.example.cn/" >&2; exit 2 ;;
  esac
  case "$deploy" in */) ;; *) deploy="$deploy/" ;; esac
  shift 2
  export QUNCE_SITE_URL="$deploy"
fi

bash scripts/setup.sh
NO_MKDOCS_2_WARNING=1 .venv/bin/python -m mkdocs build --strict --clean --site-dir site "$@"

if [ -n "$deploy" ]; then
  echo "==> precompressing text and WebAssembly for $deploy"
  # -n: no name or time in the header, so the same build gives the same bytes.
  find site -type f -size +1k \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.json' \
    -o -name '*.wasm' -o -name '*.svg' -o -name '*.xml' -o -name '*.txt' \) -print0 | xargs -0 gzip -9 -n -k -f
  if command -v brotli >/dev/null 2>&1; then
    find site -type f -size +1k \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' -o -name '*.json' \
      -o -name '*.wasm' -o -name '*.svg' -o -name '*.xml' -o -name '*.txt' \) -print0 | xargs -0 brotli -q 11 -k -f
  fi
  echo "==> site/ is built for $deploy: upload it, then run: .venv/bin/python scripts/check_deploy.py $deploy"
fi
