"""`make bench`: the event index at a million events (issue 15, "Scale, measured").

The chain is populated by ``LogEmitter`` (contracts/bench/LogEmitter.sol), deployed once
per suite contract and indexed with that contract's ABI from the build: it emits the
suite's own events (same signatures, same encoding) from templates, thousands per
transaction, so a million events take a minute instead of the hours the suite's business
transactions would. The mix is a consortium's (see ``MIX``): supply orders through their
life (placed, confirmed, in production, two assessments, shipped, received, closed),
capacity signals, licences and access receipts, IP, members and a few disruptions, with
suppliers, scores, due days and weeks varying, so every view and the scorecard have
real work to do.

Measured, per size (100,000 and 1,000,000 events):
- the initial sync in a process of its own (``python -m bench.events_scale sync``): events
  per second and the process's peak RSS (``ru_maxrss``), with the RSS it had before the
  sync started; a sync that streams in bounded chunks has the same peak at both sizes;
- the index's size on disk (the SQLite file after a checkpoint), per million events;
- every view and the scorecard on the synced index (``views_1m_s``: the slowest, each
  view's best of three calls; ``views_1m_first_call_s``: the slowest first call).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import eth_abi
from eth_utils import event_abi_to_log_topic, function_abi_to_4byte_selector
from rich.console import Console
from web3 import Web3

from valuechain import artifacts
from valuechain import manifest as manifests
from valuechain.manifest import Deployed, Manifest

ROOT = Path(__file__).resolve().parent.parent
PER_TX = 5_000  # events per transaction (about 20M gas)
PER_BLOCK = 2  # transactions per block
GAS_PER_TX = 2_000_000  # and per transaction: the calldata of the templates (the choices), copied to memory
GAS_PER_EVENT = 10_000  # the gas a transaction is sent with, per event (measured: 3,800 to 7,700)
SUITE = ("ConsortiumRegistry", "IPRegistry", "DataLicensing", "SupplyOrders", "SupplySignals")
ORDER_LIFE = ("OrderPlaced", "OrderConfirmed", "ProductionStarted", "QualityAssessed", "QualityAssessed",
              "OrderShipped", "ShipmentReceived", "OrderClosed")  # fmt: skip
# events per million of each kind (the rest of a million are access receipts)
MIX = {
    "OrgAdmitted": 520,
    "AssetRegistered": 5_000,
    "LicenceGranted": 10_000,
    "CapacitySignalled": 150_000,
    "DisruptionSignalled": 1_000,
    "orders": 68_000,  # x8 events
}
OEMS, SUPPLIERS = 20, 500
DAY = 86_400


def bpnl(kind: str, number: int) -> bytes:
    return f"BPNL{kind}{number:011d}".encode()[:16]


@dataclass
class Template:
    """One event to emit many times: the ABI values, and which words vary."""

    abi: dict[str, Any]
    values: dict[str, Any]
    counters: dict[str, int] = field(default_factory=dict)  # argument -> step per copy
    choices: dict[str, Sequence[Any]] = field(default_factory=dict)  # argument -> values cycled through

    def encode(self) -> tuple[list[bytes], bytes, list[tuple[int, int, list[bytes]]]]:
        """(topics, data, patches) as LogEmitter.emitMany takes them."""
        topics = [event_abi_to_log_topic(self.abi)]  # type: ignore[arg-type]
        data_types, data_values, word_of = [], [], {}
        for item in self.abi["inputs"]:
            name, type_ = item["name"], item["type"]
            value = self.values.get(name, _zero(type_))
            if item["indexed"]:
                word_of[name] = len(topics)
                topics.append(eth_abi.encode([type_], [value]))
            else:
                word_of[name] = 4 + len(data_types)
                data_types.append(type_)
                data_values.append(value)
        types = {i["name"]: i["type"] for i in self.abi["inputs"]}
        patches = [(word_of[n], step, []) for n, step in self.counters.items() if n in word_of]
        patches += [(word_of[n], 0, [eth_abi.encode([types[n]], [v]) for v in vs]) for n, vs in self.choices.items() if n in word_of]
        return topics, eth_abi.encode(data_types, data_values), patches


def _zero(type_: str) -> Any:
    if type_ == "address":
        return "0x" + "00" * 20
    if type_ == "bool":
        return False
    if type_.startswith("bytes"):
        return b""
    return 0


@dataclass
class Batch:
    """Templates emitted together, ``count`` copies each, numbered from ``first``."""

    contract: str
    templates: list[Template]
    first: int
    count: int

    @property
    def events(self) -> int:
        return len(self.templates) * self.count


def scenario(events: int, now: int, per_tx: int = PER_TX) -> list[Batch]:
    """The batches of a chain of about ``events`` events (exactly, when ``events`` is a
    multiple of 1,000), ``now`` being about the time of its blocks; ``per_tx`` events
    to a transaction."""
    scale = events / 1_000_000
    abis = {name: {i["name"]: i for i in artifacts.load(name)["abi"] if i.get("type") == "event"} for name in SUITE}
    oems = [bpnl("O", i) for i in range(OEMS)]
    suppliers = [bpnl("S", i) for i in range(SUPPLIERS)]
    today = now // DAY
    batches: list[Batch] = []

    def add(contract: str, names: Sequence[str], total: int, build: Callable[[dict[str, Any]], list[Template]]) -> None:
        if total <= 0:
            return
        templates = build(abis[contract])
        copies = max(1, per_tx // len(templates))
        batches.extend(Batch(contract, templates, first, min(copies, total - first)) for first in range(0, total, copies))
        assert [t.abi["name"] for t in templates] == list(names)

    orgs = max(1, round(MIX["OrgAdmitted"] * scale))
    add("ConsortiumRegistry", ["OrgAdmitted"], orgs, lambda a: [Template(
        a["OrgAdmitted"], {"roles": 2, "profileHash": b"\x11" * 32, "operator": "0x" + "00" * 19 + "01"},
        counters={"operator": 1}, choices={"org": suppliers[:orgs] + oems})])
    assets = max(1, round(MIX["AssetRegistered"] * scale))
    asset0 = int.from_bytes(b"ASSET".ljust(32, b"\0"))
    add("IPRegistry", ["AssetRegistered"], assets, lambda a: [Template(
        a["AssetRegistered"], {"asset": asset0.to_bytes(32), "kind": 1, "metadataHash": b"\x22" * 32},
        counters={"asset": 1}, choices={"owner": oems})])
    licences = max(1, round(MIX["LicenceGranted"] * scale))
    licence0 = int.from_bytes(b"LICENCE".ljust(32, b"\0"))
    add("DataLicensing", ["LicenceGranted"], licences, lambda a: [Template(
        a["LicenceGranted"], {"licence": licence0.to_bytes(32), "purposes": 3, "start": now - 30 * DAY, "end": now + 300 * DAY},
        counters={"licence": 1}, choices={"asset": [(asset0 + i).to_bytes(32) for i in range(min(assets, 97))],
                                          "licensor": oems, "licensee": suppliers})])
    signals = round(MIX["CapacitySignalled"] * scale)
    weeks = [2026_00 + w for w in range(1, 53)]
    add("SupplySignals", ["CapacitySignalled"], signals, lambda a: [Template(
        a["CapacitySignalled"], {"signalId": b"SIG".ljust(16, b"\0"), "material": b"STEEL".ljust(32, b"\0"),
                                 "maximumCapacity": 12_000, "contentHash": b"\x33" * 32},
        counters={"signalId": 1 << 128}, choices={"oem": oems, "recipient": suppliers, "week": weeks,
                                                   "actualCapacity": [9_000, 10_000, 11_000], "demand": [8_000, 10_500, 12_500, 9_700]})])
    disruptions = round(MIX["DisruptionSignalled"] * scale)
    add("SupplySignals", ["DisruptionSignalled"], disruptions, lambda a: [Template(
        a["DisruptionSignalled"], {"notificationId": b"DIS".ljust(16, b"\0"), "cause": 1, "effect": 1, "status": 1,
                                   "start": now - 5 * DAY, "expectedEnd": now + 5 * DAY, "contentHash": b"\x44" * 32},
        counters={"notificationId": 1 << 128}, choices={"oem": oems, "recipient": suppliers})])
    orders = round(MIX["orders"] * scale)

    def order_life(a: dict[str, Any]) -> list[Template]:
        party = {"orderId": 1}  # order n has the id n + 1 (the contract's ids start at 1)
        who = {"oem": oems, "supplier": suppliers}
        doc = {"documentHash": b"\x55" * 32, "orderId": 1}
        return [
            Template(a["OrderPlaced"], {"partNumber": b"PART-1".ljust(32, b"\0"), "quantity": 1_000, "unit": b"PCE",
                                        "minScore": 9_000, **doc}, party, {**who, "dueDay": [today - 2, today, today + 3]}),
            Template(a["OrderConfirmed"], doc, party, who),
            Template(a["ProductionStarted"], doc, party, who),
            Template(a["QualityAssessed"], {"sampleSize": 50, "state": 2, "reportHash": b"\x66" * 32, "orderId": 1}, party,
                     {**who, "score": [9_800, 9_400, 8_700, 9_950, 9_100], "defects": [0, 1, 3]}),
            Template(a["QualityAssessed"], {"sampleSize": 200, "isFinal": True, "state": 4, "reportHash": b"\x77" * 32, "orderId": 1}, party,
                     {**who, "score": [9_700, 9_500, 8_900, 9_990, 9_200, 9_050, 8_600], "defects": [0, 2, 5]}),
            Template(a["OrderShipped"], {"quantity": 1_000, "shipmentHash": b"\x88" * 32, "orderId": 1}, party, who),
            Template(a["ShipmentReceived"], doc, party, {**who, "receivedQuantity": [1_000, 1_000, 990, 1_000], "shortfall": [0, 0, 10, 0]}),
            Template(a["OrderClosed"], doc, party, who),
        ]

    add("SupplyOrders", ORDER_LIFE, orders, order_life)
    accesses = events - sum(b.events for b in batches)
    add("DataLicensing", ["AccessRecorded"], accesses, lambda a: [Template(
        a["AccessRecorded"], {"purpose": 1, "accessHash": b"\x99" * 32},
        choices={"licence": [(licence0 + i).to_bytes(32) for i in range(min(licences, 101))],
                 "asset": [(asset0 + i).to_bytes(32) for i in range(min(assets, 97))], "licensee": suppliers, "recorder": suppliers})])
    return batches


def raw_logs(batches: Sequence[Batch], manifest: Manifest, per_block: int = PER_BLOCK, start_block: int = 1,
             start_time: int = 1_764_000_000) -> Iterator[dict[str, Any]]:
    """The logs LogEmitter emits for ``batches``, as ``eth_getLogs`` returns them (hex
    strings), without a chain: ``per_block`` batches to a block, a block every 12 s.
    The same events a populated chain holds, for tests of the views and the store."""
    log_index, block = 0, start_block
    for number, batch in enumerate(batches):
        if number and number % per_block == 0:
            block, log_index = block + 1, 0
        address = manifest.contracts[batch.contract].address.lower()
        tx = "0x" + f"{number + 1:064x}"
        for topics, data, patches in (t.encode() for t in batch.templates):
            words = [bytearray(t) for t in topics] + [bytearray(data[i:i + 32]) for i in range(0, len(data), 32)]
            at = [word if word < 4 else len(topics) + word - 4 for word, _, _ in patches]
            bases = [int.from_bytes(words[i]) for i in at]
            for n in range(batch.first, batch.first + batch.count):
                for i, (_, step, choices), base in zip(at, patches, bases, strict=True):
                    words[i][:] = choices[n % len(choices)] if choices else (base + n * step).to_bytes(32)
                yield {
                    "address": address, "topics": ["0x" + bytes(w).hex() for w in words[:len(topics)]],
                    "data": "0x" + b"".join(words[len(topics):]).hex(), "blockNumber": hex(block),
                    "blockHash": "0x" + f"{block:064x}", "blockTimestamp": hex(start_time + 12 * block),
                    "transactionHash": tx, "transactionIndex": hex(number % per_block), "logIndex": hex(log_index),
                    "removed": False,
                }
                log_index += 1


def fake_manifest(chain_id: int = 31337) -> Manifest:
    """A manifest of the suite's contracts (ABIs from the build) at made-up addresses."""
    contracts = {name: Deployed(name, "0x" + f"{0xE0 + k:040x}", "0x" + "00" * 32, 1, artifacts.load(name)["abi"])
                 for k, name in enumerate(SUITE)}
    return Manifest(chain_id=chain_id, deployer="0x" + "00" * 20, commit="bench", compiler={}, contracts=contracts)


def synthetic_index(path: Path, events: int, manifest: Manifest, chunk: int = 20_000) -> Path:
    """An event index at ``path`` holding the scenario of ``events`` events as a sync
    would store it (decoded and appended in chunks), built without a chain."""
    from itertools import islice

    from valuechain.events import Store, views
    from valuechain.events.decode import Decoder
    from valuechain.events.sync import fingerprint

    decoder = Decoder({n: (c.address, c.abi) for n, c in manifest.contracts.items()})
    logs = raw_logs(scenario(events, 1_764_000_000), manifest)
    with Store(path) as store:
        store.reset(manifest.chain_id, fingerprint(manifest), 1, "0x" + "00" * 32, 1)
        store.drop_indexes()
        while part := list(islice(logs, chunk)):
            last = int(part[-1]["blockNumber"], 16)
            rows = decoder.rows(part)
            store.append(rows, last, int(part[-1]["blockTimestamp"], 16), [], 0, 1)
            views.refresh_orders(store, appended=rows)
            views.refresh_accesses(store)
        store.create_indexes()
    return path


# ---------------------------------------------------------------- populating


def deploy_emitters(w3: Web3, sender: str) -> Manifest:
    """A LogEmitter per suite contract, in a manifest naming them as the suite's
    contracts with the suite's ABIs (from the build)."""
    code = artifacts.load("LogEmitter")["bytecode"]
    rpc = w3.provider.make_request
    hashes = [_ok(rpc("eth_sendTransaction", [{"from": sender, "data": "0x" + code.removeprefix("0x"), "gas": hex(2_000_000)}]))
              for _ in SUITE]
    contracts = {}
    for name, tx in zip(SUITE, hashes, strict=True):
        receipt = _receipt(w3, tx)
        contracts[name] = Deployed(name, Web3.to_checksum_address(receipt["contractAddress"]), tx,
                                   int(receipt["blockNumber"], 16), artifacts.load(name)["abi"])
    return Manifest(chain_id=w3.eth.chain_id, deployer=sender, commit="bench", compiler={}, contracts=contracts)


def populate(w3: Web3, manifest: Manifest, sender: str, batches: Sequence[Batch], per_block: int = PER_BLOCK) -> float:
    """Send every batch (``per_block`` transactions to a block, automine off); seconds taken."""
    emitter_abi = next(i for i in artifacts.load("LogEmitter")["abi"] if i.get("name") == "emitMany")
    selector = function_abi_to_4byte_selector(emitter_abi)
    types = [_type(i) for i in emitter_abi["inputs"]]
    gas = max(b.events for b in batches) * GAS_PER_EVENT + GAS_PER_TX
    started = time.perf_counter()
    encoded: dict[int, list[Any]] = {}

    def transactions() -> Iterator[dict[str, Any]]:
        for batch in batches:
            templates = encoded.setdefault(id(batch.templates), [t.encode() for t in batch.templates])
            data = selector + eth_abi.encode(types, [templates, batch.first, batch.count])
            yield {"from": sender, "to": manifest.contracts[batch.contract].address, "data": "0x" + data.hex(),
                   "gas": hex(gas)}

    send_in_blocks(w3, transactions(), per_block, gas * per_block + 1, "emitting transactions")
    return time.perf_counter() - started


def send_in_blocks(w3: Web3, transactions: Iterable[dict[str, Any]], per_block: int, block_gas: int, what: str) -> None:
    """Send ``transactions`` (eth_sendTransaction, no waiting) with automine off, ``per_block``
    of them mined into one block under a block gas limit of ``block_gas`` (Anvil's cost is
    mostly per block); check every receipt (raw: web3 would format thousands of logs per
    receipt, slower than the mining); restore the chain's settings."""
    rpc = w3.provider.make_request
    limit = w3.eth.get_block("latest")["gasLimit"]
    _ok(rpc("evm_setBlockGasLimit", [hex(block_gas)]))
    _ok(rpc("evm_setAutomine", [False]))
    try:
        hashes = []
        for tx in transactions:
            hashes.append(_ok(rpc("eth_sendTransaction", [tx])))
            if len(hashes) % per_block == 0:
                _ok(rpc("evm_mine", []))
        if len(hashes) % per_block:
            _ok(rpc("evm_mine", []))
        failed = [h for h in hashes if (_ok(rpc("eth_getTransactionReceipt", [h])) or {}).get("status") != "0x1"]
        if failed:
            raise RuntimeError(f"{len(failed)} of {len(hashes)} {what} failed or are missing, e.g. {failed[0]}")
    finally:
        _ok(rpc("evm_setAutomine", [True]))
        _ok(rpc("evm_setBlockGasLimit", [hex(limit)]))


def _type(item: dict[str, Any]) -> str:
    if item["type"].startswith("tuple"):
        return "(" + ",".join(_type(c) for c in item["components"]) + ")" + item["type"][len("tuple"):]
    return str(item["type"])


def _receipt(w3: Web3, tx: str) -> dict[str, Any]:
    for _ in range(100):
        receipt = _ok(w3.provider.make_request("eth_getTransactionReceipt", [tx]))
        if receipt:
            if receipt.get("status") != "0x1":
                raise RuntimeError(f"transaction {tx} failed")
            return dict(receipt)
        time.sleep(0.05)
    raise RuntimeError(f"transaction {tx} was not mined")


def _ok(answer: Any) -> Any:
    if "error" in answer:
        raise RuntimeError(f"the dev chain refused: {answer['error']}")
    return answer["result"]


# ---------------------------------------------------------------- measuring


def sync_in_child(rpc_url: str, manifest_path: Path, db: Path) -> dict[str, Any]:
    """Run the initial sync in a fresh process; its figures (see ``_child_sync``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "bench.events_scale", "sync", rpc_url, str(manifest_path), str(db)],
                          capture_output=True, text=True, env=env, cwd=ROOT, check=False)
    if done.returncode:
        raise RuntimeError(f"the sync process failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _child_sync(rpc_url: str, manifest_path: str, db: str) -> None:
    from valuechain.events import EventIndex
    from valuechain.network import connect

    w3 = connect(rpc_url, timeout=600)
    manifest = manifests.load(path=Path(manifest_path))
    before = _rss_mb()
    with EventIndex(manifest, w3, Path(db)) as index:
        result = index.sync()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"events": result.events, "seconds": result.seconds, "requests": result.requests,
                      "rss_before_mb": round(before, 1), "peak_rss_mb": round(peak, 1)}))


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def time_views(manifest: Manifest, db: Path, repeat: int = 3) -> tuple[dict[str, float], dict[str, float]]:
    """Seconds each view and the scorecard take on the index at ``db``: the best of
    ``repeat`` calls (the usual estimator of a deterministic workload on a shared
    machine: the others only add other processes' time), and the first call's."""
    from valuechain.events import EventIndex

    best: dict[str, float] = {}
    first: dict[str, float] = {}
    with EventIndex(manifest, None, db) as index:
        for run in range(repeat):
            for name, view in views_of(index):
                started = time.perf_counter()
                view()
                took = time.perf_counter() - started
                best[name] = min(best.get(name, took), took)
                if run == 0:
                    first[name] = took
    return best, first


VIEWS = ("members", "operator_offers", "role_holders", "pauses", "ip_history", "licences", "access_log",
         "orders", "order_history", "quality", "signals", "scorecard")


def views_of(index: Any) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Every ready-made view of an EventIndex, and the scorecard."""
    for name in VIEWS:
        yield name, getattr(index, name)


def size_on_disk(db: Path) -> int:
    """Bytes of the index file after a checkpoint (the WAL folded in)."""
    import sqlite3

    with sqlite3.connect(db) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in (db, db.with_name(db.name + "-wal")) if p.exists())


def measure(w3: Web3, rpc_url: str, sender: str, events: int, console: Console | None = None) -> dict[str, Any]:
    """Populate ``events`` events on a fresh set of emitters, sync in a child process,
    time the views; the figures of this size."""
    say = (console or Console()).print
    with tempfile.TemporaryDirectory(prefix="bench-events-scale-") as folder:
        work = Path(folder)
        manifest = deploy_emitters(w3, sender)
        manifest_path = work / "manifest.json"
        manifests.save(manifest, manifest_path)
        now = int(w3.eth.get_block("latest")["timestamp"])
        batches = scenario(events, now)
        say(f"populating {sum(b.events for b in batches):,} events ({len(batches)} transactions) ...")
        populate_s = populate(w3, manifest, sender, batches)
        say(f"  {populate_s:.1f} s up to block {w3.eth.block_number}")
        db = work / "events.sqlite"
        synced = sync_in_child(rpc_url, manifest_path, db)
        if synced["events"] != events:
            raise RuntimeError(f"the sync stored {synced['events']:,} events, expected {events:,}")
        say(f"initial sync: {synced['events']:,} events in {synced['seconds']:.2f} s ({synced['requests']} eth_getLogs), "
            f"peak RSS {synced['peak_rss_mb']:.0f} MB (before the sync {synced['rss_before_mb']:.0f} MB)")
        size = size_on_disk(db)
        say(f"index size on disk: {size / 1e6:.0f} MB")
        timings, first = time_views(manifest, db)
        slowest = max(timings, key=lambda k: timings[k])
        say("views (best of 3): " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items())
            + f"; the slowest first call {max(first.values()):.2f} s")
    return {
        "events": synced["events"],
        "per_s": round(synced["events"] / synced["seconds"]),
        "peak_rss_mb": round(synced["peak_rss_mb"]),
        "rss_before_mb": round(synced["rss_before_mb"]),
        "views_s": round(timings[slowest], 3),
        "slowest_view": slowest,
        "views": {k: round(v, 3) for k, v in timings.items()},
        "views_first_s": round(max(first.values()), 3),
        "index_mb_per_1m": round(size / 1e6 * 1_000_000 / events, 1),
        "populate_s": round(populate_s, 1),
    }


SIZES = (100_000, 1_000_000)


def run(w3: Web3, rpc_url: str, sender: str, sizes: Sequence[int] = SIZES, console: Console | None = None) -> dict[str, Any]:
    """Measure at each size; the keys for bench/results/tooling.json."""
    results: dict[str, Any] = {}
    for events in sizes:
        tag = f"{events // 1_000_000}m" if events % 1_000_000 == 0 else f"{events // 1_000}k"
        figures = measure(w3, rpc_url, sender, events, console)
        results.update({
            f"events_sync_{tag}_per_s": figures["per_s"],
            f"events_sync_{tag}_peak_rss_mb": figures["peak_rss_mb"],
            f"events_sync_{tag}_rss_before_mb": figures["rss_before_mb"],
            f"views_{tag}_s": figures["views_s"],
            f"views_{tag}_slowest": figures["slowest_view"],
            f"views_{tag}_first_call_s": figures["views_first_s"],
            f"events_index_{tag}_mb_per_1m": figures["index_mb_per_1m"],
            f"events_populate_{tag}_s": figures["populate_s"],
        })
    return results


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "sync":
        _child_sync(*sys.argv[2:5])
    else:
        sys.exit("usage: python -m bench.events_scale sync RPC_URL MANIFEST DB")
