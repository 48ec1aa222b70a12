"""Benchmark ledgers, written by the REAL nexuscone 0.2.1: runs INSIDE its venv.

Usage (bench/run.sh does this for you):

    .cache/venv-nexuscone-0.2.1/bin/python bench/make_ledgers.py --out .cache/bench

Writes, unless already present and complete:

    unsigned-100k.sqlite  100,000 unsigned v2 entries
    signed-10k.sqlite      10,000 entries, all signed, alternately key-a / key-b
    keys.json              {"key-a": hex, "key-b": hex} for `nexuscone verify --keys`

Payloads are realistic LLM-audit records of about 300 bytes of canonical JSON
(model, token counts, latency, cost, tags, a short prompt excerpt, some of it
non-ASCII), drawn from a fixed-seed RNG; timestamps are the library's own.

How the rows are written. `Ledger.log` commits once per row, which makes
100,000 rows take minutes. So the first `--via-log` rows (default 500) go
through `Ledger.log` itself, and the rest are computed with the library's own
`canonical_json`, `_compute_entry_hash`, `_utc_now_iso` and `Ed25519Signer`,
exactly as `Ledger.log` computes them, and inserted in one transaction with the
same INSERT statement. Before a file is moved into place, the library's
`verify_chain` (with `Ed25519Verifier` for the signed ledger) must accept it
and count every row; otherwise the script fails.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

import nexuscone
from nexuscone.canonical import canonical_json
from nexuscone.chain import (
    CURRENT_FORMAT_VERSION,
    Ledger,
    _compute_entry_hash,
    _utc_now_iso,
)
from nexuscone.signing import Ed25519Signer, Ed25519Verifier

assert nexuscone.__version__ == "0.2.1", nexuscone.__version__

KEY_IDS = ("key-a", "key-b")
LEDGERS = {
    # name: (entries, signed)
    "unsigned-100k": (100_000, False),
    "signed-10k": (10_000, True),
}

MODELS = ["gpt-4o-2024-08-06", "claude-3-5-sonnet", "local-llama-3-70b", "m\u00fcller-7b-instruct"]
ACTORS = ["alice@example.com", "svc:billing", "agent-7", "ci-bot", "operator/\u674e", "Zo\u00eb"]
ACTIONS = ["llm.call", "tool.invoke", "prompt.update", "policy.check", "guardrail.eval"]
EVENT_TYPES = ["request"] * 8 + ["cost_anomaly", "schema_drift"]
WORDS = ("the quick brown fox jumps over lazy dog summarise invoice refund policy "
         "customer ticket r\u00e9sum\u00e9 na\u00efve \u65e5\u672c\u8a9e").split()


def signers() -> dict[str, Ed25519Signer]:
    return {
        k: Ed25519Signer.from_seed(k, hashlib.sha256(f"nexuscone-bench/v1/{k}".encode()).hexdigest())
        for k in KEY_IDS
    }


def row_content(rng: random.Random) -> dict:
    prompt = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
    return dict(
        actor=rng.choice(ACTORS),
        action=rng.choice(ACTIONS),
        event_type=rng.choice(EVENT_TYPES),
        payload={
            "model": rng.choice(MODELS),
            "prompt_id": f"pr_{rng.getrandbits(48):012x}",
            "prompt_excerpt": prompt,
            "tokens": {"input": rng.randint(10, 8000), "output": rng.randint(1, 2000)},
            "latency_ms": rng.randint(80, 9000),
            "cost_usd": round(rng.uniform(0.0001, 0.5), 6),
            "temperature": rng.choice([0.0, 0.2, 0.7, 1.0]),
            "ok": rng.random() > 0.03,
            "tags": rng.sample(["prod", "eu", "pii-redacted", "batch", "tool-use", "retry"], 2),
            "session": f"s-{rng.randint(1, 10**9)}",
        },
    )


async def write(path: Path, n: int, signed: bool, via_log: int, seed: str) -> None:
    rng = random.Random(seed)
    keys = signers()

    def signer_for(i: int):
        return keys[KEY_IDS[i % 2]] if signed else None

    # Through Ledger.log (which also creates the schema); then, continuing from the
    # ledger's last entry (so that a ledger can be written in several calls), in bulk.
    async with Ledger(path) as ledger:
        for i in range(min(n, via_log)):
            await ledger.log(signer=signer_for(i), **row_content(rng))

    con = sqlite3.connect(path)
    last = con.execute("SELECT entry_id, entry_hash FROM entries ORDER BY entry_id DESC LIMIT 1").fetchone()
    first, previous = last if last else (0, "0" * 64)
    rows = []
    for i in range(first, n):
        c = row_content(rng)
        entry_id = i + 1
        timestamp = _utc_now_iso()
        payload = canonical_json(c["payload"])
        entry_hash = _compute_entry_hash(
            entry_id=entry_id, timestamp=timestamp, actor=c["actor"], action=c["action"],
            payload_canonical=payload, previous_hash=previous, event_type=c["event_type"],
            format_version=CURRENT_FORMAT_VERSION,
        )
        signer = signer_for(i)
        signature = signer.sign(entry_hash.encode("utf-8")).hex() if signer else None
        rows.append((entry_id, timestamp, c["actor"], c["action"], c["event_type"], CURRENT_FORMAT_VERSION,
                     payload, previous, entry_hash, signature, signer.key_id if signer else None))
        previous = entry_hash
    with con:
        con.executemany(
            "INSERT INTO entries ("
            "entry_id, timestamp, actor, action, event_type, format_version, "
            "payload, previous_hash, entry_hash, signature, signing_key_id"
            ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    con.close()


async def check(path: Path, n: int, signed: bool) -> None:
    verifier = Ed25519Verifier({k: s.public_key_hex for k, s in signers().items()}) if signed else None
    async with Ledger(path) as ledger:
        count = await ledger.verify_chain(verifier)
    if count != n:
        raise SystemExit(f"{path}: verify_chain counted {count} entries, expected {n}")


def complete(path: Path, n: int) -> bool:
    if not path.exists():
        return False
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM entries").fetchone()[0] == n
    except sqlite3.Error:
        return False
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--via-log", type=int, default=500, help="rows written through Ledger.log")
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    keys_path = a.out / "keys.json"
    keys_path.write_text(json.dumps({k: s.public_key_hex for k, s in signers().items()}, sort_keys=True) + "\n")
    for name, (n, signed) in LEDGERS.items():
        path = a.out / f"{name}.sqlite"
        if complete(path, n):
            print(f"[make_ledgers] {path}: present", file=sys.stderr)
            continue
        partial = path.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        started = time.monotonic()
        asyncio.run(write(partial, n, signed, a.via_log, f"nexuscone-bench/v1/{name}"))
        asyncio.run(check(partial, n, signed))
        partial.replace(path)
        print(f"[make_ledgers] {path}: {n} entries written and accepted by verify_chain "
              f"in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
