"""The anchors benchmark's ledger, written by the REAL nexuscone 0.2.1: runs INSIDE its venv.

Usage (bench/anchors.sh does this for you):

    .cache/venv-nexuscone-0.2.1/bin/python bench/make_anchored.py --out .cache/bench

Writes, unless already present and complete:

    anchored-100k.sqlite           100,000 unsigned v2 entries and 100 anchors, one
                                   after every 1,000 entries, each with both tracks
    anchored-100k.bitcoin-headers  the mined headers the OpenTimestamps proofs reach
    anchored-100k.tsa-roots.pem    the test TSA roots that issued the TSA certificates
    anchored-100k.bundle.json      the same ledger as a bundle (the npm benchmark's input)

The entries are written as bench/make_ledgers.py writes them (its rows, its bulk
INSERT). The anchors are the fixtures' (fixtures/anchored.py): `Ledger.anchor()`
unmodified, its transports answered by fixtures/anchor_transports.py — OpenTimestamps
calendars that aggregate, stamp into blocks mined here at regtest difficulty and
answer the poller, whose `upgrade_pending_anchors()` confirms every proof; RFC 3161
tokens signed by `openssl ts -reply` (RSA and EC P-256 TSAs, alternately). Before the
files are moved into place, the library's `verify_chain` must count every entry and
every anchor must be confirmed with a Bitcoin attestation and a TST.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))
sys.path.insert(0, str(ROOT / "bench"))

import generate  # fixtures/generate.py: the bundle export  # noqa: E402
import make_ledgers  # bench/make_ledgers.py: the rows  # noqa: E402
from anchor_transports import CALENDAR_A, CALENDAR_B, TSA_EC, TSA_RSA, network  # noqa: E402
from nexuscone.anchor_schedule import AnchorSchedule  # noqa: E402
from nexuscone.chain import Ledger  # noqa: E402
from nexuscone.poller import upgrade_pending_anchors  # noqa: E402

NAME = "anchored-100k"
ENTRIES, ANCHORS = 100_000, 100
# Calendars stamp (a block is mined) after every STAMP_EVERY anchors, as a real
# calendar batches many submissions into one Bitcoin transaction.
STAMP_EVERY = 10


async def anchor(path: Path, number: int) -> None:
    calendars = [CALENDAR_A, CALENDAR_B] if number % 3 == 0 else [(CALENDAR_A, CALENDAR_B)[number % 2]]
    schedule = AnchorSchedule(enabled=True, calendar_servers=calendars,
                              tsa_urls=[(TSA_RSA, TSA_EC)[number % 2]])
    async with Ledger(path) as ledger:
        rec = await ledger.anchor(schedule)
    assert rec.ots_proof_blob is not None and rec.tst_blob is not None, rec


async def confirm(path: Path) -> None:
    async with Ledger(path) as ledger:
        counters = await upgrade_pending_anchors(ledger, max_age_minutes=None)
    assert counters["failed"] == 0 and counters["still_pending"] == 0, counters


async def write(path: Path, workdir: Path, entries: int, anchors: int) -> dict:
    rng = random.Random(f"nexuscone-bench/v1/{NAME}")
    net = network(workdir, rng)
    per_anchor = entries // anchors
    with net.installed():
        for number in range(1, anchors + 1):
            await make_ledgers.write(path, number * per_anchor, False, 0, f"{NAME}/{number}")
            await anchor(path, number)
            if number % STAMP_EVERY == 0 or number == anchors:
                for calendar in net.calendars.values():
                    if calendar.journal:
                        calendar.stamp(net.chain)
                await confirm(path)
    return {"headers": net.chain.headers, "roots": net.tsa.pki.roots_pem()}


async def check(path: Path, entries: int, anchors: int) -> None:
    async with Ledger(path) as ledger:
        count = await ledger.verify_chain()
    if count != entries:
        raise SystemExit(f"{path}: verify_chain counted {count} entries, expected {entries}")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    confirmed = con.execute("SELECT count(*) FROM anchors WHERE bitcoin_block_height IS NOT NULL "
                            "AND tst_blob IS NOT NULL").fetchone()[0]
    con.close()
    if confirmed != anchors:
        raise SystemExit(f"{path}: {confirmed} of {anchors} anchors confirmed with both tracks")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--entries", type=int, default=ENTRIES)
    ap.add_argument("--anchors", type=int, default=ANCHORS)
    a = ap.parse_args()
    a.out.mkdir(parents=True, exist_ok=True)
    name = NAME if (a.entries, a.anchors) == (ENTRIES, ANCHORS) else f"anchored-{a.entries}-{a.anchors}"
    path = a.out / f"{name}.sqlite"
    if make_ledgers.complete(path, a.entries):
        print(f"[make_anchored] {path}: present", file=sys.stderr)
        return 0
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as workdir:
        made = asyncio.run(write(partial, Path(workdir), a.entries, a.anchors))
    asyncio.run(check(partial, a.entries, a.anchors))
    headers = "".join(f"{h} {made['headers'][h].hex()}\n" for h in sorted(made["headers"]))
    (a.out / f"{name}.bitcoin-headers").write_text(headers, encoding="ascii", newline="\n")
    (a.out / f"{name}.tsa-roots.pem").write_text(made["roots"], encoding="ascii", newline="\n")
    generate.export(partial, {})  # NAME.jsonl and NAME.bundle.json (partial's stem is NAME)
    partial.replace(path)
    print(f"[make_anchored] {path}: {a.entries} entries and {a.anchors} anchors written and "
          f"accepted by verify_chain in {time.monotonic() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
