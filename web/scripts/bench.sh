#!/usr/bin/env bash
# Benchmarks the viewer's verifier in headless Chromium with ratios measured in the
# same run (web/e2e/bench.js): the verifier worker built at each wasm-opt level of
# --levels (same Rust build, wasm-opt applied to Trunk's wasm-bindgen output; `none`
# is dist/ as Trunk built it) and each number of verifying workers of --workers;
# with --checkpoint, each also against a signed checkpoint of the whole ledger.
#   web/scripts/bench.sh [--entries N] [--format jsonl|sqlite] [--rounds R]
#                        [--levels "z s 3 4"] [--workers 1,2,all] [--checkpoint] [--no-build]
# Prints each site's size (raw and gzipped, whole site) and the bench table.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/setup.sh

entries=100000 format=jsonl rounds=3 levels="z" workers=1 build=1 checkpoint=""
while [ $# -gt 0 ]; do
  case "$1" in
    --entries) entries=$2; shift 2 ;;
    --format) format=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --levels) levels=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --checkpoint) checkpoint=--checkpoint; shift ;;
    --no-build) build=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done

need_web_toolchain
need_chromium
need_playwright
if [ "$build" = 1 ]; then
  say "building the viewer: trunk build --release"
  trunk build --release
fi
# Trunk's wasm-bindgen output, before wasm-opt.
raw=target/wasm-bindgen/release/nexuscone-worker_bg.wasm
[ -f "$raw" ] || { echo "$raw not found: build with trunk build --release" >&2; exit 2; }

site=$(mktemp -d "${TMPDIR:-/tmp}/nexuscone-bench.XXXXXX")
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port" >/dev/null 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$site"' EXIT

sites=""
say "the worker at wasm-opt levels: $levels"
printf '| wasm-opt | worker .wasm raw | gzipped | whole site gzipped |\n|---|---:|---:|---:|\n'
for level in $levels; do
  cp -R dist "$site/$level"
  # As Trunk calls it (data-wasm-opt in index.html); `none`: the site as built.
  # Each level's output is kept in target/wasm-opt-levels/ until Trunk's output changes.
  if [ "$level" != none ]; then
    kept=target/wasm-opt-levels/$level.wasm
    mkdir -p target/wasm-opt-levels
    [ "$kept" -nt "$raw" ] || wasm-opt "-O$level" "$raw" --output="$kept"
    cp "$kept" "$site/$level/nexuscone-worker_bg.wasm"
  fi
  wasm=$site/$level/nexuscone-worker_bg.wasm
  printf '| %s | %s | %s | %s |\n' "$level" "$(wc -c <"$wasm")" "$(gzip -9c "$wasm" | wc -c)" \
    "$(tar -C "$site/$level" -cf - . | gzip -9 | wc -c)"
  sites="$sites $level=http://127.0.0.1:$port/$level/"
done
for _ in $(seq 50); do
  python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null && break
  sleep 0.1
done

say "verifying $entries signed entries ($format), rounds: $rounds, workers: $workers"
NODE_PATH="$PLAYWRIGHT_NODE_PATH" NEXUSCONE_BENCH_SITES="$sites" NEXUSCONE_WEB_URL="http://127.0.0.1:$port/" \
  node web/e2e/bench.js --entries "$entries" --format "$format" --rounds "$rounds" --workers "$workers" $checkpoint
