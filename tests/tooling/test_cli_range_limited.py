"""The CLI's listings on a node that refuses eth_getLogs over more than a few blocks
(Besu's `--rpc-max-logs-range`): they read through the event index, whose fetcher
halves the block range until the node answers, so each still answers in full.

The node is Anvil behind the tests' JSON-RPC proxy with ``log_range_limit``
(tests/support/rpc_proxy.py)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from brownie import accounts

from tests.support.events import (
    OEM,
    SUPPLIER_A,
    SUPPLIER_B,
    SUPPLIER_C,
    deploy_full_suite,
    play_business,
)
from tests.support.rpc_proxy import RpcProxy, log_range_limit
from valuechain import abi
from valuechain.cli import main as cli
from valuechain.contract_types import LicenceStatus, State
from valuechain.identity import Status
from valuechain.network import connect

MAX_RANGE = 8  # blocks per eth_getLogs the node accepts


@pytest.fixture(scope="module")
def world(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    manifest = deploy_full_suite(w3, [a.address for a in accounts], folder)
    ids = play_business(w3, manifest, [a.address for a in accounts])
    contracts = {name: manifest.contract(w3, name) for name in manifest.contracts}
    return SimpleNamespace(manifest=manifest, path=folder / "31337.json", ids=ids, contracts=contracts)


@pytest.fixture
def node(w3, world, tmp_path, monkeypatch):
    """The limited node, and a fresh event index for the CLI (its first read syncs all)."""
    monkeypatch.setenv("VALUECHAIN_INDEX_DIR", str(tmp_path / "index"))
    with RpcProxy(w3.provider.endpoint_uri, before=log_range_limit(MAX_RANGE)) as proxy:
        yield proxy


def vc(node, world, capsys, *argv: str) -> str:
    """Run a read command against the limited node; its stdout (it must succeed)."""
    capsys.readouterr()
    chain = ["--rpc-url", node.url, "--chain-id", "31337", "--manifest", str(world.path)]
    code = cli([*argv, *chain])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def line_of(out: str, text: str) -> str:
    """The (first) output line holding ``text``."""
    return next(line for line in out.splitlines() if text in line)


def test_the_node_refuses_a_plain_log_query(node, world):
    """What the removed live readers did (one eth_getLogs from the deployment on) fails here."""
    registry = world.contracts["ConsortiumRegistry"]
    with pytest.raises(Exception, match="exceeds maximum range"):
        connect(node.url).eth.get_logs({"fromBlock": world.manifest.start_block, "toBlock": "latest",
                                        "address": registry.address})


def test_members(node, world, capsys, w3):
    out = vc(node, world, capsys, "members")
    registry = world.contracts["ConsortiumRegistry"]
    for org in (OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C):
        status = Status(registry.functions.getOrg(org.encode()).call()[1]).name
        row = line_of(out, org)
        assert status in row
        assert all(key in out for key in registry.functions.operatorsOf(org.encode()).call())
    queries = node.log_queries()
    assert any(end - start + 1 > MAX_RANGE for start, end in queries), "the node refused the first ranges"
    answered = [(s, e) for s, e in queries if e - s + 1 <= MAX_RANGE]
    assert answered and answered[-1][1] == w3.eth.block_number
    assert vc(node, world, capsys, "members") == out  # the next read syncs incrementally: nothing new, no log query
    assert node.log_queries() == queries


def test_order_show_one_order(node, world, capsys):
    ids, orders = world.ids, world.contracts["SupplyOrders"]
    out = vc(node, world, capsys, "order", "show", str(ids["o2"]))
    assert f"#{ids['o2']}" in line_of(out, "order ") and f"moved on as #{ids['o3']}" in out
    assert OEM in line_of(out, "OEM") and SUPPLIER_B in line_of(out, "supplier")
    state = State.name_of(abi.read(orders.functions.getOrder(ids["o2"])).state)
    assert state == "DISPUTED" and state in line_of(out, "state")
    assert "60 H87 (ordered 100); shipped 60, received 55" in out
    assert "7,000" in line_of(out, "QUALITY_HOLD")  # the failed assessment
    history = ("OrderPlaced", "OrderConfirmed", "ProductionStarted", "QualityAssessed", "OrderReallocated",
               "DeviationAccepted", "OrderShipped", "ShipmentReceived", "OrderDisputed")
    positions = [out.rindex(event) for event in history]  # the history table comes last
    assert positions == sorted(positions)
    assert "55 received, short by 5" in out
    child = vc(node, world, capsys, "order", "show", str(ids["o3"]))
    assert f"reallocated from #{ids['o2']}" in child and "DELIVERED" in line_of(child, "state")


def test_order_show_every_timeline(node, world, capsys):
    out = vc(node, world, capsys, "order", "show")
    for key in ("o1", "o2", "o3", "o4", "o5"):
        assert f"Order #{world.ids[key]}: timeline" in out
    assert "#1 by SUPPLIER: quantity 120" in out and "citing disruption signal" in out


def test_licence_list_has_the_contracts_statuses(node, world, capsys):
    lic, ids = world.contracts["DataLicensing"], world.ids
    out = vc(node, world, capsys, "licence", "list")
    part = ids["design"]
    names = ("lic_a", "lic_b", "lic_c", "lic_c_short", "lic_c_offer", "lic_sub_b", "lic_sub_c")
    for name in names:
        status = LicenceStatus.name_of(lic.functions.statusOf(part, ids[name]).call())
        assert status in line_of(out, "0x" + ids[name].hex()[:10]), name
    assert {"REVOKED", "EXPIRED", "LAPSED", "ACTIVE"} <= set(re.findall(r"[A-Z]{5,}", out))
    assert "Access trail" in out and len(re.findall(r"\b" + SUPPLIER_A + r"\b.*\b" + SUPPLIER_A, out)) == 2
    only_b = vc(node, world, capsys, "licence", "list", "--org", SUPPLIER_B)
    assert "0x" + ids["lic_b"].hex()[:10] in only_b and "0x" + ids["lic_c"].hex()[:10] not in only_b


def test_signal_list(node, world, capsys):
    out = vc(node, world, capsys, "signal", "list", "--to", SUPPLIER_B)
    assert out.count(": actual ") == 3 and "production-incident / capacity-reduction (open)" in out
    assert "logistics-disruption" not in out  # addressed to A only
    everything = vc(node, world, capsys, "signal", "list")
    assert "logistics-disruption / demand-reduction (resolved)" in everything


def test_ip_history_and_council_views(node, world, capsys):
    asset = "0x" + world.ids["d1v2"].hex()
    out = vc(node, world, capsys, "ip", "history", asset)
    assert re.findall(r"\b(registered|revised|transferred)\b", out) == ["registered", "revised", "transferred"]
    assert SUPPLIER_B in line_of(out, "transferred") and f"from {SUPPLIER_A}" in line_of(out, "transferred")
    status = vc(node, world, capsys, "emergency", "status")
    assert "running" in status and "guardians: none" in status
    governance = vc(node, world, capsys, "governance", "status")
    assert accounts[1].address in line_of(governance, "onboarders")

