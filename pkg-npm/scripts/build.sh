#!/usr/bin/env bash
# Builds dist/: the wasm (cargo, wasm32-unknown-unknown), its JavaScript glue
# (wasm-bindgen --target web) and the hand-written entry points and types.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
# The wasm-release profile is `--release` plus LTO, one codegen unit and abort on
# panic (Cargo.toml); the CLI's release profile keeps its debug info.
cargo build --target wasm32-unknown-unknown --profile wasm-release -p nexuscone-wasm
wasm="$root/target/wasm32-unknown-unknown/wasm-release/nexuscone_wasm.wasm"
rm -rf "$here/dist"
mkdir -p "$here/dist/wasm"
wasm-bindgen --target web --no-typescript --out-dir "$here/dist/wasm" --out-name nexuscone_wasm "$wasm"
# Optional size pass with binaryen from npm (see scripts/test.sh); skipped when absent.
opt="$root/.cache/binaryen/node_modules/.bin/wasm-opt"
if [ -x "$opt" ]; then
  "$opt" -O3 --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$here/dist/wasm/nexuscone_wasm_bg.wasm" -o "$here/dist/wasm/nexuscone_wasm_bg.wasm"
fi
cp "$here"/src/*.js "$here/src/index.d.ts" "$here/dist/"
echo "built $(du -b "$here/dist/wasm/nexuscone_wasm_bg.wasm" | cut -f1) bytes of wasm in $here/dist"
