"""`make bench`: throughput of the event index on 100,000 events.

Populates a fresh suite with 100,000 ``OrgAdmitted`` events (batch admissions of 5,000
organisations per transaction, four transactions per block: the registry's batch
operation is the quickest way to many real events), then measures, in the same run:

- ``events_sync_per_s``: the initial sync (fetch, decode, store) in events per second;
- ``events_resync_noop_s``: opening the index again and syncing with nothing new;
- ``events_naive_per_s``: the baseline without an index: web3's ``get_logs`` and
  decoding, event type by event type, over the same blocks.

Then the index at scale (``bench/events_scale.py``): 100,000 and 1,000,000 events of the
suite's event mix, sync throughput and peak memory, every view, size on disk (a few
minutes). The figures are merged into ``bench/results/tooling.json`` (other keys are kept).

It runs on an Anvil of its own (paris, zero base fee, like Brownie's development
network) on a free port, stopped at the end: Brownie's development network runs Anvil
with ``--steps-tracing`` (for coverage), which records every EVM step of every
transaction in memory — gigabytes for the 7 billion gas of 100,000 admissions.
Run it with ``brownie run scripts/bench_events.py`` or ``python -m bench.tooling_events``.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eth_utils import function_abi_to_4byte_selector
from rich.console import Console
from web3 import Web3

from bench import events_scale
from valuechain import deploy
from valuechain.contract_types import Role
from valuechain.errors import ChainError
from valuechain.events import EventIndex, Store
from valuechain.manifest import Manifest
from valuechain.network import connect
from valuechain.tx import Sender

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "tooling.json"
EVENTS = 100_000
BATCH = 5_000  # admissions per transaction: ~358M gas, a request body of ~1.3 MB
PER_BLOCK = 4  # transactions per block
NAIVE_SAMPLE = 20_000  # the baseline decodes the blocks holding the first 20,000 events
GAS_PER_ADMISSION = 75_000
ROLE_SUPPLIER = int(Role.SUPPLIER)


def populate(w3: Web3, manifest: Manifest, onboarder: str, count: int = EVENTS, batch: int = BATCH, per_block: int = PER_BLOCK) -> float:
    """Admit ``count`` organisations in batches; returns the seconds it took.

    Transactions go out with ``eth_sendTransaction`` without waiting, ``per_block`` of
    them mined into one block at a time (Anvil's cost is mostly per block: it
    recomputes the registry's growing storage root), with the block gas limit raised
    for it; receipts are checked at the end, and the chain's settings restored."""
    registry = manifest.contracts["ConsortiumRegistry"]
    abi = next(item for item in registry.abi if item.get("name") == "admitBatch")
    selector = "0x" + function_abi_to_4byte_selector(abi).hex()
    started = time.perf_counter()
    transactions = ({"from": onboarder, "to": registry.address, "data": selector + admissions_calldata(first, size),
                     "gas": hex(size * GAS_PER_ADMISSION)}
                    for first in range(0, count, batch) for size in [min(batch, count - first)])
    events_scale.send_in_blocks(w3, transactions, per_block, batch * GAS_PER_ADMISSION * per_block + 1,
                                "batch admissions")
    return time.perf_counter() - started


def admissions_calldata(first: int, size: int) -> str:
    """ABI encoding (hex) of ``Admission[]`` for suppliers ``first..first+size-1``.

    The tuple is static (bytes16, uint8, bytes32, address), so the array is its offset,
    its length and four words per entry; written out directly it takes a tenth of
    eth_abi's time (checked against eth_abi in tests/tooling/test_events_bench.py)."""
    words = ["0" * 62 + "20", f"{size:064x}"]
    role = f"{ROLE_SUPPLIER:064x}"
    profile = "11" * 32
    words.extend(f"BPNL{i:012d}".encode().hex().ljust(64, "0") + role + profile + f"{0x10000 + i:064x}"
                 for i in range(first, first + size))
    return "".join(words)


def naive(w3: Web3, manifest: Manifest, to_block: int) -> tuple[int, float]:
    """Fetch and decode every event of the suite up to ``to_block`` with web3 alone,
    event type by event type: (events, seconds)."""
    started = time.perf_counter()
    found = 0
    for deployed in manifest.contracts.values():
        contract = deployed.contract(w3)
        for event in contract.events:
            found += len(event.get_logs(from_block=manifest.start_block, to_block=to_block))
    return found, time.perf_counter() - started


def measure(w3: Web3, accounts: list[str], events: int = EVENTS, batch: int = BATCH, console: Console | None = None) -> dict[str, Any]:
    """Populate ``events`` admissions and measure; returns the figures to record."""
    say = (console or Console()).print
    with tempfile.TemporaryDirectory(prefix="bench-events-") as folder:
        work = Path(folder)
        council, onboarder = Sender(w3, accounts[0]), Sender(w3, accounts[1])
        manifest = deploy.deploy_suite(council, onboarders=[onboarder.address], directory=work, force=True)
        say(f"populating {events:,} events ...")
        populate_s = populate(w3, manifest, onboarder.address, events, batch)
        head = w3.eth.block_number
        say(f"  {populate_s:.1f} s up to block {head}")

        index = EventIndex(manifest, w3, work / "events.sqlite")
        first = index.sync()
        index.close()
        if first.events < events:
            raise RuntimeError(f"the initial sync stored {first.events:,} events, expected at least {events:,}")
        say(f"initial sync: {first.events:,} events in {first.seconds:.2f} s, {first.requests} eth_getLogs")

        started = time.perf_counter()
        again = EventIndex(manifest, w3, work / "events.sqlite")
        noop = again.sync()
        noop_s = time.perf_counter() - started
        again.close()
        if noop.events:
            raise RuntimeError(f"the second sync found {noop.events} new events on an idle chain")
        say(f"sync with nothing new: {noop_s * 1000:.0f} ms")

        # web3 decodes about a thousand events a second: the first blocks are sample enough
        with Store(work / "events.sqlite", readonly=True) as store:
            row = store.db.execute("SELECT block FROM events ORDER BY block, log_index LIMIT 1 OFFSET ?", (NAIVE_SAMPLE - 1,)).fetchone()
            sample_end = row[0] if row else head
            indexed = store.db.execute("SELECT COUNT(*) FROM events WHERE block <= ?", (sample_end,)).fetchone()[0]
        naive_events, naive_s = naive(w3, manifest, sample_end)
        if naive_events != indexed:
            raise RuntimeError(f"web3 found {naive_events:,} events up to block {sample_end} where the index holds {indexed:,}")
        say(f"web3 get_logs + decode per event type: {naive_events:,} events (blocks up to {sample_end}) in {naive_s:.2f} s")
    return {
        "events_sync_per_s": round(first.events / first.seconds),
        "events_resync_noop_s": round(noop_s, 4),
        "events_naive_per_s": round(naive_events / naive_s),
        "events_bench_events": first.events,
        "events_naive_sample": naive_events,
        "events_populate_s": round(populate_s, 1),
    }


def record(results: dict[str, Any], path: Path = RESULTS) -> dict[str, Any]:
    """Merge ``results`` into the JSON object at ``path``, keeping every other key."""
    current: dict[str, Any] = {}
    if path.exists():
        current = json.loads(path.read_text())
        if not isinstance(current, dict):
            raise ValueError(f"{path} does not hold a JSON object; refusing to overwrite it")
    current.update(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(current, indent=2) + "\n")
    tmp.replace(path)
    return current


@contextmanager
def private_anvil() -> Iterator[Web3]:
    """A fresh Anvil (paris, zero base fee, no step tracing) on a free local port."""
    binary = shutil.which("anvil") or str(ROOT / ".tools" / "bin" / "anvil")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [binary, "--port", str(port), "--hardfork", "paris", "--gas-limit", "30000000", "--base-fee", "0", "--accounts", "10", "--silent"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                yield_w3 = connect(f"http://127.0.0.1:{port}", 31337, timeout=600)
                break
            except ChainError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"could not start {' '.join(command)}") from None
                time.sleep(0.2)
        yield yield_w3
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


GOALS: dict[str, tuple[str, float]] = {
    "events_sync_per_s": (">=", 10_000),
    "events_resync_noop_s": ("<=", 0.5),
    # issue 15, "Scale, measured" (bench/events_scale.py)
    "events_sync_1m_per_s": (">=", 20_000),
    "views_1m_s": ("<=", 2),
}


def run(w3: Web3 | None = None, accounts: list[str] | None = None, scale: tuple[int, ...] = events_scale.SIZES) -> dict[str, Any]:
    """Measure on ``w3`` (default: a private Anvil), then the index at scale (each of
    ``scale``'s sizes on a private Anvil of its own), print and record the figures."""
    console = Console()
    if w3 is None:
        with private_anvil() as own:
            return run(own, own.eth.accounts, scale)
    results = measure(w3, accounts or w3.eth.accounts, console=console)
    record(results)
    if scale:
        with private_anvil() as own:
            results.update(events_scale.run(own, str(own.provider.endpoint_uri), own.eth.accounts[0], scale, console))
        record(results)
    goals = GOALS
    for key, value in results.items():
        goal = goals.get(key)
        verdict = ""
        if goal:
            ok = value >= goal[1] if goal[0] == ">=" else value <= goal[1]
            verdict = f"  (goal {goal[0]} {goal[1]:,}: {'ok' if ok else 'MISSED'})"
        console.print(f"{key:>36}: {value:,}{verdict}" if not isinstance(value, str) else f"{key:>36}: {value}")
    console.print(f"written {RESULTS.relative_to(ROOT)}")
    return results


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    run()
