"""Random sequences of admissions, status changes, operator offers, acceptances,
removals, council revocations and recoveries, and pauses, against a model.

After every step all views (getOrg, orgOf, operatorsOf, hasOperatorOffer, isActive,
orgHasRole, requireOperator, paused) must agree with a plain-Python model of the
registry, and every call the model rejects must revert on chain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

import brownie
import pytest
from brownie import accounts, web3
from brownie.test import given
from eth_abi import decode
from eth_utils.abi import collapse_if_tuple
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from tests.support.registry import deploy_registry
from valuechain.abi import decode_value
from valuechain.contract_types import MAX_OPERATORS
from valuechain.identity import Status

ORGS = [f"BPNL0000000STA{i:02d}".encode() for i in range(5)]
REASON = b"\x07" * 32


@dataclass
class OrgModel:
    roles: int
    status: Status = Status.ACTIVE
    operators: set = field(default_factory=set)
    key_epoch: int = 0


@dataclass(frozen=True)
class Offer:
    key_epoch: int
    by_council: bool


SCALE = int(os.environ.get("STATEFUL_SCALE", "1"))
ACCOUNTS = 9  # accounts 1..9 act; account 0 is the council


class RegistryRun:
    """One drawn program against a fresh registry state and the model.

    Account arguments are small numbers 0..15. Hypothesis draws small ones most, so
    they mean the useful case: for a caller, 0..9 pick a bound operator (random accounts
    rarely hold the keys that make a call succeed), for a key to offer 0..9 pick an
    unbound account, for a key to accept or withdraw 0..9 pick an offer made; the others
    (and every number when there is nothing to pick) name accounts 1..9."""

    def __init__(self, registry, council, roles):
        self.registry, self.council = registry, council
        self.views = web3.eth.contract(address=registry.address, abi=registry.abi)
        self.orgs: dict[bytes, OrgModel] = {}
        self.operator_of: dict[str, bytes] = {}
        self.offers: dict[tuple[str, bytes], Offer] = {}
        self.paused = False
        # three orgs admitted in a batch, their keys (accounts 1 to 3) accepted
        entries = [(ORGS[i], r, b"\x01" * 32, accounts[i + 1]) for i, r in enumerate(roles)]
        registry.admitBatch(entries, {"from": council})
        for bpnl, r, _, op in entries:
            registry.acceptOperator(bpnl, {"from": op})
            self.orgs[bpnl] = OrgModel(r, operators={op.address})
            self.operator_of[op.address] = bpnl

    def expect(self, ok: bool, fn, *args) -> None:
        """Send ``fn(*args)`` when the model allows it, else check that the chain refuses
        it (as a call: a reverted transaction would cost a trace for nothing)."""
        if ok:
            fn(*args)
        else:
            with brownie.reverts():
                fn.call(*args)

    # -- helpers
    @staticmethod
    def _raw(i: int):
        return accounts[i % ACCOUNTS + 1]

    def _free(self, i: int):
        free = [a for a in accounts[1 : ACCOUNTS + 1] if a.address not in self.operator_of]
        return free[i % len(free)] if i < 10 and free else self._raw(i)

    def _operator(self, i: int):
        bound = sorted(self.operator_of)
        return accounts.at(bound[i % len(bound)]) if i < 10 and bound else self._raw(i)

    def _offer(self, i: int, org_idx: int) -> tuple:
        """(key, bpnl) of an offer made (live or not), or account i and org org_idx."""
        offered = sorted(self.offers)
        if i < 10 and offered:
            address, bpnl = offered[i % len(offered)]
            return accounts.at(address), bpnl
        return self._raw(i), ORGS[org_idx]

    def _live(self, account: str, bpnl: bytes) -> Offer | None:
        offer = self.offers.get((account, bpnl))
        if offer is None or bpnl not in self.orgs or offer.key_epoch != self.orgs[bpnl].key_epoch:
            return None
        return offer

    def _active_org_of(self, account: str) -> bytes | None:
        org = self.operator_of.get(account)
        return org if org is not None and self.orgs[org].status == Status.ACTIVE else None

    # -- council and onboarding

    def admit(self, org_idx, acct_idx, roles):
        bpnl, op = ORGS[org_idx], self._free(acct_idx)
        # the operator key may be bound elsewhere: admission only offers the binding
        ok = not self.paused and bpnl not in self.orgs and 0 < roles < 16
        self.expect(ok, self.registry.admit, (bpnl, roles, b"\x01" * 32, op), {"from": self.council})
        if ok:
            self.orgs[bpnl] = OrgModel(roles)
            self.offers[(op.address, bpnl)] = Offer(0, False)

    def suspend(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status == Status.ACTIVE
        self.expect(ok, self.registry.suspend, bpnl, REASON, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.SUSPENDED
            self.orgs[bpnl].key_epoch += 1

    def reinstate(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status == Status.SUSPENDED
        self.expect(ok, self.registry.reinstate, bpnl, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.ACTIVE

    def offboard(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status != Status.OFFBOARDED
        self.expect(ok, self.registry.offboard, bpnl, REASON, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.OFFBOARDED
            self.orgs[bpnl].key_epoch += 1

    def change_roles(self, org_idx, roles):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status != Status.OFFBOARDED and 0 < roles < 16
        self.expect(ok, self.registry.changeRoles, bpnl, roles, {"from": self.council})
        if ok:
            self.orgs[bpnl].roles = roles

    def assign_operator(self, org_idx, acct_idx):
        bpnl, account = ORGS[org_idx], self._free(acct_idx)
        ok = bpnl in self.orgs and self.orgs[bpnl].status == Status.SUSPENDED and account.address not in self.operator_of
        self.expect(ok, self.registry.assignOperator, bpnl, account, {"from": self.council})
        if ok:
            self.offers[(account.address, bpnl)] = Offer(self.orgs[bpnl].key_epoch, True)

    def revoke_operator(self, acct_idx):
        account = self._operator(acct_idx)
        org = self.operator_of.get(account.address)
        self.expect(org is not None, self.registry.revokeOperator, account, {"from": self.council})
        if org is not None:
            self.orgs[org].operators.discard(account.address)
            del self.operator_of[account.address]

    def pause(self):
        self.expect(not self.paused, self.registry.pause, {"from": self.council})
        self.paused = True

    def unpause(self):
        self.expect(self.paused, self.registry.unpause, {"from": self.council})
        self.paused = False

    # -- the orgs' own operators
    def add_operator(self, acct_idx, other_idx):
        sender, new = self._operator(acct_idx), self._free(other_idx)
        org = self._active_org_of(sender.address)
        ok = not self.paused and org is not None and new.address not in self.operator_of
        self.expect(ok, self.registry.addOperator, new, {"from": sender})
        if ok:
            self.offers[(new.address, org)] = Offer(self.orgs[org].key_epoch, False)

    def withdraw_offer(self, acct_idx, other_idx):
        sender = self._operator(acct_idx)
        key = self._offer(other_idx, 0)[0]
        org = self._active_org_of(sender.address)
        ok = not self.paused and org is not None and self._live(key.address, org) is not None
        self.expect(ok, self.registry.withdrawOperatorOffer, key, {"from": sender})
        if ok:
            del self.offers[(key.address, org)]

    def accept_operator(self, acct_idx, org_idx):
        key, bpnl = self._offer(acct_idx, org_idx)
        offer = self._live(key.address, bpnl)
        ok = (
            offer is not None
            and (offer.by_council or not self.paused)
            and key.address not in self.operator_of
            and len(self.orgs[bpnl].operators) < MAX_OPERATORS
        )
        self.expect(ok, self.registry.acceptOperator, bpnl, {"from": key})
        if ok:
            del self.offers[(key.address, bpnl)]
            self.orgs[bpnl].operators.add(key.address)
            self.operator_of[key.address] = bpnl

    def remove_operator(self, acct_idx, other_idx):
        sender, target = self._operator(acct_idx), self._operator(other_idx)
        org = self._active_org_of(sender.address)
        ok = (
            not self.paused
            and org is not None
            and self.operator_of.get(target.address) == org
            and len(self.orgs[org].operators) > 1
        )
        self.expect(ok, self.registry.removeOperator, target, {"from": sender})
        if ok:
            self.orgs[org].operators.discard(target.address)
            del self.operator_of[target.address]

    # -- invariants
    def check(self) -> None:
        """Every view against the model, in one JSON-RPC batch (a Brownie call is slow)."""
        calls: list[tuple] = [("paused",)]
        expected: list = [(self.paused,)]
        for bpnl in ORGS:
            model = self.orgs.get(bpnl)
            calls.append(("getOrg", bpnl))
            expected.append(model)  # None: status NONE, checked below
            if model is None:
                continue
            calls += [("operatorsOf", bpnl), ("isActive", bpnl), ("orgHasRole", bpnl, model.roles)]
            expected += [model, (model.status == Status.ACTIVE,), (True,)]
        for account, bpnl in self.offers:  # any other pair was never offered
            calls.append(("hasOperatorOffer", account, bpnl))
            expected.append((self._live(account, bpnl) is not None,))
        for acct in accounts[1 : ACCOUNTS + 1]:
            org = self.operator_of.get(acct.address)
            calls.append(("orgOf", acct.address))
            expected.append((org or b"\x00" * 16,))
            acting = not self.paused and org is not None and self.orgs[org].status == Status.ACTIVE
            calls.append(("requireOperator", acct.address, self.orgs[org].roles if org else 0))
            expected.append((org,) if acting else "revert")
        for call, want, got in zip(calls, expected, batch_calls(self.views, calls), strict=True):
            if call[0] == "getOrg":
                org = got[0]
                if want is None:
                    assert org.status == Status.NONE, call
                else:
                    assert (org.roles, org.status, org.operatorCount, org.keyEpoch) == (
                        want.roles, want.status, len(want.operators), want.key_epoch), call
            elif call[0] == "operatorsOf":
                assert {web3.to_checksum_address(a) for a in got[0]} == want.operators, call
            else:
                assert got == want, (call, got, want)


def batch_calls(contract, calls: list[tuple]) -> list:
    """The decoded result of each ``(name, *args)`` view (a tuple of its outputs, structs
    as valuechain.contract_types NamedTuples), or "revert", in one request."""
    payload = [
        ("eth_call", [{"to": contract.address, "data": contract.encode_abi(name, args=list(args))}, "latest"])
        for name, *args in calls
    ]
    out = []
    for (name, *_), response in zip(calls, web3.provider.make_batch_request(payload), strict=True):
        if "error" in response:
            out.append("revert")
            continue
        outputs = contract.get_function_by_name(name).abi["outputs"]
        values = decode([collapse_if_tuple(o) for o in outputs], bytes.fromhex(response["result"][2:]))
        out.append(tuple(decode_value(v, o) for v, o in zip(values, outputs, strict=True)))
    return out


org_idx = st.integers(0, len(ORGS) - 1)
acct_idx = st.integers(0, 15)  # see RegistryRun
roles = st.integers(0, 16)
# The operation is a number into OPERATIONS (weighted by repetition), not st.one_of:
# hypothesis favours the first alternatives of a one_of, and small numbers anywhere.
OPERATIONS = [
    "add_operator", "accept_operator", "remove_operator", "suspend", "assign_operator",
    "accept_operator", "revoke_operator", "reinstate", "add_operator", "accept_operator",
    "pause", "withdraw_offer", "unpause", "change_roles", "admit", "offboard",
]
STEP = st.tuples(st.integers(0, len(OPERATIONS) - 1), org_idx, acct_idx, acct_idx, roles)
ARGUMENTS = {  # which of (org, account, other account, roles) each operation takes
    "admit": (0, 1, 3), "suspend": (0,), "reinstate": (0,), "offboard": (0,), "change_roles": (0, 3),
    "assign_operator": (0, 1), "revoke_operator": (1,), "pause": (), "unpause": (),
    "add_operator": (1, 2), "withdraw_offer": (1, 2), "accept_operator": (1, 0), "remove_operator": (1, 2),
}


@pytest.fixture(scope="module")
def fresh_registry(council):
    return deploy_registry(council)


# Hypothesis' RuleBasedStateMachine (6.27) stopped most runs within a few steps here
# (see tests/stateful/ip): each example is a program drawn whole, run from the snapshot
# brownie.test.given restores, with the model checked after every step.
@given(roles=st.lists(st.integers(1, 15), min_size=3, max_size=3), program=st.lists(STEP, min_size=15, max_size=25))
@settings(max_examples=10 * SCALE, deadline=None, suppress_health_check=list(HealthCheck))
def test_registry_matches_model(fresh_registry, council, roles, program):
    run = RegistryRun(fresh_registry, council, roles)
    run.check()
    for i, (op, *values) in enumerate(program):
        name = OPERATIONS[(op + i) % len(OPERATIONS)]
        getattr(run, name)(*(values[k] for k in ARGUMENTS[name]))
        run.check()
