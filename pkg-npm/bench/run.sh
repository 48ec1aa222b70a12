#!/usr/bin/env bash
# The npm package's benchmarks (not tests): builds the package, installs the
# bench-only tools into the git-ignored .cache/ when missing (playwright-core, and
# @noble/* for the pure-JavaScript port), then runs
#   bench/bench.mjs    the package against the node:crypto baseline, in Node;
#   bench/browser.mjs  the package against the @noble port in headless Chromium,
#                      and against the Node baseline, in the same run.
# Arguments go to browser.mjs (--rounds N, --smoke); --smoke also makes bench.mjs tiny.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
source "$here/scripts/dev-tools.sh"
need_bench_tools
(cd "$here" && npm run build)
node "$here/bench/bench.mjs" "$@"
node "$here/bench/browser.mjs" "$@"
