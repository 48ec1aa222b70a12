#!/usr/bin/env bash
# The whole npm/wasm check, idempotent: installs only what is missing (scripts/setup.sh:
# the wasm32 target, wasm-bindgen-cli at the Cargo.lock version, wasm-pack, Chromium
# and its driver; dev-tools.sh: Vite, binaryen, esbuild, TypeScript, Node 18,
# playwright-core and @noble/* into .cache/), then, offline: builds the package once
# (wasm-pack) and packs it once, runs the node test suites (the API against the
# fixtures and the CLI; the packed tarball installed into CommonJS, ES module,
# TypeScript and Vite projects on Node 18 and this Node; its `nexuscone` bin against
# the Rust CLI), smoke runs of the benchmarks, and the wasm-bindgen tests in headless
# Chromium through wasm-pack.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

source scripts/setup.sh
need_wasm_pack
need_chromedriver
source "$here/scripts/dev-tools.sh"
need_bench_tools
need_consumer_tools
need_esbuild
# Everything below runs offline (see `offline` in scripts/setup.sh).
cargo fetch --quiet

offline bash "$here/scripts/build.sh"

# The CLI, so that the node suites compare reports and the bin's output with it.
offline cargo build -p nexuscone-cli

pack=$(mktemp -d "${TMPDIR:-/tmp}/nexuscone-pack.XXXXXX")
trap 'rm -rf "$pack"' EXIT
(cd "$here" && npm pack --silent --pack-destination "$pack" >/dev/null)
NEXUSCONE_TARBALL=$(ls "$pack"/nexuscone-*.tgz)
export NEXUSCONE_TARBALL

(cd "$here" && offline node --test test/*.test.mjs)

# The benchmarks still run (tiny inputs, one round: a second or two, no timings checked).
node "$here/bench/bench.mjs" --smoke >/dev/null
offline node "$here/bench/browser.mjs" --smoke >/dev/null
node "$here/bench/file.mjs" --smoke >/dev/null
node "$here/bench/file.mjs" --smoke --format sqlite --checkpoint >/dev/null
node "$here/bench/file-memory.mjs" --smoke >/dev/null
node "$here/bench/merkle.mjs" --smoke >/dev/null

# The wasm-bindgen tests (wasm/tests/web.rs) in headless Chromium; the driver's
# Chromium flags are in wasm/webdriver.json.
offline wasm-pack test --headless --chrome --chromedriver "$(command -v chromedriver)" \
  --mode no-install wasm
