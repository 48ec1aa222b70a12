#!/usr/bin/env bash
# Builds dist/: the wasm and its JavaScript glue (wasm-pack: cargo for
# wasm32-unknown-unknown, then wasm-bindgen --target web), the hand-written entry
# points and types, and the CommonJS build of the Node entry (esbuild).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
source "$here/scripts/dev-tools.sh"
need_esbuild
rm -rf "$here/dist"
# The wasm-release profile is `--release` plus LTO, one codegen unit and abort on
# panic (Cargo.toml); the CLI's release profile keeps its debug info. `--mode
# no-install`: the wasm-bindgen on PATH (Cargo.lock's version), never a download;
# wasm-opt runs below, with binaryen from npm.
wasm-pack --quiet build wasm --mode no-install --target web --profile wasm-release \
  --no-pack --no-typescript --no-opt --no-gitignore \
  --out-dir "$here/dist/wasm" --out-name nexuscone_wasm
# The `nexuscone` bin's module: the same with the bin's API (feature `bin`), for Node only.
wasm-pack --quiet build wasm --mode no-install --target web --profile wasm-release \
  --no-pack --no-typescript --no-opt --no-gitignore \
  --out-dir "$here/dist/wasm-bin" --out-name nexuscone_bin -- --features bin
# The second module, anchor proofs (wasm-anchors/): profile wasm-anchors is wasm-release
# at opt-level "z", loaded only for ledgers with anchors.
wasm-pack --quiet build wasm-anchors --mode no-install --target web --profile wasm-anchors \
  --no-pack --no-typescript --no-opt --no-gitignore \
  --out-dir "$here/dist/wasm-anchors" --out-name nexuscone_anchors
# Optional size pass with binaryen from npm (see scripts/test.sh); skipped when absent.
opt="$nexuscone_cache/binaryen/node_modules/.bin/wasm-opt"
if [ -x "$opt" ]; then
  for pass in "-O3 wasm/nexuscone_wasm_bg.wasm" "-O3 wasm-bin/nexuscone_bin_bg.wasm" \
    "-Oz wasm-anchors/nexuscone_anchors_bg.wasm"; do
    set -- $pass
    "$opt" "$1" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$here/dist/$2" -o "$here/dist/$2"
  done
fi
# wasm-bindgen's glue carries a JSDoc comment for every export (the package ships its
# own types, index.d.ts): about 4 KB of the gzipped download. Whitespace and comments
# only are removed; the code, its names and the `new URL(..., import.meta.url)` that
# bundlers look for stay as generated.
for glue in wasm/nexuscone_wasm.js wasm-bin/nexuscone_bin.js wasm-anchors/nexuscone_anchors.js; do
  "$esbuild" "$here/dist/$glue" --minify-whitespace --log-level=warning \
    --outfile="$here/dist/$glue" --allow-overwrite
done
cp "$here"/src/*.js "$here/src/index.d.ts" "$here/dist/"
# The modules a browser downloads get the same pass: their comments document the
# sources, and the types (index.d.ts) document the API for users.
for module in api browser errors options state; do
  "$esbuild" "$here/dist/$module.js" --minify-whitespace --log-level=warning \
    --outfile="$here/dist/$module.js" --allow-overwrite
done
cp "$here/src/index.d.ts" "$here/dist/index.d.cts"
# Node: the entry bundled into one CommonJS file, so that `require` works on every
# Node the package supports; the ES module entry re-exports it.
# The `nexuscone` bin is bundled the same way, on its own.
# The worker threads of `verifyFile` run dist/verify-worker.cjs, bundled the same way.
for entry in node cli verify-worker; do
  "$esbuild" "$here/dist/$entry.js" --bundle --platform=node --format=cjs --target=node18 \
    --inject:"$here/src/cjs-shim.js" --define:import.meta.url=importMetaUrl \
    --log-level=warning --outfile="$here/dist/$entry.cjs"
done
mv "$here/dist/node-esm.js" "$here/dist/node.js"
rm "$here/dist/cjs-shim.js" "$here/dist/cli.js" "$here/dist/anchors-node.js" "$here/dist/verify-worker.js" "$here/dist/file.js"
cat "$here/src/index.d.ts" "$here/src/file.d.ts" > "$here/dist/node.d.ts"
cp "$here/dist/node.d.ts" "$here/dist/node.d.cts"
chmod +x "$here/dist/cli.cjs"

# What a consumer downloads: the .wasm, and the JavaScript (glue and entry points),
# each file gzipped on its own (-9) and summed. The goal is under 150 KB in total, the
# budget 300 KB; the anchors module, fetched only for ledgers with anchors, apart.
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
read -r anchors_raw anchors_gz < <(sizes "$here"/dist/wasm-anchors/nexuscone_anchors_bg.wasm "$here"/dist/wasm-anchors/nexuscone_anchors.js)
echo "built $here/dist: wasm $wasm_raw bytes ($wasm_gz gzipped), JavaScript $js_raw bytes ($js_gz gzipped), total $((wasm_gz + js_gz)) bytes gzipped; anchors module on demand $anchors_raw bytes ($anchors_gz gzipped)"
