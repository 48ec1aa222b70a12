#!/usr/bin/env bash
# Benchmarks `nexuscone verify` against the Python library on the same ledgers,
# in the same run. See docs/PERFORMANCE.md.
#
#   bench/run.sh [--rounds N]
#
# Needs python3.11, PyPI access the first time (the venv of fixtures/generate.py),
# and cargo. Ledgers are written once into .cache/bench/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -c 'import sys; sys.path.insert(0, "fixtures"); import generate; generate.ensure_venv("0.2.1")'
.cache/venv-nexuscone-0.2.1/bin/python bench/make_ledgers.py --out "$PWD/.cache/bench"
cargo build --release -q -p nexuscone-cli --bin nexuscone
cargo bench -q -p nexuscone-cli --bench core_verify --no-run
python3 bench/compare.py "$@"
