"""`valuechain order|signal|import` against a deployed suite on Anvil."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from brownie import accounts, web3

from tests.conftest import admit_accepted
from valuechain import abi, deploy, orders
from valuechain.cli import main as cli
from valuechain.identity import Role
from valuechain.members import Admission
from valuechain.orders import State
from valuechain.scenario import FIXTURES
from valuechain.tx import Sender

OEM, SUP = "BPNL00000003AYRE", "BPNL00000003B2OM"


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    folder = tmp_path_factory.mktemp("deployments")
    m = deploy.deploy_suite(Sender(w3, accounts[0].address), directory=folder)
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [
        Admission(OEM, Role.OEM, accounts[2].address), Admission(SUP, Role.SUPPLIER, accounts[3].address)], Sender(w3, accounts[0].address))
    return m, folder / "31337.json"


def vc(manifest_path, *argv, dev=None):
    chain = ["--rpc-url", web3.provider.endpoint_uri, "--chain-id", "31337", "--manifest", str(manifest_path)]
    if dev is not None:
        chain += ["--dev-account", str(dev)]
    return cli([*argv, *chain])


def test_order_lifecycle_through_the_cli(suite, w3, capsys):
    m, path = suite
    due = (date.today() + timedelta(days=30)).isoformat()
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "P-1", "--quantity", "100", "--due", due, dev=2) == 0
    oid = int(capsys.readouterr().out.split("#")[1].split()[0])
    for argv, dev in ((["confirm"], 3), (["start"], 3), (["assess", "--score", "9900", "--sample", "50", "--defects", "1", "--final"], 3),
                      (["ship", "--quantity", "100"], 3), (["receive", "--quantity", "98"], 2), (["close"], 2)):
        assert vc(path, "order", argv[0], str(oid), *argv[1:], dev=dev) == 0, argv
    order = abi.read(m.contract(w3, "SupplyOrders").functions.getOrder(oid))
    assert (order.receivedQuantity, order.state) == (98, State.CLOSED)
    capsys.readouterr()
    assert vc(path, "order", "show") == 0
    assert "short by 2" in capsys.readouterr().out


def test_wrong_side_is_refused_with_the_contracts_reason(suite, capsys):
    _, path = suite
    due = (date.today() + timedelta(days=30)).isoformat()
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "P-2", "--quantity", "5", "--due", due, dev=2) == 0
    oid = int(capsys.readouterr().out.split("#")[1].split()[0])
    assert vc(path, "order", "confirm", str(oid), dev=2) == 2  # the OEM cannot confirm its own order
    assert "WrongSide" in capsys.readouterr().err


def test_a_registry_error_through_supply_orders_is_decoded_by_name(suite, w3, capsys):
    """placeOrder asks the registry (requireOperator) and lets its error through. SupplyOrders'
    ABI has no MissingRole: the CLI decodes it from the manifest's ABIs merged, with names and
    the error's notice, in one line, and sends nothing."""
    m, path = suite
    assert "MissingRole" not in {e["name"] for e in m.contracts["SupplyOrders"].abi if e["type"] == "error"}
    due = (date.today() + timedelta(days=30)).isoformat()
    block = w3.eth.block_number
    assert vc(path, "order", "place", "--supplier", OEM, "--part", "P-9", "--quantity", "5", "--due", due, dev=3) == 2
    err = capsys.readouterr().err
    assert "placeOrder would revert: MissingRole(org=BPNL00000003B2OM, role=OEM) — BPNL00000003B2OM does not hold OEM." in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert w3.eth.block_number == block


def test_import_notification_and_list(suite, capsys):
    _, path = suite
    assert vc(path, "import", "catenax", str(FIXTURES / "demo" / "machine-downtime.json"), "--to", SUP,
              "--sidecar", str(path.parent / "sidecar.json"), dev=2) == 0
    assert vc(path, "signal", "list", "--to", SUP) == 0
    out = capsys.readouterr().out
    assert "production-incident / capacity-reduction (open)" in out
    assert json.loads((path.parent / "sidecar.json").read_text())["documents"]


def test_broken_payload_names_the_path_and_sends_nothing(suite, tmp_path, capsys, w3):
    _, path = suite
    data = json.loads((FIXTURES / "demo" / "machine-downtime.json").read_text())
    data["effect"] = "capacity-collapse"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    block = w3.eth.block_number
    assert vc(path, "import", "catenax", str(bad), "--to", SUP, dev=2) == 2
    assert "$.effect" in capsys.readouterr().err
    assert w3.eth.block_number == block


def test_material_demand_becomes_orders(suite, tmp_path, w3, capsys):
    m, path = suite
    data = json.loads((FIXTURES / "catenax" / "WeekBasedMaterialDemand-3.0.0.sample.json").read_text())
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    data["demandSeries"][0]["demands"] = [{"demand": 1000, "pointInTime": monday.isoformat()},
                                          {"demand": 0, "pointInTime": (monday + timedelta(days=7)).isoformat()}]
    file = tmp_path / "demand.json"
    file.write_text(json.dumps(data))
    assert vc(path, "import", "catenax", str(file), "--to", SUP, "--sidecar", str(tmp_path / "s.json"), dev=2) == 0
    assert "1 order(s) placed" in capsys.readouterr().out
    o = m.contract(w3, "SupplyOrders")
    order = abi.read(o.functions.getOrder(o.functions.orderCount().call()))
    assert order.quantity == 1000 and order.dueDay == orders.day_number(monday)


def _placed(path, capsys, part: str, quantity: str = "50") -> int:
    due = (date.today() + timedelta(days=30)).isoformat()
    assert vc(path, "order", "place", "--supplier", SUP, "--part", part, "--quantity", quantity, "--due", due, dev=2) == 0
    return int(capsys.readouterr().out.split("#")[1].split()[0])


def test_amendment_is_accepted_by_its_proposal_number(suite, w3, capsys):
    """The supplier proposes, then re-proposes; the OEM's acceptance of the first number
    is refused (it was replaced), the second goes through."""
    m, path = suite
    oid = _placed(path, capsys, "P-3")
    assert vc(path, "order", "confirm", str(oid), dev=3) == 0
    due = (date.today() + timedelta(days=35)).isoformat()
    numbers = []
    for quantity in ("60", "70"):
        assert vc(path, "order", "amend", str(oid), "--quantity", quantity, "--due", due, "--doc", "request", dev=3) == 0
        out = capsys.readouterr().out
        numbers.append(int(out.split("proposal #")[1].split()[0]))
    assert numbers == [1, 2]
    assert orders.pending_amendment(m.contract(w3, "SupplyOrders"), oid).quantity == 70
    assert vc(path, "order", "accept-amendment", str(oid), "--proposal", "1", dev=2) == 2
    assert "AmendmentMismatch" in capsys.readouterr().err
    assert vc(path, "order", "accept-amendment", str(oid), "--proposal", "2", dev=2) == 0
    order = m.contract(w3, "SupplyOrders").functions.getOrder(oid).call()
    assert (order[3], order[12]) == (70, 1)  # quantity, version
    assert orders.pending_amendment(m.contract(w3, "SupplyOrders"), oid) is None
    capsys.readouterr()
    assert vc(path, "order", "show") == 0
    assert "#2 by SUPPLIER: quantity 70" in capsys.readouterr().out


def test_amendment_citing_an_unknown_disruption_is_refused(suite, capsys):
    _, path = suite
    oid = _placed(path, capsys, "P-4")
    assert vc(path, "order", "confirm", str(oid), dev=3) == 0
    due = (date.today() + timedelta(days=35)).isoformat()
    never_sent = "d9452f24-3bf3-4134-b3eb-000000000001"
    assert vc(path, "order", "amend", str(oid), "--quantity", "40", "--due", due, "--cite-disruption", never_sent, dev=3) == 2
    assert "UncitableSignal" in capsys.readouterr().err
    assert vc(path, "order", "amend", str(oid), "--quantity", "40", "--due", due, "--cite-disruption", "nope", dev=3) == 2
    assert "not a UUID" in capsys.readouterr().err


def test_cancel_through_the_cli(suite, w3, capsys):
    m, path = suite
    oid = _placed(path, capsys, "P-5")
    assert vc(path, "order", "cancel", str(oid), "--doc", "fall back on stock", dev=3) == 2  # not the OEM
    assert "WrongSide" in capsys.readouterr().err
    assert vc(path, "order", "cancel", str(oid), "--doc", "fall back on stock", dev=2) == 0
    assert abi.read(m.contract(w3, "SupplyOrders").functions.getOrder(oid)).state == State.CANCELLED
