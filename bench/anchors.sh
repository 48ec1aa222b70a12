#!/usr/bin/env bash
# What verifying anchors adds to verifying 100,000 entries with 100 anchors (issue 11's
# budget: under 5%), as a same-run ratio. See docs/PERFORMANCE.md.
#
#   bench/anchors.sh [--runs N]
#
# Needs python3.11, PyPI access the first time (the venv of fixtures/generate.py),
# openssl and cargo. The ledger is written once into .cache/bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import sys; sys.path.insert(0, "fixtures"); import generate; generate.ensure_venv("0.2.1")'
.cache/venv-nexuscone-0.2.1/bin/python bench/make_anchored.py --out "$PWD/.cache/bench"
ledger="$PWD/.cache/bench/anchored-100k"
# Once on one thread (the WebAssembly builds' way), once with the proofs checked on a
# thread of their own while the entries are verified (`parallel`, the CLI's way).
for features in "" "--features parallel"; do
  # shellcheck disable=SC2086
  cargo bench -q -p nexuscone-core $features --bench anchor_overhead -- "$@" "$ledger.sqlite" \
    --bitcoin-headers "$ledger.bitcoin-headers" --tsa-roots "$ledger.tsa-roots.pem"
done
