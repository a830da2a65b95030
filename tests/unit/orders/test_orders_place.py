"""SupplyOrders: deployment, placing orders and who may place them (the storage layout of an
order: tests/offline/test_storage_layout.py)."""

import brownie
import pytest
from brownie import SupplyOrders, chain

from tests.support.supply import (
    MAX_UINT32,
    NO_AMENDMENT,
    PART,
    UNIT_PIECE,
    ZERO32,
    ZERO_ADDRESS,
    State,
    amendment_dict,
    as_bytes,
    doc,
    order_dict,
    reverts_with,
    terms,
    today,
)
from valuechain.contract_types import Purpose
from valuechain.identity import Role


def test_constructor(orders, members, signals):
    assert orders.registry() == members.address
    assert orders.licensing() == ZERO_ADDRESS
    assert orders.signals() == signals.address
    assert orders.orderCount() == 0
    assert orders.MAX_SCORE() == 10_000
    assert orders.PURPOSE_MANUFACTURING() == int(Purpose.MANUFACTURING) == 1 << 30


def test_constructor_rejects_zero_addresses(council, members, signals):
    with reverts_with("ZeroAddress"):
        SupplyOrders.deploy(ZERO_ADDRESS, ZERO_ADDRESS, signals, ZERO_ADDRESS, {"from": council})
    with reverts_with("ZeroAddress"):
        SupplyOrders.deploy(members, ZERO_ADDRESS, ZERO_ADDRESS, ZERO_ADDRESS, {"from": council})


def test_place(orders, oem_op, oem, supplier_a):
    due = today() + 30
    tx = orders.placeOrder((supplier_a, PART, 10_000, UNIT_PIECE, due, 9_500, ZERO32), doc(1), {"from": oem_op})

    assert tx.return_value == 1
    assert orders.orderCount() == 1
    ev = tx.events["OrderPlaced"]
    assert ev["orderId"] == 1
    assert as_bytes(ev["oem"]) == oem
    assert as_bytes(ev["supplier"]) == supplier_a
    assert as_bytes(ev["partNumber"]) == PART
    assert ev["quantity"] == 10_000
    assert as_bytes(ev["unit"]) == UNIT_PIECE
    assert ev["dueDay"] == due
    assert ev["minScore"] == 9_500
    assert as_bytes(ev["designAsset"]) == ZERO32
    assert ev["parentId"] == 0
    assert as_bytes(ev["documentHash"]) == doc(1)
    assert order_dict(orders, 1) == {
        "oem": oem,
        "supplier": supplier_a,
        "partNumber": PART,
        "quantity": 10_000,
        "shippedQuantity": 0,
        "receivedQuantity": 0,
        "dueDay": due,
        "unit": UNIT_PIECE,
        "minScore": 9_500,
        "lastScore": 0,
        "lastSampleSize": 0,
        "lastDefects": 0,
        "version": 0,
        "state": State.ISSUED,
        "hasDesignAsset": False,
    }
    assert as_bytes(orders.designAssetOf(1)) == ZERO32


def test_place_extreme_values_round_trip(orders, oem_op, oem, supplier_b):
    """Every field of a new order reads back as placed, at the ends of its range too
    (the packed members of the figures slot must not spill into each other)."""
    part = b"\xff" * 32
    tx = orders.placeOrder((supplier_b, part, MAX_UINT32, b"\xff\xfe\xfd", 2**24 - 1, 10_000, ZERO32), doc(0xEE),
                           {"from": oem_op})
    o = order_dict(orders, tx.return_value)
    assert o["oem"] == oem and o["supplier"] == supplier_b and o["partNumber"] == part
    assert o["quantity"] == MAX_UINT32 and o["dueDay"] == 2**24 - 1 and o["unit"] == b"\xff\xfe\xfd"
    assert o["minScore"] == 10_000 and o["state"] == State.ISSUED and o["hasDesignAsset"] is False
    assert o["shippedQuantity"] == o["receivedQuantity"] == o["lastScore"] == o["version"] == 0


def test_ids_count_up(orders, oem_op, oem2_op, supplier_a, supplier_b):
    ids = [
        orders.placeOrder(terms(supplier_a), doc(1), {"from": oem_op}).return_value,
        orders.placeOrder(terms(supplier_b), doc(1), {"from": oem2_op}).return_value,
        orders.placeOrder(terms(supplier_a), doc(1), {"from": oem_op}).return_value,
    ]
    assert ids == [1, 2, 3]
    assert orders.orderCount() == 3


def test_place_due_today_allowed(orders, oem_op, supplier_a):
    # move to one hour past a midnight so "today" cannot change under the test
    now = chain.time()
    chain.sleep((now // 86400 + 1) * 86400 + 3600 - now)
    day = today()
    tx = orders.placeOrder(terms(supplier_a, due=day), doc(1), {"from": oem_op})
    assert order_dict(orders, tx.return_value)["dueDay"] == day
    with reverts_with("DueDayInPast", day - 1, day):
        orders.placeOrder(terms(supplier_a, due=day - 1), doc(1), {"from": oem_op})


# ------------------------------------------------------------------ who may place


def test_place_by_supplier_denied(orders, supplier_a_op, supplier_a, supplier_b):
    with reverts_with("MissingRole", supplier_a, Role.OEM):
        orders.placeOrder(terms(supplier_b), doc(1), {"from": supplier_a_op})


def test_place_by_outsider_denied(orders, outsider, supplier_a):
    with reverts_with("NotAnOperator", outsider):
        orders.placeOrder(terms(supplier_a), doc(1), {"from": outsider})


def test_place_by_auditor_denied(orders, auditor_op, auditor, supplier_a):
    with reverts_with("MissingRole", auditor, Role.OEM):
        orders.placeOrder(terms(supplier_a), doc(1), {"from": auditor_op})


@pytest.mark.parametrize("action, status", [("suspend", 2), ("offboard", 3)])
def test_place_by_inactive_oem_denied(orders, members, council, oem_op, oem, supplier_a, action, status):
    getattr(members, action)(oem, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", oem, status):
        orders.placeOrder(terms(supplier_a), doc(1), {"from": oem_op})


def test_place_with_suspended_supplier_denied(orders, members, council, oem_op, supplier_a):
    members.suspend(supplier_a, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", supplier_a, 2):
        orders.placeOrder(terms(supplier_a), doc(1), {"from": oem_op})


def test_place_with_offboarded_supplier_denied(orders, members, council, oem_op, supplier_a):
    members.offboard(supplier_a, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", supplier_a, 3):
        orders.placeOrder(terms(supplier_a), doc(1), {"from": oem_op})


def test_place_with_unknown_supplier_denied(orders, oem_op):
    stranger = b"BPNL0000000NOPE1"
    with reverts_with("OrgNotActive", stranger, 0):
        orders.placeOrder(terms(stranger), doc(1), {"from": oem_op})


def test_place_with_non_supplier_denied(orders, oem_op, auditor, oem2):
    with reverts_with("MissingRole", auditor, Role.SUPPLIER):
        orders.placeOrder(terms(auditor), doc(1), {"from": oem_op})
    with reverts_with("MissingRole", oem2, Role.SUPPLIER):
        orders.placeOrder(terms(oem2), doc(1), {"from": oem_op})


def test_place_with_itself_denied(orders, members, council, oem_op, oem):
    """An org holding both roles cannot order from itself."""
    members.changeRoles(oem, Role.OEM | Role.SUPPLIER, {"from": council})
    with reverts_with("InvalidSupplier", oem):
        orders.placeOrder(terms(oem), doc(1), {"from": oem_op})


# ------------------------------------------------------------------ terms


def test_place_invalid_terms(orders, oem_op, supplier_a):
    day = today()
    with reverts_with("ZeroPartNumber"):
        orders.placeOrder(terms(supplier_a, part=ZERO32), doc(1), {"from": oem_op})
    with reverts_with("ZeroUnit"):
        orders.placeOrder(terms(supplier_a, unit=b"\x00\x00\x00"), doc(1), {"from": oem_op})
    with reverts_with("InvalidScore", 10_001):
        orders.placeOrder(terms(supplier_a, min_score=10_001), doc(1), {"from": oem_op})
    with reverts_with("InvalidQuantity", 0, MAX_UINT32):
        orders.placeOrder(terms(supplier_a, qty=0), doc(1), {"from": oem_op})
    with reverts_with("DueDayInPast", 0, day):
        orders.placeOrder(terms(supplier_a, due=0), doc(1), {"from": oem_op})
    assert orders.orderCount() == 0


def test_place_threshold_bounds_allowed(orders, oem_op, supplier_a):
    for score in (0, 10_000):
        oid = orders.placeOrder(terms(supplier_a, min_score=score), doc(1), {"from": oem_op}).return_value
        assert order_dict(orders, oid)["minScore"] == score


def test_design_asset_needs_licensing(orders, oem_op, supplier_a):
    """Without a licence contract an order naming a design asset is refused (the licensed
    paths: test_orders_design.py)."""
    asset = b"\xa5" * 32
    with reverts_with("LicensingUnavailable", asset):
        orders.placeOrder(terms(supplier_a, asset=asset), doc(1), {"from": oem_op})


def test_unknown_order_views(orders):
    o = order_dict(orders, 99)
    assert o["state"] == State.NONE and o["quantity"] == 0
    assert amendment_dict(orders, 99) == NO_AMENDMENT


def test_place_reverts_leave_nothing(orders, oem_op, supplier_a):
    with brownie.reverts():
        orders.placeOrder(terms(supplier_a, qty=0), doc(1), {"from": oem_op})
    assert orders.orderCount() == 0
