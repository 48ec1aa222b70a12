#!/usr/bin/env bash
# The whole npm/wasm check, idempotent: installs only what is missing
# (wasm32 target, wasm-bindgen-cli at the Cargo.lock version, Chromium and its
# driver, Vite and binaryen into .cache/), builds the package, then runs the
# node test suites, the wasm-bindgen tests in headless Chromium, and the
# pack/install/Vite test (part of the node suites).
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

npm_cache_install() { # dir package binary
  if [ ! -e "$root/.cache/$1/node_modules/$3" ]; then
    mkdir -p "$root/.cache/$1"
    (cd "$root/.cache/$1" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund "$2")
  fi
}
npm_cache_install vite-check vite@7 vite
npm_cache_install binaryen binaryen@latest .bin/wasm-opt

(cd "$here" && npm run build)

# The CLI, so that the node suites also compare reports field by field.
cargo build -p nexuscone-cli

(cd "$here" && node --test test/*.test.mjs)

(cd "$root/wasm" && CHROMEDRIVER="$(command -v chromedriver)" \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --test web)
