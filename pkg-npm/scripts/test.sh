#!/usr/bin/env bash
# The whole npm/wasm check, idempotent: installs only what is missing
# (wasm32 target, wasm-bindgen-cli at the Cargo.lock version, Chromium and its
# driver; Vite, binaryen, playwright-core and @noble/* into .cache/), builds the
# package, then runs the node test suites (with the pack/install/Vite test), smoke
# runs of the benchmarks, and the wasm-bindgen tests in headless Chromium.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi

want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have" != "$want" ]; then
  cargo install wasm-bindgen-cli --version "$want"
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  apt-get update
  apt-get install -y chromium chromium-driver
fi

source "$here/scripts/dev-tools.sh"
need_bench_tools

(cd "$here" && npm run build)

# The CLI, so that the node suites also compare reports field by field.
cargo build -p nexuscone-cli

(cd "$here" && node --test test/*.test.mjs)

# The benchmarks still run (tiny inputs, one round: a second or two, no timings checked).
node "$here/bench/bench.mjs" --smoke >/dev/null
node "$here/bench/browser.mjs" --smoke >/dev/null

(cd "$root/wasm" && CHROMEDRIVER="$(command -v chromedriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test web)
