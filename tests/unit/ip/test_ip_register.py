"""IPRegistry registration: single and batch, commitments, views and wrong parties."""

from __future__ import annotations

import pytest
from brownie import IPRegistry, accounts
from eth_utils import keccak

from tests.support.ip import (
    DATASET,
    DESIGN,
    OTHER,
    PROCESS,
    SOFTWARE,
    ZERO16,
    ZERO32,
    as_dict,
    asset_id,
    asset_of,
    batch_rejected,
    commitment,
    commitment_of,
    document,
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


def test_register_records_asset_and_emits(ip, asset, asset_commitment, supplier_a, supplier_a_op):
    tx = ip.register(asset_commitment, META, SOFTWARE, {"from": supplier_a_op})

    assert asset == asset_of(supplier_a, asset_commitment)
    assert tx.return_value == hx(asset)
    ev = tx.events["AssetRegistered"]
    assert ev["asset"] == hx(asset)
    assert ev["owner"] == hx(supplier_a)
    assert ev["kind"] == SOFTWARE
    assert ev["metadataHash"] == hx(META)
    assert ev["commitment"] == hx(asset_commitment)
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
def test_register_every_kind(ip, asset, asset_commitment, supplier_a_op, kind):
    tx = ip.register(asset_commitment, META, kind, {"from": supplier_a_op})
    assert tx.events["AssetRegistered"]["kind"] == kind
    assert ip.getAsset(asset)[2] == kind


@pytest.mark.parametrize("kind", [5, 6, 255])
def test_register_invalid_kind(ip, asset_commitment, supplier_a_op, kind):
    with reverts_with("InvalidKind", kind):
        ip.register(asset_commitment, META, kind, {"from": supplier_a_op})


@pytest.mark.parametrize("op_name", ["oem_op", "auditor_op"])
def test_register_any_role(ip, request, op_name, oem, auditor):
    """Every member registers IP, not only suppliers."""
    org = oem if op_name == "oem_op" else auditor
    tx = ip.register(commitment(1, org), META, DESIGN, {"from": request.getfixturevalue(op_name)})
    assert tx.return_value == hx(asset_id(1, org))
    assert ip.ownerOf(asset_id(1, org)) == hx(org)
    assert ip.verify(asset_id(1, org), org, *document(1))


def test_register_zero_metadata_allowed(ip, asset_commitment, supplier_a_op):
    tx = ip.register(asset_commitment, b"\x00" * 32, DESIGN, {"from": supplier_a_op})
    assert tx.events["AssetRegistered"]["metadataHash"] == ZERO32


def test_register_zero_commitment(ip, supplier_a_op):
    with reverts_with("ZeroCommitment"):
        ip.register(b"\x00" * 32, META, DESIGN, {"from": supplier_a_op})


def test_register_duplicate_names_first_owner(ip, asset, asset_commitment, registered, supplier_a, supplier_a_op):
    with reverts_with("AssetAlreadyRegistered", asset, supplier_a):
        ip.register(asset_commitment, b"\x01" * 32, OTHER, {"from": supplier_a_op})
    assert ip.getAsset(asset)[2] == DESIGN  # nothing overwritten


def test_register_same_commitment_by_rival_is_its_own_asset(
    ip, asset, asset_commitment, registered, supplier_a, supplier_b, supplier_b_op
):
    """Asset ids are per org: a rival registering the same commitment neither collides
    with the first registration nor opens its document (see test_ip_frontrun)."""
    tx = ip.register(asset_commitment, META, OTHER, {"from": supplier_b_op})
    rival = asset_of(supplier_b, asset_commitment)
    assert tx.return_value == hx(rival) != hx(asset)
    assert ip.ownerOf(asset) == hx(supplier_a) and ip.ownerOf(rival) == hx(supplier_b)
    assert not ip.verify(rival, supplier_b, *document(1))
    assert ip.verify(asset, supplier_a, *document(1))


def test_register_duplicate_after_transfer_names_registrant(
    ip, asset, asset_commitment, registered, supplier_a, supplier_b, supplier_a_op
):
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    with reverts_with("AssetAlreadyRegistered", asset, supplier_a):
        ip.register(asset_commitment, META, DESIGN, {"from": supplier_a_op})


def test_register_outsider(ip, asset_commitment, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.register(asset_commitment, META, DESIGN, {"from": outsider})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_register_by_inactive_org(
    ip, registry, council, asset, asset_commitment, supplier_a, supplier_a_op, action, status
):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        ip.register(asset_commitment, META, DESIGN, {"from": supplier_a_op})
    assert not ip.exists(asset)


def test_register_after_reinstatement(ip, registry, council, asset, asset_commitment, supplier_a, supplier_a_op):
    registry.suspend(supplier_a, REASON, {"from": council})
    registry.reinstate(supplier_a, {"from": council})
    ip.register(asset_commitment, META, DESIGN, {"from": supplier_a_op})
    assert ip.ownerOf(asset) == hx(supplier_a)


def test_register_by_rotated_operator(ip, registry, asset, asset_commitment, supplier_a, supplier_a_op):
    """Identity is the org: a newly added operator registers for the same org."""
    new_op = accounts[7]
    registry.addOperator(new_op, {"from": supplier_a_op})
    registry.acceptOperator(supplier_a, {"from": new_op})
    ip.register(asset_commitment, META, DESIGN, {"from": new_op})
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


def test_commitment_and_asset_id_views(ip, supplier_a, supplier_b):
    salt, content = b"\x5a" * 32, keccak(b"the drawing")
    c = commitment_of(supplier_a, salt, content)
    assert ip.commitmentOf(supplier_a, salt, content) == hx(c)
    assert ip.commitmentOf(supplier_b, salt, content) != hx(c)  # the org is committed to
    assert ip.assetIdOf(supplier_a, c) == hx(asset_of(supplier_a, c))
    assert ip.assetIdOf(supplier_b, c) != ip.assetIdOf(supplier_a, c)


def test_verify_opens_commitment_for_its_org(ip, supplier_a, supplier_b, oem, supplier_a_op):
    salt, content = b"\x5a" * 32, keccak(b"the drawing")
    asset = asset_of(supplier_a, commitment_of(supplier_a, salt, content))
    assert not ip.verify(asset, supplier_a, salt, content)  # not registered yet
    ip.register(commitment_of(supplier_a, salt, content), META, DESIGN, {"from": supplier_a_op})
    assert ip.verify(asset, supplier_a, salt, content)
    assert not ip.verify(asset, supplier_b, salt, content)  # another org
    assert not ip.verify(asset, oem, salt, content)
    assert not ip.verify(asset, b"\x00" * 16, salt, content)
    assert not ip.verify(asset, supplier_a, b"\x5b" * 32, content)  # wrong salt
    assert not ip.verify(asset, supplier_a, salt, keccak(b"the drawing, tampered"))
    assert not ip.verify(asset, supplier_a, content, salt)  # order matters
    assert not ip.verify(asset_id(2, supplier_a), supplier_a, salt, content)  # another asset
    assert not ip.verify(commitment_of(supplier_a, salt, content), supplier_a, salt, content)  # not an id


def test_verify_a_commitment_made_for_another_org(ip, supplier_a, supplier_b, supplier_b_op):
    """An org that registers a commitment naming another org (a copy) holds an asset
    that verifies for nobody: the commitment is recomputed with the registrant."""
    salt, content = document(5)
    tx = ip.register(commitment_of(supplier_a, salt, content), META, DESIGN, {"from": supplier_b_op})
    copied = tx.return_value
    assert ip.ownerOf(copied) == hx(supplier_b)
    assert not ip.verify(copied, supplier_b, salt, content)
    assert not ip.verify(copied, supplier_a, salt, content)


def test_verify_stays_true_for_inactive_owner(ip, registry, council, supplier_a, supplier_a_op):
    salt, content = b"\x01" * 32, keccak(b"doc")
    asset = asset_of(supplier_a, commitment_of(supplier_a, salt, content))
    ip.register(commitment_of(supplier_a, salt, content), META, DESIGN, {"from": supplier_a_op})
    registry.offboard(supplier_a, REASON, {"from": council})
    assert ip.verify(asset, supplier_a, salt, content)
    assert ip.ownerOf(asset) == hx(supplier_a)


def test_verify_names_the_registrant_after_transfer(ip, asset, registered, supplier_a, supplier_b, supplier_a_op):
    """verify proves who committed and when; the current owner is ownerOf."""
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    assert ip.verify(asset, supplier_a, *document(1))
    assert not ip.verify(asset, supplier_b, *document(1))
    assert ip.ownerOf(asset) == hx(supplier_b)


# ------------------------------------------------------------------ registerBatch


def test_batch_registers_all(ip, supplier_b, supplier_b_op):
    entries = [(commitment(100 + i, supplier_b), bytes([i]) * 32, i % 5) for i in range(7)]
    tx = ip.registerBatch(entries, {"from": supplier_b_op})

    ids = [asset_id(100 + i, supplier_b) for i in range(7)]
    assert list(tx.return_value) == [hx(a) for a in ids]
    events = tx.events["AssetRegistered"]
    assert len(events) == 7
    for i, ev in enumerate(events):
        assert ev["asset"] == hx(ids[i])
        assert ev["owner"] == hx(supplier_b)
        assert ev["kind"] == i % 5
        assert ev["metadataHash"] == hx(bytes([i]) * 32)
        assert ev["commitment"] == hx(entries[i][0])
        assert ip.ownerOf(ids[i]) == hx(supplier_b)
        assert ip.getAsset(ids[i])[1] == tx.timestamp
        assert ip.verify(ids[i], supplier_b, *document(100 + i))


def test_batch_empty_is_noop(ip, supplier_b_op):
    tx = ip.registerBatch([], {"from": supplier_b_op})
    assert len(tx.events) == 0
    assert list(tx.return_value) == []


def test_batch_invalid_kind_names_index(ip, supplier_b, supplier_b_op):
    entries = [(commitment(n, supplier_b), META, kind) for n, kind in [(1, DESIGN), (2, OTHER), (3, 7)]]
    with batch_rejected(2, "InvalidKind(uint8)", 7):
        ip.registerBatch(entries, {"from": supplier_b_op})
    assert not ip.exists(asset_id(1, supplier_b))  # whole batch reverted


def test_batch_zero_commitment_names_index(ip, supplier_b, supplier_b_op):
    with batch_rejected(1, "ZeroCommitment()"):
        ip.registerBatch([(commitment(1, supplier_b), META, DESIGN), (b"\x00" * 32, META, DESIGN)], {"from": supplier_b_op})


def test_batch_existing_asset_names_index_and_first_owner(
    ip, asset, asset_commitment, registered, supplier_a, supplier_a_op
):
    entries = [(commitment(50, supplier_a), META, DESIGN), (commitment(51, supplier_a), META, DESIGN),
               (asset_commitment, META, DESIGN)]
    with batch_rejected(2, "AssetAlreadyRegistered(bytes32,bytes16)", asset, supplier_a):
        ip.registerBatch(entries, {"from": supplier_a_op})
    assert not ip.exists(asset_id(50, supplier_a))


def test_batch_duplicate_within_batch(ip, supplier_b, supplier_b_op):
    c60, c61 = commitment(60, supplier_b), commitment(61, supplier_b)
    entries = [(c60, META, DESIGN), (c61, META, DESIGN), (c60, META, OTHER)]
    with batch_rejected(2, "AssetAlreadyRegistered(bytes32,bytes16)", asset_id(60, supplier_b), supplier_b):
        ip.registerBatch(entries, {"from": supplier_b_op})
    assert not ip.exists(asset_id(60, supplier_b))


def test_batch_outsider(ip, supplier_a, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.registerBatch([(commitment(1, supplier_a), META, DESIGN)], {"from": outsider})


def test_batch_suspended_org(ip, registry, council, supplier_b, supplier_b_op):
    registry.suspend(supplier_b, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_b, 2):
        ip.registerBatch([(commitment(1, supplier_b), META, DESIGN)], {"from": supplier_b_op})


def test_python_commitment_matches_contract(ip, supplier_a, supplier_a_op, tmp_path):
    """valuechain.documents commits exactly like the contract: a file's receipt values
    open the registered asset on chain, for the registering org."""
    from valuechain.documents import asset_id as tooling_asset_id
    from valuechain.documents import commitment as tooling_commitment
    from valuechain.documents import hash_file, new_salt

    path = tmp_path / "design.step"
    path.write_bytes(b"ISO-10303-21; a gear" * 1000)
    salt, content_hash = new_salt(), hash_file(path)
    c = tooling_commitment(supplier_a, salt, content_hash)
    assert ip.commitmentOf(supplier_a, salt, content_hash) == hx(c)
    asset = tooling_asset_id(supplier_a, c)
    assert ip.assetIdOf(supplier_a, c) == hx(asset)
    assert ip.register(c, META, DESIGN, {"from": supplier_a_op}).return_value == hx(asset)
    assert ip.verify(asset, supplier_a, salt, content_hash)
