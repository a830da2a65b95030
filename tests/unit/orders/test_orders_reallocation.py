"""SupplyOrders: moving open quantity off a QUALITY_HOLD order to other suppliers."""

import pytest

from tests.support.supply import (
    MAX_UINT32,
    PART,
    UNIT_PIECE,
    ZERO32,
    State,
    as_bytes,
    doc,
    event_orgs,
    order_dict,
    order_in,
    reverts_with,
    step,
    today,
)
from valuechain.identity import Role


@pytest.fixture(scope="module")
def held(orders, oem_op, supplier_a_op, supplier_a):
    """An order of 10,000 from supplier A on QUALITY_HOLD."""
    return order_in(orders, State.QUALITY_HOLD, oem_op, supplier_a_op, supplier_a)


def family_total(orders, oid: int, children: dict[int, list[tuple[int, int]]]) -> int:
    """The quantity still with `oid` plus what was moved off it (at reallocation time)."""
    return order_dict(orders, oid)["quantity"] + sum(q for _, q in children.get(oid, []))


def test_partial_reallocation(orders, held, oem_op, oem, supplier_a, supplier_b):
    due = today() + 45
    tx = orders.reallocate(held, supplier_b, 4_000, due, doc(0xB1), {"from": oem_op})
    child = tx.return_value

    assert child == held + 1
    ev = tx.events["OrderReallocated"]
    assert ev["orderId"] == held and event_orgs(ev) == (oem, supplier_a)
    assert ev["childId"] == child and as_bytes(ev["newSupplier"]) == supplier_b
    assert (ev["quantity"], ev["remaining"], ev["state"]) == (4_000, 6_000, State.QUALITY_HOLD)
    assert as_bytes(ev["documentHash"]) == doc(0xB1)
    placed = tx.events["OrderPlaced"]
    assert placed["orderId"] == child and event_orgs(placed) == (oem, supplier_b)
    assert placed["parentId"] == held and placed["quantity"] == 4_000 and placed["dueDay"] == due
    assert as_bytes(placed["partNumber"]) == PART and placed["minScore"] == 9_500
    assert as_bytes(placed["documentHash"]) == doc(0xB1)

    parent = order_dict(orders, held)
    assert parent["state"] == State.QUALITY_HOLD and parent["quantity"] == 6_000
    assert parent["lastScore"] == 9_000  # the assessment that caused the hold stays
    assert order_dict(orders, child) == {
        "oem": oem,
        "supplier": supplier_b,
        "partNumber": PART,
        "quantity": 4_000,
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
    assert as_bytes(orders.designAssetOf(child)) == ZERO32
    assert family_total(orders, held, {held: [(child, 4_000)]}) == 10_000


def test_reallocate_everything_cancels_parent(orders, held, oem_op, supplier_c):
    tx = orders.reallocate(held, supplier_c, 10_000, today() + 45, doc(0xB2), {"from": oem_op})
    ev = tx.events["OrderReallocated"]
    assert (ev["quantity"], ev["remaining"], ev["state"]) == (10_000, 0, State.CANCELLED)
    parent = order_dict(orders, held)
    assert parent["state"] == State.CANCELLED and parent["quantity"] == 0
    assert order_dict(orders, tx.return_value)["quantity"] == 10_000


def test_split_across_suppliers_then_deviation_for_the_rest(orders, held, oem_op, supplier_a_op, supplier_b, supplier_c):
    """The seed scenario's shape: part to B, part to C, the OEM accepts the deviation for
    what A keeps, A ships exactly that."""
    to_b = orders.reallocate(held, supplier_b, 4_000, today() + 45, doc(0xB1), {"from": oem_op}).return_value
    to_c = orders.reallocate(held, supplier_c, 1_000, today() + 50, doc(0xB3), {"from": oem_op}).return_value
    assert family_total(orders, held, {held: [(to_b, 4_000), (to_c, 1_000)]}) == 10_000

    orders.acceptDeviation(held, doc(0x61), {"from": oem_op})
    with reverts_with("InvalidQuantity", 5_001, 5_000):
        orders.ship(held, 5_001, doc(6), {"from": supplier_a_op})
    orders.ship(held, 5_000, doc(6), {"from": supplier_a_op})
    assert order_dict(orders, held)["shippedQuantity"] == 5_000


def test_cancel_rest_after_partial_reallocation(orders, held, oem_op, supplier_b):
    """Fall back on stock for what stays with A; the child order lives on."""
    child = orders.reallocate(held, supplier_b, 3_000, today() + 45, doc(0xB1), {"from": oem_op}).return_value
    tx = orders.cancelOrder(held, doc(0xA1), {"from": oem_op})
    assert tx.events["OrderCancelled"]["previousState"] == State.QUALITY_HOLD
    assert order_dict(orders, held)["quantity"] == 7_000
    assert order_dict(orders, child)["state"] == State.ISSUED


def test_reallocation_chain_back_and_forth(orders, held, oem_op, supplier_a_op, supplier_b_op, supplier_a, supplier_b,
                                           supplier_c, supplier_c_op):
    """A -> B -> C -> A: every child can fail quality and be reallocated in turn; each
    split conserves its own quantity and nothing is created or lost overall."""
    ops = {supplier_a: supplier_a_op, supplier_b: supplier_b_op, supplier_c: supplier_c_op}
    children: dict[int, list[tuple[int, int]]] = {}
    current = held
    for nxt, qty in [(supplier_b, 6_000), (supplier_c, 2_500), (supplier_a, 2_500)]:
        child = orders.reallocate(current, nxt, qty, today() + 60, doc(0xB4), {"from": oem_op}).return_value
        children.setdefault(current, []).append((child, qty))
        assert family_total(orders, current, children) == (10_000 if current == held else children_qty(children, current))
        if nxt != supplier_a:
            for name in ("confirm", "start", "fail"):
                step(orders, child, name, oem_op, ops[nxt])
        current = child

    # leaves: A keeps 4,000, B keeps 3,500, C keeps 0 (cancelled), the last child has 2,500
    states = {oid: order_dict(orders, oid) for oid in range(held, current + 1)}
    assert [(s["quantity"], s["state"]) for s in states.values()] == [
        (4_000, State.QUALITY_HOLD),
        (3_500, State.QUALITY_HOLD),
        (0, State.CANCELLED),
        (2_500, State.ISSUED),
    ]
    assert sum(s["quantity"] for s in states.values()) == 10_000
    assert states[current]["supplier"] == supplier_a


def children_qty(children, oid):
    """The quantity `oid` was created with, as recorded by its parent's reallocation."""
    for kids in children.values():
        for child, qty in kids:
            if child == oid:
                return qty
    raise KeyError(oid)


def test_reallocate_to_current_supplier_denied(orders, held, oem_op, supplier_a):
    with reverts_with("InvalidSupplier", supplier_a):
        orders.reallocate(held, supplier_a, 1, today() + 45, doc(0xB1), {"from": oem_op})


def test_reallocate_to_oem_itself_denied(members, council, orders, held, oem_op, oem):
    members.changeRoles(oem, Role.OEM | Role.SUPPLIER, {"from": council})
    with reverts_with("InvalidSupplier", oem):
        orders.reallocate(held, oem, 1, today() + 45, doc(0xB1), {"from": oem_op})


@pytest.mark.parametrize("action, status", [("suspend", 2), ("offboard", 3)])
def test_reallocate_to_inactive_supplier_denied(members, council, orders, held, oem_op, supplier_b, action, status):
    getattr(members, action)(supplier_b, doc(0x66), {"from": council})
    with reverts_with("OrgNotActive", supplier_b, status):
        orders.reallocate(held, supplier_b, 1, today() + 45, doc(0xB1), {"from": oem_op})


def test_reallocate_to_non_supplier_denied(orders, held, oem_op, auditor, oem2):
    for org in (auditor, oem2):
        with reverts_with("MissingRole", org, Role.SUPPLIER):
            orders.reallocate(held, org, 1, today() + 45, doc(0xB1), {"from": oem_op})
    stranger = b"BPNL0000000NOPE1"
    with reverts_with("OrgNotActive", stranger, 0):
        orders.reallocate(held, stranger, 1, today() + 45, doc(0xB1), {"from": oem_op})


def test_reallocate_quantity_bounds(orders, held, oem_op, supplier_b):
    with reverts_with("InvalidQuantity", 0, 10_000):
        orders.reallocate(held, supplier_b, 0, today() + 45, doc(0xB1), {"from": oem_op})
    with reverts_with("InvalidQuantity", 10_001, 10_000):
        orders.reallocate(held, supplier_b, 10_001, today() + 45, doc(0xB1), {"from": oem_op})
    with reverts_with("InvalidQuantity", MAX_UINT32, 10_000):
        orders.reallocate(held, supplier_b, MAX_UINT32, today() + 45, doc(0xB1), {"from": oem_op})


def test_reallocate_due_day_in_past_denied(orders, held, oem_op, supplier_b):
    day = today()
    with reverts_with("DueDayInPast", day - 1, day):
        orders.reallocate(held, supplier_b, 1, day - 1, doc(0xB1), {"from": oem_op})


def test_reallocation_leaves_nothing_on_revert(orders, held, oem_op, supplier_a):
    count = orders.orderCount()
    with reverts_with("InvalidSupplier", supplier_a):
        orders.reallocate(held, supplier_a, 1, today() + 45, doc(0xB1), {"from": oem_op})
    assert orders.orderCount() == count
    assert order_dict(orders, held)["quantity"] == 10_000
