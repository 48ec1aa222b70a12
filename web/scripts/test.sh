#!/usr/bin/env bash
# The viewer's end-to-end tests: build the site with Trunk, serve dist/ under a
# sub-path on 127.0.0.1, and drive it with headless Chromium (node --test).
# Idempotent: tools are installed only when missing. Screenshots: test-output/web/.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/setup.sh

need_web_toolchain
need_chromium
need_playwright

say "building the viewer: trunk build --release"
trunk build --release

# Serve under a sub-path, as a static host might, to prove relative URLs work.
site=$(mktemp -d "${TMPDIR:-/tmp}/nexuscone-site.XXXXXX")
mkdir -p "$site/audit/viewer"
cp -R dist/. "$site/audit/viewer/"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/audit/viewer/')" 2>/dev/null && break
  sleep 0.1
done

say "end-to-end tests in headless Chromium"
NODE_PATH="$PLAYWRIGHT_NODE_PATH" NEXUSCONE_WEB_URL="http://127.0.0.1:$port/audit/viewer/" \
  node --test --test-concurrency=1 "${@:-web/e2e/}"

# Smoke runs of the benchmarks (tiny ledgers, one round, no timing checked): the
# worker at another wasm-opt level, one worker and two, JSONL and SQLite.
if [ $# -eq 0 ]; then
  say "benchmark smoke runs: web/scripts/bench.sh"
  web/scripts/bench.sh --no-build --entries 2000 --rounds 1 --levels "none 1" --workers 1,2 >/dev/null
  web/scripts/bench.sh --no-build --entries 2000 --rounds 1 --levels none --workers 1,all --format sqlite --checkpoint >/dev/null
fi
