"""DataFrames over the event index, and the CLI's sync and report (the charts from frames:
tests/offline/test_charts.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from brownie import accounts
from eth_utils import keccak
from rich.console import Console

from tests.support.events import OEM, SUPPLIER_A, SUPPLIER_B, admit_many, bpnl, deploy_registry_suite
from valuechain import members
from valuechain.events import EventIndex, charts
from valuechain.events.commands import report_command, sync_command
from valuechain.identity import Role, Status
from valuechain.tx import Sender


@pytest.fixture(scope="module")
def suite(w3, tmp_path_factory):
    manifest, council, onboarder = deploy_registry_suite(w3, [a.address for a in accounts], tmp_path_factory.mktemp("deploy"))
    registry = manifest.contract(w3, "ConsortiumRegistry")
    # supplier A rotates its key, the OEM updates its profile, the council changes roles
    old_key, new_key = Sender(w3, accounts[3].address), Sender(w3, accounts[6].address)
    members.rotate_operator(old_key, new_key, registry)
    oem = Sender(w3, accounts[2].address)
    oem.transact(registry.functions.updateProfile(keccak(text="oem v2")))
    council.transact(registry.functions.changeRoles(SUPPLIER_A.encode(), int(Role.SUPPLIER | Role.AUDITOR)))
    admit_many(onboarder, manifest, 1, 3)
    members.offboard(council, registry, bpnl(2), keccak(text="left"))
    return SimpleNamespace(manifest=manifest, registry=registry, council=council)


@pytest.fixture
def index(w3, suite, tmp_path):
    index = EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite")
    index.sync()
    return index


def test_members_match_the_chain(index, suite):
    """Every org the registry knows, with its roles, status, operators, profile and
    joining time as the registry's own views hold them."""
    frame = index.members().set_index("org")
    registry = suite.registry
    admitted = index.events("ConsortiumRegistry", "OrgAdmitted")["org"]
    assert list(frame.index) == list(admitted)
    for org, row in frame.iterrows():
        roles, status, joined, count, _, profile = registry.functions.getOrg(org.encode()).call()
        assert row["roles"] == roles and row["status"] == Status(status).name
        assert set(row["operators"]) == set(registry.functions.operatorsOf(org.encode()).call())
        assert len(row["operators"]) == count
        assert row["profile_hash"] == "0x" + bytes(profile).hex()
        assert row["joined"] == pd.Timestamp(joined, unit="s", tz="UTC")
    assert frame.loc[SUPPLIER_A, "role_names"] == "SUPPLIER|AUDITOR"
    assert frame.loc[SUPPLIER_A, "operators"] == (accounts[6].address,)
    assert frame.loc[SUPPLIER_B, "status"] == Status.SUSPENDED.name
    assert frame.loc[SUPPLIER_B, "reason_hash"] == "0x" + keccak(text="audit").hex()
    assert frame.loc[bpnl(2), "status"] == "OFFBOARDED"
    assert frame.loc[OEM, "profile_hash"] == "0x" + keccak(text="oem v2").hex()
    assert frame.loc[OEM, "events"] == 3  # admitted, its key accepted, profile updated
    assert str(frame["joined"].dtype) == "datetime64[ns, UTC]" or str(frame["joined"].dtype).endswith("UTC]")


def test_operator_offers_are_the_ones_the_registry_still_holds(index, suite):
    """Admission offers never taken stay open; a taken offer (the OEM's, A's rotation),
    and the offers of an offboarded org, are gone."""
    offers = index.operator_offers()
    registry = suite.registry
    assert list(offers["org"]) == [bpnl(1), bpnl(3)]  # bpnl(2) was offboarded: its offer is void
    for org, account in zip(offers["org"], offers["account"], strict=True):
        assert registry.functions.hasOperatorOffer(account, org.encode()).call()
    voided = index.events("ConsortiumRegistry", "OrgAdmitted").set_index("org").loc[bpnl(2), "operator"]
    assert not registry.functions.hasOperatorOffer(voided, bpnl(2).encode()).call()
    assert offers["offered"].is_monotonic_increasing and str(offers["offered"].dtype).endswith("UTC]")


def test_role_holders_and_pauses(w3, suite, tmp_path):
    registry, council = suite.registry, suite.council
    guardian_role = registry.functions.GUARDIAN_ROLE().call()
    for account in (accounts[7].address, accounts[8].address):
        council.transact(registry.functions.grantRole(guardian_role, account))
    council.transact(registry.functions.revokeRole(guardian_role, accounts[7].address))
    members.pause(council, registry)
    members.unpause(council, registry)
    members.pause(council, registry)
    with EventIndex(suite.manifest, w3, tmp_path / "ix.sqlite") as index:
        index.sync()
        held = index.role_holders()
        pauses = index.pauses()
    guardians = held[held["role"] == "0x" + guardian_role.hex()]
    assert list(guardians["account"]) == [accounts[8].address] and list(guardians["granted_by"]) == [council.address]
    onboarders = held[held["role"] == "0x" + registry.functions.ONBOARDER_ROLE().call().hex()]
    assert list(onboarders["account"]) == [accounts[1].address]
    assert list(pauses["event"]) == ["Paused", "Unpaused", "Paused"] and set(pauses["account"]) == {council.address}
    assert pauses["block"].iloc[-1] == w3.eth.block_number


def test_events_filters_by_contract_event_and_since(index, w3):
    everything = index.events()
    assert list(everything.columns[:8]) == ["block", "time", "contract", "event", "org", "counterparty", "asset", "order_id"]
    assert everything["block"].is_monotonic_increasing
    admitted = index.events("ConsortiumRegistry", "OrgAdmitted")
    assert list(admitted["org"]) == [OEM, SUPPLIER_A, SUPPLIER_B, bpnl(1), bpnl(2), bpnl(3)]
    assert {"operator", "roles", "profileHash"} <= set(admitted.columns)  # arguments as columns
    assert "org_arg" not in admitted.columns  # the org argument is the org column
    both = index.events(event=["OrgSuspended", "OrgOffboarded"])
    assert list(both["event"]) == ["OrgSuspended", "OrgOffboarded"] and "reasonHash" not in both.columns
    last_block = int(everything["block"].max())
    assert set(index.events(since=last_block)["block"]) == {last_block}
    later = everything["time"].max()
    assert (index.events(since=later.isoformat())["time"] >= later).all()
    assert index.events(since=later + pd.Timedelta(days=1)).empty
    assert index.events("NoSuchContract").empty


def test_scorecard_lists_every_supplier_of_the_registry(index):
    card = index.scorecard().set_index("supplier")
    assert set(card.index) == {SUPPLIER_A, SUPPLIER_B, bpnl(1), bpnl(2), bpnl(3)}
    assert card.loc[SUPPLIER_B, "status"] == "SUSPENDED" and card.loc[bpnl(2), "status"] == "OFFBOARDED"
    assert (card["orders"] == 0).all() and card["quality_mean"].isna().all() and (card["open_disruptions"] == 0).all()


def test_sync_command_shows_progress_and_summary(w3, suite, tmp_path):
    console = Console(record=True, width=150)
    result = sync_command(w3, suite.manifest, tmp_path / "ix.sqlite", console=console)
    text = console.export_text()
    assert f"indexed {result.events:,} events in blocks {result.first_block:,}..{result.last_block:,}" in text
    again = Console(record=True, width=150)
    sync_command(w3, suite.manifest, tmp_path / "ix.sqlite", console=again)
    assert f"up to date at block {result.last_block:,}" in again.export_text()


def test_report_command_prints_the_scorecard_and_says_when_a_chart_is_empty(w3, suite, tmp_path):
    console = Console(record=True, width=200)
    report = report_command(suite.manifest, w3, tmp_path / "ix.sqlite", out_dir=tmp_path / "reports", console=console)
    text = console.export_text()
    assert "Supplier scorecard" in text and SUPPLIER_B in text and "SUSPENDED" in text
    assert report.sync is not None and report.sync.events > 0
    # the registry alone has no orders or signals: each chart says so in its image
    assert list(report.charts) == list(charts.CHARTS) and all(c.empty for c in report.charts.values())
    assert all(c.path.parent == tmp_path / "reports" and c.path.stat().st_size > 5_000 for c in report.charts.values())
    assert report.charts["order_funnel"].title == "No orders placed yet" and "nothing to draw yet" in text
