"""`valuechain order|signal|import` against a deployed suite on Anvil."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from brownie import accounts, web3

from tests.conftest import admit_accepted
from valuechain import deploy, orders
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
    order = m.contract(w3, "SupplyOrders").functions.getOrder(oid).call()
    assert (order[5], State(order[13])) == (98, State.CLOSED)
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
    order = o.functions.getOrder(o.functions.orderCount().call()).call()
    assert order[3] == 1000 and order[6] == orders.day_number(monday)


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
    assert State(m.contract(w3, "SupplyOrders").functions.getOrder(oid).call()[13]) == State.CANCELLED


def test_order_show_one_order(suite, w3, capsys, tmp_path):
    """`order show ID`: ids, parties, the part number in clear text (kept in the sidecar by
    `order place`), quantity, due date, the state by name, quality, amendments (the
    pending one too) and every transition with its block and time."""
    m, path = suite
    sidecar = str(tmp_path / "sidecar.json")
    due = date.today() + timedelta(days=30)
    assert vc(path, "order", "place", "--supplier", SUP, "--part", "BRACKET-7", "--quantity", "40", "--due",
              due.isoformat(), "--sidecar", sidecar, dev=2) == 0
    oid = int(capsys.readouterr().out.split("#")[1].split()[0])
    assert vc(path, "order", "confirm", str(oid), dev=3) == 0
    confirmed = w3.eth.block_number
    assert vc(path, "order", "start", str(oid), dev=3) == 0
    assert vc(path, "order", "assess", str(oid), "--score", "9600", "--sample", "50", "--defects", "2", dev=3) == 0
    later = (due + timedelta(days=7)).isoformat()
    assert vc(path, "order", "amend", str(oid), "--quantity", "45", "--due", later, dev=3) == 0
    capsys.readouterr()
    assert vc(path, "order", "show", str(oid), "--sidecar", sidecar) == 0
    out = capsys.readouterr().out
    line = lambda text: next(row for row in out.splitlines() if text in row)  # noqa: E731
    assert f"Order #{oid}" in out and OEM in line("OEM") and SUP in line("supplier")
    assert "BRACKET-7" in line("part number")
    assert "40 H87; shipped 0, received 0" in line("quantity") and due.isoformat() in line("due")
    assert "IN_PRODUCTION" in line("state")
    assert "minimum 9,500 bp, last score 9,600 bp" in line("quality")
    assert f"0 accepted; #1 by SUPPLIER pending: quantity 45, due {later}" in line("amendments")
    assert "9,600" in line("IN_PRODUCTION │") and "no" in line("IN_PRODUCTION │")  # the interim assessment
    assert "#1 by SUPPLIER: quantity 45" in line("AmendmentProposed")
    confirmed_row = [row for row in out.splitlines() if "OrderConfirmed" in row][-1]
    assert str(confirmed) in confirmed_row and "CONFIRMED" in confirmed_row
    events = [e for e in ("OrderPlaced", "OrderConfirmed", "ProductionStarted", "QualityAssessed", "AmendmentProposed") if e in out]
    assert len(events) == 5
    # without the sidecar, the part number is its on-chain hash
    assert vc(path, "order", "show", str(oid), "--sidecar", str(tmp_path / "none.json")) == 0
    assert "0x" + orders.part_number("BRACKET-7").hex() in capsys.readouterr().out


@pytest.mark.parametrize("order_id", ["999", "0", "-1"])
def test_order_show_of_an_unknown_order_is_one_line(suite, capsys, order_id):
    _, path = suite
    assert vc(path, "order", "show", order_id) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: order ID:") and f"no order #{order_id}" in err and "\n" not in err, err
    assert "Traceback" not in err


def test_order_show_without_orders(suite, capsys):
    _, path = suite
    assert vc(path, "order", "show") == 0
    assert "no order was placed yet" in capsys.readouterr().out
