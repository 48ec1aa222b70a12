"""Times the REAL nexuscone 0.2.1 `Ledger.verify_chain`: runs INSIDE its venv.

Usage: python bench/python_verify.py --runs N [--keys keys.json] LEDGER.sqlite

Prints one JSON object: {"entries": count, "seconds": [wall time of each run],
"cpu_seconds": [CPU time of each run, all threads]}. Each run
times `verify_chain` alone (the read of every row plus every check), on a ledger
already opened with `Ledger.init`; interpreter start-up, imports and opening
are not counted, which favours Python.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path

from nexuscone.chain import Ledger
from nexuscone.signing import Ed25519Verifier


async def run(path: Path, keys: dict | None, runs: int) -> dict:
    verifier = Ed25519Verifier(keys) if keys else None
    seconds, cpu_seconds = [], []
    count = 0
    async with Ledger(path) as ledger:
        for _ in range(runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            count = await ledger.verify_chain(verifier)
            seconds.append(time.perf_counter() - started)
            cpu_seconds.append(time.process_time() - cpu_started)
    return {"entries": count, "seconds": seconds, "cpu_seconds": cpu_seconds}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("ledger", type=Path)
    ap.add_argument("--keys", type=Path)
    ap.add_argument("--runs", type=int, default=3)
    a = ap.parse_args()
    keys = json.loads(a.keys.read_text()) if a.keys else None
    print(json.dumps(asyncio.run(run(a.ledger, keys, a.runs))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
