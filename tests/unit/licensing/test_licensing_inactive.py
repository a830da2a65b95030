"""DataLicensing: every state-changing function refuses a removed operator and the
operators of a suspended or offboarded org, each in the role it would otherwise act in.

Each case is first called by its rightful, active party (it must go through), then by
the same account after its binding or its org lost standing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from brownie import accounts

from tests.support.errors import reverts_with
from tests.support.licensing import ACCESS, DAY, MF, QA, RD, ZERO32, Reason, add_operator, now, terms_tuple

REASON = b"\x99" * 32
SPARE = 8  # an account no fixture binds: the operator that stays when one is removed


@dataclass(frozen=True)
class Scene:
    parent: str  # the OEM's sublicensable licence on assets[0]
    offer: str  # the owner's offer to the OEM on assets[1]
    request: str  # the OEM's request on assets[2]
    sub_offer: str  # the OEM's sublicence offer to the auditor under `parent`
    end: int  # an end within every window above


@pytest.fixture(scope="module")
def scene(world, assets, oem, auditor, std_terms, sub_terms, supplier_a_op, oem_op) -> Scene:
    end = now() + 30 * DAY
    parent = world.grant(assets[0], oem, sub_terms, QA | MF | RD, 0, now() + 60 * DAY, {"from": supplier_a_op}).return_value
    offer = world.offer(assets[1], oem, std_terms, QA, 0, end, now() + 7 * DAY, {"from": supplier_a_op}).return_value
    request = world.request(assets[2], std_terms, QA, 0, end, {"from": oem_op}).return_value
    sub_offer = world.sublicense(assets[0], parent, auditor, QA, 0, end, now() + 7 * DAY, {"from": oem_op}).return_value
    return Scene(parent, offer, request, sub_offer, end)


# case -> (acting org, its operator, the call as (function, args))
Case = Callable[[object, list, Scene, dict], tuple]
CASES: dict[str, tuple[str, Case]] = {
    "publishTerms": ("supplier_b", lambda w, a, s, o: (w.publishTerms, (terms_tuple(QA, max_days=9),))),
    "grant": ("supplier_a", lambda w, a, s, o: (w.grant, (a[2], o["auditor"], o["std_terms"], QA, 0, s.end))),
    "offer": ("supplier_a", lambda w, a, s, o: (w.offer, (a[2], o["auditor"], o["std_terms"], QA, 0, s.end, s.end - 1))),
    "request": ("auditor", lambda w, a, s, o: (w.request, (a[0], o["std_terms"], QA, 0, s.end))),
    "accept offer": ("oem", lambda w, a, s, o: (w.accept, (a[1], s.offer))),
    "accept request": ("supplier_a", lambda w, a, s, o: (w.accept, (a[2], s.request))),
    "accept sublicence": ("auditor", lambda w, a, s, o: (w.accept, (a[0], s.sub_offer))),
    "decline offer": ("oem", lambda w, a, s, o: (w.decline, (a[1], s.offer))),
    "decline request": ("supplier_a", lambda w, a, s, o: (w.decline, (a[2], s.request))),
    "decline sublicence": ("auditor", lambda w, a, s, o: (w.decline, (a[0], s.sub_offer))),
    "withdraw offer": ("supplier_a", lambda w, a, s, o: (w.withdraw, (a[1], s.offer))),
    "withdraw request": ("oem", lambda w, a, s, o: (w.withdraw, (a[2], s.request))),
    "withdraw sublicence": ("oem", lambda w, a, s, o: (w.withdraw, (a[0], s.sub_offer))),
    "sublicense": ("oem", lambda w, a, s, o: (w.sublicense, (a[0], s.parent, o["supplier_b"], QA, 0, s.end, s.end - 1))),
    "revoke": ("supplier_a", lambda w, a, s, o: (w.revoke, (a[0], s.parent, Reason.BREACH, ZERO32))),
    "renounce": ("oem", lambda w, a, s, o: (w.renounce, (a[0], s.parent))),
    "recordAccess by licensee": ("oem", lambda w, a, s, o: (w.recordAccess, (a[0], s.parent, QA, ACCESS))),
    "recordAccess by provider": ("supplier_a", lambda w, a, s, o: (w.recordAccess, (a[0], s.parent, QA, ACCESS))),
}
MUTATORS = {"publishTerms", "grant", "offer", "request", "accept", "decline", "withdraw", "sublicense", "revoke", "renounce", "recordAccess"}


def test_every_mutator_has_a_case(world):
    """A state-changing function added later needs its cases here."""
    mutators = {item["name"] for item in world.abi if item["type"] == "function" and item["stateMutability"] not in ("view", "pure")}
    assert mutators == MUTATORS
    assert {name.split()[0] for name in CASES} == MUTATORS


def _call(world, assets, scene, request, name):
    org_name, case = CASES[name]
    fixtures = {n: request.getfixturevalue(n) for n in ("auditor", "supplier_b", "std_terms")}
    fn, args = case(world, assets, scene, fixtures)
    return request.getfixturevalue(org_name), request.getfixturevalue(f"{org_name}_op"), fn, args


@pytest.mark.parametrize("name", list(CASES))
def test_active_party_may(world, assets, scene, request, name):
    _, op, fn, args = _call(world, assets, scene, request, name)
    fn.call(*args, {"from": op})


@pytest.mark.parametrize("name", list(CASES))
def test_removed_operator_is_refused(world, registry, assets, scene, request, name):
    org, op, fn, args = _call(world, assets, scene, request, name)
    add_operator(registry, org, op, accounts[SPARE])
    registry.removeOperator(op, {"from": op})
    with reverts_with("NotAnOperator", op):
        fn.call(*args, {"from": op})
    # the org itself still may, through the operator that stayed
    fn.call(*args, {"from": accounts[SPARE]})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
@pytest.mark.parametrize("name", list(CASES))
def test_inactive_org_is_refused(world, registry, council, assets, scene, request, name, action, status):
    org, op, fn, args = _call(world, assets, scene, request, name)
    getattr(registry, action)(org, REASON, {"from": council})
    with reverts_with("OrgNotActive", org, status):
        fn.call(*args, {"from": op})
