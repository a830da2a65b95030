"""The business on a real consortium chain: four go-ethereum 1.13.15 validators sealing
Clique proof of authority every second (tools/consortium/network.py), started by this
module in a tmp folder on free loopback ports. Everything goes through the CLI and the
package as on a production Besu network, with valuechain.toml's ``consortium-local``
profile (its RPC URL pointed at this network: PoA headers, zero gas price, keystore
accounts holding no Ether):

- the suite deployed and its bytecode verified on another member's node;
- 1,000 suppliers onboarded from a CSV, each exactly once, a rerun sending nothing;
- the event index synced by the CLI equal to a fresh sync of the chain;
- a validator cut off from the others (a partition: its node in a network namespace of
  its own, its P2P link down): the three go on, it stalls on a fork of its own holding a
  transaction a member sent through it; healed, it takes the majority's chain and the
  transaction lands exactly once, and an index that followed it equals a fresh sync;
- sealing going on with one of the four validators stopped, which then catches up.

The seed scenario plays on a network of its own (test_scenario.py), at the same time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest
from eth_utils import keccak
from web3.exceptions import TransactionNotFound

from tests.support.consortium import (
    Deployment,
    cli_index_equals_fresh_sync,
    deployed,
    heads_over,
    index_equals_fresh_sync,
    running_network,
    signers,
)
from tests.support.onboarding import admitted_counts, suppliers, write_csv
from tools.consortium.network import Network, netns_unavailable
from valuechain.cli import main as cli
from valuechain.identity import Role
from valuechain.members import Admission

# one xdist group per network: `make test` runs the groups side by side
pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("business")]
log = logging.getLogger(__name__)

SUPPLIERS = 1_000
PASSWORD = "consortium business test"


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[Network]:
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net", isolable="auditor")


@pytest.fixture(scope="module")
def deployment(network: Network, tmp_path_factory) -> Iterator[Deployment]:
    yield from deployed(network, tmp_path_factory.mktemp("business"), PASSWORD)


def test_deployed_code_verified_on_another_members_node(deployment: Deployment, capsys) -> None:
    d = deployment
    capsys.readouterr()
    d.use_node("auditor")
    assert cli(["deploy", "--verify", *d.cli_chain()]) == 0
    out = capsys.readouterr().out
    assert "Deployed code vs local build" in out and "NO" not in out

    m, auditor = d.load(), d.w3("auditor")
    assert m.complete and m.deployer == d.deployer
    assert all(auditor.eth.get_code(c.address) for c in m.contracts.values())
    receipts = [auditor.eth.get_transaction_receipt(c.tx_hash) for c in m.contracts.values()]
    assert {r["effectiveGasPrice"] for r in receipts} == {0}  # paid at zero gas price
    assert auditor.eth.get_balance(m.deployer) == 0  # by an account holding nothing
    # Clique headers: 32 bytes vanity, no signer list outside checkpoints, 65 bytes seal
    assert len(auditor.eth.get_block(receipts[0]["blockNumber"])["proofOfAuthorityData"]) == 97
    d.use_node("oem")


def test_onboard_1000_suppliers_from_csv(deployment: Deployment, capsys) -> None:
    d = deployment
    rows = suppliers(SUPPLIERS, seed=7)
    csv = write_csv(d.folder / "suppliers.csv", rows)
    journal = d.folder / "journal"
    started = time.monotonic()
    assert cli(["onboard", str(csv), *d.cli_chain(), "--journal-dir", str(journal)]) == 0
    took = time.monotonic() - started
    counts = admitted_counts(d.registry(d.w3("supplier-b")))
    assert {r.bpnl: counts[r.bpnl] for r in rows} == dict.fromkeys((r.bpnl for r in rows), 1)

    nonce = d.w3("oem").eth.get_transaction_count(d.deployer, "pending")
    capsys.readouterr()
    assert cli(["onboard", str(csv), *d.cli_chain(), "--journal-dir", str(journal)]) == 0
    assert "nothing to send" in capsys.readouterr().out
    assert d.w3("oem").eth.get_transaction_count(d.deployer, "pending") == nonce
    log.warning("%d suppliers onboarded through the CLI in %.1f s", SUPPLIERS, took)
    assert took < 60, f"onboarding {SUPPLIERS} suppliers took {took:.1f} s"


def test_event_index_synced_by_the_cli_equals_a_fresh_sync(deployment: Deployment) -> None:
    with cli_index_equals_fresh_sync(deployment, "oem") as fresh:
        assert fresh.count("ConsortiumRegistry", "OrgAdmitted") >= SUPPLIERS


def test_partitioned_validator_rejoins_and_what_it_was_sent_lands_once(deployment: Deployment) -> None:
    d, net = deployment, deployment.network
    if net.node("auditor").host.netns is None:
        pytest.skip(f"the auditor's node runs on loopback: {netns_unavailable()}")
    majority, isolated = d.w3("oem"), d.w3("auditor")
    live = d.index(isolated, d.folder / "follows-the-auditor.sqlite")
    live.sync()
    net.partition("auditor")
    cut_at = majority.eth.block_number

    # a member (the council) sends through the cut-off node: it only reaches that node's pool
    newcomer = suppliers(1, seed=4242)[0]
    admission = Admission(newcomer.bpnl, Role.SUPPLIER, newcomer.operator, keccak(text="partition newcomer"))
    sender = d.sender("auditor")
    tx = sender.submit(d.registry(isolated).functions.admit(admission.as_tuple()), label="admit")

    goes_on = heads_over(net, "oem", blocks=6, timeout=20)
    assert len(goes_on) >= 6, f"only {len(goes_on)} blocks in 20 s with one validator cut off"
    assert signers(net, goes_on) <= {n.address.lower() for n in net.nodes if n.name != "auditor"}
    stalled_at = isolated.eth.block_number
    assert stalled_at <= cut_at + 2  # alone, a Clique signer seals at most one block in three
    with pytest.raises(TransactionNotFound):
        majority.eth.get_transaction_receipt(tx)
    live.sync()  # the index follows the cut-off node's view, its own fork included
    fork = {n: isolated.eth.get_block(n)["hash"] for n in range(cut_at - 1, stalled_at + 1)}

    net.heal("auditor")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        head = majority.eth.block_number
        if isolated.eth.block_number >= head and isolated.eth.get_block(head)["hash"] == majority.eth.get_block(head)["hash"]:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"the healed node is at block {isolated.eth.block_number}, the others at {majority.eth.block_number}")
    replaced = [n for n, h in fork.items() if majority.eth.get_block(n)["hash"] != h]
    sender.wait(tx, "admit", timeout=60)  # sealed, at the tip: where Clique may still reorg it
    heads_over(net, "oem", blocks=3, timeout=10)
    receipt = majority.eth.get_transaction_receipt(tx)
    assert receipt["status"] == 1 and receipt["blockNumber"] > stalled_at
    assert admitted_counts(d.registry(majority), from_block=cut_at)[newcomer.bpnl] == 1
    with index_equals_fresh_sync(d, isolated, live, "healed") as fresh:
        assert fresh.count("ConsortiumRegistry", "OrgAdmitted") >= SUPPLIERS + 1
    live.close()
    log.warning("partition: the majority sealed %d blocks, the cut-off node stalled at %d (cut at %d), %d of its "
                "blocks replaced on healing", len(goes_on), stalled_at, cut_at, len(replaced))


def test_sealing_goes_on_with_one_validator_down(deployment: Deployment, capsys) -> None:
    d, network = deployment, deployment.network
    network.stop_node("auditor")
    down = heads_over(network, "supplier-a", blocks=6, timeout=20)
    assert len(down) >= 6, f"only {len(down)} blocks in 20 s with one validator down"
    running = {n.address.lower() for n in network.nodes if n.name != "auditor"}
    assert signers(network, down) == running  # each of the three in turn, never the stopped one
    assert cli(["deploy", "--verify", *d.cli_chain()]) == 0

    # it comes back, catches up and seals again
    network.start_node("auditor")
    back = heads_over(network, "auditor", blocks=8, timeout=30)
    assert len(back) >= 8
    assert network.node("auditor").address.lower() in signers(network, back)
