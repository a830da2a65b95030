"""IPRegistry transfers: checkpointed ownership history, ownerAt at past times, wrong parties."""

from __future__ import annotations

import pytest
from brownie import accounts, web3

from tests.support.accounts import SUPPLIER_A_BPNL
from tests.support.ip import ZERO16, ZERO32, asset_of, commitment, hx, plain, reverts_with
from valuechain.identity import bpnl_to_bytes16

DOC = b"\xd0" * 32
META = b"\x4d" * 32
REASON = b"\x99" * 32
C2 = commitment(2, bpnl_to_bytes16(SUPPLIER_A_BPNL))  # supplier A's second version
V2 = asset_of(bpnl_to_bytes16(SUPPLIER_A_BPNL), C2)


def test_transfer_moves_ownership_and_emits(ip, asset, registered, supplier_a, supplier_b, supplier_a_op):
    tx = ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})

    ev = tx.events["AssetTransferred"]
    assert ev["root"] == hx(asset)
    assert ev["from"] == hx(supplier_a)
    assert ev["to"] == hx(supplier_b)
    assert ev["documentHash"] == hx(DOC)
    assert len(tx.events) == 1
    assert ip.ownerOf(asset) == hx(supplier_b)
    assert ip.transferCount(asset) == 1
    assert plain(ip.transferAt(asset, 0)) == (tx.timestamp, hx(supplier_b))
    # the priority stays with the registrant
    assert ip.getAsset(asset)[0] == hx(supplier_a)
    assert ip.getAsset(asset)[6] == hx(supplier_b)


def test_transfer_without_document(ip, asset, registered, oem, supplier_a_op):
    tx = ip.transfer(asset, oem, b"\x00" * 32, {"from": supplier_a_op})
    assert tx.events["AssetTransferred"]["documentHash"] == ZERO32
    assert ip.ownerOf(asset) == hx(oem)


def test_owner_at_past_times(ip, asset, registered, chain, supplier_a, supplier_b, oem, supplier_a_op, supplier_b_op, oem_op):
    t0 = registered.timestamp
    chain.sleep(100)
    t1 = ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op}).timestamp
    chain.sleep(100)
    t2 = ip.transfer(asset, oem, DOC, {"from": supplier_b_op}).timestamp
    chain.sleep(100)
    t3 = ip.transfer(asset, supplier_a, DOC, {"from": oem_op}).timestamp
    chain.sleep(50)
    chain.mine()
    assert t0 < t1 < t2 < t3

    expected = {
        0: ZERO16,
        t0 - 1: ZERO16,
        t0: hx(supplier_a),
        t1 - 1: hx(supplier_a),
        t1: hx(supplier_b),
        (t1 + t2) // 2: hx(supplier_b),
        t2 - 1: hx(supplier_b),
        t2: hx(oem),
        t3 - 1: hx(oem),
        t3: hx(supplier_a),
        chain.time(): hx(supplier_a),
        2**48: hx(supplier_a),
        2**256 - 1: hx(supplier_a),
    }
    assert {t: ip.ownerAt(asset, t) for t in expected} == expected
    assert ip.ownerOf(asset) == hx(supplier_a)
    assert ip.transferCount(asset) == 3
    assert [plain(ip.transferAt(asset, i)) for i in range(3)] == [
        (t1, hx(supplier_b)),
        (t2, hx(oem)),
        (t3, hx(supplier_a)),
    ]


def test_owner_at_many_transfers(ip, asset, registered, chain, supplier_a, supplier_b, supplier_a_op, supplier_b_op):
    """Enough checkpoints (> 5) for upperLookupRecent's square-root split to matter."""
    ops = {hx(supplier_a): supplier_a_op, hx(supplier_b): supplier_b_op}
    owner, other = supplier_a, supplier_b
    history = [(registered.timestamp, hx(supplier_a))]
    for _ in range(12):
        chain.sleep(7)
        tx = ip.transfer(asset, other, DOC, {"from": ops[hx(owner)]})
        history.append((tx.timestamp, hx(other)))
        owner, other = other, owner
    for i, (t, org) in enumerate(history):
        assert ip.ownerAt(asset, t) == org
        assert ip.ownerAt(asset, t + 3) == org
        if i:
            assert ip.ownerAt(asset, t - 1) == history[i - 1][1]
    assert ip.ownerAt(asset, history[0][0] - 1) == ZERO16


def test_owner_at_two_transfers_in_one_block(
    ip, asset, registered, chain, supplier_a, supplier_b, oem, supplier_a_op, supplier_b_op, oem_op
):
    """Two transfers mined in one block share its time: the checkpoint keeps the last
    receiver, so ownerAt at that time is the last receiver and just before it the previous
    owner, and transferCount counts the block time once."""
    chain.sleep(30)
    contract = web3.eth.contract(address=ip.address, abi=ip.abi)
    web3.provider.make_request("evm_setAutomine", [False])
    try:
        # the higher price goes first in the block: A -> B, then B -> OEM
        hashes = [
            contract.functions.transfer(asset, to, DOC).transact({"from": op.address, "gas": 300_000, "gasPrice": price})
            for op, to, price in [(supplier_a_op, supplier_b, 2 * 10**9), (supplier_b_op, oem, 10**9)]
        ]
        web3.provider.make_request("evm_mine", [])
    finally:
        web3.provider.make_request("evm_setAutomine", [True])
    first, second = (web3.eth.get_transaction_receipt(h) for h in hashes)
    assert first.status == second.status == 1
    assert first.blockNumber == second.blockNumber and first.transactionIndex < second.transactionIndex
    t = web3.eth.get_block(first.blockNumber).timestamp

    assert ip.ownerOf(asset) == hx(oem)
    assert ip.ownerAt(asset, t) == hx(oem)
    assert ip.ownerAt(asset, t - 1) == hx(supplier_a)
    assert ip.transferCount(asset) == 1
    assert plain(ip.transferAt(asset, 0)) == (t, hx(oem))

    chain.sleep(5)
    later = ip.transfer(asset, supplier_a, DOC, {"from": oem_op}).timestamp
    assert ip.transferCount(asset) == 2
    assert plain(ip.transferAt(asset, 1)) == (later, hx(supplier_a))
    assert ip.ownerAt(asset, t) == ip.ownerAt(asset, later - 1) == hx(oem)
    assert ip.ownerAt(asset, later) == hx(supplier_a)


def test_transfer_moves_whole_lineage(ip, asset, registered, chain, supplier_a, supplier_b, supplier_a_op):
    ip.revise(asset, C2, META, {"from": supplier_a_op})
    chain.sleep(5)
    tx = ip.transfer(V2, supplier_b, DOC, {"from": supplier_a_op})  # via the latest version

    assert tx.events["AssetTransferred"]["root"] == hx(asset)
    assert ip.ownerOf(asset) == hx(supplier_b)
    assert ip.ownerOf(V2) == hx(supplier_b)
    assert ip.transferCount(asset) == ip.transferCount(V2) == 1
    assert plain(ip.transferAt(V2, 0)) == (tx.timestamp, hx(supplier_b))
    assert ip.ownerAt(V2, tx.timestamp - 1) == hx(supplier_a)


def test_transfer_via_old_version(ip, asset, registered, supplier_b, supplier_a_op):
    ip.revise(asset, C2, META, {"from": supplier_a_op})
    ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    assert ip.ownerOf(V2) == hx(supplier_b)


def test_transfer_back_and_forth(ip, asset, registered, supplier_a, supplier_b, supplier_a_op, supplier_b_op):
    ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    ip.transfer(asset, supplier_a, DOC, {"from": supplier_b_op})
    assert ip.ownerOf(asset) == hx(supplier_a)
    with reverts_with("NotAssetOwner", asset, supplier_a, supplier_b):
        ip.transfer(asset, supplier_a, DOC, {"from": supplier_b_op})


def test_transfer_by_rotated_operator(ip, registry, asset, registered, supplier_b, supplier_a_op):
    new_op = accounts[7]
    registry.addOperator(new_op, {"from": supplier_a_op})
    registry.acceptOperator(registry.orgOf(supplier_a_op), {"from": new_op})
    registry.removeOperator(supplier_a_op, {"from": new_op})
    ip.transfer(asset, supplier_b, DOC, {"from": new_op})
    assert ip.ownerOf(asset) == hx(supplier_b)


# ------------------------------------------------------------------ wrong parties


def test_transfer_unknown_asset(ip, supplier_b, supplier_a_op):
    with reverts_with("UnknownAsset", V2):
        ip.transfer(V2, supplier_b, DOC, {"from": supplier_a_op})


def test_transfer_outsider(ip, asset, registered, supplier_b, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.transfer(asset, supplier_b, DOC, {"from": outsider})


@pytest.mark.parametrize("op_name,org_name", [("supplier_b_op", "supplier_b"), ("oem_op", "oem")])
def test_transfer_by_other_org(ip, asset, registered, supplier_a, request, op_name, org_name):
    caller = request.getfixturevalue(org_name)
    with reverts_with("NotAssetOwner", asset, supplier_a, caller):
        ip.transfer(asset, caller, DOC, {"from": request.getfixturevalue(op_name)})


def test_transfer_by_former_owner(ip, asset, registered, supplier_a, supplier_b, oem, supplier_a_op):
    ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    with reverts_with("NotAssetOwner", asset, supplier_b, supplier_a):
        ip.transfer(asset, oem, DOC, {"from": supplier_a_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_transfer_by_inactive_owner(ip, registry, council, asset, registered, supplier_a, supplier_b, supplier_a_op, action, status):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    # still readable and provable
    assert ip.ownerOf(asset) == hx(supplier_a)
    assert ip.exists(asset)


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_transfer_to_inactive_org(ip, registry, council, asset, registered, supplier_b, supplier_a_op, action, status):
    getattr(registry, action)(supplier_b, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_b, status):
        ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})


@pytest.mark.parametrize("to", [b"BPNL0000000NONE1", b"\x00" * 16])
def test_transfer_to_unknown_org(ip, asset, registered, supplier_a_op, to):
    with reverts_with("OrgNotActive", to, 0):
        ip.transfer(asset, to, DOC, {"from": supplier_a_op})


def test_transfer_to_self(ip, asset, registered, supplier_a, supplier_a_op):
    with reverts_with("SelfTransfer", asset, supplier_a):
        ip.transfer(asset, supplier_a, DOC, {"from": supplier_a_op})


def test_transfer_after_reinstatement(ip, registry, council, asset, registered, supplier_b, supplier_a_op):
    registry.suspend(supplier_b, REASON, {"from": council})
    registry.reinstate(supplier_b, {"from": council})
    ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    assert ip.ownerOf(asset) == hx(supplier_b)


def test_offboarded_owner_keeps_history(ip, registry, council, asset, registered, chain, supplier_a, supplier_b, supplier_a_op):
    chain.sleep(5)
    t1 = ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op}).timestamp
    registry.offboard(supplier_b, REASON, {"from": council})
    assert ip.ownerOf(asset) == hx(supplier_b)
    assert ip.ownerAt(asset, t1 - 1) == hx(supplier_a)
    assert ip.ownerAt(asset, t1) == hx(supplier_b)


@pytest.mark.parametrize("index", [1, 2**256 - 1])
def test_transfer_at_out_of_range(ip, asset, registered, supplier_b, supplier_a_op, index):
    ip.transfer(asset, supplier_b, DOC, {"from": supplier_a_op})
    with reverts_with("IndexOutOfRange", asset, index, 1):
        ip.transferAt(asset, index)


def test_transfer_at_before_any_transfer(ip, asset, registered):
    with reverts_with("IndexOutOfRange", asset, 0, 0):
        ip.transferAt(asset, 0)
