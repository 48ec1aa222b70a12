#!/usr/bin/env python3
"""Same-run comparison: Python `verify_chain` vs `nexuscone verify` on the same files.

Run through bench/run.sh, which builds everything first. Stdlib only (runs on the
system python; the Python side is measured by bench/python_verify.py in the venv).

For each round (--rounds, default 5) and each ledger, in turn: the Python library's
`verify_chain` once (timed inside the interpreter, start-up excluded) and our
release binary once, end to end as a process (start-up, SQLite read and report
included). Interleaving the two means load from other processes hits both alike.
The best round of each counts. Then the core-only bench (entries already in
memory, no SQLite) runs once with the same number of rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".cache" / "bench"
VENV_PY = ROOT / ".cache" / "venv-nexuscone-0.2.1" / "bin" / "python"
OURS = ROOT / "target" / "release" / "nexuscone"
KEYS = BENCH / "keys.json"
# name, file, signed
LEDGERS = [("unsigned 100k", BENCH / "unsigned-100k.sqlite", False),
           ("signed 10k", BENCH / "signed-10k.sqlite", True)]


def python_seconds(path: Path, signed: bool) -> tuple[int, float]:
    cmd = [str(VENV_PY), str(ROOT / "bench" / "python_verify.py"), "--runs", "1", str(path)]
    if signed:
        cmd[2:2] = ["--keys", str(KEYS)]
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return out["entries"], min(out["seconds"])


def our_seconds(path: Path, signed: bool) -> float:
    cmd = [str(OURS), "verify", "--json", str(path)] + (["--keys", str(KEYS)] if signed else [])
    started = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True)
    seconds = time.perf_counter() - started
    report = json.loads(p.stdout)
    if p.returncode != 0 or report["verdict"] == "invalid":
        raise SystemExit(f"nexuscone verify {path}: exit {p.returncode}, verdict {report['verdict']}")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    best: dict[str, dict] = {name: {"py": float("inf"), "ours": float("inf")} for name, _, _ in LEDGERS}
    for _ in range(a.rounds):
        for name, path, signed in LEDGERS:
            n, py = python_seconds(path, signed)
            best[name]["n"] = n
            best[name]["py"] = min(best[name]["py"], py)
            best[name]["ours"] = min(best[name]["ours"], our_seconds(path, signed))

    core = {}
    for name, path, signed in LEDGERS:
        cmd = ["cargo", "bench", "-q", "-p", "nexuscone-cli", "--bench", "core_verify", "--",
               "--runs", str(a.rounds), str(path)] + (["--keys", str(KEYS)] if signed else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        core[name] = json.loads(out.strip().splitlines()[-1])

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end; "
          f"best of {a.rounds} rounds\n")
    print("| ledger | Python verify_chain (entries/s) | nexuscone verify, end to end (entries/s) | ratio "
          "| core only, push (entries/s) | core only, push_batch (entries/s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, _, _ in LEDGERS:
        b, c = best[name], core[name]
        py, ours = b["n"] / b["py"], b["n"] / b["ours"]
        print(f"| {name} | {py:,.0f} | {ours:,.0f} | {ours / py:.1f}x "
              f"| {c['push_per_s']:,.0f} | {c['push_batch_per_s']:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
