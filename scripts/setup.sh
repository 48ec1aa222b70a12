# Sourced by scripts/run and scripts/test: installs what the project needs, idempotently.
# Every step checks first and is quick when the tool is already there.
set -euo pipefail

# Every step's heading carries the time since the outermost script started
# (exported, so the suites' own scripts count from the same start).
: "${NEXUSCONE_STARTED_AT:=$(date +%s)}"
export NEXUSCONE_STARTED_AT
say() {
  local t=$(( $(date +%s) - NEXUSCONE_STARTED_AT ))
  printf '\n==> [%d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*"
}

need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "cargo not found: install Rust with rustup (https://rustup.rs) first" >&2
      exit 2
    fi
  fi
}

need_python() {
  command -v python3 >/dev/null 2>&1 || { echo "python3 (3.11) not found" >&2; exit 2; }
}

# Node builds the conformance table's inputs for every runner, the CLI's included
# (cli/tests/conformance.rs runs fixtures/conformance/conformance.mjs).
need_node() {
  command -v node >/dev/null 2>&1 || { echo "node (20) not found" >&2; exit 2; }
}

# The reference library in a private venv (.cache/venv-nexuscone-0.2.1); the
# fixtures generator creates it on first use and skips pip afterwards.
reference_python() {
  local venv=.cache/venv-nexuscone-0.2.1
  if ! "$venv/bin/python" -c 'import nexuscone' >/dev/null 2>&1; then
    say "installing the reference library nexuscone==0.2.1 into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "nexuscone[signing]==0.2.1"
  fi
  echo "$venv/bin/python"
}

need_rust
need_python
need_node

# ---- The browser viewer (web/): Trunk, wasm-bindgen, wasm-opt, Chromium. ----
# Versions are pinned in Trunk.toml; Trunk runs offline and finds these on PATH.
WEB_TRUNK_VERSION=0.21.14
WEB_WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen crate in Cargo.lock
WEB_BINARYEN_VERSION=132.0.0       # Trunk.toml: wasm_opt = "version_132"

# Builds a development tool from crates.io. The tools' own release profiles (trunk's:
# fat LTO, one codegen unit) trade a long build for a small, fast binary; these are
# run a few times per build, so they are compiled quickly instead (Cargo lets
# CARGO_PROFILE_* override a package's profile).
cargo_install_tool() { # cargo install arguments...
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_DEBUG=0 \
    cargo install "$@"
}

# cargo-fuzz for fuzz/run.sh.
need_cargo_fuzz() {
  if ! cargo fuzz --version >/dev/null 2>&1; then
    say "installing cargo-fuzz (a few minutes, once)"
    cargo_install_tool cargo-fuzz --locked
  fi
}

need_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || rustup target add wasm32-unknown-unknown
}

need_trunk() {
  if ! trunk --version 2>/dev/null | grep -q "$WEB_TRUNK_VERSION"; then
    say "installing trunk $WEB_TRUNK_VERSION (several minutes, once)"
    cargo_install_tool --locked trunk --version "$WEB_TRUNK_VERSION"
  fi
}

need_wasm_bindgen() {
  if ! wasm-bindgen --version 2>/dev/null | grep -q "$WEB_WASM_BINDGEN_VERSION"; then
    say "installing wasm-bindgen-cli $WEB_WASM_BINDGEN_VERSION (a few minutes, once)"
    # --locked fails to build for this version.
    cargo_install_tool wasm-bindgen-cli --version "$WEB_WASM_BINDGEN_VERSION"
  fi
}

# wasm-opt from npm's binaryen (Debian's is too old), in .cache/binaryen.
need_wasm_opt() {
  local dir=.cache/binaryen
  if [ ! -x "$dir/node_modules/.bin/wasm-opt" ]; then
    say "installing binaryen $WEB_BINARYEN_VERSION (wasm-opt) into $dir"
    mkdir -p "$dir"
    npm install --silent --no-audit --no-fund --prefix "$dir" "binaryen@$WEB_BINARYEN_VERSION" >/dev/null
  fi
  PATH="$PWD/$dir/node_modules/.bin:$PATH"
  export PATH
}

need_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    say "installing chromium (apt)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  fi
}

# playwright-core (no browser download) for the viewer's end-to-end tests and
# benchmarks; sets PLAYWRIGHT_NODE_PATH for NODE_PATH.
need_playwright() {
  local pw=.cache/playwright version=1.65.1 axe=4.14.1
  if [ ! -f "$pw/node_modules/playwright-core/package.json" ]; then
    say "installing playwright-core $version into $pw (no browser download)"
    mkdir -p "$pw"
    npm install --silent --no-audit --no-fund --prefix "$pw" "playwright-core@$version" >/dev/null
  fi
  if [ ! -f "$pw/node_modules/axe-core/axe.min.js" ]; then
    say "installing axe-core $axe into $pw (the accessibility scan of the e2e suite)"
    npm install --silent --no-audit --no-fund --prefix "$pw" "axe-core@$axe" >/dev/null
  fi
  PLAYWRIGHT_NODE_PATH="$PWD/$pw/node_modules"
  export PLAYWRIGHT_NODE_PATH
}

# Debian's chromedriver, the same version as its chromium (wasm-pack would download one).
need_chromedriver() {
  need_chromium
  if ! command -v chromedriver >/dev/null 2>&1; then
    say "installing chromium-driver (apt)"
    apt-get update -qq && apt-get install -y -qq chromium-driver >/dev/null
  fi
}

# wasm-pack builds and tests `wasm/`. It must not download anything: it is run with
# `--mode no-install` (the wasm-bindgen above, found on PATH at the Cargo.lock
# version), `--chromedriver` (Debian's), and wasm-opt disabled in wasm/Cargo.toml.
WASM_PACK_VERSION=0.15.1

need_wasm_pack() {
  need_wasm_target
  need_wasm_bindgen
  if ! wasm-pack --version 2>/dev/null | grep -q "$WASM_PACK_VERSION"; then
    say "installing wasm-pack $WASM_PACK_VERSION (a few minutes, once)"
    cargo_install_tool --locked wasm-pack --version "$WASM_PACK_VERSION"
  fi
}

# Runs a command with no network but the loopback interface (a network namespace
# of its own, where this user may create one), so that a tool that tries to
# download something fails instead of fetching it. Cargo is told it is offline.
offline() {
  if unshare -n true 2>/dev/null && command -v ip >/dev/null 2>&1; then
    CARGO_NET_OFFLINE=true unshare -n sh -c 'ip link set lo up && exec "$@"' offline "$@"
  else
    CARGO_NET_OFFLINE=true "$@"
  fi
}

# Everything `trunk build` needs, then the dependencies fetched for its offline build.
need_web_toolchain() {
  need_wasm_target
  need_trunk
  need_wasm_bindgen
  need_wasm_opt
  cargo fetch --quiet
}

# Every tool the suites after the Rust ones need, in the order they need them. Each
# `need_*` is quick when its tool is there; scripts/test runs this in the background.
need_all_tools() { # directory where each group leaves a mark when it is ready
  need_cargo_fuzz && touch "$1/fuzz"
  need_wasm_pack && need_chromedriver && touch "$1/npm"
  need_web_toolchain && touch "$1/web"
}
