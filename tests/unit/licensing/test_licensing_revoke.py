"""DataLicensing: revocation by the current owner, renunciation by the licensee."""

from __future__ import annotations

import pytest

from tests.support.errors import reverts_with
from tests.support.licensing import DAY, MF, NOTE, QA, ZERO32, LicenceStatus, Reason, hx, licence, now, travel

REASON = b"\x99" * 32


@pytest.mark.parametrize("reason", [Reason.BREACH, Reason.TERMS_VIOLATION, Reason.ASSET_WITHDRAWN, Reason.OTHER])
def test_revoke_records_and_emits(world, asset, oem, supplier_a, supplier_a_op, granted, reason):
    lic = granted.return_value
    tx = world.revoke(asset, lic, reason, NOTE, {"from": supplier_a_op})

    ev = tx.events["LicenceRevoked"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"], ev["reason"], ev["noteHash"]) == (
        hx(asset),
        hx(supplier_a),
        hx(oem),
        lic,
        reason,
        hx(NOTE),
    )
    assert len(tx.events) == 1
    info = licence(world.getLicence(asset, lic))
    assert (info["status"], info["reason"]) == (LicenceStatus.REVOKED, reason)
    assert world.statusOf(asset, lic) == LicenceStatus.REVOKED
    assert not world.isLicensed(asset, oem, QA)
    assert not world.isLicensed(asset, oem, 0)


@pytest.mark.parametrize("reason", [0, 5, 6, 255])
def test_revoke_invalid_reason(world, asset, supplier_a_op, granted, reason):
    with reverts_with("InvalidReason", reason):
        world.revoke.call(asset, granted.return_value, reason, ZERO32, {"from": supplier_a_op})


@pytest.mark.parametrize(
    "op_name,org_name", [("oem_op", "oem"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")]
)
def test_revoke_by_wrong_party(world, asset, supplier_a, granted, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotAssetOwner", asset, supplier_a, org):
        world.revoke.call(asset, granted.return_value, Reason.BREACH, ZERO32, {"from": op})


def test_revoke_outsider(world, asset, outsider, granted):
    with reverts_with("NotAnOperator", outsider):
        world.revoke.call(asset, granted.return_value, Reason.BREACH, ZERO32, {"from": outsider})


@pytest.mark.parametrize("action,status", [("suspend", 2), ("offboard", 3)])
def test_revoke_by_inactive_owner(world, registry, council, asset, supplier_a, supplier_a_op, granted, action, status):
    getattr(registry, action)(supplier_a, REASON, {"from": council})
    with reverts_with("OrgNotActive", supplier_a, status):
        world.revoke.call(asset, granted.return_value, Reason.BREACH, ZERO32, {"from": supplier_a_op})


def test_transfer_then_revoke(world, ip, asset, oem, supplier_a, supplier_b, supplier_a_op, supplier_b_op, granted):
    """Licences follow the asset: only the new owner can revoke."""
    lic = granted.return_value
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    with reverts_with("NotAssetOwner", asset, supplier_b, supplier_a):
        world.revoke.call(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    assert world.isLicensed(asset, oem, MF)

    tx = world.revoke(asset, lic, Reason.TERMS_VIOLATION, NOTE, {"from": supplier_b_op})
    assert tx.events["LicenceRevoked"]["licensor"] == hx(supplier_b)
    assert not world.isLicensed(asset, oem, MF)


def test_transfer_back_restores_the_right_to_revoke(world, ip, asset, supplier_a, supplier_b, supplier_a_op, supplier_b_op, granted):
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    ip.transfer(asset, supplier_a, ZERO32, {"from": supplier_b_op})
    with reverts_with("NotAssetOwner", asset, supplier_a, supplier_b):
        world.revoke.call(asset, granted.return_value, Reason.OTHER, ZERO32, {"from": supplier_b_op})
    world.revoke(asset, granted.return_value, Reason.OTHER, ZERO32, {"from": supplier_a_op})


def test_revoke_twice(world, asset, supplier_a_op, granted):
    lic = granted.return_value
    world.revoke(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.REVOKED):
        world.revoke.call(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})


def test_revoke_expired(world, asset, supplier_a_op, granted):
    lic = granted.return_value
    travel(licence(world.getLicence(asset, lic))["end"])
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.EXPIRED):
        world.revoke.call(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})


def test_revoke_before_start(world, asset, oem, std_terms, supplier_a_op):
    start = now() + 10 * DAY
    lic = world.grant(asset, oem, std_terms, MF, start, start + DAY, {"from": supplier_a_op}).return_value
    world.revoke(asset, lic, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    travel(start + 10)
    assert not world.isLicensed(asset, oem, MF)


def test_revoke_proposals_refused(world, asset, oem, std_terms, supplier_a_op, oem_op, in_days):
    offered = world.offer(asset, oem, std_terms, QA, 0, in_days(30), in_days(1), {"from": supplier_a_op}).return_value
    requested = world.request(asset, std_terms, QA, 0, in_days(30), {"from": oem_op}).return_value
    with reverts_with("WrongStatus", asset, offered, LicenceStatus.OFFERED):
        world.revoke.call(asset, offered, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, requested, LicenceStatus.REQUESTED):
        world.revoke.call(asset, requested, Reason.OTHER, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, offered, LicenceStatus.OFFERED):
        world.renounce.call(asset, offered, {"from": oem_op})


def test_revoke_unknown(world, asset, supplier_a_op):
    with reverts_with("UnknownLicence", asset, b"\x42" * 32):
        world.revoke.call(asset, b"\x42" * 32, Reason.OTHER, ZERO32, {"from": supplier_a_op})


def test_revoked_licence_frees_nothing_else(world, asset, oem, auditor, std_terms, supplier_a_op, in_days):
    a = world.grant(asset, oem, std_terms, QA, 0, in_days(30), {"from": supplier_a_op}).return_value
    world.grant(asset, auditor, std_terms, QA, 0, in_days(30), {"from": supplier_a_op})
    world.revoke(asset, a, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    assert world.isLicensed(asset, auditor, QA)


# ---------------------------------------------------------------- renounce


def test_renounce_records_and_emits(world, asset, oem, supplier_a, oem_op, granted):
    lic = granted.return_value
    tx = world.renounce(asset, lic, {"from": oem_op})
    ev = tx.events["LicenceRenounced"]
    assert (ev["asset"], ev["licensor"], ev["licensee"], ev["licence"]) == (hx(asset), hx(supplier_a), hx(oem), lic)
    assert len(tx.events) == 1
    info = licence(world.getLicence(asset, lic))
    assert (info["status"], info["reason"]) == (LicenceStatus.RENOUNCED, Reason.NONE)
    assert not world.isLicensed(asset, oem, QA)


def test_renounce_names_current_owner(world, ip, asset, supplier_b, supplier_a_op, oem_op, granted):
    ip.transfer(asset, supplier_b, ZERO32, {"from": supplier_a_op})
    tx = world.renounce(asset, granted.return_value, {"from": oem_op})
    assert tx.events["LicenceRenounced"]["licensor"] == hx(supplier_b)


@pytest.mark.parametrize(
    "op_name,org_name", [("supplier_a_op", "supplier_a"), ("supplier_b_op", "supplier_b"), ("auditor_op", "auditor")]
)
def test_renounce_by_wrong_party(world, asset, oem, granted, request, op_name, org_name):
    op, org = request.getfixturevalue(op_name), request.getfixturevalue(org_name)
    with reverts_with("NotLicensee", asset, granted.return_value, oem, org):
        world.renounce.call(asset, granted.return_value, {"from": op})


def test_renounce_outsider(world, asset, outsider, granted):
    with reverts_with("NotAnOperator", outsider):
        world.renounce.call(asset, granted.return_value, {"from": outsider})


def test_renounce_by_suspended_licensee(world, registry, council, asset, oem, oem_op, granted):
    registry.suspend(oem, REASON, {"from": council})
    with reverts_with("OrgNotActive", oem, 2):
        world.renounce.call(asset, granted.return_value, {"from": oem_op})


def test_renounce_expired(world, asset, oem_op, granted):
    lic = granted.return_value
    end = licence(world.getLicence(asset, lic))["end"]
    travel(end)
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.EXPIRED):
        world.renounce.call(asset, lic, {"from": oem_op})


def test_renounce_after_revoke(world, asset, oem_op, supplier_a_op, granted):
    lic = granted.return_value
    world.revoke(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.REVOKED):
        world.renounce.call(asset, lic, {"from": oem_op})
    with reverts_with("WrongStatus", asset, lic, LicenceStatus.REVOKED):
        world.revoke.call(asset, lic, Reason.BREACH, ZERO32, {"from": supplier_a_op})
