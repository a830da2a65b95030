"""DataLicensing: sublicences within the parent's purposes and window, their licensors,
and their end with the parent."""

from __future__ import annotations

import pytest

from licensing_support import (
    DAY,
    MF,
    QA,
    RD,
    ZERO16,
    ZERO32,
    LicenceStatus,
    Reason,
    hx,
    licence,
    licence_id,
    now,
    travel,
)
from tests.errors import reverts_with

REASON = b"\x99" * 32


@pytest.fixture
def parent(world, asset, oem, sub_terms, supplier_a_op, in_days):
    """A 60-day QA | MF | R&D licence of the OEM under sublicensable terms."""
    return world.grant(asset, oem, sub_terms, QA | MF | RD, 0, in_days(60), {"from": supplier_a_op}).return_value


@pytest.fixture
def parent_end(world, asset, parent):
    return licence(world.getLicence(asset, parent))["end"]


def test_sublicense_records_and_emits(world, asset, oem, auditor, oem_op, parent, parent_end, in_days):
    end = in_days(10)
    tx = world.sublicense(asset, parent, auditor, QA, 0, end, {"from": oem_op})

    sub = tx.return_value
    assert sub == hx(licence_id(asset, auditor, bytes(parent), 0))
    ev = tx.events["SublicenceGranted"]
    assert (ev["asset"], ev["sublicensor"], ev["sublicensee"], ev["licence"], ev["parent"]) == (
        hx(asset),
        hx(oem),
        hx(auditor),
        sub,
        parent,
    )
    assert (ev["purposes"], ev["start"], ev["end"], ev["nonce"]) == (QA, tx.timestamp, end, 0)
    assert licence(world.getLicence(asset, sub)) == {
        "licensee": hx(auditor),
        "licensor": hx(oem),
        "purposes": QA,
        "start": tx.timestamp,
        "end": end,
        "status": LicenceStatus.ACTIVE,
        "reason": Reason.NONE,
        "derivatives": True,
        "sublicensable": False,
        "parent": parent,
        "offeror": ZERO16,
        "deadline": 0,
    }
    assert world.sublicencesOf(asset, parent) == [sub]
    assert world.isLicensed(asset, auditor, QA)
    assert not world.isLicensed(asset, auditor, MF)


def test_sublicence_up_to_parent_bounds(world, asset, auditor, oem_op, parent, parent_end):
    world.sublicense(asset, parent, auditor, QA | MF | RD, 0, parent_end, {"from": oem_op})
    assert world.isLicensed(asset, auditor, QA | MF | RD)
    travel(parent_end)
    assert not world.isLicensed(asset, auditor, QA)


def test_sublicence_purposes_beyond_parent(world, asset, auditor, oem_op, parent, in_days):
    with reverts_with("PurposesNotAllowed", QA | 4, QA | MF | RD):
        world.sublicense.call(asset, parent, auditor, QA | 4, 0, in_days(10), {"from": oem_op})
    with reverts_with("InvalidPurposes", 0):
        world.sublicense.call(asset, parent, auditor, 0, 0, in_days(10), {"from": oem_op})


def test_sublicence_end_beyond_parent(world, asset, auditor, oem_op, parent, parent_end):
    start = now() + 100
    with reverts_with("ExceedsParent", parent, start, parent_end + 1, licence(world.getLicence(asset, parent))["start"], parent_end):
        world.sublicense.call(asset, parent, auditor, QA, start, parent_end + 1, {"from": oem_op})


def test_sublicence_start_before_parent(world, asset, oem, auditor, sub_terms, supplier_a_op, oem_op):
    p_start = now() + 10 * DAY
    p_end = p_start + 30 * DAY
    p = world.grant(asset, oem, sub_terms, QA, p_start, p_end, {"from": supplier_a_op}).return_value
    early = now() + DAY
    with reverts_with("ExceedsParent", p, early, p_end, p_start, p_end):
        world.sublicense.call(asset, p, auditor, QA, early, p_end, {"from": oem_op})
    tx = world.sublicense(asset, p, auditor, QA, p_start, p_end, {"from": oem_op})
    assert not world.isLicensed(asset, auditor, QA)
    travel(p_start)
    assert world.isLicensed(asset, auditor, QA)
    assert tx.events["SublicenceGranted"]["start"] == p_start


def test_sublicence_window_checks(world, asset, auditor, oem_op, parent):
    past = now() - 10
    with reverts_with("InvalidWindow", past, past + DAY):
        world.sublicense.call(asset, parent, auditor, QA, past, past + DAY, {"from": oem_op})
    start = now() + 100
    with reverts_with("InvalidWindow", start, start):
        world.sublicense.call(asset, parent, auditor, QA, start, start, {"from": oem_op})


def test_terms_without_sublicensing(world, asset, auditor, oem_op, granted, in_days):
    with reverts_with("SublicensingNotAllowed", asset, granted.return_value):
        world.sublicense.call(asset, granted.return_value, auditor, QA, 0, in_days(10), {"from": oem_op})


def test_no_sublicence_of_a_sublicence(world, asset, auditor, supplier_b, oem_op, auditor_op, parent, in_days):
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(10), {"from": oem_op}).return_value
    with reverts_with("SublicensingNotAllowed", asset, sub):
        world.sublicense.call(asset, sub, supplier_b, QA, 0, in_days(5), {"from": auditor_op})


@pytest.mark.parametrize("op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")])
def test_sublicense_by_wrong_party(world, asset, oem, auditor, parent, request, op_name, org_name, in_days):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, parent, oem, org):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), {"from": op})


def test_sublicense_outsider(world, asset, auditor, parent, outsider, in_days):
    with reverts_with("NotAnOperator", outsider):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), {"from": outsider})


def test_sublicense_to_itself(world, asset, oem, oem_op, parent, in_days):
    with reverts_with("SelfLicence", asset, oem):
        world.sublicense.call(asset, parent, oem, QA, 0, in_days(10), {"from": oem_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_sublicense_to_inactive_org(world, registry, council, asset, auditor, oem_op, parent, in_days, action, status):
    getattr(registry, action)(auditor, REASON, {"from": council})
    with reverts_with("OrgNotActive", auditor, status):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), {"from": oem_op})


def test_sublicense_under_ended_parent(world, asset, auditor, oem_op, supplier_a_op, parent, parent_end, in_days):
    world.revoke(asset, parent, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, parent, LicenceStatus.REVOKED):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(10), {"from": oem_op})


def test_sublicense_under_expired_parent(world, asset, auditor, oem_op, parent, parent_end):
    travel(parent_end)
    with reverts_with("WrongStatus", asset, parent, LicenceStatus.EXPIRED):
        world.sublicense.call(asset, parent, auditor, QA, 0, parent_end + DAY, {"from": oem_op})


def test_sublicense_unknown_parent(world, asset, auditor, oem_op, in_days):
    with reverts_with("UnknownLicence", asset, b"\x42" * 32):
        world.sublicense.call(asset, b"\x42" * 32, auditor, QA, 0, in_days(10), {"from": oem_op})


def test_sublicence_limit(world, asset, auditor, supplier_b, oem_op, parent, in_days):
    for i in range(8):
        world.sublicense(asset, parent, (auditor, supplier_b)[i % 2], QA, 0, in_days(1 + i), {"from": oem_op})
    assert len(world.sublicencesOf(asset, parent)) == 8
    with reverts_with("TooManySublicences", asset, parent, 8):
        world.sublicense.call(asset, parent, auditor, QA, 0, in_days(20), {"from": oem_op})


# ---------------------------------------------------------------- ending sublicences


def test_revoking_parent_revokes_live_sublicences(world, asset, oem, auditor, supplier_b, supplier_a, oem_op, supplier_a_op, supplier_b_op, parent, in_days):
    live = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    short = world.sublicense(asset, parent, supplier_b, MF, 0, in_days(1), {"from": oem_op}).return_value
    renounced = world.sublicense(asset, parent, supplier_b, RD, 0, in_days(30), {"from": oem_op}).return_value
    world.renounce(asset, renounced, {"from": supplier_b_op})
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


def test_renouncing_parent_revokes_sublicences(world, asset, oem, auditor, oem_op, parent, in_days):
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    tx = world.renounce(asset, parent, {"from": oem_op})
    assert tx.events["LicenceRenounced"]["licence"] == parent
    assert tx.events["LicenceRevoked"]["licence"] == sub
    assert tx.events["LicenceRevoked"]["reason"] == Reason.PARENT_ENDED
    assert world.statusOf(asset, sub) == LicenceStatus.REVOKED
    assert not world.isLicensed(asset, auditor, QA)


def test_sublicence_keeps_other_licences_of_its_holder(world, asset, auditor, std_terms, oem_op, supplier_a_op, parent, in_days):
    world.grant(asset, auditor, std_terms, QA, 0, in_days(30), {"from": supplier_a_op})
    world.sublicense(asset, parent, auditor, QA | RD, 0, in_days(30), {"from": oem_op})
    world.renounce(asset, parent, {"from": oem_op})
    assert world.isLicensed(asset, auditor, QA)
    assert not world.isLicensed(asset, auditor, RD)


def test_sublicensor_revokes(world, asset, oem, auditor, oem_op, parent, in_days):
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    tx = world.revoke(asset, sub, Reason.TERMS_VIOLATION, ZERO32, {"from": oem_op})
    assert tx.events["LicenceRevoked"]["licensor"] == hx(oem)
    assert not world.isLicensed(asset, auditor, QA)
    assert world.statusOf(asset, parent) == LicenceStatus.ACTIVE


def test_owner_revokes_a_sublicence(world, ip, asset, auditor, supplier_b, oem_op, supplier_a_op, supplier_b_op, supplier_a, parent, in_days):
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("NotLicensor", asset, sub, supplier_a):
        world.revoke.call(asset, sub, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    tx = world.revoke(asset, sub, Reason.OTHER, ZERO32, {"from": supplier_b_op})
    assert tx.events["LicenceRevoked"]["licensor"] == hx(supplier_b)


@pytest.mark.parametrize("op_name,org_name", [("auditor_op", "auditor"), ("supplier_b_op", "supplier_b")])
def test_revoke_sublicence_by_wrong_party(world, asset, auditor, oem_op, parent, request, op_name, org_name, in_days):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    with reverts_with("NotLicensor", asset, sub, org):
        world.revoke.call(asset, sub, Reason.OTHER, ZERO32, {"from": op})


def test_sublicensee_renounces(world, asset, auditor, oem, oem_op, auditor_op, parent, in_days):
    sub = world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op}).return_value
    tx = world.renounce(asset, sub, {"from": auditor_op})
    assert tx.events["LicenceRenounced"]["licensor"] == hx(oem)
    assert world.statusOf(asset, parent) == LicenceStatus.ACTIVE
    # the parent ends later without touching the renounced sublicence
    tx = world.renounce(asset, parent, {"from": oem_op})
    assert "LicenceRevoked" not in tx.events
    assert world.statusOf(asset, sub) == LicenceStatus.RENOUNCED


def test_sublicensor_suspension_keeps_sublicence(world, registry, council, asset, oem, auditor, oem_op, parent, in_days):
    world.sublicense(asset, parent, auditor, QA, 0, in_days(30), {"from": oem_op})
    registry.suspend(oem, REASON, {"from": council})
    assert not world.isLicensed(asset, oem, QA)
    assert world.isLicensed(asset, auditor, QA)
