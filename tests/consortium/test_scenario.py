"""The seed scenario on a real consortium chain (four go-ethereum 1.13.15 Clique validators,
1 s blocks, tests/support/consortium.py): the suite deployed through the CLI, then the
scenario of `make demo` (order, quality hold, reallocation, downtime signal, amendment,
short delivery) played through the package by ten members' keystore accounts at zero gas
price, and the event index the CLI syncs equal to a fresh sync of the chain.

Every step waits for the one before: on geth's Clique a transaction sent after block N is
sealed in N + 2 (the miner rebuilds its pending block at most once a second), so the
scenario takes about two seconds per transaction.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from eth_account.signers.local import LocalAccount
from rich.console import Console

from tests.support.consortium import Deployment, cli_index_equals_fresh_sync, deployed, running_network
from tools.consortium.network import Network
from valuechain import accounts
from valuechain.orders import State
from valuechain.scenario import Demo

# one xdist group per network: `make test` runs the groups side by side
pytestmark = [pytest.mark.consortium, pytest.mark.xdist_group("scenario")]
log = logging.getLogger(__name__)

PASSWORD = "consortium scenario test"


@pytest.fixture(scope="module")
def network(tmp_path_factory) -> Iterator[Network]:
    yield from running_network(tmp_path_factory.mktemp("consortium") / "net")


@pytest.fixture(scope="module")
def deployment(network: Network, tmp_path_factory) -> Iterator[Deployment]:
    yield from deployed(network, tmp_path_factory.mktemp("scenario"), PASSWORD)


def cast(d: Deployment, folder: Path) -> list[LocalAccount]:
    """The scenario's parties: the deployer as council and onboarder, nine members' keys."""
    council = accounts.unlock(d.account, d.password, d.keystores)
    members = []
    for role in Demo.ROLES[2:]:
        accounts.new(role, PASSWORD, folder, kdf_iterations=1_000)  # test keys: a cheap KDF
        members.append(accounts.unlock(role, PASSWORD, folder))
    return [council, council, *members]


def test_seed_scenario_through_the_package(deployment: Deployment) -> None:
    d = deployment
    w3 = d.w3("supplier-a")
    console = Console(record=True, width=200)
    demo = Demo(w3, cast(d, d.folder / "cast"), gas_mode="zero", console=console, manifest_dir=d.folder / "demo")
    demo.adopt(d.load())
    started = time.monotonic()
    demo.seed_scenario()
    took = time.monotonic() - started

    o = demo.contracts["SupplyOrders"]
    a, b = demo.orders_placed["A"], demo.orders_placed["B"]
    order_a, order_b = o.functions.getOrder(a).call(), o.functions.getOrder(b).call()
    assert order_a[3] + order_b[3] == 9_000  # amended to 9,000, then 4,000 reallocated to B
    assert (order_a[4], order_a[5], State(order_a[13])) == (5_000, 4_950, State.CLOSED)  # 50 short
    assert (order_b[5], State(order_b[13])) == (4_000, State.CLOSED)
    index = demo.read()
    steps = index.order_history(a)
    assert set(steps["event"]) >= {"QualityAssessed", "OrderReallocated", "AmendmentAccepted", "ShipmentReceived"}
    assert "short by 50" in console.export_text()
    assert all(w3.eth.get_transaction_receipt(r["transactionHash"])["effectiveGasPrice"] == 0
               for s in demo.senders.values() for r in s.receipts)
    sent = sum(len(s.receipts) for s in {id(s): s for s in demo.senders.values()}.values())
    log.warning("seed scenario: %d transactions in %.1f s", sent, took)
    with cli_index_equals_fresh_sync(d, "supplier-b") as fresh:
        assert fresh.count("SupplyOrders", "OrderReallocated") == 1


