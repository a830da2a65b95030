"""Helpers of the consortium tests (tests/consortium): a four-validator go-ethereum Clique
network of our own (tools/consortium/network.py) on free loopback ports in a tmp folder,
the repo's ``consortium-local`` profile pointed at one of its nodes, the suite deployed on
it through the CLI, and chain probes."""

from __future__ import annotations

import logging
import os
import time
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3
from web3.contract import Contract

from tools.consortium.network import (
    Network,
    Ports,
    find_free_ports,
    geth_binary,
    netns_unavailable,
    rpc,
    throwaway_network,
)
from valuechain import accounts
from valuechain import manifest as manifests
from valuechain.cli import main as cli
from valuechain.events import DEFAULT_REORG_DEPTH, EventIndex
from valuechain.network import connect
from valuechain.tx import Sender

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "consortium-local"


def free_ports() -> Ports:
    """Free loopback ports for a network of this test run: each xdist worker picks in a
    region of its own, so two never take the same ports at once."""
    return find_free_ports(region=int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")),
                           regions=int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")))


def running_network(root: Path, isolable: str | None = None) -> Iterator[Network]:
    """A module fixture's body: a started network under ``root`` on this worker's ports,
    stopped at the end (skips when ``make client`` has not built geth). Validator
    ``isolable`` runs in a network namespace of its own where the machine allows it (the
    partition test)."""
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    if isolable is not None and (why := netns_unavailable()) is not None:
        log.warning("%s runs on loopback with the others, no partition possible: %s", isolable, why)
        isolable = None
    started = time.monotonic()
    with throwaway_network(root, free_ports, isolable=isolable) as net:
        log.warning("consortium network of %d validators up in %.1f s", len(net.nodes), time.monotonic() - started)
        yield net


def profile_entry() -> dict[str, Any]:
    """The repo's consortium-local profile (valuechain.toml) as it stands."""
    return dict(tomllib.loads((ROOT / "valuechain.toml").read_text())["networks"][PROFILE])


def point_profile(entry: dict[str, Any], rpc_url: str, config: Path) -> Path:
    """Write ``entry`` with its RPC URL replaced by ``rpc_url`` as the only network of the
    config file ``config`` (point $VALUECHAIN_CONFIG at it)."""
    entry = {**entry, "rpc_url": rpc_url}
    config.write_text(f"[networks.{PROFILE}]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in entry.items()))
    return config


def _toml(value: object) -> str:
    return str(value) if isinstance(value, int) else f'"{value}"'


def heads_over(network: Network, node: str, blocks: int, timeout: float) -> list[int]:
    """The block numbers ``node`` imports until ``blocks`` more have come (or ``timeout``)."""
    w3 = connect(network.node(node).rpc_url, network.chain_id)
    first = w3.eth.block_number
    deadline = time.monotonic() + timeout
    while w3.eth.block_number < first + blocks and time.monotonic() < deadline:
        time.sleep(0.2)
    return list(range(first + 1, w3.eth.block_number + 1))


def signers(network: Network, numbers: list[int], node: str = "oem") -> set[str]:
    url = network.node(node).rpc_url
    return {rpc(url, "clique_getSigner", [hex(n)]).lower() for n in numbers}


@dataclass
class Deployment:
    """The suite deployed through the CLI on a consortium network: the consortium-local
    profile (in its own config file, $VALUECHAIN_CONFIG) and the deployer's keystore."""

    network: Network
    folder: Path
    keystores: Path
    manifest: Path
    account: str
    password: str
    entry: dict[str, object]
    config: Path
    deployer: str

    def use_node(self, name: str) -> str:
        """Point the consortium-local profile (the CLI's) at validator ``name``'s node."""
        url = self.network.node(name).rpc_url
        point_profile(self.entry, url, self.config)
        return url

    def cli_chain(self, reads_only: bool = False) -> list[str]:
        keys = [] if reads_only else ["--keystore-dir", str(self.keystores)]
        return ["--network", PROFILE, *keys, "--manifest", str(self.manifest)]

    def w3(self, name: str) -> Web3:
        return connect(self.network.node(name).rpc_url, self.network.chain_id)

    def sender(self, name: str) -> Sender:
        """The deployer (council) sending through validator ``name``'s node, at zero gas."""
        return Sender(self.w3(name), accounts.unlock(self.account, self.password, self.keystores), gas_mode="zero")

    def load(self) -> manifests.Manifest:
        return manifests.load(chain_id=self.network.chain_id, path=self.manifest)

    def registry(self, w3: Web3) -> Contract:
        return self.load().contract(w3, "ConsortiumRegistry")

    def index(self, w3: Web3, path: Path) -> EventIndex:
        return EventIndex(self.load(), w3, path, reorg_depth=DEFAULT_REORG_DEPTH)


def deployed(network: Network, folder: Path, password: str) -> Iterator[Deployment]:
    """A module fixture's body: the suite deployed through the CLI (`deploy` with the
    keystore account the profile names, at zero gas) on node 1."""
    entry = profile_entry()
    with pytest.MonkeyPatch.context() as mp:
        config = point_profile(entry, network.rpc_url, folder / "valuechain.toml")
        mp.setenv("VALUECHAIN_CONFIG", str(config))
        mp.setenv(str(entry["password_env"]), password)
        mp.setenv("VALUECHAIN_INDEX_DIR", str(folder / "index"))
        keystores, path = folder / "keystores", folder / "deployments" / f"{network.chain_id}.json"
        account = str(entry["account"])
        # a test key with a cheap KDF: every command unlocks it, and the CLI's scrypt costs a
        # second of CPU each time (`account new` itself: tests/offline/test_accounts.py)
        accounts.new(account, password, keystores, kdf_iterations=1_000)
        d = Deployment(network, folder, keystores, path, account, password, entry, config,
                       accounts.address_of(account, keystores))
        started = time.monotonic()
        assert cli(["deploy", *d.cli_chain()]) == 0
        log.warning("suite deployed through the CLI in %.1f s", time.monotonic() - started)
        yield d


def cli_index_equals_fresh_sync(d: Deployment, node: str) -> EventIndex:
    """`valuechain events sync` (reorg depth 12, the tip included) through ``node`` holds
    exactly what a fresh sync of the chain up to the same block holds, once the tip has
    settled (Clique may reorg it). Returns the fresh index: close it."""
    d.use_node(node)
    assert cli(["events", "sync", *d.cli_chain(reads_only=True)]) == 0
    d.use_node("oem")
    [live_path] = (d.folder / "index").glob("*.sqlite")
    w3 = d.w3(node)
    fresh = d.index(w3, d.folder / f"fresh-{node}.sqlite")
    with EventIndex(d.load(), w3, live_path) as live:
        target = live.last_block
        assert target is not None
        heads_over(d.network, node, blocks=3, timeout=10)
        live.sync(to_block=target)
        fresh.sync(to_block=target)
        assert live.store.rows() == fresh.store.rows()
    return fresh


def index_equals_fresh_sync(d: Deployment, w3: Web3, live: EventIndex, name: str) -> EventIndex:
    """``live``, synced along the way and now on to a block 3 below the head (the tip
    settled: Clique may reorg it), holds exactly what a fresh sync of the chain up to
    that block holds. Returns the fresh index: close it."""
    target = w3.eth.block_number
    deadline = time.monotonic() + 30
    while w3.eth.block_number < target + 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    live.sync(to_block=target)
    fresh = d.index(w3, d.folder / f"fresh-{name}.sqlite")
    fresh.sync(to_block=target)
    assert live.store.rows() == fresh.store.rows()
    return fresh
