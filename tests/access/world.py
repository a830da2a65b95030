"""The world of the access-matrix test: the whole suite deployed, and one account for
every kind of caller the matrix tries.

Orgs: an OEM and a second OEM, suppliers A and B, an auditor (no OEM or SUPPLIER role),
plus an org that is suspended and one that is offboarded (for functions whose right party
is not an org, such as the council's). Supplier A owns a design; terms are published."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from brownie import DataLicensing, IPRegistry, QualityNotifications, SupplyOrders, SupplySignals, accounts, chain
from eth_utils import keccak

from tests.support.registry import admission, admit_accepted
from valuechain.identity import Role, bpnl_to_bytes16

OEM2 = "BPNL0000000OEM02"
SUSPENDED = "BPNL00000000SUSP"
OFFBOARDED = "BPNL0000000000FF"
ORGS = {
    "oem": "BPNL00000003AYRE",
    "supplier_a": "BPNL00000003B2OM",
    "supplier_b": "BPNL00000003CRHK",
    "auditor": "BPNL000000000AUD",
}


@dataclass
class World:
    registry: Any
    ip: Any
    licensing: Any
    orders: Any
    signals: Any
    notifications: Any
    council: Any
    onboarder: Any
    guardian: Any
    ops: dict[str, Any]  # org key -> its operator account
    orgs: dict[str, bytes]  # org key -> BPNL as bytes16
    non_member: Any
    removed: Any  # once an operator of the OEM, removed
    spare: list[Any] = field(default_factory=list)  # funded, unbound keys for operator offers

    def org_of(self, account) -> str | None:
        return next((k for k, a in self.ops.items() if a == account), None)


def build(registry, council, onboarder) -> World:
    """Deploy the rest of the suite around the conftest registry (OEM, A, B, auditor)."""
    oem2_op, susp_op, off_op = accounts[6], accounts[7], accounts[8]
    non_member, guardian, removed, *spare = (accounts.add() for _ in range(7))
    for acct in [guardian, removed, *spare]:
        council.transfer(acct, "10 ether")

    ops = {"oem": accounts[2], "supplier_a": accounts[3], "supplier_b": accounts[4], "auditor": accounts[5],
           "oem2": oem2_op, "suspended": susp_op, "offboarded": off_op}
    extra = [admission(OEM2, Role.OEM, oem2_op), admission(SUSPENDED, Role.OEM | Role.SUPPLIER, susp_op),
             admission(OFFBOARDED, Role.OEM | Role.SUPPLIER, off_op)]
    admit_accepted(registry, extra, onboarder)
    orgs = {k: bpnl_to_bytes16(v) for k, v in ORGS.items()}
    orgs.update(oem2=bpnl_to_bytes16(OEM2), suspended=bpnl_to_bytes16(SUSPENDED), offboarded=bpnl_to_bytes16(OFFBOARDED))
    registry.addOperator(removed, {"from": ops["oem"]})
    registry.acceptOperator(orgs["oem"], {"from": removed})
    registry.removeOperator(removed, {"from": ops["oem"]})
    registry.suspend(orgs["suspended"], keccak(b"audit"), {"from": council})
    registry.offboard(orgs["offboarded"], keccak(b"left"), {"from": council})
    registry.grantRole(registry.GUARDIAN_ROLE(), guardian, {"from": council})

    ip = IPRegistry.deploy(registry, {"from": council})
    licensing = DataLicensing.deploy(registry, ip, {"from": council})
    signals = SupplySignals.deploy(registry, {"from": council})
    notifications = QualityNotifications.deploy(registry, {"from": council})
    orders = SupplyOrders.deploy(registry, licensing, signals, notifications, {"from": council})
    chain.mine()
    return World(registry, ip, licensing, orders, signals, notifications, council, onboarder, guardian, ops, orgs, non_member,
                 removed, spare)
