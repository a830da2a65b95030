"""Gas of ConsortiumRegistry operations."""

from __future__ import annotations

from brownie import ConsortiumRegistry, GasProbe, accounts

from valuechain.identity import Role

BATCH = 50
ADMIN_DELAY = 3600


def bpnl(i: int) -> bytes:
    return f"BPNL{i:012d}".encode()


def deploy(council):  # type: ignore[no-untyped-def]
    """A registry governed by ``council``, for the other areas' benchmarks too."""
    return ConsortiumRegistry.deploy(ADMIN_DELAY, council, {"from": council})


def accept(registry, admitted) -> None:  # type: ignore[no-untyped-def]
    """Each first operator of the orgs the transaction ``admitted`` admitted takes its binding."""
    for event in admitted.events["OrgAdmitted"]:
        registry.acceptOperator(event["org"], {"from": event["operator"]})


def measure() -> dict[str, int]:
    council, onboarder = accounts[0], accounts[2]
    registry = deploy(council)
    registry.grantRole(registry.ONBOARDER_ROLE(), onboarder, {"from": council})
    probe = GasProbe.deploy({"from": council})
    profile = b"\x42" * 32
    accept(registry, registry.admit((bpnl(1), Role.SUPPLIER, profile, accounts[1]), {"from": council}))

    op = accounts.add()
    admit = registry.admit((bpnl(2), Role.SUPPLIER, profile, op), {"from": onboarder})
    batch = [(bpnl(1000 + i), Role.SUPPLIER, profile, accounts.add()) for i in range(BATCH)]
    admit_batch = registry.admitBatch(batch, {"from": onboarder})
    new_key = accounts.add()
    add_operator = registry.addOperator(new_key, {"from": accounts[1]})
    accept_operator = registry.acceptOperator(bpnl(1), {"from": new_key})
    accept_first = registry.acceptOperator(bpnl(2), {"from": op})
    require_operator = probe.measure.call(registry, registry.requireOperator.encode_input(accounts[1], Role.SUPPLIER))
    suspend = registry.suspend(bpnl(2), b"\x01" * 32, {"from": council})
    revoke = registry.revokeOperator(op, {"from": council})
    assign = registry.assignOperator(bpnl(2), accounts.add(), {"from": council})
    pause = registry.pause({"from": council})
    unpause = registry.unpause({"from": council})
    return {
        "registry.admit": admit.gas_used,
        "registry.admit_batch50_per_member": admit_batch.gas_used // BATCH,
        "registry.add_operator": add_operator.gas_used,
        "registry.accept_operator": accept_operator.gas_used,
        "registry.accept_first_operator": accept_first.gas_used,
        "registry.require_operator_view": require_operator,
        "registry.suspend": suspend.gas_used,
        "registry.revoke_operator": revoke.gas_used,
        "registry.assign_operator": assign.gas_used,
        "registry.pause": pause.gas_used,
        "registry.unpause": unpause.gas_used,
    }
