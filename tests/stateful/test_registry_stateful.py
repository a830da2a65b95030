"""Random sequences of admissions, status changes and operator changes against a model.

After every step all views (getOrg, orgOf, isActive, orgHasRole, requireOperator) must
agree with a plain-Python model of the registry, and every call the model rejects must
revert on chain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import brownie
from brownie import ConsortiumRegistry, accounts
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from tests.chain_machine import ChainStateMachine, run

from valuechain.identity import Status

ORGS = [f"BPNL0000000STA{i:02d}".encode() for i in range(5)]
ZERO_ORG = "0x" + "00" * 16
REASON = b"\x07" * 32


@dataclass
class OrgModel:
    roles: int
    status: Status = Status.ACTIVE
    operators: set = field(default_factory=set)


org_idx = st.integers(0, len(ORGS) - 1)
acct_idx = st.integers(1, 9)
roles = st.integers(0, 16)


class RegistryMachine(ChainStateMachine):
    council = None
    registry = None

    def __init__(self):
        super().__init__()
        self.orgs: dict[bytes, OrgModel] = {}
        self.operator_of: dict[str, bytes] = {}

    # -- helpers
    def _acct(self, i):
        return accounts[i]

    # -- rules
    @rule(org_idx=org_idx, acct_idx=acct_idx, roles=roles)
    def admit(self, org_idx, acct_idx, roles):
        bpnl, op = ORGS[org_idx], self._acct(acct_idx)
        ok = bpnl not in self.orgs and op.address not in self.operator_of and 0 < roles < 16
        self.expect(ok, self.registry.admit, (bpnl, roles, b"\x01" * 32, op), {"from": self.council})
        if ok:
            self.orgs[bpnl] = OrgModel(roles, operators={op.address})
            self.operator_of[op.address] = bpnl

    @rule(org_idx=org_idx)
    def suspend(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status == Status.ACTIVE
        self.expect(ok, self.registry.suspend, bpnl, REASON, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.SUSPENDED

    @rule(org_idx=org_idx)
    def reinstate(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status == Status.SUSPENDED
        self.expect(ok, self.registry.reinstate, bpnl, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.ACTIVE

    @rule(org_idx=org_idx)
    def offboard(self, org_idx):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status != Status.OFFBOARDED
        self.expect(ok, self.registry.offboard, bpnl, REASON, {"from": self.council})
        if ok:
            self.orgs[bpnl].status = Status.OFFBOARDED

    @rule(org_idx=org_idx, roles=roles)
    def change_roles(self, org_idx, roles):
        bpnl = ORGS[org_idx]
        ok = bpnl in self.orgs and self.orgs[bpnl].status != Status.OFFBOARDED and 0 < roles < 16
        self.expect(ok, self.registry.changeRoles, bpnl, roles, {"from": self.council})
        if ok:
            self.orgs[bpnl].roles = roles

    @rule(acct_idx=acct_idx, other_idx=acct_idx)
    def add_operator(self, acct_idx, other_idx):
        sender, new = self._acct(acct_idx), self._acct(other_idx)
        org = self.operator_of.get(sender.address)
        ok = org is not None and self.orgs[org].status == Status.ACTIVE and new.address not in self.operator_of
        self.expect(ok, self.registry.addOperator, new, {"from": sender})
        if ok:
            self.orgs[org].operators.add(new.address)
            self.operator_of[new.address] = org

    @rule(acct_idx=acct_idx, other_idx=acct_idx)
    def remove_operator(self, acct_idx, other_idx):
        sender, target = self._acct(acct_idx), self._acct(other_idx)
        org = self.operator_of.get(sender.address)
        ok = (
            org is not None
            and self.orgs[org].status == Status.ACTIVE
            and self.operator_of.get(target.address) == org
            and len(self.orgs[org].operators) > 1
        )
        self.expect(ok, self.registry.removeOperator, target, {"from": sender})
        if ok:
            self.orgs[org].operators.discard(target.address)
            del self.operator_of[target.address]

    # -- invariants
    @invariant()
    def views_match_model(self):
        for bpnl in ORGS:
            roles, status, _, count, _ = self.registry.getOrg(bpnl)
            model = self.orgs.get(bpnl)
            if model is None:
                assert status == Status.NONE
                continue
            assert (roles, status, count) == (model.roles, model.status, len(model.operators))
            assert self.registry.isActive(bpnl) == (model.status == Status.ACTIVE)
            assert self.registry.orgHasRole(bpnl, model.roles)
        for i in range(1, 10):
            acct = self._acct(i)
            org = self.operator_of.get(acct.address)
            assert self.registry.orgOf(acct) == ("0x" + org.hex() if org else ZERO_ORG)
            if org is not None and self.orgs[org].status == Status.ACTIVE:
                assert self.registry.requireOperator(acct, 0) == "0x" + org.hex()
            else:
                with brownie.reverts():
                    self.registry.requireOperator(acct, 0)


def test_registry_matches_model(council):
    RegistryMachine.council = council
    RegistryMachine.registry = ConsortiumRegistry.deploy(council, {"from": council})
    run(RegistryMachine)
