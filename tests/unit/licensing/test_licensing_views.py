"""DataLicensing: the isLicensed view as consuming contracts call it, and the pure ids."""

from __future__ import annotations

from brownie import interface

from tests.support.licensing import DAY, MF, QA, RD, hx, licence_id, now, terms_id, terms_tuple, travel

BUDGET = 15_000  # licence.is_licensed_view in shared/budgets.json


def test_is_licensed_through_the_consumer_interface(world, asset, oem, auditor, granted):
    check = interface.ILicenceCheck(world.address)
    assert check.isLicensed(asset, oem, MF)
    assert not check.isLicensed(asset, auditor, MF)


def test_is_licensed_cold_from_a_contract(world, probe, asset, oem, auditor, granted):
    yes = probe.measure.call(world, world.isLicensed.encode_input(asset, oem, MF))
    no = probe.measure.call(world, world.isLicensed.encode_input(asset, auditor, MF))
    assert yes <= BUDGET
    # a "no" never asks the registry
    assert no < yes - 4_000


def test_second_slot_is_read_only_when_used(world, probe, asset, oem, std_terms, supplier_a_op, in_days):
    for i in range(2):
        world.grant(asset, oem, std_terms, QA, 0, in_days(10 + i), {"from": supplier_a_op})
    no_two = probe.measure.call(world, world.isLicensed.encode_input(asset, oem, MF))
    world.grant(asset, oem, std_terms, MF, 0, in_days(10), {"from": supplier_a_op})
    yes_tail = probe.measure.call(world, world.isLicensed.encode_input(asset, oem, MF))
    no_tail = probe.measure.call(world, world.isLicensed.encode_input(asset, oem, 32))
    assert no_tail > no_two + 2_000  # one more cold slot
    assert yes_tail <= BUDGET + 2_200  # the worst case: four licences, the answer in the last


def test_ids_are_reproducible_off_chain(world, asset, oem, supplier_a_op, in_days):
    terms = terms_tuple(QA | RD, sublicensing=True, max_days=30)
    assert world.termsIdOf(terms) == hx(terms_id(terms))
    for nonce in (0, 1, 2**32 - 1):
        assert world.licenceIdOf(asset, oem, terms_id(terms), nonce) == hx(licence_id(asset, oem, terms_id(terms), nonce))


def test_is_licensed_at_the_window_edges(world, asset, oem, std_terms, supplier_a_op):
    start = now() + DAY
    end = start + DAY
    world.grant(asset, oem, std_terms, QA, start, end, {"from": supplier_a_op})
    travel(start - 2)
    assert not world.isLicensed(asset, oem, QA)
    travel(start)
    assert world.isLicensed(asset, oem, QA)
    travel(end - 2)
    assert world.isLicensed(asset, oem, QA)
    travel(end)
    assert not world.isLicensed(asset, oem, QA)
