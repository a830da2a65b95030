"""The business on a real consortium chain: four go-ethereum 1.13.15 validators sealing
Clique proof of authority every second (tools/consortium/network.py), started by this
module in a tmp folder on free loopback ports. Everything goes through the CLI and the
package as on a production Besu network, with valuechain.toml's ``consortium-local``
profile (its RPC URL pointed at this network: PoA headers, zero gas price, keystore
accounts holding no Ether):

- the suite deployed and its bytecode verified on another member's node;
- 1,000 suppliers onboarded from a CSV, each exactly once, a rerun sending nothing;
- the event index synced by the CLI equal to a fresh sync of the chain;
- sealing going on with one of the four validators stopped, which then catches up.

The seed scenario plays on a network of its own (test_scenario.py), at the same time.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator

import pytest

from tests.support.consortium import (
    Deployment,
    cli_index_equals_fresh_sync,
    deployed,
    heads_over,
    running_network,
    signers,
)
from tests.support.onboarding import admitted_counts, suppliers, write_csv
from tools.consortium.network import Network
from valuechain.cli import main as cli

pytestmark = pytest.mark.consortium
log = logging.getLogger(__name__)

SUPPLIERS = 1_000
PASSWORD = "consortium business test"


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[Network]:
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net")


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
