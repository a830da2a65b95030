"""The `make demo` scenario runs end to end and leaves the chain as it says."""

from brownie import accounts
from rich.console import Console

import json

from valuechain import ip, licensing, members, orders, signals
from valuechain.orders import State
from valuechain.identity import Role, Status
from valuechain.scenario import AUDITOR, FIXTURES, OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, Demo


def test_demo_scenario_end_to_end(w3, tmp_path):
    console = Console(record=True, width=200)
    demo = Demo(w3, [a.address for a in accounts], console=console, manifest_dir=tmp_path, reports_dir=tmp_path / "reports")
    demo.run()

    by_bpnl = {m.bpnl: m for m in members.members(demo.contracts["registry"])}
    assert len(by_bpnl) == 5 + 6  # five by batch, six from the CSV (once, despite the rerun)
    assert by_bpnl[OEM].roles == Role.OEM and by_bpnl[OEM].status == Status.ACTIVE
    assert by_bpnl[SUPPLIER_C].status == Status.SUSPENDED
    # the rotated key is the only operator left, the old one is revoked
    assert by_bpnl[SUPPLIER_A].operators == (accounts[6].address,)
    assert members.org_of(demo.contracts["registry"], accounts[3].address) is None
    # IP: a lineage of two versions owned by A; the process moved to B
    ipr = demo.contracts["IPRegistry"]
    assert ipr.functions.versionCount(demo.assets["design"]).call() == 2
    assert ipr.functions.latestVersion(demo.assets["design"]).call() == demo.assets["design_v2"]
    assert [e.owner for e in ip.history(ipr, demo.assets["process"])] == [SUPPLIER_A, SUPPLIER_B]
    # licences: the OEM's (requested, granted) with two accesses, the auditor's, B's revoked
    lic = demo.contracts["DataLicensing"]
    P = licensing.Purpose
    assert licensing.is_licensed(lic, demo.assets["design"], OEM, P.MANUFACTURING)
    assert not licensing.is_licensed(lic, demo.assets["design"], OEM, P.AI_TRAINING)
    assert licensing.is_licensed(lic, demo.assets["design"], AUDITOR, P.TRACEABILITY)
    assert not licensing.is_licensed(lic, demo.assets["design"], SUPPLIER_B, P.PRODUCTION_PLANNING)
    statuses = sorted(v.status.name for v in licensing.licences(lic))
    assert statuses == ["ACTIVE", "ACTIVE", "REVOKED"]
    assert [e.licensee for e in licensing.access_log(lic)] == [OEM, OEM]
    # the seed scenario of supply orders: conservation, short delivery, the cited signal
    o = demo.contracts["SupplyOrders"]
    a, b = demo.orders_placed["A"], demo.orders_placed["B"]
    order_a, order_b = o.functions.getOrder(a).call(), o.functions.getOrder(b).call()
    assert order_a[3] + order_b[3] == 9_000  # amended quantity, 4,000 reallocated
    assert (order_a[4], order_a[5], State(order_a[13])) == (5_000, 4_950, State.CLOSED)
    assert (order_b[5], State(order_b[13])) == (4_000, State.CLOSED)
    steps = orders.timelines(o)
    assert [s.event for s in steps[a]].count("AmendmentAccepted") == 1
    assert "citing disruption signal" in next(s.detail for s in steps[a] if s.event == "AmendmentAccepted")
    assert "short by 50" in next(s.detail for s in steps[a] if s.event == "ShipmentReceived")
    sigs = signals.list_signals(demo.contracts["SupplySignals"], SUPPLIER_A)
    assert {s.kind for s in sigs} == {"capacity", "disruption"}
    # round trip: the on-chain notification exports back to the imported JSON
    disruption = next(s for s in sigs if s.kind == "disruption")
    exported = signals.export_disruption(disruption, demo.sidecar)
    original = json.loads((FIXTURES / "demo" / "machine-downtime.json").read_text())
    assert exported == original
    # analytics: the scorecard covers the suppliers with orders; charts are real PNGs
    card = demo.analytics_report.scorecard
    assert len(card) >= 2
    pngs = list((tmp_path / "reports").glob("*.png"))
    assert pngs and all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
    text = console.export_text()
    assert "SUSPENDED" in text and SUPPLIER_A in text
    # the design proves A's registration, not B's claim to it, nor a tampered file
    assert f"receipt for {SUPPLIER_A}: match; claimed by {SUPPLIER_B}: not-registrant; after tampering with the file: mismatch" in text
