"""The ready-made views against the contracts' own state, after a business scenario."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pandas as pd
import pytest
from brownie import accounts
from rich.console import Console

from tests.support.events import OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, deploy_full_suite, play_business, uid
from tests.support.events_compare import assert_views_equal
from valuechain.contract_types import LicenceStatus, State
from valuechain.events import EventIndex, views
from valuechain.events.commands import report_command


@pytest.fixture(scope="module")
def world(w3, tmp_path_factory):
    manifest = deploy_full_suite(w3, [a.address for a in accounts], tmp_path_factory.mktemp("deploy"))
    ids = play_business(w3, manifest, [a.address for a in accounts])
    return SimpleNamespace(manifest=manifest, ids=ids, contracts={n: manifest.contract(w3, n) for n in manifest.contracts})


@pytest.fixture
def index(w3, world, tmp_path):
    index = EventIndex(world.manifest, w3, tmp_path / "ix.sqlite")
    index.sync()
    return index


def needs(world, name: str) -> None:
    if name not in world.manifest.contracts:
        pytest.skip(f"{name} is not part of this build yet")


def order_state(world, order_id: int) -> dict:
    contract = world.contracts["SupplyOrders"]
    abi = next(item for item in contract.abi if item.get("name") == "getOrder")
    names = [c["name"] for c in abi["outputs"][0]["components"]]
    return dict(zip(names, contract.functions.getOrder(order_id).call(), strict=True))


def test_the_fast_views_equal_the_reference_views_after_a_business_scenario(world, index):
    """Every view, filtered and not, as the views were before they were made fast for a
    million events (tests/support/events_reference): the business scenario has every
    kind of event (amendments, reallocations, holds, licences revoked, disruptions resolved)."""
    sizes = assert_views_equal(index.store, org=SUPPLIER_A)
    assert all(sizes[v] > 0 for v in ("members", "ip_history", "licences", "access_log", "orders", "order_history", "quality",
                                      "signals", "scorecard", "order_history(1)"))


def test_orders_view_matches_the_contract(world, index):
    frame = index.orders().set_index("order_id")
    ids = world.ids
    assert list(frame.index) == [ids[k] for k in ("o1", "o2", "o3", "o4", "o5")]
    for order_id, row in frame.iterrows():
        stored = order_state(world, int(order_id))
        assert State(stored["state"]).name == row["state"]
        assert (stored["quantity"], stored["shippedQuantity"], stored["receivedQuantity"]) == (
            row["quantity"], row["shipped_quantity"], row["received_quantity"],
        )  # fmt: skip
        assert row["due"] == pd.Timestamp(date.fromordinal(date(1970, 1, 1).toordinal() + stored["dueDay"]), tz="UTC")
        assert row["min_score"] == stored["minScore"] and row["oem"] == OEM and row["unit"] == "H87"
        timeline = row[list(views.TIMELINE.values())].dropna()
        assert list(timeline) == sorted(timeline) and row["placed"] == timeline.min()
    o1, o2, o3 = frame.loc[ids["o1"]], frame.loc[ids["o2"]], frame.loc[ids["o3"]]
    assert (o1["state"], o1["ordered_quantity"], o1["quantity"], o1["amendments"], o1["assessments"]) == ("CLOSED", 100, 120, 1, 2)
    assert o1["on_time"] and o1["shortfall"] == 0 and pd.isna(o1["quality_hold"])
    assert (o2["state"], o2["quantity"], o2["reallocated_quantity"], o2["children"]) == ("DISPUTED", 60, 40, (ids["o3"],))
    assert o2["shortfall"] == 5 and o2["on_time"] and not pd.isna(o2["quality_hold"]) and o2["last_score"] == 7_000
    assert (o3["state"], o3["parent_id"], o3["supplier"], o3["on_time"]) == ("DELIVERED", ids["o2"], SUPPLIER_C, False)
    assert frame.loc[ids["o4"], "state"] == "REJECTED" and frame.loc[ids["o5"], "state"] == "CANCELLED"
    assert frame.loc[ids["o5"], "cancelled"] == frame.loc[ids["o5"], "last_change"]


def test_quality_view_lists_every_assessment(world, index):
    frame = index.quality()
    ids = world.ids
    assert list(zip(frame["order_id"], frame["supplier"], frame["score"], strict=True)) == [
        (ids["o1"], SUPPLIER_A, 9_600), (ids["o1"], SUPPLIER_A, 9_700), (ids["o2"], SUPPLIER_B, 7_000), (ids["o3"], SUPPLIER_C, 9_500),
    ]  # fmt: skip
    assert list(frame["below_threshold"]) == [False, False, True, False]
    assert list(frame["state_after"]) == ["IN_PRODUCTION", "READY_TO_SHIP", "QUALITY_HOLD", "READY_TO_SHIP"]
    assert list(frame["is_final"]) == [False, True, False, True] and (frame["min_score"] == 9_000).all()
    assert list(frame["defects"]) == [2, 1, 12, 2] and frame["time"].is_monotonic_increasing


def test_signals_view_has_one_row_per_signal(world, index):
    frame = index.signals()
    capacity = frame[frame["kind"] == "CAPACITY"].reset_index(drop=True)
    everyone = tuple(sorted((SUPPLIER_A, SUPPLIER_B, SUPPLIER_C)))
    assert list(capacity["signal_id"]) == ["0x" + uid(n).hex() for n in (1, 2, 3)]
    assert all(r == everyone for r in capacity["recipients"])
    monday = lambda code: pd.Timestamp(date.fromisocalendar(code // 100, code % 100, 1), tz="UTC")  # noqa: E731
    assert list(capacity["week"]) == [monday(world.ids["this_week"]), monday(world.ids["next_week"]), monday(world.ids["this_week"])]
    assert list(capacity["demand"]) == [950, 1100, 950] and capacity.loc[1, "occupancy"] == pytest.approx(1100 / 800)
    assert (capacity["site"] == "BPNS000000000001").all()
    disruptions = frame[frame["kind"] == "DISRUPTION"].set_index("signal_id")
    downtime, truck = disruptions.loc["0x" + uid(10).hex()], disruptions.loc["0x" + uid(11).hex()]
    assert (downtime["cause"], downtime["effect"], downtime["status"]) == ("PRODUCTION_INCIDENT", "CAPACITY_REDUCTION", "OPEN")
    assert downtime["recipients"] == (SUPPLIER_B, SUPPLIER_C) and pd.isna(downtime["resolved"])
    assert (truck["cause"], truck["status"], truck["recipients"]) == ("LOGISTICS_DISRUPTION", "RESOLVED", (SUPPLIER_A,))
    assert truck["resolved"] >= truck["time"] and pd.isna(truck["expected_end"])


def test_scorecard(world, index):
    card = index.scorecard().set_index("supplier")
    assert list(card.index) == sorted([SUPPLIER_A, SUPPLIER_B, SUPPLIER_C])
    a, b, c = card.loc[SUPPLIER_A], card.loc[SUPPLIER_B], card.loc[SUPPLIER_C]
    assert (a["orders"], a["open_orders"], a["assessments"], a["quality_mean"], a["quality_min"]) == (2, 0, 2, 9_650, 9_600)
    assert (a["below_threshold_share"], a["delivered"], a["on_time_share"], a["short_deliveries"]) == (0, 1, 1, 0)
    assert (b["below_threshold_share"], b["short_deliveries"], b["shortfall"], b["reallocations"], b["reallocated_quantity"]) == (1, 1, 5, 1, 40)
    assert (c["orders"], c["on_time_share"], c["reallocations"]) == (2, 0, 0)
    # the downtime is open for B and C; A's truck disruption was resolved
    assert (a["open_disruptions"], b["open_disruptions"], c["open_disruptions"]) == (0, 1, 1)


def test_report_writes_the_charts(w3, world, tmp_path):
    console = Console(record=True, width=80)
    report = report_command(world.manifest, w3, tmp_path / "ix.sqlite", out_dir=tmp_path / "reports", console=console)
    assert list(report.charts) == ["quality_over_time", "capacity_vs_demand", "reallocations", "delivery_otif",
                                   "order_funnel", "notification_response_times"]
    assert report.charts.pop("notification_response_times").empty  # this world sent no quality notification
    for chart in report.charts.values():
        assert not chart.empty and chart.path.parent == tmp_path / "reports"
        assert chart.path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and chart.path.stat().st_size > 10_000
    # what they found in this world (tests/tooling/test_report_charts.py checks the figures)
    assert report.charts["reallocations"].title == f"40 units reallocated in 1 move, all from {SUPPLIER_B} to {SUPPLIER_C}"
    assert report.charts["capacity_vs_demand"].title.startswith("Demand exceeded capacity in 1 of 2 weeks: 300 units short")
    text = console.export_text()
    assert SUPPLIER_B in text and "(40)" in text  # reallocated units, unsquashed on 80 columns


def test_ip_history_answers_who_owned_what_when(world, index, w3):
    needs(world, "IPRegistry")
    history = index.ip_history()
    ids, ip = world.ids, world.contracts["IPRegistry"]
    lineage = history[history["root"] == "0x" + ids["d1"].hex()]
    assert list(lineage["event"]) == ["AssetRegistered", "AssetRevised", "AssetTransferred"]
    assert list(lineage["owner"]) == [SUPPLIER_A, SUPPLIER_A, SUPPLIER_B] and list(lineage["version"]) == [1, 2, 2]
    assert lineage["owner_until"].iloc[0] == lineage["owner_until"].iloc[1] == lineage["time"].iloc[2]
    assert pd.isna(lineage["owner_until"].iloc[2])
    latest = w3.eth.get_block("latest")["timestamp"]
    for moment in (ids["before_transfer"], latest):
        on_chain = ip.functions.ownerAt(ids["d1v2"], moment).call().decode()
        assert views.owner_at(history, "0x" + ids["d1v2"].hex(), pd.Timestamp(moment, unit="s", tz="UTC")) == on_chain
    assert views.owner_at(history, "0x" + ids["d1"].hex(), int(lineage["block"].iloc[0]) - 1) is None
    # one lineage, asked by any of its versions
    assert index.ip_history("0x" + ids["d1v2"].hex()).equals(lineage)
    assert index.ip_history("0x" + "ab" * 32).empty


def test_licences_have_the_contracts_status(world, index):
    needs(world, "DataLicensing")
    frame = index.licences().set_index("licence")
    lic, ids = world.contracts["DataLicensing"], world.ids
    abi = next(item for item in lic.abi if item.get("name") == "getLicence")
    fields = [c["name"] for c in abi["outputs"][0]["components"]]
    for licence, row in frame.iterrows():
        key = (bytes.fromhex(row["asset"][2:]), bytes.fromhex(licence[2:]))
        assert LicenceStatus(lic.functions.statusOf(*key).call()).name == row["status"]
        stored = dict(zip(fields, lic.functions.getLicence(*key).call(), strict=True))
        # the design's owner now; a sublicence's licensor is its sublicensor
        licensor = SUPPLIER_A if row["created_by"] == "SublicenceOffered" else SUPPLIER_C
        assert stored["licensor"].decode() == row["licensor"] == licensor
        assert stored["licensee"].decode() == row["licensee"] and stored["purposes"] == row["purposes"]
        assert row["granted_by"] == (SUPPLIER_A if licensor == SUPPLIER_A else OEM)
    key = lambda name: "0x" + ids[name].hex()  # noqa: E731
    # sublicences: offers of A under lic_a, one accepted by B, one left to lapse by C
    accepted, lapsed = frame.loc[key("lic_sub_b")], frame.loc[key("lic_sub_c")]
    assert (accepted["status"], accepted["licensee"], accepted["parent"]) == ("ACTIVE", SUPPLIER_B, key("lic_a"))
    assert accepted["in_force"] and accepted["start"] >= accepted["created"]  # from the acceptance on
    assert (lapsed["status"], lapsed["licensee"], lapsed["in_force"]) == ("LAPSED", SUPPLIER_C, False)
    rows = index.events("DataLicensing", "SublicenceOffered")
    assert set(rows["org"]) == {SUPPLIER_A} and set(rows["counterparty"]) == {SUPPLIER_B, SUPPLIER_C}
    assert frame.loc[key("lic_a"), "accesses"] == 2 and frame.loc[key("lic_a"), "in_force"]
    assert frame.loc[key("lic_c"), "revocation_reason"] == "BREACH"
    assert {frame.loc[key(n), "status"] for n in ("lic_c_short", "lic_c_offer")} == {"EXPIRED", "LAPSED"}
    log = index.access_log()
    assert list(log["purpose_name"]) == ["valuechain.manufacturing:1", "cx.quality.base:1"] and set(log["licensee"]) == {SUPPLIER_A}
