"""Helpers of the consortium tests (tests/consortium): a four-validator go-ethereum Clique
network of our own (tools/consortium/network.py) on free loopback ports in a tmp folder,
the repo's ``consortium-local`` profile pointed at one of its nodes, and chain probes."""

from __future__ import annotations

import logging
import random
import socket
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.consortium.network import Network, Ports, geth_binary, load_profile, rpc
from valuechain.network import connect

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[2]
PROFILE = "consortium-local"


def free_ports(count: int = 4) -> Ports:
    """Port bases whose next ``count`` ports (p2p, http, authrpc) are all free on loopback."""
    for _ in range(50):
        base = random.randrange(31000, 59000, 300)
        ports = Ports(p2p=base, http=base + 100, authrpc=base + 200)
        wanted = [b + i for b in (ports.p2p, ports.http, ports.authrpc) for i in range(1, count + 1)]
        if all(_free(port) for port in wanted):
            return ports
    raise RuntimeError("no free loopback ports for the consortium network")


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def running_network(root: Path) -> Iterator[Network]:
    """A module fixture's body: a started network under ``root``, stopped at the end
    (skips when ``make client`` has not built geth)."""
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    net = Network.create(root, load_profile(ports=free_ports()))
    started = time.monotonic()
    try:
        net.start(timeout=120)
        log.warning("consortium network of %d validators up in %.1f s", len(net.nodes), time.monotonic() - started)
        yield net
    finally:
        net.stop()


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
