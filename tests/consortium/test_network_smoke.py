"""The suite on a real consortium chain: four go-ethereum 1.13.15 validators sealing
Clique proof of authority (tools/consortium/network.py), started by this module in a tmp
folder on free loopback ports and stopped at its end. The CLI reaches it through
valuechain.toml's ``consortium-local`` profile (its RPC URL pointed at this network):
a keystore account without any Ether deploys the suite at zero gas price, ``deploy
--verify`` finds the code of the local build on another member's node, and the chain goes
on sealing with one of the four validators stopped."""

from __future__ import annotations

import logging
import random
import socket
import time
import tomllib
from pathlib import Path

import pytest

from tools.consortium.network import Network, Ports, geth_binary, load_profile, rpc
from valuechain import accounts
from valuechain import manifest as manifests
from valuechain.cli import main as cli
from valuechain.network import connect

pytestmark = pytest.mark.consortium
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


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    if not geth_binary().exists():
        pytest.skip(f"no geth at {geth_binary()}: `make client` builds it")
    net = Network.create(tmp_path_factory.mktemp("consortium") / "net", load_profile(ports=free_ports()))
    started = time.monotonic()
    try:
        net.start(timeout=120)
        log.warning("consortium network of %d validators up in %.1f s", len(net.nodes), time.monotonic() - started)
        yield net
    finally:
        net.stop()


@pytest.fixture
def consortium_local(network, tmp_path, monkeypatch):
    """The repo's consortium-local profile, its RPC URL pointed at this module's network."""
    entry = dict(tomllib.loads((ROOT / "valuechain.toml").read_text())["networks"][PROFILE])
    assert (entry["chain_id"], entry["gas"]) == (network.chain_id, "zero")
    assert entry["rpc_url"] == f"http://127.0.0.1:{load_profile().ports.http + 1}"  # node 1 of `make network`
    entry["rpc_url"] = network.rpc_url
    config = tmp_path / "valuechain.toml"
    config.write_text(f"[networks.{PROFILE}]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in entry.items()))
    monkeypatch.setenv("VALUECHAIN_CONFIG", str(config))
    monkeypatch.setenv(entry["password_env"], "consortium smoke test")
    return entry


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


def signers(network: Network, numbers: list[int]) -> set[str]:
    url = network.node("oem").rpc_url
    return {rpc(url, "clique_getSigner", [hex(n)]).lower() for n in numbers}


def test_deploy_verify_and_sealing_goes_on_with_one_validator_down(network, consortium_local, tmp_path, capsys):
    keystores, path = tmp_path / "keystores", tmp_path / "deployments" / f"{network.chain_id}.json"
    account = consortium_local["account"]
    assert cli(["account", "new", account, "--password-env", consortium_local["password_env"],
                "--keystore-dir", str(keystores)]) == 0
    chain = ["--network", PROFILE, "--keystore-dir", str(keystores), "--manifest", str(path)]

    started = time.monotonic()
    assert cli(["deploy", *chain]) == 0
    deployed_in = time.monotonic() - started
    assert cli(["deploy", "--verify", *chain]) == 0
    out = capsys.readouterr().out
    assert "Deployed code vs local build" in out and "NO" not in out

    # the suite is on another member's node too, paid at zero gas price by an account holding nothing
    m = manifests.load(chain_id=network.chain_id, path=path)
    auditor = connect(network.node("auditor").rpc_url, network.chain_id)
    assert m.complete and m.deployer == accounts.address_of(account, keystores)
    assert all(auditor.eth.get_code(c.address) for c in m.contracts.values())
    receipts = [auditor.eth.get_transaction_receipt(c.tx_hash) for c in m.contracts.values()]
    assert {r["effectiveGasPrice"] for r in receipts} == {0}
    assert auditor.eth.get_balance(m.deployer) == 0
    # Clique headers: 32 bytes vanity, no signer list outside checkpoints, 65 bytes seal
    assert len(auditor.eth.get_block(receipts[0]["blockNumber"])["proofOfAuthorityData"]) == 97

    # one of four validators down: the other three go on sealing, in turn
    network.stop_node("auditor")
    down = heads_over(network, "supplier-a", blocks=6, timeout=20)
    assert len(down) >= 6, f"only {len(down)} blocks in 20 s with one validator down"
    sealed_by = signers(network, down)
    running = {n.address.lower() for n in network.nodes if n.name != "auditor"}
    assert sealed_by == running  # each of the three, and never the stopped one
    assert cli(["deploy", "--verify", *chain]) == 0

    # it comes back, catches up and seals again
    network.start_node("auditor")
    back = heads_over(network, "auditor", blocks=8, timeout=30)
    assert len(back) >= 8
    assert network.node("auditor").address.lower() in signers(network, back)
    log.warning("deploy %.1f s; %d blocks sealed by 3 validators", deployed_in, len(down))

