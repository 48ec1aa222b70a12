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

# What a consumer downloads: the .wasm, and the JavaScript (glue and entry points),
# each file gzipped on its own (-9) and summed. The goal is under 150 KB in total.
sizes() { # files...
  local raw=0 gz=0 f
  for f in "$@"; do
    raw=$((raw + $(wc -c < "$f")))
    gz=$((gz + $(gzip -9c "$f" | wc -c)))
  done
  echo "$raw $gz"
}
read -r wasm_raw wasm_gz < <(sizes "$here/dist/wasm/nexuscone_wasm_bg.wasm")
read -r js_raw js_gz < <(sizes "$here"/dist/*.js "$here/dist/wasm/nexuscone_wasm.js")
echo "built $here/dist: wasm $wasm_raw bytes ($wasm_gz gzipped), JavaScript $js_raw bytes ($js_gz gzipped), total $((wasm_gz + js_gz)) bytes gzipped"
