"""The access matrix: every state-changing function of the suite, called as every kind of
caller, against the expected-allow table in tests/access/expected.json.

The function list comes from the build ABIs, so a function added later without a row in
the table (and a recipe in tests/access/recipes.py) fails ``test_every_function_has_a_row``.
Each call is an eth_call from the caller in the state the recipe built; states that need a
transaction first (the party's org suspended or offboarded, a removed operator, the suite
paused) are set up inside a raw EVM snapshot and undone right after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from brownie import (
    ConsortiumRegistry,
    DataLicensing,
    IPRegistry,
    QualityNotifications,
    SupplyOrders,
    SupplySignals,
    web3,
)
from eth_utils import keccak

from tests.access import recipes
from tests.access.world import World, build
from tests.support import brownie_speed

EXPECTED = json.loads((Path(__file__).parent / "expected.json").read_text())
SUITE = [ConsortiumRegistry, IPRegistry, DataLicensing, SupplyOrders, SupplySignals, QualityNotifications]
KINDS = ("party", "counterparty", "other_member", "wrong_role", "non_member", "removed_operator",
         "suspended", "offboarded", "council", "onboarder", "guardian", "paused")


def state_changing() -> set[str]:
    """``Contract.function`` of every non-view function in the suite's ABIs."""
    return {f"{c._name}.{item['name']}" for c in SUITE for item in c.abi
            if item["type"] == "function" and item["stateMutability"] not in ("view", "pure")}


@pytest.fixture(scope="module")
def world(registry, council, onboarder) -> World:
    return build(registry, council, onboarder)


def test_every_function_has_a_row():
    functions = state_changing()
    assert sorted(functions - set(EXPECTED)) == [], "functions without a row in tests/access/expected.json"
    assert sorted(set(EXPECTED) - functions) == [], "rows for functions that no longer exist"
    assert sorted(functions - set(recipes.RECIPES)) == [], "functions without a recipe in tests/access/recipes.py"
    for name, kinds in EXPECTED.items():
        assert set(kinds) <= set(KINDS), f"{name}: unknown caller kinds {set(kinds) - set(KINDS)}"


class _Snapshot:
    """A raw EVM snapshot around a few set-up transactions (cheaper than Brownie's)."""

    def __enter__(self):
        self.id = web3.provider.make_request("evm_snapshot", [])["result"]

    def __exit__(self, *exc):
        web3.provider.make_request("evm_revert", [self.id])
        brownie_speed.resync_after_raw_revert()


def _succeeds(call: recipes.Call, caller) -> bool:
    fn = getattr(call.contract, call.fn)
    try:
        fn.call(*call.args, {"from": caller})
    except Exception as exc:
        if "revert" not in str(exc).lower() and "EnforcedPause" not in str(exc):
            raise
        return False
    return True


def _attempt(w: World, call: recipes.Call, kind: str) -> bool | None:
    """Whether ``kind`` of caller may make ``call`` (None: the kind does not apply)."""
    party_org = w.orgs.get(call.party_org) if call.party_org else None
    if kind == "party":
        return _succeeds(call, call.party)
    if kind == "counterparty":
        return None if call.counterparty is None else _succeeds(call, call.counterparty)
    if kind == "other_member":
        return None if call.other_member is None else _succeeds(call, call.other_member)
    if kind == "wrong_role":
        return _succeeds(call, w.ops["auditor"]) if call.party_org not in (None, "auditor") else None
    if kind == "non_member":
        return _succeeds(call, w.non_member)
    if kind in ("council", "onboarder", "guardian"):
        return _succeeds(call, getattr(w, kind))
    with _Snapshot():
        if kind == "paused":
            if not w.registry.paused():
                w.registry.pause({"from": w.council})
            return _succeeds(call, call.party)
        if party_org is None:  # a council-style party: try the generic accounts
            caller = {"removed_operator": w.removed, "suspended": w.ops["suspended"],
                      "offboarded": w.ops["offboarded"]}[kind]
            return _succeeds(call, caller)
        if kind == "removed_operator":
            key, operator = w.spare[0], w.ops[call.party_org]
            w.registry.addOperator(key, {"from": operator})
            w.registry.acceptOperator(party_org, {"from": key})
            w.registry.removeOperator(key, {"from": operator})
            return _succeeds(call, key)
        if kind == "suspended":
            w.registry.suspend(party_org, keccak(b"test"), {"from": w.council})
        else:
            w.registry.offboard(party_org, keccak(b"test"), {"from": w.council})
        return _succeeds(call, call.party)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_access(world, name):
    call = recipes.RECIPES[name](world)
    observed = {kind for kind in KINDS if _attempt(world, call, kind)}
    expected = set(EXPECTED[name])
    assert "party" in expected, f"{name}: the right party must be allowed (the recipe is broken otherwise)"
    assert sorted(observed - expected) == [], f"{name}: unexpected successes"
    assert sorted(expected - observed) == [], f"{name}: unexpected refusals"
