"""DataLicensing: offers (accepted by the licensee before a deadline) and requests
(answered by the owner), declined and withdrawn ones, and their wrong parties."""

from __future__ import annotations

import pytest
from brownie import chain

from tests.support.errors import reverts_with
from tests.support.licensing import (
    DAY,
    MF,
    QA,
    TR,
    ZERO16,
    ZERO32,
    LicenceStatus,
    asset_id,
    at,
    hx,
    licence,
    licence_id,
    now,
    reverts_any,
    travel,
)

REASON = b"\x99" * 32


@pytest.fixture
def offered(world, asset, oem, std_terms, supplier_a_op, in_days):
    """A 7-day offer to the OEM of a QA | MF licence ending in 90 days, from acceptance."""
    return world.offer(asset, oem, std_terms, QA | MF, 0, in_days(90), in_days(7), {"from": supplier_a_op})


@pytest.fixture
def requested(world, asset, oem, std_terms, oem_op, in_days):
    """The OEM asks for a QA licence ending in 60 days, from the grant."""
    return world.request(asset, std_terms, QA, 0, in_days(60), {"from": oem_op})


# ---------------------------------------------------------------- offers


def test_offer_records_and_emits(world, asset, oem, supplier_a, std_terms, offered):
    lic = offered.return_value
    ev = offered.events["LicenceOffered"]
    assert lic == hx(licence_id(asset, oem, bytes(std_terms), 0))
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"], ev["terms"]) == (
        hx(asset),
        hx(supplier_a),
        hx(oem),
        lic,
        std_terms,
    )
    info = licence(world.getLicence(asset, lic))
    assert (ev["purposes"], ev["start"], ev["end"], ev["deadline"], ev["nonce"]) == (QA | MF, 0, info["end"], info["deadline"], 0)
    assert info["status"] == LicenceStatus.OFFERED
    assert (info["offeror"], info["licensor"], info["licensee"], info["start"]) == (hx(supplier_a), hx(supplier_a), hx(oem), 0)
    assert not world.isLicensed(asset, oem, QA)
    assert world.proposalCount(asset, oem) == 1


def test_accept_puts_licence_in_force(world, asset, oem, supplier_a, oem_op, offered):
    lic = offered.return_value
    chain.sleep(DAY)
    tx = world.accept(asset, lic, {"from": oem_op})

    ev = tx.events["OfferAccepted"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"], ev["start"]) == (
        hx(asset),
        hx(supplier_a),
        hx(oem),
        lic,
        tx.timestamp,
    )
    info = licence(world.getLicence(asset, lic))
    assert info["status"] == LicenceStatus.ACTIVE
    assert info["start"] == tx.timestamp
    assert (info["offeror"], info["deadline"]) == (ZERO16, 0)  # the offer slot is cleared
    assert world.isLicensed(asset, oem, QA | MF)


def test_accept_keeps_a_future_start(world, asset, oem, std_terms, supplier_a_op, oem_op, in_days):
    start = now() + 10 * DAY
    lic = world.offer(asset, oem, std_terms, MF, start, start + DAY, in_days(5), {"from": supplier_a_op}).return_value
    assert world.accept(asset, lic, {"from": oem_op}).events["OfferAccepted"]["start"] == start
    assert not world.isLicensed(asset, oem, MF)
    chain.sleep(10 * DAY + 10)
    chain.mine()
    assert world.isLicensed(asset, oem, MF)


def test_accept_moves_a_passed_start_to_acceptance(world, asset, oem, std_terms, supplier_a_op, oem_op, in_days):
    start = now() + DAY
    lic = world.offer(asset, oem, std_terms, MF, start, start + 30 * DAY, in_days(5), {"from": supplier_a_op}).return_value
    chain.sleep(3 * DAY)
    tx = world.accept(asset, lic, {"from": oem_op})
    assert tx.events["OfferAccepted"]["start"] == tx.timestamp > start
    assert licence(world.getLicence(asset, lic))["end"] == start + 30 * DAY


def test_offer_lapses_after_deadline(world, asset, oem, oem_op, offered):
    lic = offered.return_value
    deadline = licence(world.getLicence(asset, lic))["deadline"]
    travel(deadline + 1)
    assert world.statusOf(asset, lic) == LicenceStatus.LAPSED
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.LAPSED):
        world.accept.call(asset, lic, {"from": oem_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.LAPSED):
        world.decline.call(asset, lic, {"from": oem_op})


def test_accept_just_before_deadline(world, asset, oem, oem_op, offered):
    lic = offered.return_value
    deadline = licence(world.getLicence(asset, lic))["deadline"]
    travel(deadline - 3)
    world.accept(asset, lic, {"from": oem_op})
    assert world.isLicensed(asset, oem, QA)


def test_accept_at_the_deadline_and_lapse_one_second_later(world, asset, oem, supplier_a, std_terms, supplier_a_op, oem_op, in_days):
    deadline = now() + DAY
    on_time = world.offer(asset, oem, std_terms, QA, 0, in_days(30), deadline, {"from": supplier_a_op}).return_value
    late = world.offer(asset, oem, std_terms, MF, 0, in_days(30), deadline, {"from": supplier_a_op}).return_value
    at(deadline)
    tx = world.accept(asset, on_time, {"from": oem_op})
    assert tx.timestamp == deadline
    travel(deadline + 1)
    info = licence(world.getLicence(asset, late))
    assert (info["status"], info["offeror"], info["deadline"]) == (LicenceStatus.LAPSED, hx(supplier_a), deadline)
    with reverts_with("WrongStatus", asset, late, LicenceStatus.LAPSED):
        world.accept.call(asset, late, {"from": oem_op})
    with reverts_with("WrongStatus", asset, late, LicenceStatus.LAPSED):
        world.withdraw.call(asset, late, {"from": supplier_a_op})
    # a lapsed offer holds no place: only the accepted one answers
    assert world.isLicensed(asset, oem, QA) and not world.isLicensed(asset, oem, MF)


def test_accept_twice(world, asset, oem_op, offered):
    lic = offered.return_value
    world.accept(asset, lic, {"from": oem_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.ACTIVE):
        world.accept.call(asset, lic, {"from": oem_op})


@pytest.mark.parametrize("op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")])
def test_accept_offer_by_wrong_party(world, asset, oem, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, offered.return_value, oem, org):
        world.accept.call(asset, offered.return_value, {"from": op})


def test_accept_offer_outsider(world, asset, outsider, offered):
    with reverts_with("NotAnOperator", outsider):
        world.accept.call(asset, offered.return_value, {"from": outsider})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_accept_offer_inactive_licensee(world, registry, council, asset, oem, oem_op, offered, action, status):
    getattr(registry, action)(oem, REASON, {"from": council})
    with reverts_with("OrgNotActive", oem, status):
        world.accept.call(asset, offered.return_value, {"from": oem_op})


# ---------------------------------------------------------------- the offeror (issue 11, finding 7)


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_offer_of_inactive_offeror_cannot_be_accepted(world, registry, council, asset, oem, supplier_a, oem_op, offered, action, status):
    """Before the fix the licensee accepted: a licence of an owner that can never revoke it."""
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        world.accept.call(asset, offered.return_value, {"from": oem_op})
    assert world.statusOf(asset, offered.return_value) == LicenceStatus.OFFERED
    assert not world.isLicensed(asset, oem, QA)
    # the licensee may still say no
    tx = world.decline(asset, offered.return_value, {"from": oem_op})
    assert tx.events["OfferDeclined"]["licensor"] == hx(supplier_a)


def test_offer_of_reinstated_offeror_can_be_accepted(world, registry, council, asset, oem, supplier_a, oem_op, offered):
    registry.suspend(supplier_a, REASON, {"from": council})
    registry.reinstate(supplier_a, {"from": council})
    tx = world.accept(asset, offered.return_value, {"from": oem_op})
    assert tx.events["OfferAccepted"]["licensor"] == hx(supplier_a)
    assert world.isLicensed(asset, oem, QA | MF)


def test_inactive_former_owner_is_no_offeror(world, registry, council, ip, asset, oem, supplier_a, supplier_b, supplier_a_op, oem_op, offered):
    """After a transfer the offer is void whatever its offeror's status."""
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    registry.suspend(supplier_a, REASON, {"from": council})
    with reverts_with("OfferorNotOwner", asset, offered.return_value, supplier_a, supplier_b):
        world.accept.call(asset, offered.return_value, {"from": oem_op})


def test_offer_void_after_transfer(world, ip, asset, oem, supplier_a, supplier_b, supplier_a_op, supplier_b_op, oem_op, offered):
    lic = offered.return_value
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("OfferorNotOwner", asset, lic, supplier_a, supplier_b):
        world.accept.call(asset, lic, {"from": oem_op})
    # the old owner cannot withdraw it any more; the new one can
    with reverts_with("NotAssetOwner", asset, supplier_b, supplier_a):
        world.withdraw.call(asset, lic, {"from": supplier_a_op})
    tx = world.withdraw(asset, lic, {"from": supplier_b_op})
    assert tx.events["OfferWithdrawn"]["licensor"] == hx(supplier_b)


def test_decline_offer(world, asset, oem, supplier_a, oem_op, offered):
    lic = offered.return_value
    tx = world.decline(asset, lic, {"from": oem_op})
    ev = tx.events["OfferDeclined"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(supplier_a), hx(oem), lic)
    info = licence(world.getLicence(asset, lic))
    assert (info["status"], info["offeror"], info["deadline"]) == (LicenceStatus.DECLINED, ZERO16, 0)
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.DECLINED):
        world.accept.call(asset, lic, {"from": oem_op})


@pytest.mark.parametrize("op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b")])
def test_decline_offer_by_wrong_party(world, asset, oem, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, offered.return_value, oem, org):
        world.decline.call(asset, offered.return_value, {"from": op})


def test_withdraw_offer(world, asset, oem, supplier_a, supplier_a_op, oem_op, offered):
    lic = offered.return_value
    tx = world.withdraw(asset, lic, {"from": supplier_a_op})
    ev = tx.events["OfferWithdrawn"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(supplier_a), hx(oem), lic)
    assert world.statusOf(asset, lic) == LicenceStatus.WITHDRAWN
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.WITHDRAWN):
        world.accept.call(asset, lic, {"from": oem_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.WITHDRAWN):
        world.withdraw.call(asset, lic, {"from": supplier_a_op})


@pytest.mark.parametrize("op_name,org_name", [("oem_op", "oem"), ("supplier_b_op", "supplier_b")])
def test_withdraw_offer_by_wrong_party(world, asset, supplier_a, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotAssetOwner", asset, supplier_a, org):
        world.withdraw.call(asset, offered.return_value, {"from": op})


def test_offer_deadline_bounds(world, asset, oem, std_terms, supplier_a_op, in_days):
    end = in_days(30)
    past = now() - 5
    with reverts_with("InvalidDeadline", past, end):
        world.offer.call(asset, oem, std_terms, QA, 0, end, past, {"from": supplier_a_op})
    with reverts_with("InvalidDeadline", end, end):
        world.offer.call(asset, oem, std_terms, QA, 0, end, end, {"from": supplier_a_op})
    world.offer(asset, oem, std_terms, QA, 0, end, end - 1, {"from": supplier_a_op})


def test_offer_checks_like_grant(world, asset, oem, supplier_a, std_terms, short_terms, supplier_a_op, in_days):
    deadline = in_days(1)
    with reverts_with("PurposesNotAllowed", TR | 32, QA | MF | TR):
        world.offer.call(asset, oem, std_terms, TR | 32, 0, in_days(30), deadline, {"from": supplier_a_op})
    with reverts_any("DurationTooLong"):
        world.offer.call(asset, oem, short_terms, QA, 0, in_days(8), deadline, {"from": supplier_a_op})
    with reverts_with("SelfLicence", asset, supplier_a):
        world.offer.call(asset, supplier_a, std_terms, QA, 0, in_days(30), deadline, {"from": supplier_a_op})
    with reverts_with("UnknownTerms", b"\x42" * 32):
        world.offer.call(asset, oem, b"\x42" * 32, QA, 0, in_days(30), deadline, {"from": supplier_a_op})


def test_offer_by_wrong_party(world, asset, oem, auditor, supplier_a, std_terms, oem_op, outsider, in_days):
    with reverts_with("NotAssetOwner", asset, supplier_a, oem):
        world.offer.call(asset, auditor, std_terms, QA, 0, in_days(30), in_days(1), {"from": oem_op})
    with reverts_with("NotAnOperator", outsider):
        world.offer.call(asset, auditor, std_terms, QA, 0, in_days(30), in_days(1), {"from": outsider})


def test_offer_to_suspended_org(world, registry, council, asset, auditor, std_terms, supplier_a_op, in_days):
    registry.suspend(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, 2):
        world.offer.call(asset, auditor, std_terms, QA, 0, in_days(30), in_days(1), {"from": supplier_a_op})


# ---------------------------------------------------------------- requests


def test_request_records_and_emits(world, asset, oem, supplier_a, std_terms, requested):
    lic = requested.return_value
    ev = requested.events["LicenceRequested"]
    assert lic == hx(licence_id(asset, oem, bytes(std_terms), 0))
    assert (ev["asset"], ev["licensee"], ev["owner"], ev["licence"], ev["terms"], ev["purposes"], ev["start"], ev["nonce"]) == (
        hx(asset),
        hx(oem),
        hx(supplier_a),
        lic,
        std_terms,
        QA,
        0,
        0,
    )
    info = licence(world.getLicence(asset, lic))
    assert (info["status"], info["licensee"], info["licensor"], info["end"]) == (LicenceStatus.REQUESTED, hx(oem), hx(supplier_a), ev["end"])
    assert not world.isLicensed(asset, oem, QA)


def test_owner_grants_request(world, asset, oem, supplier_a, supplier_a_op, requested):
    lic = requested.return_value
    chain.sleep(DAY)
    tx = world.accept(asset, lic, {"from": supplier_a_op})
    ev = tx.events["RequestGranted"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"], ev["start"]) == (
        hx(asset),
        hx(supplier_a),
        hx(oem),
        lic,
        tx.timestamp,
    )
    assert world.statusOf(asset, lic) == LicenceStatus.ACTIVE
    assert world.isLicensed(asset, oem, QA)


def test_owner_declines_request(world, asset, oem, supplier_a, supplier_a_op, requested):
    lic = requested.return_value
    tx = world.decline(asset, lic, {"from": supplier_a_op})
    ev = tx.events["RequestDeclined"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(supplier_a), hx(oem), lic)
    assert world.statusOf(asset, lic) == LicenceStatus.DECLINED
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.DECLINED):
        world.accept.call(asset, lic, {"from": supplier_a_op})


def test_requester_withdraws(world, asset, oem, supplier_a, oem_op, supplier_a_op, requested):
    lic = requested.return_value
    tx = world.withdraw(asset, lic, {"from": oem_op})
    ev = tx.events["RequestWithdrawn"]
    assert (ev["asset"], ev["owner"], ev["licensee"], ev["licence"]) == (hx(asset), hx(supplier_a), hx(oem), lic)
    assert world.statusOf(asset, lic) == LicenceStatus.WITHDRAWN
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.WITHDRAWN):
        world.decline.call(asset, lic, {"from": supplier_a_op})


@pytest.mark.parametrize("op_name,org_name", [("oem_op", "oem"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")])
def test_answer_request_by_wrong_party(world, asset, supplier_a, requested, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    lic = requested.return_value
    with reverts_with("NotAssetOwner", asset, supplier_a, org):
        world.accept.call(asset, lic, {"from": op})
    with reverts_with("NotAssetOwner", asset, supplier_a, org):
        world.decline.call(asset, lic, {"from": op})


@pytest.mark.parametrize("op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b")])
def test_withdraw_request_by_wrong_party(world, asset, oem, requested, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, requested.return_value, oem, org):
        world.withdraw.call(asset, requested.return_value, {"from": op})


def test_request_answered_by_new_owner(world, ip, asset, supplier_a, supplier_b, supplier_a_op, supplier_b_op, requested):
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("NotAssetOwner", asset, supplier_b, supplier_a):
        world.accept.call(asset, requested.return_value, {"from": supplier_a_op})
    tx = world.accept(asset, requested.return_value, {"from": supplier_b_op})
    assert tx.events["RequestGranted"]["licensor"] == hx(supplier_b)


def test_request_window_passed(world, asset, std_terms, oem_op, supplier_a_op):
    start = now() + 100
    end = start + DAY
    lic = world.request(asset, std_terms, QA, start, end, {"from": oem_op}).return_value
    travel(now() + 2 * DAY)
    with reverts_with("WindowPassed", asset, lic, end):
        world.accept.call(asset, lic, {"from": supplier_a_op})
    # it can still be declined
    world.decline(asset, lic, {"from": supplier_a_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_grant_request_of_inactive_requester(world, registry, council, asset, oem, supplier_a_op, requested, action, status):
    getattr(registry, action)(oem, REASON, {"from": council})
    with reverts_with("OrgNotActive", oem, status):
        world.accept.call(asset, requested.return_value, {"from": supplier_a_op})


def test_request_checks(world, asset, supplier_a, std_terms, oem_op, supplier_a_op, outsider, in_days):
    with reverts_with("SelfLicence", asset, supplier_a):
        world.request.call(asset, std_terms, QA, 0, in_days(10), {"from": supplier_a_op})
    with reverts_with("UnknownAsset", asset_id(99)):
        world.request.call(asset_id(99), std_terms, QA, 0, in_days(10), {"from": oem_op})
    with reverts_with("PurposesNotAllowed", 32, QA | MF | TR):
        world.request.call(asset, std_terms, 32, 0, in_days(10), {"from": oem_op})
    with reverts_any("DurationTooLong"):
        world.request.call(asset, std_terms, QA, 0, in_days(366), {"from": oem_op})
    with reverts_with("NotAnOperator", outsider):
        world.request.call(asset, std_terms, QA, 0, in_days(10), {"from": outsider})


def test_request_by_suspended_org(world, registry, council, asset, auditor, auditor_op, std_terms, in_days):
    registry.suspend(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, 2):
        world.request.call(asset, std_terms, QA, 0, in_days(10), {"from": auditor_op})


def test_answers_on_unknown_licence(world, asset, oem_op, supplier_a_op):
    unknown = b"\x42" * 32
    for fn, op in ((world.accept, oem_op), (world.decline, oem_op), (world.withdraw, supplier_a_op)):
        with reverts_with("UnknownLicence", asset, unknown):
            fn(asset, unknown, {"from": op})


def test_answers_on_active_licence(world, asset, granted, oem_op, supplier_a_op):
    lic = granted.return_value
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.ACTIVE):
        world.decline.call(asset, lic, {"from": oem_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.ACTIVE):
        world.withdraw.call(asset, lic, {"from": supplier_a_op})


def test_proposals_share_the_nonce(world, asset, oem, std_terms, oem_op, supplier_a_op, in_days):
    a = world.request(asset, std_terms, QA, 0, in_days(10), {"from": oem_op}).return_value
    b = world.offer(asset, oem, std_terms, QA, 0, in_days(10), in_days(1), {"from": supplier_a_op}).return_value
    c = world.grant(asset, oem, std_terms, QA, 0, in_days(10), {"from": supplier_a_op}).return_value
    assert [a, b, c] == [world.licenceIdOf(asset, oem, std_terms, n) for n in range(3)]
