"""The consortium chain's figures, next to Anvil's from the same code in the same run
(scripts/bench_consortium.py, under `brownie run`: Anvil is Brownie's development chain).

A four-validator go-ethereum 1.13.15 Clique network of our own (tools/consortium/network.py,
1 s blocks, zero gas price, in a tmp folder on free loopback ports) and Anvil (automine)
each get the suite deployed by keystore accounts, then:

- ``onboard_1000_s``: 1,000 suppliers from the onboarding benchmark's CSV, end to end
  (``valuechain.onboarding.onboard``: validation, plan, gas-sized batches, receipts);
- ``tx_per_s``: single business transactions (an IP registration each) through one node,
  200 kept in flight by one member, from the first sent to the last confirmed;
- ``tx_latency_s`` / ``tx_latency_blocks``: one transaction waited for before the next
  (what a script of dependent steps sees);
- ``scenario_s``: the seed scenario of `make demo` (members, IP, licences, an order with
  a quality hold, reallocation, downtime signal, amendment, short delivery);
- on the network only, ``blocks_to_finality``: blocks after a transaction's block until a
  majority of the validators (3 of 4) has sealed it or a block on top of it, after which
  no minority fork can outgrow it (Clique has no finality of its own; QBFT is final at
  once); and ``max_reorg_depth_seen``: the deepest replacement of a block any node showed
  while the benchmark ran (every node's head polled five times a second).

Keys ``consortium_*`` and ``anvil_*`` go into bench/results/tooling.json (merged); the run
fails when ``consortium_onboard_1000_s`` misses its budget (../shared/budgets.json).
"""

from __future__ import annotations

import io
import json
import logging
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self

from eth_account.signers.local import LocalAccount
from eth_utils import keccak
from rich.console import Console
from rich.table import Table
from web3 import Web3

from bench.tooling_onboard import generate
from tools.consortium.network import Network, rpc, throwaway_network
from valuechain import accounts, deploy
from valuechain.cli.onboard_view import ConsoleView
from valuechain.network import connect
from valuechain.onboarding import onboard
from valuechain.scenario import Demo
from valuechain.tx import Sender

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "tooling.json"
BUDGETS = ROOT.parent / "shared" / "budgets.json"
ROWS = 1000
IN_FLIGHT = 200
SEQUENTIAL = 10
PASSWORD = "valuechain consortium bench"  # throwaway keystores in a tmp folder

log = logging.getLogger(__name__)


@dataclass
class Chain:
    """One chain under measurement and the cast that plays on it."""

    name: str
    w3: Web3
    gas_mode: str
    cast: list[LocalAccount]
    results: dict[str, float] = field(default_factory=dict)

    def sender(self, role: str) -> Sender:
        return Sender(self.w3, self.cast[Demo.ROLES.index(role)], gas_mode=self.gas_mode)


class HeadWatch:
    """Polls every node's latest block; afterwards tells which seen blocks left the chain."""

    def __init__(self, urls: list[str], period: float = 0.2) -> None:
        self.urls, self.period = urls, period
        self.seen: dict[int, set[str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _poll(self) -> None:
        while not self._stop.wait(self.period):
            for url in self.urls:
                try:
                    block = rpc(url, "eth_getBlockByNumber", ["latest", False], timeout=2)
                except OSError:
                    continue
                self.seen.setdefault(int(block["number"], 16), set()).add(block["hash"])

    def max_reorg_depth(self, w3: Web3) -> int:
        """The longest run of consecutive heights at which a node showed a block that is
        not the canonical one now."""
        depth = run = 0
        for number in sorted(self.seen):
            canonical = Web3.to_hex(w3.eth.get_block(number)["hash"])
            run = run + 1 if self.seen[number] - {canonical} else 0
            depth = max(depth, run)
        return depth


def make_cast(folder: Path) -> list[LocalAccount]:
    """Keystore accounts for every part of the scenario (a cheap KDF: throwaway keys)."""
    cast = []
    for role in Demo.ROLES:
        accounts.new(role, PASSWORD, folder, kdf_iterations=1_000)
        cast.append(accounts.unlock(role, PASSWORD, folder))
    return cast


def measure(chain: Chain, work: Path, watch: Callable[[], HeadWatch] | None = None) -> None:
    council, onboarder = chain.sender("council"), chain.sender("onboarder")
    started = time.perf_counter()
    manifest = deploy.deploy_suite(council, onboarders=[onboarder.address], directory=work / "deployments", force=True)
    chain.results["deploy_s"] = time.perf_counter() - started

    csv = generate(work / "csv")
    started = time.perf_counter()
    report = onboard(csv, onboarder, manifest.contract(chain.w3, "ConsortiumRegistry"), journal_dir=work / "journal",
                     view=ConsoleView(Console(file=io.StringIO())))
    chain.results["onboard_1000_s"] = time.perf_counter() - started
    if report.counts.get("admitted") != ROWS:
        raise SystemExit(f"{chain.name}: onboarding admitted {report.counts}, expected {ROWS}")
    log.warning("%s onboarding phases: %s", chain.name, {k: round(v, 2) for k, v in report.timings.items()})

    demo = Demo(chain.w3, chain.cast, gas_mode=chain.gas_mode, console=Console(file=io.StringIO()),
                manifest_dir=work / "demo")
    demo.adopt(manifest)
    started = time.perf_counter()
    demo.seed_scenario()
    chain.results["scenario_s"] = time.perf_counter() - started
    chain.results["scenario_tx"] = sum(len(s.receipts) for s in {id(s): s for s in demo.senders.values()}.values())

    supplier = demo.senders["supplier_a"]  # an active member by now, registering IP
    ipr = demo.contracts["IPRegistry"]
    calls = [ipr.functions.register(keccak(text=f"{chain.name} bench design {i}"), keccak(text=f"meta {i}"), 1)
             for i in range(IN_FLIGHT + SEQUENTIAL)]
    started = time.perf_counter()
    hashes = [supplier.submit(call, label="register") for call in calls[:IN_FLIGHT]]
    receipts = [supplier.wait(h, "register") for h in hashes]
    chain.results["tx_per_s"] = IN_FLIGHT / (time.perf_counter() - started)
    chain.results["tx_blocks"] = receipts[-1]["blockNumber"] - receipts[0]["blockNumber"] + 1

    latencies, blocks = [], []
    for call in calls[IN_FLIGHT:]:
        head = chain.w3.eth.block_number
        started = time.perf_counter()
        receipt = supplier.transact(call, label="register")
        latencies.append(time.perf_counter() - started)
        blocks.append(receipt["blockNumber"] - head)
    chain.results["tx_latency_s"] = statistics.mean(latencies)
    chain.results["tx_latency_blocks"] = statistics.mean(blocks)
    chain.results["_tx_blocks"] = sorted({r["blockNumber"] for r in receipts})  # type: ignore[assignment]


def blocks_to_finality(network: Network, numbers: list[int], majority: int) -> list[int]:
    """For each block, how many blocks on top of it until ``majority`` distinct validators
    have sealed it or one of them."""
    url = network.nodes[0].rpc_url
    signer: dict[int, str] = {}

    def sealed_by(n: int) -> str:
        if n not in signer:
            signer[n] = rpc(url, "clique_getSigner", [hex(n)]).lower()
        return signer[n]

    head = int(rpc(url, "eth_blockNumber"), 16)
    out = []
    for number in numbers:
        seen: set[str] = set()
        for n in range(number, head + 1):
            seen.add(sealed_by(n))
            if len(seen) >= majority:
                out.append(n - number)
                break
    return out


def consortium(work: Path) -> Chain:
    with throwaway_network(work / "net") as net:
        w3 = connect(net.rpc_url, net.chain_id)
        chain = Chain("consortium", w3, "zero", make_cast(work / "keystores"))
        with HeadWatch([n.rpc_url for n in net.nodes]) as heads:
            measure(chain, work)
        tx_blocks: list[int] = chain.results.pop("_tx_blocks")  # type: ignore[assignment]
        time.sleep(3)  # a few blocks past the last, so the last transactions' can be counted
        depths = blocks_to_finality(net, tx_blocks, majority=len(net.nodes) // 2 + 1)
        chain.results["blocks_to_finality"] = max(depths)
        chain.results["max_reorg_depth_seen"] = heads.max_reorg_depth(w3)
        return chain


def anvil(work: Path) -> Chain:
    from brownie import web3  # Brownie's development chain

    w3 = connect(web3.provider.endpoint_uri)
    cast = make_cast(work / "keystores")
    for account in cast:  # Anvil prices gas: the cast is given Ether by the node itself
        w3.provider.make_request("anvil_setBalance", [account.address, hex(10**21)])  # type: ignore[arg-type]
    chain = Chain("anvil", w3, "auto", cast)
    measure(chain, work)
    chain.results.pop("_tx_blocks")
    return chain


def run() -> dict[str, float]:
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-consortium-") as tmp:
        chains = [consortium(Path(tmp) / "consortium"), anvil(Path(tmp) / "anvil")]
    results = {f"{c.name}_{k}": round(v, 3) for c in chains for k, v in c.results.items()}
    merged = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    merged.update(results)
    RESULTS.write_text(json.dumps(merged, indent=2) + "\n")

    table = Table(title="The same work on the consortium chain (4 geth Clique validators, 1 s blocks) and on Anvil")
    table.add_column("")
    for c in chains:
        table.add_column(c.name, justify="right")
    labels = {"deploy_s": "deploy the suite (s)", "onboard_1000_s": f"onboard {ROWS:,} suppliers from CSV (s)",
              "scenario_s": "seed scenario (s)", "scenario_tx": "  its transactions",
              "tx_per_s": f"single transactions, {IN_FLIGHT} in flight (tx/s)", "tx_blocks": "  blocks they took",
              "tx_latency_s": "one transaction waited for (s)", "tx_latency_blocks": "  blocks after the head",
              "blocks_to_finality": "blocks to finality (3 of 4 sealed on top)",
              "max_reorg_depth_seen": "deepest reorg seen (blocks)"}
    for key, label in labels.items():
        table.add_row(label, *(f"{c.results[key]:,.2f}" if key in c.results else "-" for c in chains))
    Console().print(table)
    print(f"written {RESULTS.relative_to(ROOT)}")
    budget = json.loads(BUDGETS.read_text())["tooling"]["consortium_onboard_1000_s"]["max"] if BUDGETS.exists() else 15
    if results["consortium_onboard_1000_s"] > budget:
        raise SystemExit(f"consortium_onboard_1000_s = {results['consortium_onboard_1000_s']:.2f} s misses the budget "
                         f"of {budget} s")
    return results
