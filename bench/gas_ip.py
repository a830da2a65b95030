"""Gas of IPRegistry operations (and of `ownerAt` as a consuming contract pays it)."""

from __future__ import annotations

from brownie import GasProbe, IPRegistry, accounts, chain
from eth_utils import keccak

from bench import gas_registry
from valuechain.documents import asset_id
from valuechain.identity import Role

BATCH = 50
TRANSFERS = 100
DESIGN = 0


def bpnl(i: int) -> bytes:
    return f"BPNL{i:012d}".encode()


def commitment(i: int) -> bytes:
    """A distinct commitment per index, as commitmentOf(org, salt, contentHash) would give."""
    return keccak(b"bench-salt" + i.to_bytes(32, "big"))


def asset(i: int) -> bytes:
    """The id of org 1's asset registered with ``commitment(i)``."""
    return asset_id(bpnl(1), commitment(i))


def measure() -> dict[str, int]:
    council, op_a, op_b = accounts[0], accounts[1], accounts[2]
    registry = gas_registry.deploy(council)
    profile = b"\x42" * 32
    admitted = registry.admitBatch(
        [(bpnl(1), Role.SUPPLIER, profile, op_a), (bpnl(2), Role.SUPPLIER, profile, op_b)],
        {"from": council},
    )
    gas_registry.accept(registry, admitted)
    ip = IPRegistry.deploy(registry, {"from": council})
    probe = GasProbe.deploy({"from": council})
    meta = b"\x4d" * 32
    doc = b"\xd0" * 32

    register = ip.register(commitment(1), meta, DESIGN, {"from": op_a})
    batch = [(commitment(1000 + i), meta, i % 5) for i in range(BATCH)]
    register_batch = ip.registerBatch(batch, {"from": op_a})
    assert register.return_value == "0x" + asset(1).hex()
    revise = ip.revise(asset(1), commitment(2), meta, {"from": op_a})
    revise_next = ip.revise(asset(2), commitment(3), meta, {"from": op_a})

    # the first transfer of a lineage is the dearest: its first checkpoint slot is fresh
    first = asset(1000)
    chain.sleep(1)
    transfer = ip.transfer(first, bpnl(2), doc, {"from": op_a})
    ops = [op_a, op_b]
    orgs = [bpnl(1), bpnl(2)]
    transfer_next = None
    for i in range(1, TRANSFERS):
        chain.sleep(1)  # distinct block times: each transfer is its own checkpoint
        tx = ip.transfer(first, orgs[(i + 1) % 2], doc, {"from": ops[i % 2]})
        transfer_next = transfer_next or tx
    assert ip.transferCount(first) == TRANSFERS, "transfers shared a block time"

    # the oldest times are the dearest for the checkpoint search: the registration time
    # (before any checkpoint) and the first transfer's time (the oldest checkpoint)
    registered_at = ip.getAsset(first)[1]
    first_transfer_at = ip.transferAt(first, 0)[0]
    owner_at_oldest = max(
        probe.measure.call(ip, ip.ownerAt.encode_input(first, t)) for t in (registered_at, first_transfer_at)
    )
    owner_at_now = probe.measure.call(ip, ip.ownerAt.encode_input(first, chain.time()))
    owner_of = probe.measure.call(ip, ip.ownerOf.encode_input(first))
    owner_of_never_transferred = probe.measure.call(ip, ip.ownerOf.encode_input(asset(1001)))
    return {
        "ip.register": register.gas_used,
        "ip.register_batch50_per_asset": register_batch.gas_used // BATCH,
        "ip.revise": revise.gas_used,
        "ip.revise_next": revise_next.gas_used,
        "ip.transfer": transfer.gas_used,
        "ip.transfer_next": transfer_next.gas_used,
        "ip.owner_at_view": owner_at_oldest,
        "ip.owner_at_view_recent": owner_at_now,
        "ip.owner_of_view": owner_of,
        "ip.owner_of_view_untransferred": owner_of_never_transferred,
    }
