"""The suite on a real consortium chain: four go-ethereum 1.13.15 validators sealing
Clique proof of authority (tools/consortium/network.py), started by this module in a tmp
folder on free loopback ports and stopped at its end. The CLI reaches it through
valuechain.toml's ``consortium-local`` profile (its RPC URL pointed at this network):
a keystore account without any Ether deploys the suite at zero gas price, ``deploy
--verify`` finds the code of the local build on another member's node, and the chain goes
on sealing with one of the four validators stopped."""

from __future__ import annotations

import logging
import time

import pytest

from tests.support.consortium import PROFILE, heads_over, point_profile, profile_entry, running_network, signers
from tools.consortium.network import load_profile
from valuechain import accounts
from valuechain import manifest as manifests
from valuechain.cli import main as cli
from valuechain.network import connect

pytestmark = pytest.mark.consortium
log = logging.getLogger(__name__)


@pytest.fixture(scope="module")
def network(tmp_path_factory):
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net")


@pytest.fixture
def consortium_local(network, tmp_path, monkeypatch):
    """The repo's consortium-local profile, its RPC URL pointed at this module's network."""
    entry = profile_entry()
    assert (entry["chain_id"], entry["gas"]) == (network.chain_id, "zero")
    assert entry["rpc_url"] == f"http://127.0.0.1:{load_profile().ports.http + 1}"  # node 1 of `make network`
    entry["rpc_url"] = network.rpc_url
    monkeypatch.setenv("VALUECHAIN_CONFIG", str(point_profile(entry, network.rpc_url, tmp_path / "valuechain.toml")))
    monkeypatch.setenv(entry["password_env"], "consortium smoke test")
    return entry


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

