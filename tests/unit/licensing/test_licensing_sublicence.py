"""DataLicensing: sublicences are offers the sublicensee accepts, within the parent's
purposes and window; their licensors, and their end with the parent."""

from __future__ import annotations

import pytest
from brownie import SupplyOrders, SupplySignals

from tests.support.errors import reverts_with
from tests.support.licensing import (
    DAY,
    MF,
    QA,
    RD,
    ZERO16,
    ZERO32,
    LicenceStatus,
    Reason,
    at,
    hx,
    licence,
    licence_id,
    now,
    sublicence,
    travel,
)
from tests.support.supply import ZERO_ADDRESS, doc
from tests.support.supply import terms as order_terms

REASON = b"\x99" * 32


@pytest.fixture
def parent(world, asset, oem, sub_terms, supplier_a_op, in_days):
    """A 60-day QA | MF | R&D licence of the OEM under sublicensable terms."""
    return world.grant(asset, oem, sub_terms, QA | MF | RD, 0, in_days(60), {"from": supplier_a_op}).return_value


@pytest.fixture
def parent_end(world, asset, parent):
    return licence(world.getLicence(asset, parent))["end"]


@pytest.fixture
def offered(world, asset, auditor, oem_op, parent, in_days):
    """A QA sublicence offered to the auditor for 10 days from acceptance, open 2 days."""
    return world.sublicense(asset, parent, auditor, QA, 0, in_days(10), in_days(2), {"from": oem_op})


# ---------------------------------------------------------------- the offer


def test_sublicense_offers_and_emits(world, asset, oem, auditor, parent, offered):
    sub = offered.return_value
    assert sub == hx(licence_id(asset, auditor, bytes(parent), 0))
    ev = offered.events["SublicenceOffered"]
    assert (ev["asset"], ev["sublicensor"], ev["sublicensee"], ev["licence"], ev["parent"]) == (
        hx(asset),
        hx(oem),
        hx(auditor),
        sub,
        parent,
    )
    info = licence(world.getLicence(asset, sub))
    assert (ev["purposes"], ev["start"], ev["end"], ev["deadline"], ev["nonce"]) == (QA, 0, info["end"], info["deadline"], 0)
    assert len(offered.events) == 1
    assert info == {
        "licensee": hx(auditor),
        "licensor": hx(oem),
        "purposes": QA,
        "start": 0,
        "end": ev["end"],
        "status": LicenceStatus.OFFERED,
        "reason": Reason.NONE,
        "derivatives": True,
        "sublicensable": False,
        "parent": parent,
        "offeror": hx(oem),
        "deadline": ev["deadline"],
    }
    # an offer is nothing yet: not licensed, not among the parent's sublicences
    assert world.sublicencesOf(asset, parent) == []
    assert not world.isLicensed(asset, auditor, QA)
    assert world.proposalCount(asset, auditor) == 1


def test_sublicensee_accepts(world, asset, oem, auditor, auditor_op, parent, offered):
    sub = offered.return_value
    tx = world.accept(asset, sub, {"from": auditor_op})

    ev = tx.events["OfferAccepted"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"], ev["start"]) == (
        hx(asset),
        hx(oem),
        hx(auditor),
        sub,
        tx.timestamp,
    )
    assert len(tx.events) == 1
    info = licence(world.getLicence(asset, sub))
    assert (info["status"], info["start"], info["licensor"], info["parent"]) == (LicenceStatus.ACTIVE, tx.timestamp, hx(oem), parent)
    assert (info["offeror"], info["deadline"]) == (ZERO16, 0)  # the offer slot is cleared
    assert world.sublicencesOf(asset, parent) == [sub]
    assert world.isLicensed(asset, auditor, QA)
    assert not world.isLicensed(asset, auditor, MF)


def test_sublicence_up_to_parent_bounds(world, asset, auditor, oem_op, auditor_op, parent, parent_end):
    sublicence(world, asset, parent, auditor, QA | MF | RD, parent_end, oem_op, auditor_op)
    assert world.isLicensed(asset, auditor, QA | MF | RD)
    travel(parent_end)
    assert not world.isLicensed(asset, auditor, QA)


def test_sublicence_purposes_beyond_parent(world, asset, auditor, oem_op, parent, in_days):
    with reverts_with("PurposesNotAllowed", QA | 4, QA | MF | RD):
        world.sublicense.call(asset, parent, auditor, QA | 4, 0, in_days(10), in_days(1), {"from": oem_op})
    with reverts_with("InvalidPurposes", 0):
        world.sublicense.call(asset, parent, auditor, 0, 0, in_days(10), in_days(1), {"from": oem_op})


def test_sublicence_end_beyond_parent(world, asset, auditor, oem_op, parent, parent_end, in_days):
    start = now() + 100
    parent_start = licence(world.getLicence(asset, parent))["start"]
    with reverts_with("ExceedsParent", parent, start, parent_end + 1, parent_start, parent_end):
        world.sublicense.call(asset, parent, auditor, QA, start, parent_end + 1, in_days(1), {"from": oem_op})


def test_sublicence_start_before_parent(world, asset, oem, auditor, sub_terms, supplier_a_op, oem_op, auditor_op, in_days):
    p_start = now() + 10 * DAY
    p_end = p_start + 30 * DAY
    p = world.grant(asset, oem, sub_terms, QA, p_start, p_end, {"from": supplier_a_op}).return_value
    early = now() + DAY
    with reverts_with("ExceedsParent", p, early, p_end, p_start, p_end):
        world.sublicense.call(asset, p, auditor, QA, early, p_end, in_days(1), {"from": oem_op})
    # "from acceptance" would start before the parent too
    with reverts_with("ExceedsParent", p, 0, p_end, p_start, p_end):
        world.sublicense.call(asset, p, auditor, QA, 0, p_end, in_days(1), {"from": oem_op})
    sub = world.sublicense(asset, p, auditor, QA, p_start, p_end, in_days(1), {"from": oem_op}).return_value
    tx = world.accept(asset, sub, {"from": auditor_op})
    assert tx.events["OfferAccepted"]["start"] == p_start
    assert not world.isLicensed(asset, auditor, QA)
    travel(p_start)
    assert world.isLicensed(asset, auditor, QA)


def test_passed_start_moves_to_acceptance(world, asset, auditor, oem_op, auditor_op, parent, in_days):
    start = now() + 100
    sub = world.sublicense(asset, parent, auditor, QA, start, in_days(10), in_days(2), {"from": oem_op}).return_value
    travel(start + DAY)
    tx = world.accept(asset, sub, {"from": auditor_op})
    assert tx.events["OfferAccepted"]["start"] == tx.timestamp > start
    assert world.isLicensed(asset, auditor, QA)


def test_sublicence_window_checks(world, asset, auditor, oem_op, parent, in_days):
    past = now() - 10
    with reverts_with("InvalidWindow", past, past + DAY):
        world.sublicense.call(asset, parent, auditor, QA, past, past + DAY, in_days(1), {"from": oem_op})
    start = now() + 100
    with reverts_with("InvalidWindow", start, start):
        world.sublicense.call(asset, parent, auditor, QA, start, start, in_days(1), {"from": oem_op})


def test_sublicence_deadline_bounds(world, asset, auditor, oem_op, parent, in_days):
    end = in_days(10)
    past = now() - 5
    with reverts_with("InvalidDeadline", past, end):
        world.sublicense.call(asset, parent, auditor, QA, 0, end, past, {"from": oem_op})
    with reverts_with("InvalidDeadline", end, end):
        world.sublicense.call(asset, parent, auditor, QA, 0, end, end, {"from": oem_op})
    world.sublicense(asset, parent, auditor, QA, 0, end, end - 1, {"from": oem_op})


def test_terms_without_sublicensing(world, asset, auditor, oem_op, granted, in_days):
    with reverts_with("SublicensingNotAllowed", asset, granted.return_value):
        world.sublicense.call(asset, granted.return_value, auditor, QA, 0, in_days(10), in_days(1), {"from": oem_op})


def test_no_sublicence_of_a_sublicence(world, asset, auditor, supplier_b, oem_op, auditor_op, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(10), oem_op, auditor_op)
    with reverts_with("SublicensingNotAllowed", asset, sub):
        world.sublicense.call(asset, sub, supplier_b, QA, 0, in_days(5), in_days(1), {"from": auditor_op})


@pytest.mark.parametrize("op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")])
def test_sublicense_by_wrong_party(world, asset, oem, auditor, parent, request, op_name, org_name, in_days):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, parent, oem, org):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), in_days(1), {"from": op})


def test_sublicense_outsider(world, asset, auditor, parent, outsider, in_days):
    with reverts_with("NotAnOperator", outsider):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), in_days(1), {"from": outsider})


def test_sublicense_to_itself(world, asset, oem, oem_op, parent, in_days):
    with reverts_with("SelfLicence", asset, oem):
        world.sublicense.call(asset, parent, oem, QA, 0, in_days(10), in_days(1), {"from": oem_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_sublicense_to_inactive_org(world, registry, council, asset, auditor, oem_op, parent, in_days, action, status):
    getattr(registry, action)(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, status):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), in_days(1), {"from": oem_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_sublicense_by_inactive_licensee(world, registry, council, asset, oem, auditor, oem_op, parent, in_days, action, status):
    getattr(registry, action)(oem, REASON, {"from": council})
    with reverts_with("OrgNotActive", oem, status):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), in_days(1), {"from": oem_op})


def test_sublicense_under_ended_parent(world, asset, auditor, oem_op, supplier_a_op, parent, in_days):
    world.revoke(asset, parent, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, parent, LicenceStatus.REVOKED):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), in_days(1), {"from": oem_op})


def test_sublicense_under_expired_parent(world, asset, auditor, oem_op, parent, parent_end):
    travel(parent_end)
    with reverts_with("WrongStatus", asset, parent, LicenceStatus.EXPIRED):
        world.sublicense.call(asset, parent, auditor, QA, 0, parent_end + DAY, parent_end + 10, {"from": oem_op})


def test_sublicense_unknown_parent(world, asset, auditor, oem_op, in_days):
    with reverts_with("UnknownLicence", asset, b"\x42" * 32):
        world.sublicense.call(asset, b"\x42" * 32, auditor, QA, 0, in_days(10), in_days(1), {"from": oem_op})


# ---------------------------------------------------------------- consent (issue 11, finding 8)


def test_imposed_sublicences_leave_the_owners_grant(world, registry, council, asset, oem, supplier_b, std_terms, oem_op, supplier_a_op, supplier_b_op, parent, in_days):
    """Before the fix a sublicensable licensee imposed four sublicences on a competitor,
    whose places were then full: the owner's grant reverted TooManyLicences and no order
    naming the design could go to it. Offers take no place until accepted."""
    imposed = [
        world.sublicense(asset, parent, supplier_b, QA | MF, 0, in_days(50 + i), in_days(1), {"from": oem_op}).return_value
        for i in range(5)
    ]
    assert not world.isLicensed(asset, supplier_b, QA)
    tx = world.grant(asset, supplier_b, std_terms, MF, 0, in_days(30), {"from": supplier_a_op})
    assert tx.events["LicenceGranted"]["licensee"] == hx(supplier_b)
    assert world.isLicensed(asset, supplier_b, MF)
    signals = SupplySignals.deploy(registry, {"from": council})
    orders = SupplyOrders.deploy(registry, world, signals, ZERO_ADDRESS, {"from": council})
    placed = orders.placeOrder(order_terms(supplier_b, asset=asset), doc(1), {"from": oem_op})
    assert placed.events["OrderPlaced"]["supplier"] == hx(supplier_b)
    # the imposed offers are the recipient's to decline (or to let lapse)
    declined = world.decline(asset, imposed[0], {"from": supplier_b_op})
    assert declined.events["OfferDeclined"]["licensor"] == hx(oem)
    assert world.statusOf(asset, imposed[0]) == LicenceStatus.DECLINED


def test_accepted_sublicences_count_for_the_holder(world, asset, supplier_b, std_terms, oem_op, supplier_b_op, supplier_a_op, parent, in_days):
    """What the sublicensee accepts takes its places like any licence."""
    for i in range(4):
        sublicence(world, asset, parent, supplier_b, QA, in_days(20 + i), oem_op, supplier_b_op)
    extra = world.sublicense(asset, parent, supplier_b, QA, 0, in_days(30), in_days(1), {"from": oem_op}).return_value
    with reverts_with("TooManyLicences", asset, supplier_b, 4):
        world.accept.call(asset, extra, {"from": supplier_b_op})
    with reverts_with("TooManyLicences", asset, supplier_b, 4):
        world.grant.call(asset, supplier_b, std_terms, MF, 0, in_days(30), {"from": supplier_a_op})


def test_sublicence_limit_counts_accepted_ones(world, asset, auditor, supplier_b, oem_op, auditor_op, supplier_b_op, parent, in_days):
    ops = {0: (auditor, auditor_op), 1: (supplier_b, supplier_b_op)}
    # pending, declined, withdrawn and lapsed offers take none of the parent's places
    pending = [world.sublicense(asset, parent, auditor, QA, 0, in_days(30), in_days(5), {"from": oem_op}).return_value for _ in range(3)]
    declined = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), in_days(5), {"from": oem_op}).return_value
    world.decline(asset, declined, {"from": auditor_op})
    withdrawn = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), in_days(5), {"from": oem_op}).return_value
    world.withdraw(asset, withdrawn, {"from": oem_op})
    lapsing = world.sublicense(asset, parent, supplier_b, QA, 0, in_days(30), now() + 100, {"from": oem_op}).return_value
    travel(now() + 200)
    assert world.statusOf(asset, lapsing) == LicenceStatus.LAPSED
    assert world.sublicencesOf(asset, parent) == []
    # eight accepted ones fill them (those of one holder renounced: ended ones still count)
    for i in range(8):
        org, op = ops[i % 2]
        sub = sublicence(world, asset, parent, org, QA, in_days(1 + i), oem_op, op)
        if i % 4 == 0:
            world.renounce(asset, sub, {"from": op})
    assert len(world.sublicencesOf(asset, parent)) == 8
    with reverts_with("TooManySublicences", asset, parent, 8):
        world.accept.call(asset, pending[0], {"from": auditor_op})
    with reverts_with("TooManySublicences", asset, parent, 8):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(20), in_days(1), {"from": oem_op})


# ---------------------------------------------------------------- answering an offer


@pytest.mark.parametrize("op_name,org_name", [("oem_op", "oem"), ("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b")])
def test_accept_by_wrong_party(world, asset, auditor, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    sub = offered.return_value
    with reverts_with("NotLicensee", asset, sub, auditor, org):
        world.accept.call(asset, sub, {"from": op})
    with reverts_with("NotLicensee", asset, sub, auditor, org):
        world.decline.call(asset, sub, {"from": op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_accept_from_inactive_sublicensor(world, registry, council, asset, oem, auditor_op, offered, action, status):
    getattr(registry, action)(oem, REASON, {"from": council})
    with reverts_with("OrgNotActive", oem, status):
        world.accept.call(asset, offered.return_value, {"from": auditor_op})


def test_accept_from_reinstated_sublicensor(world, registry, council, asset, oem, auditor, auditor_op, offered):
    registry.suspend(oem, REASON, {"from": council})
    registry.reinstate(oem, {"from": council})
    world.accept(asset, offered.return_value, {"from": auditor_op})
    assert world.isLicensed(asset, auditor, QA)


@pytest.mark.parametrize("end_parent", ["revoke", "renounce"])
def test_accept_under_ended_parent(world, asset, auditor, oem_op, supplier_a_op, auditor_op, parent, offered, end_parent):
    sub = offered.return_value
    if end_parent == "revoke":
        tx = world.revoke(asset, parent, Reason.BREACH, ZERO32, {"from": supplier_a_op})
        status = LicenceStatus.REVOKED
    else:
        tx = world.renounce(asset, parent, {"from": oem_op})
        status = LicenceStatus.RENOUNCED
    assert len(tx.events["LicenceRevoked" if end_parent == "revoke" else "LicenceRenounced"]) == 1  # nothing else ended
    with reverts_with("WrongStatus", asset, parent, status):
        world.accept.call(asset, sub, {"from": auditor_op})
    assert not world.isLicensed(asset, auditor, QA)


def test_accept_after_asset_transfer(world, ip, asset, oem, auditor, supplier_b, supplier_a_op, auditor_op, offered):
    """The sublicensor, not the owner, made the offer: a transfer of the asset leaves it open."""
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    tx = world.accept(asset, offered.return_value, {"from": auditor_op})
    assert tx.events["OfferAccepted"]["licensor"] == hx(oem)
    assert world.isLicensed(asset, auditor, QA)


def test_sub_offer_lapses_at_its_deadline(world, asset, auditor, oem_op, auditor_op, parent, in_days):
    deadline = now() + DAY
    on_time = world.sublicense(asset, parent, auditor, QA, 0, in_days(10), deadline, {"from": oem_op}).return_value
    late = world.sublicense(asset, parent, auditor, MF, 0, in_days(10), deadline, {"from": oem_op}).return_value
    at(deadline)
    world.accept(asset, on_time, {"from": auditor_op})  # the deadline is inclusive
    travel(deadline + 1)
    assert world.statusOf(asset, late) == LicenceStatus.LAPSED
    for fn in (world.accept, world.decline):
        with reverts_with("WrongStatus", asset, late, LicenceStatus.LAPSED):
            fn.call(asset, late, {"from": auditor_op})
    with reverts_with("WrongStatus", asset, late, LicenceStatus.LAPSED):
        world.withdraw.call(asset, late, {"from": oem_op})
    assert world.isLicensed(asset, auditor, QA) and not world.isLicensed(asset, auditor, MF)
    assert world.sublicencesOf(asset, parent) == [on_time]


def test_sublicensee_declines(world, asset, oem, auditor, auditor_op, offered):
    sub = offered.return_value
    tx = world.decline(asset, sub, {"from": auditor_op})
    ev = tx.events["OfferDeclined"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(oem), hx(auditor), sub)
    info = licence(world.getLicence(asset, sub))
    assert (info["status"], info["offeror"], info["deadline"]) == (LicenceStatus.DECLINED, ZERO16, 0)
    with reverts_with("WrongStatus", asset, sub, LicenceStatus.DECLINED):
        world.accept.call(asset, sub, {"from": auditor_op})


@pytest.mark.parametrize("op_name,org_name", [("oem_op", "oem"), ("supplier_a_op", "supplier_a")])
def test_sublicensor_or_owner_withdraws(world, asset, auditor, auditor_op, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    sub = offered.return_value
    tx = world.withdraw(asset, sub, {"from": op})
    ev = tx.events["OfferWithdrawn"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(org), hx(auditor), sub)
    assert world.statusOf(asset, sub) == LicenceStatus.WITHDRAWN
    with reverts_with("WrongStatus", asset, sub, LicenceStatus.WITHDRAWN):
        world.accept.call(asset, sub, {"from": auditor_op})


@pytest.mark.parametrize("op_name,org_name", [("auditor_op", "auditor"), ("supplier_b_op", "supplier_b")])
def test_withdraw_by_wrong_party(world, asset, offered, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensor", asset, offered.return_value, org):
        world.withdraw.call(asset, offered.return_value, {"from": op})


def test_sub_offer_cannot_be_revoked_or_used(world, asset, oem_op, auditor_op, supplier_a_op, offered):
    sub = offered.return_value
    end = licence(world.getLicence(asset, sub))["end"]
    with reverts_with("WrongStatus", asset, sub, LicenceStatus.OFFERED):
        world.revoke.call(asset, sub, Reason.OTHER, ZERO32, {"from": oem_op})
    with reverts_with("WrongStatus", asset, sub, LicenceStatus.OFFERED):
        world.renounce.call(asset, sub, {"from": auditor_op})
    with reverts_with("LicenceNotInForce", asset, sub, LicenceStatus.OFFERED, 0, end):
        world.recordAccess.call(asset, sub, QA, b"\x01" * 32, {"from": auditor_op})


# ---------------------------------------------------------------- ending sublicences


def test_revoking_parent_revokes_accepted_sublicences(world, asset, oem, auditor, supplier_b, supplier_a, oem_op, supplier_a_op, supplier_b_op, auditor_op, parent, in_days):
    live = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    short = sublicence(world, asset, parent, supplier_b, MF, in_days(1), oem_op, supplier_b_op)
    renounced = sublicence(world, asset, parent, supplier_b, RD, in_days(30), oem_op, supplier_b_op)
    world.renounce(asset, renounced, {"from": supplier_b_op})
    pending = world.sublicense(asset, parent, supplier_b, QA, 0, in_days(30), in_days(5), {"from": oem_op}).return_value
    travel(now() + 2 * DAY)  # `short` has expired

    tx = world.revoke(asset, parent, Reason.BREACH, b"\x01" * 32, {"from": supplier_a_op})
    revoked = tx.events["LicenceRevoked"]
    assert len(revoked) == 2
    assert (revoked[0]["licence"], revoked[0]["licensor"], revoked[0]["licensee"], revoked[0]["reason"]) == (
        parent,
        hx(supplier_a),
        hx(oem),
        Reason.BREACH,
    )
    assert (revoked[1]["licence"], revoked[1]["licensor"], revoked[1]["licensee"]) == (live, hx(oem), hx(auditor))
    assert (revoked[1]["reason"], revoked[1]["noteHash"]) == (Reason.PARENT_ENDED, ZERO32)
    info = licence(world.getLicence(asset, live))
    assert (info["status"], info["reason"]) == (LicenceStatus.REVOKED, Reason.PARENT_ENDED)
    assert world.statusOf(asset, short) == LicenceStatus.EXPIRED
    assert world.statusOf(asset, renounced) == LicenceStatus.RENOUNCED
    assert not world.isLicensed(asset, auditor, QA)
    # the pending offer was never a licence: it stays an offer that can no longer be accepted
    assert world.statusOf(asset, pending) == LicenceStatus.OFFERED
    with reverts_with("WrongStatus", asset, parent, LicenceStatus.REVOKED):
        world.accept.call(asset, pending, {"from": supplier_b_op})


def test_renouncing_parent_revokes_sublicences(world, asset, oem, auditor, oem_op, auditor_op, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    tx = world.renounce(asset, parent, {"from": oem_op})
    assert tx.events["LicenceRenounced"]["licence"] == parent
    assert tx.events["LicenceRevoked"]["licence"] == sub
    assert tx.events["LicenceRevoked"]["reason"] == Reason.PARENT_ENDED
    assert world.statusOf(asset, sub) == LicenceStatus.REVOKED
    assert not world.isLicensed(asset, auditor, QA)


def test_sublicence_keeps_other_licences_of_its_holder(world, asset, auditor, std_terms, oem_op, auditor_op, supplier_a_op, parent, in_days):
    world.grant(asset, auditor, std_terms, QA, 0, in_days(30), {"from": supplier_a_op})
    sublicence(world, asset, parent, auditor, QA | RD, in_days(30), oem_op, auditor_op)
    world.renounce(asset, parent, {"from": oem_op})
    assert world.isLicensed(asset, auditor, QA)
    assert not world.isLicensed(asset, auditor, RD)


def test_sublicensor_revokes(world, asset, oem, auditor, oem_op, auditor_op, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    tx = world.revoke(asset, sub, Reason.TERMS_VIOLATION, ZERO32, {"from": oem_op})
    assert tx.events["LicenceRevoked"]["licensor"] == hx(oem)
    assert not world.isLicensed(asset, auditor, QA)
    assert world.statusOf(asset, parent) == LicenceStatus.ACTIVE


def test_owner_revokes_a_sublicence(world, ip, asset, auditor, supplier_b, oem_op, auditor_op, supplier_a_op, supplier_b_op, supplier_a, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("NotLicensor", asset, sub, supplier_a):
        world.revoke.call(asset, sub, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    tx = world.revoke(asset, sub, Reason.OTHER, ZERO32, {"from": supplier_b_op})
    assert tx.events["LicenceRevoked"]["licensor"] == hx(supplier_b)


@pytest.mark.parametrize("op_name,org_name", [("auditor_op", "auditor"), ("supplier_b_op", "supplier_b")])
def test_revoke_sublicence_by_wrong_party(world, asset, auditor, oem_op, auditor_op, parent, request, op_name, org_name, in_days):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    with reverts_with("NotLicensor", asset, sub, org):
        world.revoke.call(asset, sub, Reason.OTHER, ZERO32, {"from": op})


def test_sublicensee_renounces(world, asset, auditor, oem, oem_op, auditor_op, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    tx = world.renounce(asset, sub, {"from": auditor_op})
    assert tx.events["LicenceRenounced"]["licensor"] == hx(oem)
    assert world.statusOf(asset, parent) == LicenceStatus.ACTIVE
    # the parent ends later without touching the renounced sublicence
    tx = world.renounce(asset, parent, {"from": oem_op})
    assert "LicenceRevoked" not in tx.events
    assert world.statusOf(asset, sub) == LicenceStatus.RENOUNCED


def test_sublicensor_suspension_keeps_sublicence(world, registry, council, asset, oem, auditor, oem_op, auditor_op, parent, in_days):
    sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    registry.suspend(oem, REASON, {"from": council})
    assert not world.isLicensed(asset, oem, QA)
    assert world.isLicensed(asset, auditor, QA)


def test_suspended_sublicensee_is_licensed_again_after_reinstatement(world, registry, council, asset, auditor, oem_op, auditor_op, parent, in_days):
    sub = sublicence(world, asset, parent, auditor, QA, in_days(30), oem_op, auditor_op)
    registry.suspend(auditor, REASON, {"from": council})
    assert not world.isLicensed(asset, auditor, QA)
    assert world.statusOf(asset, sub) == LicenceStatus.ACTIVE
    registry.reinstate(auditor, {"from": council})
    assert world.isLicensed(asset, auditor, QA)
