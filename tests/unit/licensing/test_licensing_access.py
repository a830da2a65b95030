"""DataLicensing: access receipts by the licensee or the data provider (the asset's owner)."""

from __future__ import annotations

import pytest

from tests.support.errors import reverts_with
from tests.support.licensing import (
    ACCESS,
    DAY,
    MF,
    QA,
    TR,
    ZERO32,
    LicenceStatus,
    Reason,
    hx,
    licence,
    now,
    sublicence,
    travel,
)

REASON = b"\x99" * 32


def test_licensee_records_access(world, asset, oem, oem_op, granted):
    lic = granted.return_value
    tx = world.recordAccess(asset, lic, MF, ACCESS, {"from": oem_op})
    ev = tx.events["AccessRecorded"]
    assert (ev["asset"], ev["licensee"], ev["recorder"], ev["licence"], ev["purpose"], ev["accessHash"]) == (
        hx(asset),
        hx(oem),
        hx(oem),
        lic,
        MF,
        hx(ACCESS),
    )
    assert len(tx.events) == 1


def test_access_stores_nothing(world, asset, oem_op, granted):
    """Receipts are events only: no storage write (a write would cost at least 2,900)."""
    lic = granted.return_value
    tx = world.recordAccess(asset, lic, QA, ACCESS, {"from": oem_op})
    assert tx.gas_used < 45_000
    # a second, identical receipt costs the same: nothing warmed, nothing counted
    again = world.recordAccess(asset, lic, QA, ACCESS, {"from": oem_op})
    assert again.gas_used == tx.gas_used


def test_provider_records_access(world, asset, oem, supplier_a, supplier_a_op, granted):
    lic = granted.return_value
    tx = world.recordAccess(asset, lic, MF, ACCESS, {"from": supplier_a_op})
    ev = tx.events["AccessRecorded"]
    assert (ev["licensee"], ev["recorder"], ev["purpose"]) == (hx(oem), hx(supplier_a), MF)


def test_provider_is_the_current_owner(world, ip, asset, supplier_a, supplier_b, supplier_a_op, supplier_b_op, granted):
    lic = granted.return_value
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("NotAccessRecorder", asset, lic, supplier_a):
        world.recordAccess.call(asset, lic, QA, ACCESS, {"from": supplier_a_op})
    tx = world.recordAccess(asset, lic, QA, ACCESS, {"from": supplier_b_op})
    assert tx.events["AccessRecorded"]["recorder"] == hx(supplier_b)


@pytest.mark.parametrize("op_name,org_name", [("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")])
def test_access_by_wrong_party(world, asset, granted, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotAccessRecorder", asset, granted.return_value, org):
        world.recordAccess.call(asset, granted.return_value, QA, ACCESS, {"from": op})


def test_access_outsider(world, asset, outsider, granted):
    with reverts_with("NotAnOperator", outsider):
        world.recordAccess.call(asset, granted.return_value, QA, ACCESS, {"from": outsider})


@pytest.mark.parametrize("purpose", [TR, 32, 1 << 29])
def test_access_for_unlicensed_purpose(world, asset, oem_op, supplier_a_op, granted, purpose):
    lic = granted.return_value
    for op in (oem_op, supplier_a_op):
        with reverts_with("PurposeNotLicensed", asset, lic, purpose, QA | MF):
            world.recordAccess.call(asset, lic, purpose, ACCESS, {"from": op})


@pytest.mark.parametrize("purpose", [0, QA | MF, QA | TR, 1 << 31, 1 << 39, 1 << 63])
def test_access_cites_exactly_one_known_purpose(world, asset, oem_op, supplier_a_op, granted, purpose):
    """A receipt names one purpose of the vocabulary: none, two (even both licensed) or
    a bit no purpose owns revert NotOnePurpose."""
    lic = granted.return_value
    for op in (oem_op, supplier_a_op):
        with reverts_with("NotOnePurpose", purpose):
            world.recordAccess.call(asset, lic, purpose, ACCESS, {"from": op})


def test_access_before_start_and_after_end(world, asset, oem, std_terms, supplier_a_op, oem_op):
    start = now() + DAY
    end = start + DAY
    lic = world.grant(asset, oem, std_terms, QA, start, end, {"from": supplier_a_op}).return_value
    with reverts_with("LicenceNotInForce", asset, lic, LicenceStatus.ACTIVE, start, end):
        world.recordAccess.call(asset, lic, QA, ACCESS, {"from": oem_op})
    travel(start)
    world.recordAccess(asset, lic, QA, ACCESS, {"from": oem_op})
    travel(end)
    with reverts_with("LicenceNotInForce", asset, lic, LicenceStatus.EXPIRED, start, end):
        world.recordAccess.call(asset, lic, QA, ACCESS, {"from": oem_op})


def test_access_after_revocation(world, asset, oem_op, supplier_a_op, granted):
    lic = granted.return_value
    info = licence(world.getLicence(asset, lic))
    world.revoke(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    for op in (oem_op, supplier_a_op):
        with reverts_with("LicenceNotInForce", asset, lic, LicenceStatus.REVOKED, info["start"], info["end"]):
            world.recordAccess.call(asset, lic, QA, ACCESS, {"from": op})


def test_access_under_an_offer(world, asset, oem, std_terms, supplier_a_op, oem_op, in_days):
    lic = world.offer(asset, oem, std_terms, QA, 0, in_days(30), in_days(1), {"from": supplier_a_op}).return_value
    end = licence(world.getLicence(asset, lic))["end"]
    with reverts_with("LicenceNotInForce", asset, lic, LicenceStatus.OFFERED, 0, end):
        world.recordAccess.call(asset, lic, QA, ACCESS, {"from": oem_op})


def test_access_unknown_licence(world, asset, oem_op):
    with reverts_with("UnknownLicence", asset, b"\x42" * 32):
        world.recordAccess.call(asset, b"\x42" * 32, QA, ACCESS, {"from": oem_op})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_access_of_inactive_licensee(world, registry, council, asset, oem, oem_op, supplier_a_op, granted, action, status):
    getattr(registry, action)(oem, REASON, {"from": council})
    for op in (oem_op, supplier_a_op):
        with reverts_with("OrgNotActive", oem, status):
            world.recordAccess.call(asset, granted.return_value, QA, ACCESS, {"from": op})


def test_access_by_sublicensee(world, asset, oem, auditor, sub_terms, supplier_a_op, oem_op, auditor_op, in_days):
    parent = world.grant(asset, oem, sub_terms, QA, 0, in_days(30), {"from": supplier_a_op}).return_value
    sub = sublicence(world, asset, parent, auditor, QA, in_days(10), oem_op, auditor_op)
    tx = world.recordAccess(asset, sub, QA, ACCESS, {"from": auditor_op})
    assert tx.events["AccessRecorded"]["licensee"] == hx(auditor)
    # the owner, as data provider, may record it too; the sublicensor may not
    world.recordAccess(asset, sub, QA, ACCESS, {"from": supplier_a_op})
    with reverts_with("NotAccessRecorder", asset, sub, oem):
        world.recordAccess.call(asset, sub, QA, ACCESS, {"from": oem_op})
