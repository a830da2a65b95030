"""IPRegistry revisions: the version chain of a lineage, its views and wrong parties."""

from __future__ import annotations

import pytest

from tests.support.accounts import SUPPLIER_A_BPNL
from tests.support.ip import (
    DESIGN,
    ZERO16,
    ZERO32,
    as_dict,
    asset_of,
    commitment,
    document,
    hx,
    reverts_with,
)
from valuechain.identity import bpnl_to_bytes16

META = b"\x4d" * 32
REASON = b"\x99" * 32
A = bpnl_to_bytes16(SUPPLIER_A_BPNL)
# supplier A's commitments of documents 2-4 and the ids of the versions they make
C2, C3, C4 = (commitment(n, A) for n in (2, 3, 4))
V2, V3, V4 = (asset_of(A, c) for c in (C2, C3, C4))


@pytest.fixture
def lineage(ip, asset, registered, supplier_a_op, chain):
    """``asset`` with two revisions (v1 = asset, v2, v3), a few seconds apart."""
    chain.sleep(10)
    ip.revise(asset, C2, b"\x02" * 32, {"from": supplier_a_op})
    chain.sleep(10)
    ip.revise(V2, C3, b"\x03" * 32, {"from": supplier_a_op})
    return [asset, V2, V3]


def test_revise_records_version_and_emits(ip, asset, registered, supplier_a, supplier_a_op):
    tx = ip.revise(asset, C2, b"\x22" * 32, {"from": supplier_a_op})

    assert tx.return_value == hx(V2)
    ev = tx.events["AssetRevised"]
    assert ev["asset"] == hx(V2)
    assert ev["predecessor"] == hx(asset)
    assert ev["owner"] == hx(supplier_a)
    assert ev["root"] == hx(asset)
    assert ev["version"] == 2
    assert ev["kind"] == DESIGN
    assert ev["metadataHash"] == hx(b"\x22" * 32)
    assert ev["commitment"] == hx(C2)
    assert "AssetRegistered" not in tx.events
    assert as_dict(ip.getAsset(V2)) == {
        "registrant": hx(supplier_a),
        "registeredAt": tx.timestamp,
        "kind": DESIGN,
        "version": 2,
        "root": hx(asset),
        "predecessor": hx(asset),
        "owner": hx(supplier_a),
    }
    assert ip.exists(V2)
    assert ip.ownerOf(V2) == hx(supplier_a)
    assert ip.verify(V2, supplier_a, *document(2))


def test_lineage_views(ip, lineage):
    v1, v2, v3 = lineage
    for v in lineage:
        assert ip.rootOf(v) == hx(v1)
        assert ip.latestVersion(v) == hx(v3)
        assert ip.versionCount(v) == 3
        assert [ip.versionAt(v, n) for n in (1, 2, 3)] == [hx(v1), hx(v2), hx(v3)]
    assert [ip.predecessorOf(v) for v in lineage] == [ZERO32, hx(v1), hx(v2)]
    assert [ip.getAsset(v)[3] for v in lineage] == [1, 2, 3]


@pytest.mark.parametrize("version", [0, 4, 2**256 - 1])
def test_version_at_out_of_range(ip, lineage, version):
    with reverts_with("IndexOutOfRange", lineage[1], version, 3):
        ip.versionAt(lineage[1], version)


def test_earlier_versions_stay_registered_and_provable(ip, lineage, registered):
    """Nothing is overwritten: every version keeps its own priority time."""
    times = [ip.getAsset(v)[1] for v in lineage]
    assert times[0] == registered.timestamp
    assert times[0] < times[1] < times[2]
    assert all(ip.exists(v) for v in lineage)


def test_version_owner_at_starts_at_its_registration(ip, lineage, supplier_a):
    v1, v2, _ = lineage
    t2 = ip.getAsset(v2)[1]
    assert ip.ownerAt(v2, t2 - 1) == ZERO16
    assert ip.ownerAt(v2, t2) == hx(supplier_a)
    assert ip.ownerAt(v1, t2 - 1) == hx(supplier_a)


@pytest.mark.parametrize("stale", [0, 1])
def test_revise_only_latest(ip, lineage, supplier_a_op, stale):
    with reverts_with("NotLatestVersion", lineage[stale], lineage[2]):
        ip.revise(lineage[stale], C4, META, {"from": supplier_a_op})


def test_revise_unknown_predecessor(ip, supplier_a_op):
    with reverts_with("UnknownAsset", V2):
        ip.revise(V2, C3, META, {"from": supplier_a_op})


def test_revise_duplicate_commitment_names_first_owner(
    ip, asset, asset_commitment, registered, supplier_a, supplier_a_op
):
    ip.revise(asset, C2, META, {"from": supplier_a_op})
    with reverts_with("AssetAlreadyRegistered", asset, supplier_a):
        ip.revise(V2, asset_commitment, META, {"from": supplier_a_op})


def test_revise_with_other_orgs_commitment_takes_nothing(
    ip, asset, asset_commitment, registered, supplier_a, supplier_b, supplier_b_op
):
    """A revision with the commitment another org registered gets an id of its own that
    opens no document: it claims nothing of the first registration."""
    own = ip.register(commitment(3, supplier_b), META, DESIGN, {"from": supplier_b_op}).return_value
    tx = ip.revise(own, asset_commitment, META, {"from": supplier_b_op})
    copy = asset_of(supplier_b, asset_commitment)
    assert tx.return_value == hx(copy) != hx(asset)
    assert ip.ownerOf(asset) == hx(supplier_a) and ip.versionCount(asset) == 1
    assert not ip.verify(copy, supplier_b, *document(1))
    assert not ip.verify(copy, supplier_a, *document(1))


def test_revise_zero_commitment(ip, asset, registered, supplier_a_op):
    with reverts_with("ZeroCommitment"):
        ip.revise(asset, b"\x00" * 32, META, {"from": supplier_a_op})


def test_revise_by_other_org(ip, asset, registered, supplier_a, supplier_b, supplier_b_op):
    with reverts_with("NotAssetOwner", asset, supplier_a, supplier_b):
        ip.revise(asset, commitment(2, supplier_b), META, {"from": supplier_b_op})


def test_revise_outsider(ip, asset, registered, outsider):
    with reverts_with("NotAnOperator", outsider):
        ip.revise(asset, C2, META, {"from": outsider})


def test_revise_by_suspended_owner(ip, registry, council, asset, registered, supplier_a, supplier_a_op):
    registry.suspend(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, 2):
        ip.revise(asset, C2, META, {"from": supplier_a_op})
    registry.reinstate(supplier_a, {"from": council})
    ip.revise(asset, C2, META, {"from": supplier_a_op})
    assert ip.versionCount(asset) == 2


def test_revise_after_transfer_by_new_owner_only(
    ip, lineage, supplier_a, supplier_b, supplier_a_op, supplier_b_op
):
    ip.transfer(lineage[0], supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    with reverts_with("NotAssetOwner", lineage[2], supplier_b, supplier_a):
        ip.revise(lineage[2], C4, META, {"from": supplier_a_op})
    b4 = commitment(4, supplier_b)  # the new owner commits as itself
    tx = ip.revise(lineage[2], b4, META, {"from": supplier_b_op})
    v4 = asset_of(supplier_b, b4)
    assert tx.return_value == hx(v4)
    assert tx.events["AssetRevised"]["owner"] == hx(supplier_b)
    assert tx.events["AssetRevised"]["version"] == 4
    assert ip.getAsset(v4)[0] == hx(supplier_b)  # registrant of v4
    assert ip.getAsset(lineage[0])[0] == hx(supplier_a)  # registrant of v1 unchanged
    assert ip.latestVersion(lineage[0]) == hx(v4)
    assert ip.verify(v4, supplier_b, *document(4))
    assert ip.verify(lineage[2], supplier_a, *document(3))  # earlier versions: their registrant


def test_revision_inherits_kind(ip, supplier_a, supplier_a_op):
    ip.register(commitment(10, supplier_a), META, 3, {"from": supplier_a_op})
    v1 = asset_of(supplier_a, commitment(10, supplier_a))
    tx = ip.revise(v1, commitment(11, supplier_a), META, {"from": supplier_a_op})
    assert tx.events["AssetRevised"]["kind"] == 3
    assert ip.getAsset(asset_of(supplier_a, commitment(11, supplier_a)))[2] == 3
