"""The `make demo` scenario runs end to end and leaves the chain as it says."""

import json

from brownie import accounts
from rich.console import Console

from valuechain import licensing, members, signals
from valuechain.identity import Role, Status, bpnl_to_bytes16
from valuechain.orders import State
from valuechain.scenario import AUDITOR, FIXTURES, OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, Demo


def test_demo_scenario_end_to_end(w3, tmp_path):
    console = Console(record=True, width=200)
    demo = Demo(w3, [a.address for a in accounts], console=console, manifest_dir=tmp_path, reports_dir=tmp_path / "reports",
                quarter_params=None)  # the quarter moves the clock by weeks: tests/tooling/test_simulate.py plays it
    demo.run()
    index = demo.read()  # what the demo's tables read: its event index, synced

    by_bpnl = index.members().set_index("org")
    assert len(by_bpnl) == 5 + 6  # five by batch, six from the CSV (once, despite the rerun)
    assert by_bpnl.loc[OEM, "roles"] == Role.OEM and by_bpnl.loc[OEM, "status"] == Status.ACTIVE.name
    assert by_bpnl.loc[SUPPLIER_C, "status"] == Status.SUSPENDED.name
    # the rotated key is the only operator left, the old one is revoked
    assert by_bpnl.loc[SUPPLIER_A, "operators"] == (accounts[6].address,)
    assert members.org_of(demo.contracts["registry"], accounts[3].address) is None
    # IP: a lineage of two versions owned by A; the process moved to B
    ipr = demo.contracts["IPRegistry"]
    assert ipr.functions.versionCount(demo.assets["design"]).call() == 2
    assert ipr.functions.latestVersion(demo.assets["design"]).call() == demo.assets["design_v2"]
    assert list(index.ip_history("0x" + demo.assets["process"].hex())["owner"]) == [SUPPLIER_A, SUPPLIER_B]
    # licences: the OEM's (requested, granted) with two accesses, the auditor's, B's revoked
    lic = demo.contracts["DataLicensing"]
    P = licensing.Purpose
    assert licensing.is_licensed(lic, demo.assets["design"], OEM, P.MANUFACTURING)
    assert not licensing.is_licensed(lic, demo.assets["design"], OEM, P.CX_DCM_BASE_1)
    assert licensing.is_licensed(lic, demo.assets["design"], AUDITOR, P.CX_PCF_BASE_1)
    assert not licensing.is_licensed(lic, demo.assets["design"], SUPPLIER_B, P.CX_PURIS_BASE_1)
    assert sorted(index.licences(now=index.last_time)["status"]) == ["ACTIVE", "ACTIVE", "REVOKED"]
    assert list(index.access_log()["licensee"]) == [OEM, OEM]
    # the seed scenario of supply orders: conservation, short delivery, the cited signal
    o = demo.contracts["SupplyOrders"]
    a, b = demo.orders_placed["A"], demo.orders_placed["B"]
    order_a, order_b = o.functions.getOrder(a).call(), o.functions.getOrder(b).call()
    assert order_a[3] + order_b[3] == 9_000  # amended quantity, 4,000 reallocated
    assert (order_a[4], order_a[5], State(order_a[13])) == (5_000, 4_950, State.CLOSED)
    assert (order_b[5], State(order_b[13])) == (4_000, State.CLOSED)
    steps = index.order_history(a)
    accepted = steps[steps["event"] == "AmendmentAccepted"]
    assert len(accepted) == 1 and accepted["args"].iloc[0]["signalKind"] == 2  # citing the disruption
    received = steps[steps["event"] == "ShipmentReceived"]["args"].iloc[0]
    assert received["shortfall"] == 50
    text = console.export_text()
    assert "citing disruption signal" in text and "short by 50" in text  # the demo's timeline tables
    assert set(index.signals(recipient=SUPPLIER_A)["kind"]) == {"CAPACITY", "DISRUPTION"}
    # round trip: the on-chain notification exports back to the imported JSON
    disruption = index.events("SupplySignals", "DisruptionSignalled")["args"].iloc[0]
    exported = signals.export_disruption(disruption, demo.sidecar)
    original = json.loads((FIXTURES / "demo" / "machine-downtime.json").read_text())
    assert exported == original
    # analytics: the scorecard covers the suppliers with orders; charts are real PNGs
    card = demo.analytics_report.scorecard
    assert len(card) >= 2
    pngs = list((tmp_path / "reports").glob("*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    assert "SUSPENDED" in text and SUPPLIER_A in text
    # the design proves A's registration, not B's claim to it, nor a tampered file
    assert f"receipt for {SUPPLIER_A}: match; claimed by {SUPPLIER_B}: not-registrant; after tampering with the file: mismatch" in text
    # the incident: B's leaked key revoked and replaced (B keeps its BPNL and IP), pause and resume
    reg = demo.contracts["registry"]
    assert by_bpnl.loc[SUPPLIER_B, "status"] == "ACTIVE" and by_bpnl.loc[SUPPLIER_B, "operators"] == (accounts[8].address,)
    assert members.org_of(reg, accounts[4].address) is None
    assert "not an operator" in demo.incident["leaked key"]
    assert "the suite is paused" in demo.incident["while paused"] and "nothing was sent" in demo.incident["while paused"]
    assert demo.incident["views while paused"].endswith("= True")
    assert not members.is_paused(reg)
    pauses = index.pauses()
    assert list(pauses["event"]) == ["Paused", "Unpaused"] and set(pauses["account"]) == {accounts[9].address}
    assert ipr.functions.getAsset(demo.assets["b_fixture"]).call()[0] == bpnl_to_bytes16(SUPPLIER_B)
    # CX-0125: the OEM's investigation held order A, A forwarded it to B, B answered; closed, then A shipped
    notes = index.notifications().set_index("notification_id")
    inv = notes.loc["0x" + demo.investigation.notification_id.hex]
    assert (inv["status"], inv["order_ids"], inv["severity"]) == ("CLOSED", (a,), "CRITICAL")
    tree = index.notification_tree("0x" + demo.investigation.notification_id.hex)
    assert list(tree["depth"]) == [0, 1] and list(tree["receiver"]) == [SUPPLIER_A, SUPPLIER_B]
    assert list(tree["status"]) == ["CLOSED", "CLOSED"] and not tree["unanswered"].any()
    shipped = steps[steps["event"] == "OrderShipped"]["block"].iloc[0]
    closed = index.events("QualityNotifications", "NotificationStatusChanged")
    assert shipped > closed[closed["args"].map(lambda x: x["status"] == 7)]["block"].max()
    assert "OrderOnHold" in text and "already on chain" in text and "isListed = True" in text
    assert "not answered" in text and "quality notif." in text  # the tree before B answered; the scorecard
    assert (tmp_path / "reports" / "notification_response_times.png").exists()
    index.close()
