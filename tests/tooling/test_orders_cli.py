"""`valuechain order|signal|import` against a deployed suite on Anvil."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from brownie import accounts, web3

from tests.support.registry import admit_accepted
from valuechain import abi, catenax, deploy, manifest, orders, signals
from valuechain.cli import main as cli
from valuechain.events import EventIndex
from valuechain.identity import Role, bytes16_to_bpnl
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


@pytest.fixture(autouse=True)
def own_event_index(tmp_path, monkeypatch):
    """Imports read the event index: each test has its own (the chain is reverted between tests)."""
    monkeypatch.setenv("VALUECHAIN_INDEX_DIR", str(tmp_path / "index"))


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
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"{bad} (DemandAndCapacityNotification 3.0.0): $.effect: expected one of demand-reduction" in err
    assert w3.eth.block_number == block


def test_a_semantic_id_that_does_not_fit_is_refused(suite, w3, capsys):
    _, path = suite
    block = w3.eth.block_number
    assert vc(path, "import", "catenax", str(DOWNTIME), "--to", SUP, "--semantic-id", "3.0.1", dev=2) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "semantic id '3.0.1': not a supported aspect model; expected one of 3.0.0" in err
    urn = "urn:samm:io.catenax.week_based_capacity_group:3.0.1#WeekBasedCapacityGroup"
    assert vc(path, "import", "catenax", str(DOWNTIME), "--to", SUP, "--semantic-id", urn, dev=2) == 2
    lines = capsys.readouterr().err.removeprefix("error: ").splitlines()  # one line per problem
    assert all(line.startswith(f"{DOWNTIME} (WeekBasedCapacityGroup 3.0.1): $.") for line in lines)
    assert (f"{DOWNTIME} (WeekBasedCapacityGroup 3.0.1): $.capacityGroupId: expected a value (required property), "
            "found missing") in lines
    assert w3.eth.block_number == block


def _weeks_of_demand(tmp_path, *demands: int) -> tuple[date, Path]:
    """The Catena-X sample demand with ``demands`` for the weeks from the Monday after next;
    that Monday and the file."""
    data = json.loads((FIXTURES / "catenax" / "WeekBasedMaterialDemand-3.0.0.sample.json").read_text())
    monday = date.today() + timedelta(days=14 - date.today().weekday())
    data["demandSeries"][0]["demands"] = [{"demand": d, "pointInTime": (monday + timedelta(days=7 * k)).isoformat()}
                                          for k, d in enumerate(demands)]
    file = tmp_path / "demand.json"
    file.write_text(json.dumps(data))
    return monday, file


def test_material_demand_becomes_orders(suite, tmp_path, w3, capsys):
    m, path = suite
    monday, file = _weeks_of_demand(tmp_path, 1000, 0)
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


# --- a notification is imported once ------------------------------------------------------------

DOWNTIME = FIXTURES / "demo" / "machine-downtime.json"


def _import(path, file, *extra, sidecar=None, dev=2):
    return vc(path, "import", "catenax", str(file), *extra, "--sidecar", str(sidecar or path.parent / "sidecar.json"),
              dev=dev)


def _variant(tmp_path, **changes) -> Path:
    data = json.loads(DOWNTIME.read_text())
    data.update(changes)
    file = tmp_path / f"variant-{len(list(tmp_path.glob('variant-*')))}.json"
    file.write_text(json.dumps(data))
    return file


def _disruption_rows(path, w3):
    with EventIndex(manifest.load(path=path), w3, path.parent / "check.sqlite") as index:
        index.sync()
        return index.signals().query("kind == 'DISRUPTION'"), index.scorecard()


def test_importing_the_same_notification_twice_posts_it_once(suite, w3, tmp_path, capsys):
    _, path = suite
    sidecar = tmp_path / "sidecar.json"
    assert _import(path, DOWNTIME, "--to", SUP, sidecar=sidecar) == 0
    assert "posted to " + SUP in capsys.readouterr().out
    block = w3.eth.block_number

    assert _import(path, DOWNTIME, "--to", SUP, sidecar=sidecar) == 0

    out = capsys.readouterr().out
    assert "notification 5b0c6f0e-8d4c-4f7e-9a5e-3f2b1c7d9e41 is already on chain" in out and "nothing sent" in out
    assert w3.eth.block_number == block  # nothing sent
    rows, card = _disruption_rows(path, w3)
    assert len(rows) == 1 and rows.iloc[0]["recipients"] == (SUP,)
    assert int(card.set_index("supplier").loc[SUP, "open_disruptions"]) == 1
    assert len(json.loads(sidecar.read_text())["documents"]) == 1


def test_a_crash_between_sending_and_the_sidecar_sends_nothing_again(suite, w3, tmp_path, capsys):
    """The chain, not the sidecar, says what was imported: the notification went out, the
    sidecar never heard of it (the run died in between); the rerun sends nothing and
    fills the sidecar in."""
    m, path = suite
    signals.post_disruption(Sender(w3, accounts[2].address), m.contract(w3, "SupplySignals"),
                            catenax.load(DOWNTIME), [SUP])
    block = w3.eth.block_number
    sidecar = tmp_path / "sidecar.json"
    assert not sidecar.exists()

    assert _import(path, DOWNTIME, "--to", SUP, sidecar=sidecar) == 0

    assert "already on chain" in capsys.readouterr().out and w3.eth.block_number == block
    assert len(json.loads(sidecar.read_text())["documents"]) == 1


def test_other_content_under_the_same_id_is_refused(suite, w3, tmp_path, capsys):
    _, path = suite
    assert _import(path, DOWNTIME, "--to", SUP) == 0
    capsys.readouterr()
    block = w3.eth.block_number

    assert _import(path, _variant(tmp_path, text="Press line 3 down: worse than thought."), "--to", SUP) == 2

    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert "notification 5b0c6f0e-8d4c-4f7e-9a5e-3f2b1c7d9e41 is already on chain with other content" in captured.err
    assert "new notificationId" in captured.err
    assert w3.eth.block_number == block


def test_the_resolved_notification_resolves_the_disruption_once(suite, w3, tmp_path, capsys):
    m, path = suite
    assert _import(path, DOWNTIME, "--to", SUP) == 0
    resolved = _variant(tmp_path, status="resolved", contentChangedAt="2026-11-26T08:00:00+01:00")

    assert _import(path, resolved, "--to", SUP) == 0
    assert "disruption 5b0c6f0e-8d4c-4f7e-9a5e-3f2b1c7d9e41 resolved" in capsys.readouterr().out
    block = w3.eth.block_number
    assert _import(path, resolved, "--to", SUP) == 0

    assert "already on chain (resolved" in capsys.readouterr().out and w3.eth.block_number == block
    oem = bytes(m.contract(w3, "ConsortiumRegistry").functions.orgOf(accounts[2].address).call())
    notification_id = catenax.load(DOWNTIME).notification_id.bytes
    assert m.contract(w3, "SupplySignals").functions.resolvedAt(oem, notification_id).call() > 0
    rows, card = _disruption_rows(path, w3)
    assert list(rows["status"]) == ["RESOLVED"] and int(card.set_index("supplier").loc[SUP, "open_disruptions"]) == 0


def test_a_pending_transaction_of_the_sender_stops_the_import(suite, w3, capsys):
    """It may be this notification, sent by a run that died before it was mined."""
    _, path = suite
    w3.provider.make_request("evm_setAutomine", [False])
    try:
        w3.eth.send_transaction({"from": accounts[2].address, "to": accounts[2].address, "value": 0})
        block = w3.eth.block_number
        assert _import(path, DOWNTIME, "--to", SUP) == 2
        err = capsys.readouterr().err
        assert "1 transaction(s) of " + accounts[2].address + " are still pending" in err and err.count("\n") == 1
        assert w3.eth.block_number == block
    finally:
        w3.provider.make_request("evm_setAutomine", [True])
        w3.provider.make_request("evm_mine", [])


def test_the_same_notification_reaches_a_new_recipient_only(suite, w3, capsys):
    m, path = suite
    other = "BPNL00000003CRHK"
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [Admission(other, Role.SUPPLIER, accounts[4].address)],
                   Sender(w3, accounts[0].address))
    assert _import(path, DOWNTIME, "--to", SUP) == 0
    assert _import(path, DOWNTIME, "--to", SUP, "--to", other) == 0
    assert f"posted to {other} (block" in capsys.readouterr().out.splitlines()[-1]
    block = w3.eth.block_number
    assert _import(path, DOWNTIME, "--to", other, "--to", SUP) == 0
    assert w3.eth.block_number == block
    rows, card = _disruption_rows(path, w3)
    assert sorted(r for rs in rows["recipients"] for r in rs) == sorted([SUP, other])
    assert card.set_index("supplier").loc[[SUP, other], "open_disruptions"].tolist() == [1, 1]
def test_order_show_one_order(suite, w3, capsys, tmp_path):
    """`order show ID`: ids, parties, the part number in clear text (kept in the sidecar by
    `order place`), quantity, due date, the state by name, quality, amendments (the
    pending one too) and every transition with its block and time."""
    _, path = suite
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
    if int(order_id) > 0:  # asked of the contract
        assert err.startswith("error: order ID:") and f"no order #{order_id}" in err and "\n" not in err, err
    else:  # no order can have it: refused before connecting
        assert f"argument ID: {order_id} is out of range (expected an order id" in err and "\n" not in err, err
    assert "Traceback" not in err


def test_order_show_without_orders(suite, capsys):
    _, path = suite
    assert vc(path, "order", "show") == 0
    assert "no order was placed yet" in capsys.readouterr().out


def _weeks_of_capacity(tmp_path) -> Path:
    """The Catena-X sample capacity group with three weeks instead of one."""
    data = json.loads((FIXTURES / "catenax" / "WeekBasedCapacityGroup-3.0.0.sample.json").read_text())
    week = data["capacities"][0]
    data["capacities"] = [{**week, "pointInTime": day} for day in ("2022-08-01", "2022-08-08", "2022-08-15")]
    file = tmp_path / "capacity.json"
    file.write_text(json.dumps(data))
    return file


def _capacity_signals(m, w3) -> list[tuple[str, int]]:
    logs = m.contract(w3, "SupplySignals").events.CapacitySignalled.get_logs(from_block=0)
    return sorted((bytes16_to_bpnl(log["args"]["recipient"]), log["args"]["week"]) for log in logs)


def test_a_capacity_group_is_posted_once_per_week_and_recipient(suite, w3, tmp_path, capsys):
    """A run that died after the first week went out: the rerun posts the two others,
    the next rerun nothing; a new recipient gets every week, the others nothing more."""
    m, path = suite
    file = _weeks_of_capacity(tmp_path)
    signals.post_capacity(Sender(w3, accounts[2].address), m.contract(w3, "SupplySignals"), catenax.load(file), [SUP],
                          skip=frozenset({1, 2}))
    assert _capacity_signals(m, w3) == [(SUP, 202231)]

    assert _import(path, file, "--to", SUP) == 0
    out = capsys.readouterr().out
    assert "2 weekly capacity signal(s) posted" in out and "1 week(s) of this file already on chain" in out
    assert "week 202231: block" in out
    assert _capacity_signals(m, w3) == [(SUP, 202231), (SUP, 202232), (SUP, 202233)]
    block = w3.eth.block_number
    assert _import(path, file, "--to", SUP) == 0
    assert "0 weekly capacity signal(s) posted; 3 week(s)" in capsys.readouterr().out and w3.eth.block_number == block

    other = "BPNL00000003CRHK"
    admit_accepted(m.contract(w3, "ConsortiumRegistry"), [Admission(other, Role.SUPPLIER, accounts[4].address)],
                   Sender(w3, accounts[0].address))
    assert _import(path, file, "--to", SUP, "--to", other) == 0
    assert "3 weekly capacity signal(s) posted" in capsys.readouterr().out
    assert _capacity_signals(m, w3) == sorted([(r, w) for r in (SUP, other) for w in (202231, 202232, 202233)])


def test_a_changed_capacity_group_is_posted_again(suite, w3, tmp_path, capsys):
    """Other figures are another payload (another content hash): posted, not taken for a rerun."""
    m, path = suite
    file = _weeks_of_capacity(tmp_path)
    assert _import(path, file, "--to", SUP) == 0
    data = json.loads(file.read_text())
    data["capacities"][0]["actualCapacity"] = 900
    file.write_text(json.dumps(data))
    assert _import(path, file, "--to", SUP) == 0
    assert "3 weekly capacity signal(s) posted" in capsys.readouterr().out.splitlines()[-1]
    assert len(_capacity_signals(m, w3)) == 6


def test_a_material_demand_places_each_weeks_order_once(suite, w3, tmp_path, capsys):
    """A run that died after the first week's order: the rerun places the second only,
    the next rerun nothing, and says which orders the file already has."""
    m, path = suite
    _, file = _weeks_of_demand(tmp_path, 1000, 700)
    demand = catenax.load(file)
    o = m.contract(w3, "SupplyOrders")
    second_week = catenax.to_chain(demand).demands[1].week
    [first] = orders.place_from_demand(Sender(w3, accounts[2].address), o, demand, 9_500, SUP,
                                       skip=frozenset({second_week}))

    assert _import(path, file, "--to", SUP) == 0
    out = capsys.readouterr().out
    assert f"1 order(s) placed: #{first + 1}" in out and "1 order(s) of this file already on chain" in out
    assert f": #{first})" in out
    quantities = [abi.read(o.functions.getOrder(i)).quantity for i in range(1, o.functions.orderCount().call() + 1)]
    assert quantities == [1000, 700]
    block = w3.eth.block_number
    assert _import(path, file, "--to", SUP) == 0
    assert "0 order(s) placed: -" in capsys.readouterr().out and w3.eth.block_number == block


def test_a_pending_transaction_of_the_sender_stops_a_demand_import(suite, w3, tmp_path, capsys):
    _, path = suite
    file = FIXTURES / "catenax" / "WeekBasedMaterialDemand-3.0.0.sample.json"
    w3.provider.make_request("evm_setAutomine", [False])
    try:
        w3.eth.send_transaction({"from": accounts[2].address, "to": accounts[2].address, "value": 0})
        assert _import(path, file, "--to", SUP) == 2
        err = capsys.readouterr().err
        assert "still pending" in err and "this demand's orders; nothing was sent" in err and err.count("\n") == 1
    finally:
        w3.provider.make_request("evm_setAutomine", [True])
        w3.provider.make_request("evm_mine", [])
