"""DataLicensing: direct grants, validity windows, expiry and the isLicensed view."""

from __future__ import annotations

import pytest
from brownie import chain

from tests.support.errors import reverts_with
from tests.support.licensing import (
    AI,
    ALL,
    DAY,
    MF,
    PP,
    QA,
    RD,
    TR,
    ZERO16,
    ZERO32,
    LicenceStatus,
    Reason,
    asset_id,
    hx,
    licence,
    licence_id,
    now,
    reverts_any,
    terms_tuple,
    travel,
)
from valuechain.catenax.purposes import vocabulary

REASON = b"\x99" * 32


def test_grant_records_and_emits(world, asset, oem, supplier_a, std_terms, supplier_a_op, in_days):
    end = in_days(90)
    tx = world.grant(asset, oem, std_terms, QA | MF, 0, end, {"from": supplier_a_op})

    lic = tx.return_value
    assert lic == hx(licence_id(asset, oem, bytes(std_terms), 0))
    assert world.licenceIdOf(asset, oem, std_terms, 0) == lic
    ev = tx.events["LicenceGranted"]
    assert ev["asset"] == hx(asset)
    assert ev["licensor"] == hx(supplier_a)
    assert ev["licensee"] == hx(oem)
    assert ev["licence"] == lic
    assert ev["terms"] == std_terms
    assert (ev["purposes"], ev["start"], ev["end"], ev["nonce"]) == (QA | MF, tx.timestamp, end, 0)
    assert len(tx.events) == 1
    assert licence(world.getLicence(asset, lic)) == {
        "licensee": hx(oem),
        "licensor": hx(supplier_a),
        "purposes": QA | MF,
        "start": tx.timestamp,
        "end": end,
        "status": LicenceStatus.ACTIVE,
        "reason": Reason.NONE,
        "derivatives": False,
        "sublicensable": False,
        "parent": ZERO32,
        "offeror": ZERO16,
        "deadline": 0,
    }
    assert world.statusOf(asset, lic) == LicenceStatus.ACTIVE
    assert world.proposalCount(asset, oem) == 1
    assert world.sublicencesOf(asset, lic) == []


def test_grant_copies_terms_flags(world, asset, oem, sub_terms, supplier_a_op, in_days):
    lic = world.grant(asset, oem, sub_terms, RD, 0, in_days(10), {"from": supplier_a_op}).return_value
    info = licence(world.getLicence(asset, lic))
    assert (info["derivatives"], info["sublicensable"]) == (True, True)


def test_is_licensed_by_purpose(world, asset, oem, granted):
    assert world.isLicensed(asset, oem, QA)
    assert world.isLicensed(asset, oem, MF)
    assert world.isLicensed(asset, oem, QA | MF)
    assert world.isLicensed(asset, oem, 0)  # zero: any licence in force
    for purpose in (TR, PP, RD, AI, QA | TR, MF | AI):
        assert not world.isLicensed(asset, oem, purpose), purpose


def test_any_set_of_vocabulary_purposes(world, licensing, asset, auditor, supplier_a_op, oem_op, in_days):
    """Terms may name every purpose of the vocabulary, a licence any subset of them:
    each purpose of the licence is licensed on its own, the others not, and each one can
    be cited by a receipt."""
    voc = vocabulary()
    everything = licensing.publishTerms(terms_tuple(ALL, legal=b"\x07" * 32), {"from": supplier_a_op}).return_value
    chosen = [e for e in voc.entries if e.bit % 3 != 1]  # two thirds of them, first and last included
    bits = sum(e.value for e in chosen)
    assert voc.entries[-1] in chosen and len(chosen) > 16
    lic = world.grant(asset, auditor, everything, bits, 0, in_days(5), {"from": supplier_a_op})
    assert lic.events["LicenceGranted"]["purposes"] == bits == licence(world.getLicence(asset, lic.return_value))["purposes"]
    for entry in voc.entries:
        assert world.isLicensed(asset, auditor, entry.value) == (entry in chosen), entry.id
    assert world.isLicensed(asset, auditor, bits) and not world.isLicensed(asset, auditor, ALL)
    assert not world.isLicensed(asset, auditor, 1 << 35)  # no purpose owns it
    for entry in chosen[:3] + chosen[-2:]:
        tx = world.recordAccess(asset, lic.return_value, entry.value, b"\x01" * 32, {"from": supplier_a_op})
        assert tx.events["AccessRecorded"]["purpose"] == entry.value


def test_window_end_after_2106(world, asset, oem, short_terms, supplier_a_op):
    """Windows are stored in 32 bits: an end after 2**32 - 1 (2106-02-07) is refused."""
    end = 2**32
    start = end - 3 * DAY
    with reverts_with("InvalidWindow", start, end):
        world.grant.call(asset, oem, short_terms, QA, start, end, {"from": supplier_a_op})


def test_is_licensed_is_per_asset_and_org(world, assets, oem, auditor, supplier_a, granted):
    assert world.isLicensed(assets[0], oem, QA)
    assert not world.isLicensed(assets[1], oem, QA)
    assert not world.isLicensed(assets[0], auditor, QA)
    assert not world.isLicensed(assets[0], supplier_a, QA)  # the owner holds no licence
    assert not world.isLicensed(asset_id(99), oem, QA)


def test_nonce_makes_ids_distinct(world, asset, oem, std_terms, supplier_a_op, in_days):
    ids = [
        world.grant(asset, oem, std_terms, QA, 0, in_days(30), {"from": supplier_a_op}).return_value
        for _ in range(3)
    ]
    assert len({str(i) for i in ids}) == 3
    assert [world.licenceIdOf(asset, oem, std_terms, n) for n in range(3)] == ids
    assert world.proposalCount(asset, oem) == 3


def test_future_start_and_expiry_without_transaction(world, asset, oem, std_terms, supplier_a_op):
    start = now() + 10 * DAY
    end = start + 20 * DAY
    lic = world.grant(asset, oem, std_terms, MF, start, end, {"from": supplier_a_op}).return_value
    assert not world.isLicensed(asset, oem, MF)
    assert world.statusOf(asset, lic) == LicenceStatus.ACTIVE

    travel(start)
    assert world.isLicensed(asset, oem, MF)

    travel(end - 5)
    assert world.isLicensed(asset, oem, MF)
    travel(end)
    assert not world.isLicensed(asset, oem, MF)
    assert world.statusOf(asset, lic) == LicenceStatus.EXPIRED
    assert licence(world.getLicence(asset, lic))["status"] == LicenceStatus.EXPIRED


def test_window_up_to_max_duration(world, asset, oem, short_terms, supplier_a_op):
    start = now() + 100
    world.grant(asset, oem, short_terms, QA, start, start + 7 * DAY, {"from": supplier_a_op})
    with reverts_with("DurationTooLong", 7 * DAY + 1, 7 * DAY):
        world.grant.call(asset, oem, short_terms, QA, start, start + 7 * DAY + 1, {"from": supplier_a_op})


def test_window_from_now_counts_from_block_time(world, asset, oem, short_terms, supplier_a_op):
    end = now() + 8 * DAY
    with reverts_any("DurationTooLong"):
        world.grant.call(asset, oem, short_terms, QA, 0, end, {"from": supplier_a_op})


def test_window_start_in_past(world, asset, oem, std_terms, supplier_a_op):
    start = now() - 10
    end = start + DAY
    with reverts_with("InvalidWindow", start, end):
        world.grant.call(asset, oem, std_terms, QA, start, end, {"from": supplier_a_op})


def test_window_end_not_after_start(world, asset, oem, std_terms, supplier_a_op):
    start = now() + 100
    for end in (start, start - 1):
        with reverts_with("InvalidWindow", start, end):
            world.grant.call(asset, oem, std_terms, QA, start, end, {"from": supplier_a_op})
    with reverts_any("InvalidWindow"):  # a zero start is the block time
        world.grant.call(asset, oem, std_terms, QA, 0, 0, {"from": supplier_a_op})


def test_purposes_beyond_terms(world, asset, oem, std_terms, supplier_a_op, in_days):
    with reverts_with("PurposesNotAllowed", QA | AI, QA | MF | TR):
        world.grant.call(asset, oem, std_terms, QA | AI, 0, in_days(1), {"from": supplier_a_op})


@pytest.mark.parametrize("purposes", [0, 1 << 31, 1 << 39, 1 << 63, QA | 1 << 40])
def test_invalid_purposes(world, asset, oem, std_terms, supplier_a_op, in_days, purposes):
    with reverts_with("InvalidPurposes", purposes):
        world.grant.call(asset, oem, std_terms, purposes, 0, in_days(1), {"from": supplier_a_op})


def test_unknown_terms(world, asset, oem, supplier_a_op, in_days):
    with reverts_with("UnknownTerms", b"\x42" * 32):
        world.grant.call(asset, oem, b"\x42" * 32, QA, 0, in_days(1), {"from": supplier_a_op})


def test_unknown_asset(world, oem, std_terms, supplier_a_op, in_days):
    unknown = asset_id(99)
    with reverts_with("UnknownAsset", unknown):
        world.grant.call(unknown, oem, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})


def test_self_licence(world, asset, supplier_a, std_terms, supplier_a_op, in_days):
    with reverts_with("SelfLicence", asset, supplier_a):
        world.grant.call(asset, supplier_a, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_grant_to_inactive_org(world, registry, council, asset, auditor, std_terms, supplier_a_op, in_days, action, status):
    getattr(registry, action)(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, status):
        world.grant.call(asset, auditor, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})


def test_grant_to_unknown_org(world, asset, std_terms, supplier_a_op, in_days):
    stranger = b"BPNL000000000XYZ"
    with reverts_with("OrgNotActive", stranger, 0):
        world.grant.call(asset, stranger, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})


def test_grant_outsider(world, asset, oem, std_terms, outsider, in_days):
    with reverts_with("NotAnOperator", outsider):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(1), {"from": outsider})


@pytest.mark.parametrize("op_name,org_name", [("supplier_b_op", "supplier_b"), ("oem_op", "oem"), ("auditor_op", "auditor")])
def test_grant_by_operator_of_another_org(world, asset, oem, supplier_a, std_terms, in_days, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotAssetOwner", asset, supplier_a, org):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(1), {"from": op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_grant_by_inactive_owner(world, registry, council, asset, oem, supplier_a, std_terms, supplier_a_op, in_days, action, status):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})


def test_grant_by_new_owner_after_transfer(world, ip, asset, oem, supplier_a, supplier_b, std_terms, supplier_a_op, supplier_b_op, in_days):
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    with reverts_with("NotAssetOwner", asset, supplier_b, supplier_a):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(1), {"from": supplier_a_op})
    tx = world.grant(asset, oem, std_terms, QA, 0, in_days(1), {"from": supplier_b_op})
    assert tx.events["LicenceGranted"]["licensor"] == hx(supplier_b)


# ---------------------------------------------------------------- licensee status


@pytest.mark.parametrize("action", ["suspend", "offboard"])
def test_inactive_licensee_is_not_licensed(world, registry, council, asset, oem, granted, action):
    getattr(registry, action)(oem, REASON, {"from": council})
    assert not world.isLicensed(asset, oem, QA)
    # the licence itself is untouched
    assert world.statusOf(asset, granted.return_value) == LicenceStatus.ACTIVE


def test_reinstated_licensee_is_licensed_again(world, registry, council, asset, oem, granted):
    registry.suspend(oem, REASON, {"from": council})
    registry.reinstate(oem, {"from": council})
    assert world.isLicensed(asset, oem, QA)


def test_inactive_owner_does_not_end_licences(world, registry, council, asset, oem, supplier_a, granted):
    registry.suspend(supplier_a, REASON, {"from": council})
    assert world.isLicensed(asset, oem, QA)


def test_licence_follows_transfer(world, ip, asset, oem, supplier_b, supplier_a_op, granted):
    ip.transfer(asset, supplier_b, b"\x00" * 32, {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF)
    assert licence(world.getLicence(asset, granted.return_value))["licensor"] == hx(supplier_b)


# ---------------------------------------------------------------- several licences of one holder


def test_several_licences_answer_exactly(world, asset, oem, std_terms, short_terms, supplier_a_op, in_days):
    """Each licence answers for its own purposes and window; nothing is merged."""
    world.grant(asset, oem, std_terms, QA, 0, in_days(30), {"from": supplier_a_op})
    world.grant(asset, oem, short_terms, RD, 0, in_days(5), {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, QA)
    assert world.isLicensed(asset, oem, RD)
    assert not world.isLicensed(asset, oem, QA | RD)  # no single licence covers both

    chain.sleep(6 * DAY)
    chain.mine()
    assert world.isLicensed(asset, oem, QA)
    assert not world.isLicensed(asset, oem, RD)


def test_revoking_one_licence_keeps_the_others(world, asset, oem, std_terms, supplier_a_op, in_days):
    a = world.grant(asset, oem, std_terms, QA | MF, 0, in_days(30), {"from": supplier_a_op}).return_value
    b = world.grant(asset, oem, std_terms, MF, 0, in_days(60), {"from": supplier_a_op}).return_value
    world.revoke(asset, b, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF)
    assert world.isLicensed(asset, oem, QA)
    world.revoke(asset, a, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    assert not world.isLicensed(asset, oem, MF)


def test_renewal_starts_when_the_first_ends(world, asset, oem, std_terms, supplier_a_op):
    t0 = now() + 100
    first_end = t0 + 30 * DAY
    world.grant(asset, oem, std_terms, MF, t0, first_end, {"from": supplier_a_op})
    world.grant(asset, oem, std_terms, MF, first_end, first_end + 30 * DAY, {"from": supplier_a_op})
    for offset, expected in [(200, True), (30 * DAY - 50, True), (30 * DAY + 50, True), (60 * DAY + 200, False)]:
        travel(t0 + offset)
        assert world.isLicensed(asset, oem, MF) == expected, offset


def test_fifth_licence_in_force_is_refused(world, asset, oem, std_terms, supplier_a_op, in_days):
    ids = [
        world.grant(asset, oem, std_terms, QA, 0, in_days(10 + i), {"from": supplier_a_op}).return_value
        for i in range(4)
    ]
    with reverts_with("TooManyLicences", asset, oem, 4):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(10), {"from": supplier_a_op})
    # revoking one frees its place
    world.revoke(asset, ids[2], Reason.OTHER, ZERO32, {"from": supplier_a_op})
    world.grant(asset, oem, std_terms, MF, 0, in_days(10), {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF)
    assert world.isLicensed(asset, oem, QA)


def test_expired_licences_free_their_places(world, asset, oem, std_terms, short_terms, supplier_a_op, in_days):
    for i in range(4):
        world.grant(asset, oem, short_terms, QA, 0, in_days(1 + i), {"from": supplier_a_op})
    chain.sleep(int(2.5 * DAY))
    chain.mine()
    # two expired: two new ones fit, a third does not
    world.grant(asset, oem, std_terms, MF, 0, in_days(30), {"from": supplier_a_op})
    world.grant(asset, oem, std_terms, TR, 0, in_days(30), {"from": supplier_a_op})
    with reverts_with("TooManyLicences", asset, oem, 4):
        world.grant.call(asset, oem, std_terms, QA, 0, in_days(30), {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF) and world.isLicensed(asset, oem, TR) and world.isLicensed(asset, oem, QA)


def test_licences_in_the_second_slot_answer(world, asset, oem, std_terms, short_terms, supplier_a_op, in_days):
    """A licence stored in entries 2-3 answers after the first two end."""
    world.grant(asset, oem, short_terms, QA, 0, in_days(1), {"from": supplier_a_op})
    world.grant(asset, oem, short_terms, QA, 0, in_days(2), {"from": supplier_a_op})
    world.grant(asset, oem, std_terms, MF, 0, in_days(30), {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF)
    chain.sleep(3 * DAY)
    chain.mine()
    assert world.isLicensed(asset, oem, MF)
    assert not world.isLicensed(asset, oem, QA)


def test_unknown_licence_views(world, asset):
    unknown = b"\x42" * 32
    assert world.statusOf(asset, unknown) == LicenceStatus.NONE
    info = licence(world.getLicence(asset, unknown))
    assert info["licensee"] == ZERO16 and info["licensor"] == ZERO16 and info["status"] == LicenceStatus.NONE


def test_licence_is_keyed_by_asset(world, assets, oem, granted):
    """The same id on another asset names nothing."""
    assert world.statusOf(assets[1], granted.return_value) == LicenceStatus.NONE
