"""DataLicensing.isEntitled: the asset's active owner, or an active holder of a licence in
force for the purpose (the gate SupplyOrders puts on design assets)."""

from __future__ import annotations

from brownie import interface

from tests.support.licensing import AI, ALL, MF, QA, asset_id, travel

BUDGET = 15_000  # licence.is_licensed_view in shared/budgets.json
ZERO_ORG = b"\x00" * 16
NOTE = b"\x0b" * 32


def test_owner_is_entitled_for_every_purpose_without_a_licence(world, asset, supplier_a):
    for purpose in (0, QA, MF, AI, ALL):
        assert world.isEntitled(asset, supplier_a, purpose)
        assert not world.isLicensed(asset, supplier_a, purpose)


def test_licensee_is_entitled_for_its_purposes_only(world, asset, oem, granted):
    check = interface.ILicenceCheck(world.address)
    assert check.isEntitled(asset, oem, MF) and check.isEntitled(asset, oem, QA | MF)
    assert not check.isEntitled(asset, oem, AI)
    assert not check.isEntitled(asset, oem, MF | AI)


def test_others_are_not_entitled(world, asset, supplier_b, auditor, granted):
    for org in (supplier_b, auditor, ZERO_ORG):
        assert not world.isEntitled(asset, org, MF)
        assert not world.isEntitled(asset, org, 0)


def test_unregistered_asset_entitles_nobody(world, supplier_a):
    unknown = asset_id(99)
    for org in (supplier_a, ZERO_ORG):
        assert not world.isEntitled(unknown, org, 0)


def test_inactive_owner_or_licensee_is_not_entitled(world, registry, council, asset, supplier_a, oem, granted):
    registry.suspend(supplier_a, NOTE, {"from": council})
    registry.suspend(oem, NOTE, {"from": council})
    assert not world.isEntitled(asset, supplier_a, MF)
    assert not world.isEntitled(asset, oem, MF)
    registry.reinstate(supplier_a, {"from": council})
    registry.reinstate(oem, {"from": council})
    assert world.isEntitled(asset, supplier_a, MF) and world.isEntitled(asset, oem, MF)


def test_entitlement_follows_the_asset(world, ip, asset, supplier_a, supplier_b, supplier_a_op):
    ip.transfer(asset, supplier_b, NOTE, {"from": supplier_a_op})
    assert world.isEntitled(asset, supplier_b, MF)
    assert not world.isEntitled(asset, supplier_a, MF)


def test_revoked_licence_no_longer_entitles(world, asset, oem, granted, supplier_a_op):
    world.revoke(asset, granted.return_value, 1, NOTE, {"from": supplier_a_op})
    assert not world.isEntitled(asset, oem, MF)


def test_expired_licence_no_longer_entitles(world, asset, oem, granted):
    end = world.getLicence(asset, granted.return_value)[4]
    travel(end - 1)
    assert world.isEntitled(asset, oem, MF)
    travel(end)
    assert not world.isEntitled(asset, oem, MF)


def test_licensee_answer_costs_what_is_licensed_costs(world, probe, asset, oem, supplier_a, granted):
    """The licence is asked first: a licensee's yes never calls IPRegistry; the owner's
    yes pays for ownerOf on top of the empty licence slot."""
    licensed = probe.measure.call(world, world.isLicensed.encode_input(asset, oem, MF))
    licensee = probe.measure.call(world, world.isEntitled.encode_input(asset, oem, MF))
    owner = probe.measure.call(world, world.isEntitled.encode_input(asset, supplier_a, MF))
    assert licensee <= licensed + 300 and licensee <= BUDGET
    assert owner > licensee + 4_000
