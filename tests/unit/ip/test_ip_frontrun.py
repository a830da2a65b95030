"""Front-running IP registration (finding 1 of issue 11): a member that copies a pending
``register``, ``registerBatch`` or ``revise`` and gets the copy mined first gains nothing.

The copier (supplier B) sends the victim's (supplier A's) exact calldata from its own
operator before the victim's transaction is mined. The org is bound into the commitment
(``commitmentOf(org, salt, contentHash)``) and the asset id is derived from the
registering org (``assetIdOf(org, commitment)``), so the copy lands under another asset
id that opens no document for anyone, it does not block the victim's own registration,
and the victim's asset verifies for the victim only.
"""

from __future__ import annotations

import pytest
from brownie import DataLicensing

from tests.support.ip import (
    DESIGN,
    PROCESS,
    SOFTWARE,
    asset_of,
    commitment_of,
    document,
    hx,
    reverts_with,
)
from valuechain.licensing import Purpose

META = b"\x4d" * 32
DAY = 86_400
QA = int(Purpose.CX_QUALITY_BASE_1)


@pytest.fixture(scope="module")
def orgs(oem, supplier_a, supplier_b, auditor):
    return [oem, supplier_a, supplier_b, auditor]


@pytest.fixture(scope="module")
def licensing(registry, ip, council):
    return DataLicensing.deploy(registry, ip, {"from": council})


def send_copy(op, ip, calldata):
    """``op`` sends ``calldata`` to the IPRegistry unchanged, as a front-runner would."""
    return op.transfer(ip, 0, data=calldata)


def assert_opens_nothing(ip, junk: bytes, salt: bytes, content: bytes, orgs) -> None:
    """The copier's record verifies for no org, even with the document's own salt and
    content (which the victim discloses when it proves its registration)."""
    assert ip.exists(junk)
    for org in orgs:
        assert not ip.verify(junk, org, salt, content)


def test_copied_register_gives_the_copier_nothing(ip, orgs, supplier_a, supplier_b, supplier_a_op, supplier_b_op):
    salt, content = document(1)
    commitment = commitment_of(supplier_a, salt, content)
    calldata = ip.register.encode_input(commitment, META, DESIGN)

    copy = send_copy(supplier_b_op, ip, calldata)  # mined first
    own = ip.register(commitment, META, DESIGN, {"from": supplier_a_op})  # not blocked

    assert own.input == calldata
    mine, junk = asset_of(supplier_a, commitment), asset_of(supplier_b, commitment)
    assert mine != junk
    assert copy.events["AssetRegistered"]["asset"] == hx(junk)
    assert own.events["AssetRegistered"]["asset"] == hx(mine)
    assert own.return_value == hx(mine)
    assert ip.ownerOf(mine) == hx(supplier_a)
    assert ip.getAsset(mine)[1] == own.timestamp  # the victim's priority is its own
    assert ip.verify(mine, supplier_a, salt, content)
    for org in orgs:
        if org != supplier_a:
            assert not ip.verify(mine, org, salt, content)  # for the victim only
    assert_opens_nothing(ip, junk, salt, content, orgs)


def test_copied_batch_gives_the_copier_nothing(ip, orgs, supplier_a, supplier_b, supplier_a_op, supplier_b_op):
    docs = [document(10 + i) for i in range(3)]
    entries = [(commitment_of(supplier_a, s, c), META, k) for (s, c), k in zip(docs, [DESIGN, PROCESS, SOFTWARE], strict=True)]
    calldata = ip.registerBatch.encode_input(entries)

    copy = send_copy(supplier_b_op, ip, calldata)
    own = ip.registerBatch(entries, {"from": supplier_a_op})

    assert own.input == calldata
    mine = [asset_of(supplier_a, e[0]) for e in entries]
    junk = [asset_of(supplier_b, e[0]) for e in entries]
    assert [ev["asset"] for ev in own.events["AssetRegistered"]] == [hx(a) for a in mine]
    assert [ev["asset"] for ev in copy.events["AssetRegistered"]] == [hx(a) for a in junk]
    assert list(own.return_value) == [hx(a) for a in mine]
    for (salt, content), asset, copied in zip(docs, mine, junk, strict=True):
        assert ip.ownerOf(asset) == hx(supplier_a)
        assert ip.verify(asset, supplier_a, salt, content)
        assert not ip.verify(asset, supplier_b, salt, content)
        assert_opens_nothing(ip, copied, salt, content, orgs)


def test_copied_revise_gives_the_copier_nothing(ip, orgs, supplier_a, supplier_b, supplier_a_op, supplier_b_op):
    salt1, content1 = document(1)
    first = ip.register(commitment_of(supplier_a, salt1, content1), META, DESIGN, {"from": supplier_a_op})
    v1 = first.events["AssetRegistered"]["asset"]
    salt, content = document(2)
    commitment = commitment_of(supplier_a, salt, content)
    calldata = ip.revise.encode_input(v1, commitment, META)

    # the exact copy is refused (B does not own the lineage); B registers the commitment instead
    with reverts_with("NotAssetOwner", v1, supplier_a, supplier_b):
        send_copy(supplier_b_op, ip, calldata)
    copy = ip.register(commitment, META, DESIGN, {"from": supplier_b_op})
    own = ip.revise(v1, commitment, META, {"from": supplier_a_op})  # not blocked

    assert own.input == calldata
    v2, junk = asset_of(supplier_a, commitment), asset_of(supplier_b, commitment)
    assert copy.events["AssetRegistered"]["asset"] == hx(junk)
    assert own.events["AssetRevised"]["asset"] == hx(v2)
    assert own.return_value == hx(v2)
    assert ip.latestVersion(v1) == hx(v2)
    assert first.return_value == hx(v1) == hx(asset_of(supplier_a, commitment_of(supplier_a, salt1, content1)))
    assert ip.verify(v2, supplier_a, salt, content)
    assert not ip.verify(v2, supplier_b, salt, content)
    assert_opens_nothing(ip, junk, salt, content, orgs)


def test_licensing_the_copy_proves_nothing(
    ip, licensing, orgs, oem, supplier_a, supplier_b, supplier_a_op, supplier_b_op, chain
):
    """The copier can license its junk id (it owns it), but that licence is not one on
    the victim's design, and the junk id opens no document."""
    salt, content = document(3)
    commitment = commitment_of(supplier_a, salt, content)
    send_copy(supplier_b_op, ip, ip.register.encode_input(commitment, META, DESIGN))
    ip.register(commitment, META, DESIGN, {"from": supplier_a_op})
    mine, junk = asset_of(supplier_a, commitment), asset_of(supplier_b, commitment)

    terms = licensing.publishTerms((QA, False, False, 30 * DAY, b"\x1e" * 32), {"from": supplier_b_op}).return_value
    licensing.grant(junk, oem, terms, QA, 0, chain.time() + 10 * DAY, {"from": supplier_b_op})

    assert licensing.isLicensed(junk, oem, QA)
    assert not licensing.isLicensed(mine, oem, QA)
    assert ip.ownerOf(mine) == hx(supplier_a)
    assert ip.verify(mine, supplier_a, salt, content)
    assert_opens_nothing(ip, junk, salt, content, orgs)
