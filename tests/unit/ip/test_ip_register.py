"""IPRegistry registration: single and batch, commitments, views and wrong parties."""

from __future__ import annotations

import pytest
from brownie import IPRegistry, accounts
from eth_utils import keccak

from tests.ip_support import (
    DATASET,
    DESIGN,
    OTHER,
    PROCESS,
    SOFTWARE,
    ZERO16,
    ZERO32,
    as_dict,
    asset_id,
    batch_rejected,
    commit,
    hx,
    reverts_with,
)

META = b"\x4d" * 32
REASON = b"\x99" * 32


# ------------------------------------------------------------------ deployment


def test_constructor_keeps_registry(ip, registry):
    assert ip.registry() == registry.address


def test_constructor_rejects_account_without_code(council, outsider):
    with reverts_with("InvalidRegistry", outsider):
        IPRegistry.deploy(outsider, {"from": council})


# ------------------------------------------------------------------ register


def test_register_records_asset_and_emits(ip, asset, supplier_a, supplier_a_op):
    tx = ip.register(asset, META, SOFTWARE, {"from": supplier_a_op})

    ev = tx.events["AssetRegistered"]
    assert ev["asset"] == hx(asset)
    assert ev["owner"] == hx(supplier_a)
    assert ev["kind"] == SOFTWARE
    assert ev["metadataHash"] == hx(META)
    assert len(tx.events) == 1
    assert ip.exists(asset)
    assert ip.ownerOf(asset) == hx(supplier_a)
    assert as_dict(ip.getAsset(asset)) == {
        "registrant": hx(supplier_a),
        "registeredAt": tx.timestamp,
        "kind": SOFTWARE,
        "version": 1,
        "root": hx(asset),
        "predecessor": ZERO32,
        "owner": hx(supplier_a),
    }
    assert ip.rootOf(asset) == hx(asset)
    assert ip.predecessorOf(asset) == ZERO32
    assert ip.latestVersion(asset) == hx(asset)
    assert ip.versionCount(asset) == 1
    assert ip.versionAt(asset, 1) == hx(asset)
    assert ip.transferCount(asset) == 0


def test_register_priority_is_block_time(ip, asset, registered, supplier_a):
    t = registered.timestamp
    assert ip.ownerAt(asset, t - 1) == ZERO16
    assert ip.ownerAt(asset, t) == hx(supplier_a)
    assert ip.ownerAt(asset, t + 10**6) == hx(supplier_a)
    assert ip.ownerAt(asset, 2**256 - 1) == hx(supplier_a)
    assert ip.ownerAt(asset, 0) == ZERO16


@pytest.mark.parametrize("kind", [DESIGN, PROCESS, SOFTWARE, DATASET, OTHER])
def test_register_every_kind(ip, asset, supplier_a_op, kind):
    tx = ip.register(asset, META, kind, {"from": supplier_a_op})
    assert tx.events["AssetRegistered"]["kind"] == kind
    assert ip.getAsset(asset)[2] == kind


@pytest.mark.parametrize("kind", [5, 6, 255])
def test_register_invalid_kind(ip, asset, supplier_a_op, kind):
    with reverts_with("InvalidKind", kind):
        ip.register(asset, META, kind, {"from": supplier_a_op})


@pytest.mark.parametrize("op_name", ["oem_op", "auditor_op"])
def test_register_any_role(ip, asset, request, op_name, oem, auditor):
    """Every member registers IP, not only suppliers."""
    ip.register(asset, META, DESIGN, {"from": request.getfixturevalue(op_name)})
    assert ip.ownerOf(asset) == hx(oem if op_name == "oem_op" else auditor)


def test_register_zero_metadata_allowed(ip, asset, supplier_a_op):
    tx = ip.register(asset, b"\x00" * 32, DESIGN, {"from": supplier_a_op})
    assert tx.events["AssetRegistered"]["metadataHash"] == ZERO32


def test_register_zero_commitment(ip, supplier_a_op):
    with reverts_with("ZeroCommitment"):
        ip.register(b"\x00" * 32, META, DESIGN, {"from": supplier_a_op})


@pytest.mark.parametrize("op_name", ["supplier_a_op", "supplier_b_op"])
def test_register_duplicate_names_first_owner(ip, asset, registered, supplier_a, request, op_name):
    """Whoever tries again (the owner itself or a rival), the error names the first owner."""
    with reverts_with("AssetAlreadyRegistered", asset, supplier_a):
        ip.register(asset, b"\x01" * 32, OTHER, {"from": request.getfixturevalue(op_name)})
    assert ip.getAsset(asset)[2] == DESIGN  # nothing overwritten


def test_register_duplicate_after_transfer_names_registrant(
    ip, asset, registered, supplier_a, supplier_b, supplier_a_op, oem_op
):
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    with reverts_with("AssetAlreadyRegistered", asset, supplier_a):
        ip.register(asset, META, DESIGN, {"from": oem_op})


def test_register_outsider(ip, asset, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.register(asset, META, DESIGN, {"from": outsider})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_register_by_inactive_org(ip, registry, council, asset, supplier_a, supplier_a_op, action, status):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        ip.register(asset, META, DESIGN, {"from": supplier_a_op})
    assert not ip.exists(asset)


def test_register_after_reinstatement(ip, registry, council, asset, supplier_a, supplier_a_op):
    registry.suspend(supplier_a, REASON, {"from": council})
    registry.reinstate(supplier_a, {"from": council})
    ip.register(asset, META, DESIGN, {"from": supplier_a_op})
    assert ip.ownerOf(asset) == hx(supplier_a)


def test_register_by_rotated_operator(ip, registry, asset, supplier_a, supplier_a_op):
    """Identity is the org: a newly added operator registers for the same org."""
    new_op = accounts[7]
    registry.addOperator(new_op, {"from": supplier_a_op})
    registry.acceptOperator(supplier_a, {"from": new_op})
    ip.register(asset, META, DESIGN, {"from": new_op})
    assert ip.ownerOf(asset) == hx(supplier_a)


# ------------------------------------------------------------------ unknown assets


def test_views_of_unknown_asset(ip, asset):
    assert not ip.exists(asset)
    assert ip.ownerOf(asset) == ZERO16
    assert ip.ownerAt(asset, 2**40) == ZERO16
    assert as_dict(ip.getAsset(asset)) == {
        "registrant": ZERO16,
        "registeredAt": 0,
        "kind": 0,
        "version": 0,
        "root": ZERO32,
        "predecessor": ZERO32,
        "owner": ZERO16,
    }
    assert ip.rootOf(asset) == ZERO32
    assert ip.predecessorOf(asset) == ZERO32
    assert ip.latestVersion(asset) == ZERO32
    assert ip.versionCount(asset) == 0
    assert ip.transferCount(asset) == 0
    with reverts_with("UnknownAsset", asset):
        ip.versionAt(asset, 1)
    with reverts_with("UnknownAsset", asset):
        ip.transferAt(asset, 0)


# ------------------------------------------------------------------ verify


def test_verify_opens_commitment(ip, supplier_a_op):
    salt, content = b"\x5a" * 32, keccak(b"the drawing")
    asset = commit(salt, content)
    assert ip.commitmentOf(salt, content) == hx(asset)
    assert not ip.verify(asset, salt, content)  # not registered yet
    ip.register(asset, META, DESIGN, {"from": supplier_a_op})
    assert ip.verify(asset, salt, content)
    assert not ip.verify(asset, b"\x5b" * 32, content)  # wrong salt
    assert not ip.verify(asset, salt, keccak(b"the drawing, tampered"))
    assert not ip.verify(asset, content, salt)  # order matters
    assert not ip.verify(asset_id(2), salt, content)  # another asset


def test_verify_stays_true_for_inactive_owner(ip, registry, council, supplier_a, supplier_a_op):
    salt, content = b"\x01" * 32, keccak(b"doc")
    asset = commit(salt, content)
    ip.register(asset, META, DESIGN, {"from": supplier_a_op})
    registry.offboard(supplier_a, REASON, {"from": council})
    assert ip.verify(asset, salt, content)
    assert ip.ownerOf(asset) == hx(supplier_a)


# ------------------------------------------------------------------ registerBatch


def test_batch_registers_all(ip, supplier_b, supplier_b_op):
    entries = [(asset_id(100 + i), bytes([i]) * 32, i % 5) for i in range(7)]
    tx = ip.registerBatch(entries, {"from": supplier_b_op})

    events = tx.events["AssetRegistered"]
    assert len(events) == 7
    for i, ev in enumerate(events):
        assert ev["asset"] == hx(asset_id(100 + i))
        assert ev["owner"] == hx(supplier_b)
        assert ev["kind"] == i % 5
        assert ev["metadataHash"] == hx(bytes([i]) * 32)
        assert ip.ownerOf(asset_id(100 + i)) == hx(supplier_b)
        assert ip.getAsset(asset_id(100 + i))[1] == tx.timestamp


def test_batch_empty_is_noop(ip, supplier_b_op):
    tx = ip.registerBatch([], {"from": supplier_b_op})
    assert len(tx.events) == 0


def test_batch_invalid_kind_names_index(ip, supplier_b_op):
    entries = [(asset_id(1), META, DESIGN), (asset_id(2), META, OTHER), (asset_id(3), META, 7)]
    with batch_rejected(2, "InvalidKind(uint8)", 7):
        ip.registerBatch(entries, {"from": supplier_b_op})
    assert not ip.exists(asset_id(1))  # whole batch reverted


def test_batch_zero_commitment_names_index(ip, supplier_b_op):
    with batch_rejected(1, "ZeroCommitment()"):
        ip.registerBatch([(asset_id(1), META, DESIGN), (b"\x00" * 32, META, DESIGN)], {"from": supplier_b_op})


def test_batch_existing_asset_names_index_and_first_owner(ip, asset, registered, supplier_a, supplier_b_op):
    entries = [(asset_id(50), META, DESIGN), (asset_id(51), META, DESIGN), (asset, META, DESIGN)]
    with batch_rejected(2, "AssetAlreadyRegistered(bytes32,bytes16)", asset, supplier_a):
        ip.registerBatch(entries, {"from": supplier_b_op})
    assert not ip.exists(asset_id(50))


def test_batch_duplicate_within_batch(ip, supplier_b, supplier_b_op):
    entries = [(asset_id(60), META, DESIGN), (asset_id(61), META, DESIGN), (asset_id(60), META, OTHER)]
    with batch_rejected(2, "AssetAlreadyRegistered(bytes32,bytes16)", asset_id(60), supplier_b):
        ip.registerBatch(entries, {"from": supplier_b_op})
    assert not ip.exists(asset_id(60))


def test_batch_outsider(ip, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.registerBatch([(asset_id(1), META, DESIGN)], {"from": outsider})


def test_batch_suspended_org(ip, registry, council, supplier_b, supplier_b_op):
    registry.suspend(supplier_b, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_b, 2):
        ip.registerBatch([(asset_id(1), META, DESIGN)], {"from": supplier_b_op})


def test_python_commitment_matches_contract(ip, supplier_a_op, tmp_path):
    """valuechain.documents commits exactly like the contract: a file's receipt values
    open the registered asset on chain."""
    from valuechain.documents import commitment, hash_file, new_salt

    path = tmp_path / "design.step"
    path.write_bytes(b"ISO-10303-21; a gear" * 1000)
    salt, content_hash = new_salt(), hash_file(path)
    asset = commitment(salt, content_hash)
    assert ip.commitmentOf(salt, content_hash) == hx(asset)
    ip.register(asset, META, DESIGN, {"from": supplier_a_op})
    assert ip.verify(asset, salt, content_hash)
