"""Gas of ConsortiumRegistry operations."""

from __future__ import annotations

from brownie import ConsortiumRegistry, accounts

from valuechain.identity import Role

BATCH = 50


def bpnl(i: int) -> bytes:
    return f"BPNL{i:012d}".encode()


def measure() -> dict[str, int]:
    council, onboarder = accounts[0], accounts[2]
    registry = ConsortiumRegistry.deploy(council, {"from": council})
    registry.grantRole(registry.ONBOARDER_ROLE(), onboarder, {"from": council})
    profile = b"\x42" * 32
    registry.admit((bpnl(1), Role.SUPPLIER, profile, accounts[1]), {"from": council})

    op = accounts.add()
    admit = registry.admit((bpnl(2), Role.SUPPLIER, profile, op), {"from": onboarder})
    batch = [(bpnl(1000 + i), Role.SUPPLIER, profile, accounts.add()) for i in range(BATCH)]
    admit_batch = registry.admitBatch(batch, {"from": onboarder})
    add_operator = registry.addOperator(accounts.add(), {"from": accounts[1]})
    suspend = registry.suspend(bpnl(2), b"\x01" * 32, {"from": council})
    return {
        "registry.admit": admit.gas_used,
        "registry.admit_batch50_per_member": admit_batch.gas_used // BATCH,
        "registry.add_operator": add_operator.gas_used,
        "registry.suspend": suspend.gas_used,
    }
