"""Gas of DataLicensing operations (and of `isLicensed` as a consuming contract pays it)."""

from __future__ import annotations

from brownie import DataLicensing, GasProbe, IPRegistry, accounts, chain
from eth_utils import keccak

from bench import gas_registry
from valuechain.documents import asset_id
from valuechain.identity import Role

DESIGN = 0
DAY = 86_400
# cx.quality.base:1, valuechain.manufacturing:1, cx.dcm.base:1 (valuechain/catenax/purposes.json)
QUALITY_ANALYSIS, MANUFACTURING, AI_TRAINING = 1 << 4, 1 << 30, 1 << 5
BREACH = 1


def bpnl(i: int) -> bytes:
    return f"BPNL{i:012d}".encode()


def commitment(i: int) -> bytes:
    """A distinct commitment per index, as commitmentOf(org, salt, contentHash) would give."""
    return keccak(b"bench-salt" + i.to_bytes(32, "big"))


def measure() -> dict[str, int]:
    council, op_owner, op_licensee, op_other = accounts[0], accounts[1], accounts[2], accounts[3]
    registry = gas_registry.deploy(council)
    profile = b"\x42" * 32
    owner, licensee, other = bpnl(1), bpnl(2), bpnl(3)
    admitted = registry.admitBatch(
        [
            (owner, Role.SUPPLIER, profile, op_owner),
            (licensee, Role.OEM, profile, op_licensee),
            (other, Role.OEM, profile, op_other),
        ],
        {"from": council},
    )
    gas_registry.accept(registry, admitted)
    ip = IPRegistry.deploy(registry, {"from": council})
    licensing = DataLicensing.deploy(registry, ip, {"from": council})
    probe = GasProbe.deploy({"from": council})
    for i in range(1, 4):
        ip.register(commitment(i), b"\x4d" * 32, DESIGN, {"from": op_owner})
    design = {i: asset_id(owner, commitment(i)) for i in range(1, 4)}  # the ids the chain derives for the owner

    terms = (QUALITY_ANALYSIS | MANUFACTURING, False, True, 365 * DAY, keccak(b"standard terms v1"))
    publish = licensing.publishTerms(terms, {"from": op_owner})
    terms_id = publish.return_value
    end = chain.time() + 90 * DAY

    # the first licence of an (asset, licensee) pair: two fresh slots (record, holder)
    grant = licensing.grant(design[1], licensee, terms_id, MANUFACTURING, 0, end, {"from": op_owner})
    licence = grant.return_value
    # a second licence of the same pair: the holder slot is rewritten, not fresh
    grant_next = licensing.grant(design[1], licensee, terms_id, QUALITY_ANALYSIS, 0, end, {"from": op_owner})

    offer = licensing.offer(
        design[2], licensee, terms_id, MANUFACTURING, 0, end, chain.time() + 7 * DAY, {"from": op_owner}
    )
    accept = licensing.accept(design[2], offer.return_value, {"from": op_licensee})
    request = licensing.request(design[3], terms_id, QUALITY_ANALYSIS, 0, end, {"from": op_licensee})
    grant_request = licensing.accept(design[3], request.return_value, {"from": op_owner})

    access = licensing.recordAccess(design[1], licence, MANUFACTURING, keccak(b"access-1"), {"from": op_licensee})
    access_provider = licensing.recordAccess(
        design[1], licence, MANUFACTURING, keccak(b"access-2"), {"from": op_owner}
    )
    # a sublicence is an offer the sublicensee accepts (only then it takes a place)
    sub = licensing.sublicense(
        design[1], licence, other, MANUFACTURING, 0, end, chain.time() + 7 * DAY, {"from": op_licensee}
    )
    sub_accept = licensing.accept(design[1], sub.return_value, {"from": op_other})

    # the view as a consuming contract pays it (cold: eth_call on a fresh state)
    chain.mine()
    is_licensed = probe.measure.call(licensing, licensing.isLicensed.encode_input(design[1], licensee, MANUFACTURING))
    is_licensed_no = probe.measure.call(licensing, licensing.isLicensed.encode_input(design[1], other, AI_TRAINING))
    assert licensing.isLicensed(design[1], licensee, MANUFACTURING)
    assert not licensing.isLicensed(design[1], other, AI_TRAINING)

    revoke = licensing.revoke(design[1], licence, BREACH, b"\x00" * 32, {"from": op_owner})
    assert len(revoke.events["LicenceRevoked"]) == 2, "the sublicence falls with its parent"
    revoke_plain = licensing.revoke(design[2], offer.return_value, BREACH, b"\x00" * 32, {"from": op_owner})

    # a transferred asset: IPRegistry.ownerOf reads one more slot (the latest checkpoint)
    ip.transfer(design[3], other, b"\x00" * 32, {"from": op_owner})
    grant_transferred = licensing.grant(design[3], owner, terms_id, MANUFACTURING, 0, end, {"from": op_other})
    return {
        "licence.publish_terms": publish.gas_used,
        "licence.grant": grant.gas_used,
        "licence.grant_same_holder": grant_next.gas_used,
        "licence.grant_transferred_asset": grant_transferred.gas_used,
        "licence.offer": offer.gas_used,
        "licence.accept": accept.gas_used,
        "licence.request": request.gas_used,
        "licence.accept_request": grant_request.gas_used,
        "licence.sublicense": sub.gas_used,
        "licence.accept_sublicence": sub_accept.gas_used,
        "licence.revoke": revoke_plain.gas_used,
        "licence.revoke_with_sublicence": revoke.gas_used,
        "licence.record_access": access.gas_used,
        "licence.record_access_by_provider": access_provider.gas_used,
        "licence.is_licensed_view": is_licensed,
        "licence.is_licensed_view_no": is_licensed_no,
    }
