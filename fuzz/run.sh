#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 20) and prints one summary
# line per target. Installs cargo-fuzz only when it is missing. Seeds come from
# the fixtures: canonical vectors, JSONL and bundle exports, SQLite databases,
# OpenTimestamps proofs, a Bitcoin block header, RFC 3161 time-stamp tokens and anchor rows.
#
#   fuzz/run.sh [SECONDS]
#
# Corpora grow in fuzz/corpus/<target>, crashes land in fuzz/artifacts/<target>,
# libFuzzer's output in fuzz/logs/<target>.log. Exit status 1 if any target crashed.
set -euo pipefail

seconds="${1:-20}"
fuzz_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz_dir")"
fixtures="$root/fixtures"
targets=(canonical_roundtrip canonical_differential jsonl_line jsonl_fast_differential bundle sqlite_reader core_sqlite disclosure tst ots bitcoin_headers input_reader trust_inputs proof_files anchor_rows)

source "$root/scripts/setup.sh"
need_cargo_fuzz

# cargo-fuzz needs nightly features (sanitizers, -Z flags). Use the nightly
# toolchain where the machine has one; otherwise stable with RUSTC_BOOTSTRAP=1,
# which unlocks the same features on the stable compiler (registries only here:
# no toolchain can be downloaded).
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    toolchain=+nightly
else
    toolchain=+stable
    export RUSTC_BOOTSTRAP=1
    echo "fuzz: no nightly toolchain, using stable with RUSTC_BOOTSTRAP=1"
fi

seed() { # target, files...
    local dir="$fuzz_dir/seeds/$1"
    shift
    rm -rf "$dir" && mkdir -p "$dir"
    cp "$@" "$dir/"
}

# The recorded Python inputs, one file each, as the UTF-8 bytes Python decoded.
canonical_seeds="$fuzz_dir/seeds/canonical_differential"
rm -rf "$canonical_seeds" && mkdir -p "$canonical_seeds"
python3 - "$fixtures/canonical/vectors.jsonl" "$canonical_seeds" <<'PY'
import json, sys
for number, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    text = json.loads(line)["input"]
    with open(f"{sys.argv[2]}/vector-{number:05}", "wb") as out:
        out.write(text.encode("utf-8", "surrogatepass"))
PY
rm -rf "$fuzz_dir/seeds/canonical_roundtrip"
cp -r "$canonical_seeds" "$fuzz_dir/seeds/canonical_roundtrip"
seed jsonl_line "$fixtures"/ledgers/*.jsonl
# One fixture row per file: the fast row reader is fuzzed on mutated real rows.
row_seeds="$fuzz_dir/seeds/jsonl_fast_differential"
rm -rf "$row_seeds" && mkdir -p "$row_seeds"
cat "$fixtures"/ledgers/*.jsonl | split -l 1 -a 4 - "$row_seeds/row-"
seed bundle "$fixtures"/ledgers/*.bundle.json
seed sqlite_reader "$fixtures"/ledgers/*.sqlite
seed core_sqlite "$fixtures"/ledgers/*.sqlite
# The OpenTimestamps client's example proofs, as .ots files and as bare timestamps (the first
# byte picks the start length: 32 for sha256 proofs, 20 for sha1), and the header of block 358391.
ots_vectors="$fixtures/vectors/opentimestamps"
seed ots "$ots_vectors"/examples/*.ots "$ots_vectors"/examples/*/*.ots
python3 - "$ots_vectors/examples" "$fuzz_dir/seeds/ots" <<'PY'
import pathlib, sys
magic_and_version = 32
for path in pathlib.Path(sys.argv[1]).rglob("*.ots"):
    data = path.read_bytes()
    length = {0x02: 20, 0x03: 20, 0x08: 32, 0x67: 32}.get(data[magic_and_version])
    if length is not None:
        bare = data[magic_and_version + 1 + length:]
        pathlib.Path(sys.argv[2], "bare-" + path.name).write_bytes(bytes([length]) + bare)
PY
headers_seeds="$fuzz_dir/seeds/bitcoin_headers"
seed bitcoin_headers "$ots_vectors"/bitcoin-headers/*.hex
printf '# block 358391\n358391 %s\n' "$(cat "$ots_vectors/bitcoin-headers/358391.hex")" >"$headers_seeds/with-height.txt"
# RFC 3161 responses and bare tokens made by openssl ts (fixtures/tst/make.sh), and the root PEM.
seed tst "$fixtures"/tst/*.tsr "$fixtures"/tst/*.tst "$fixtures"/tst/*.pem
seed input_reader "$fixtures"/ledgers/signed.* "$fixtures"/ledgers/legacy_v010.*
seed trust_inputs "$fixtures"/ledgers/keys.json "$fixtures"/ledgers/witness_keys.json \
    "$root"/web/e2e/data/*.checkpoint "$root"/web/e2e/data/*.vkey
seed proof_files "$root"/web/e2e/data/*.checkpoint
# Every anchor row of the anchored fixtures (and their tampers), one JSON object a file.
anchor_seeds="$fuzz_dir/seeds/anchor_rows"
rm -rf "$anchor_seeds" && mkdir -p "$anchor_seeds"
python3 - "$fixtures/ledgers" "$anchor_seeds" <<'PY'
import json, pathlib, sys
for path in sorted(pathlib.Path(sys.argv[1]).glob("*anchor*.bundle.json")):
    for row in json.loads(path.read_text()).get("anchors", []):
        name = f"{path.name[:-len('.bundle.json')]}-{row.get('anchor_id')}.json"
        pathlib.Path(sys.argv[2], name).write_text(json.dumps(row))
PY
# Disclosure bundles made by the CLI from a Python-written ledger and the viewer's
# test checkpoint of it (when the CLI has been built, as scripts/test does first).
disclosure_seeds="$fuzz_dir/seeds/disclosure"
rm -rf "$disclosure_seeds" && mkdir -p "$disclosure_seeds"
cli="$root/target/debug/nexuscone"
if [ -x "$cli" ]; then
    for entries in 1 1,2,3 10,30,55; do
        "$cli" disclose "$fixtures/ledgers/signed.jsonl" --entries "$entries" \
            --checkpoint "$root/web/e2e/data/signed.checkpoint" \
            --out "$disclosure_seeds/entries-$entries.json" >/dev/null 2>&1 || true
    done
fi

cd "$fuzz_dir"
cargo $toolchain fuzz build
mkdir -p logs
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target" "artifacts/$target"
    log="logs/$target.log"
    crashes_before=$(find "artifacts/$target" -type f | wc -l)
    if cargo $toolchain fuzz run "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=4096 >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
    fi
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    corpus=$(find "corpus/$target" -type f | wc -l)
    crashes=$(( $(find "artifacts/$target" -type f | wc -l) - crashes_before ))
    printf '%-24s %-5s %10s execs in %ss, corpus %5d files, %d new crash files (log: fuzz/%s)\n' \
        "$target" "$result" "${runs:-?}" "$seconds" "$corpus" "$crashes" "$log"
done
exit "$status"
