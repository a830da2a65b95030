"""Starting a network (tools/consortium/network.py) when a validator's geth exits after it
answered on RPC: geth serves RPC before it unlocks the validator key, and exits if it
cannot. A start that meets such an exit makes one more start from scratch and says why;
an exit that comes back fails at once with geth's own last words, not after the timeout
(shown by the throwaway network's test, whose first ports have one taken)."""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_keyfile import keyfile

from tests.support.consortium import free_ports
from tools.consortium.network import Network, Ports, geth_binary, load_profile, throwaway_network
from valuechain.errors import ChainError

pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("start")]


@pytest.fixture
def network(tmp_path: Path) -> Iterator[Network]:
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    net = Network.create(tmp_path / "net", load_profile(ports=free_ports()))
    yield net
    net.stop()


def _wrong_password_at_first_launch(net: Network, name: str, monkeypatch) -> list[int]:
    """``name``'s keystore password file is wrong for the first launch of its geth and
    right for the next ones; returns the list of its launches."""
    node = net.node(name)
    password = Path(node.datadir) / "password"
    right = password.read_text()
    seen: list[int] = []
    launch = net._launch

    def launching(n):
        if n is node:
            password.write_text(right if seen else "not the password")
            seen.append(len(seen))
        launch(n)

    monkeypatch.setattr(net, "_launch", launching)
    return seen


def test_a_validator_exiting_at_start_is_started_again(network: Network, monkeypatch, caplog) -> None:
    launches = _wrong_password_at_first_launch(network, "supplier-a", monkeypatch)
    with caplog.at_level(logging.WARNING, logger="tools.consortium.network"):
        network.start(timeout=60)
    assert launches == [0, 1]
    said = ("supplier-a's geth exited (Fatal: Failed to unlock account "
            f"{network.node('supplier-a').address} (could not decrypt key with given password)): "
            "starting the network once more")
    assert [r.getMessage() for r in caplog.records] == [said]
    states = network.status()
    assert all(s.running and s.mining and s.peers == 3 for s in states), states


def test_waiting_for_health_fails_at_once_when_a_geth_died(network: Network) -> None:
    network.start(timeout=60)
    auditor = network.node("auditor")
    os.kill(int((Path(auditor.datadir) / "geth.pid").read_text()), signal.SIGKILL)  # dies, no one stops it
    started = time.monotonic()
    with pytest.raises(ChainError, match=r"not healthy: auditor's geth exited \(") as failed:
        network.wait_healthy(timeout=120)
    assert time.monotonic() - started < 60, "it waited for the timeout instead of reading geth's exit"
    assert "auditor/geth.log" in str(failed.value)


def test_a_started_network_takes_little_disk(network: Network) -> None:
    """A node that finds the disk full exits: CI runs seven networks at once on a shared
    disk. geth's default cache preallocated a 141 MB database log per node."""
    network.start(timeout=60)
    for node in network.nodes:
        used = sum(p.stat().st_blocks * 512 for p in Path(node.datadir).rglob("*") if p.is_file())
        assert used < 32 * 2**20, f"{node.name}'s data dir holds {used / 2**20:.0f} MB on disk"


def test_validator_keystores_whose_iv_starts_with_zero_bytes_unlock(tmp_path: Path, monkeypatch) -> None:
    """geth panics at unlock ("bad IV length", after it answered on RPC) on a keystore whose
    IV lost its leading zero bytes, as eth-account writes one keystore in 256: the cause of
    a CI failure, a validator that died while the demo's network started."""
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    random_bytes = keyfile.Random.get_random_bytes
    monkeypatch.setattr(keyfile.Random, "get_random_bytes", lambda n: b"\x00" + random_bytes(n - 1))
    net = Network.create(tmp_path / "net", load_profile(ports=free_ports()))
    try:
        net.start(timeout=60)  # its retry meets the same keystores: no second chance for a bad one
        assert all(s.running and s.mining and s.peers == 3 for s in net.status())
    finally:
        net.stop()


def test_a_throwaway_network_that_cannot_start_is_made_afresh_on_other_ports(tmp_path: Path, caplog) -> None:
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    first = free_ports()
    taken = socket.socket()
    taken.bind(("127.0.0.1", first.p2p + 1))  # the first validator's P2P port of the first pick
    taken.listen()
    picks: list[Ports] = []

    def ports() -> Ports:  # the first pick, then free ones (the taken port excludes it)
        picks.append(free_ports() if picks else first)
        return picks[-1]

    started = time.monotonic()
    with taken, caplog.at_level(logging.WARNING, logger="tools.consortium.network"), \
            throwaway_network(tmp_path / "net", ports, timeout=120) as net:
        assert time.monotonic() - started < 90, "the failed start waited for its timeout instead of reading geth's exit"
        assert len(picks) == 2 and picks[1] != first and net.nodes[0].ports.p2p == picks[1].p2p + 1
        assert all(s.running and s.mining and s.peers == 3 for s in net.status())
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2 and "address already in use" in said[0] and "starting the network once more" in said[0]
    assert said[1].startswith(f"a throwaway network did not start (the network under {tmp_path / 'net'} did not "
                              "start: oem's geth exited (Fatal: Error starting protocol stack")
    assert said[1].endswith("creating it afresh on other ports")
