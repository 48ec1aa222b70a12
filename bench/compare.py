#!/usr/bin/env python3
"""Same-run comparison: Python `verify_chain` vs `nexuscone verify` on the same files.

Run through bench/run.sh, which builds everything first. Stdlib only (runs on the
system python; the Python side is measured by bench/python_verify.py in the venv).

For each round (--rounds, default 5) and each ledger, in turn: the Python library's
`verify_chain` once (timed inside the interpreter, start-up excluded) and our
release binary once, end to end as a process (start-up, SQLite read and report
included). Interleaving the two means load from other processes hits both alike.
The best round of each counts, for wall time and (separately) for CPU time:
CPU time (all threads) is less sensitive to other load, but does not show
what the second core buys. Then the core-only bench (entries already in
memory, no SQLite) runs once with the same number of rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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
# Issue 2's figures for the Python library "on this machine" (entries/s) and its
# goals: a secondary reference only; the same-run ratios above are the measure.
ISSUE = {"unsigned 100k": (41_000, 20), "signed 10k": (4_000, 10)}


def python_seconds(path: Path, signed: bool) -> tuple[int, float, float]:
    cmd = [str(VENV_PY), str(ROOT / "bench" / "python_verify.py"), "--runs", "1", str(path)]
    if signed:
        cmd[2:2] = ["--keys", str(KEYS)]
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    return out["entries"], min(out["seconds"]), min(out["cpu_seconds"])


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def our_seconds(path: Path, signed: bool) -> tuple[float, float]:
    cmd = [str(OURS), "verify", "--json", str(path)] + (["--keys", str(KEYS)] if signed else [])
    started, cpu_started = time.perf_counter(), children_cpu()
    p = subprocess.run(cmd, capture_output=True)
    seconds, cpu_seconds = time.perf_counter() - started, children_cpu() - cpu_started
    report = json.loads(p.stdout)
    if p.returncode != 0 or report["verdict"] == "invalid":
        raise SystemExit(f"nexuscone verify {path}: exit {p.returncode}, verdict {report['verdict']}")
    return seconds, cpu_seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--binary", type=Path, help="another nexuscone build to measure (default: target/release)")
    a = ap.parse_args()
    global OURS
    OURS = a.binary or OURS
    load_at_start = os.getloadavg()[0]
    inf = float("inf")
    best: dict[str, dict] = {name: {"py": inf, "ours": inf, "py_cpu": inf, "ours_cpu": inf} for name, _, _ in LEDGERS}
    for _ in range(a.rounds):
        for name, path, signed in LEDGERS:
            b = best[name]
            b["n"], py, py_cpu = python_seconds(path, signed)
            ours, ours_cpu = our_seconds(path, signed)
            for key, value in (("py", py), ("py_cpu", py_cpu), ("ours", ours), ("ours_cpu", ours_cpu)):
                b[key] = min(b[key], value)

    core = {}
    for name, path, signed in LEDGERS:
        cmd = ["cargo", "bench", "-q", "-p", "nexuscone-cli", "--bench", "core_verify", "--",
               "--runs", str(a.rounds), str(path)] + (["--keys", str(KEYS)] if signed else [])
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT).stdout
        core[name] = json.loads(out.strip().splitlines()[-1])

    print(f"machine: {os.cpu_count()} cores, load average {load_at_start:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end; best of {a.rounds} rounds\n")
    print("| ledger | Python verify_chain (entries/s) | nexuscone verify, end to end (entries/s) | ratio "
          "| ratio of CPU time | core only, push (entries/s) | core only, push_batch (entries/s) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, _, _ in LEDGERS:
        b, c = best[name], core[name]
        py, ours = b["n"] / b["py"], b["n"] / b["ours"]
        print(f"| {name} | {py:,.0f} | {ours:,.0f} | {ours / py:.1f}x | {b['py_cpu'] / b['ours_cpu']:.1f}x "
              f"| {c['push_per_s']:,.0f} | {c['push_batch_per_s']:,.0f} |")
    print("\nSecondary, NOT same-run: end to end against the Python figures quoted in issue 2")
    for name, _, _ in LEDGERS:
        b, (quoted, goal) = best[name], ISSUE[name]
        print(f"- {name}: {b['n'] / b['ours']:,.0f} / {quoted:,} = {b['n'] / b['ours'] / quoted:.1f}x (goal {goal}x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
