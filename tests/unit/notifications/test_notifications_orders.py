"""QualityNotifications and SupplyOrders: an open notification holds the orders it names
(no shipping), declining, closing or cancelling releases them, and the OEM may cancel or
reallocate a held order at once, as after a failed quality assessment."""

import pytest
from brownie import SupplyOrders

from tests.support.notifications import HOLDING, PATHS, bring, reason, send
from tests.support.supply import (
    ZERO_ADDRESS,
    ZERO_ORG,
    State,
    as_bytes,
    doc,
    order_dict,
    order_in,
    reverts_with,
    today,
)
from valuechain.contract_types import NoticeKind, NoticeStatus

INV, ALERT = NoticeKind.INVESTIGATION, NoticeKind.ALERT


@pytest.fixture(scope="module")
def ready(orders, oem_op, supplier_a_op, supplier_a):
    """An order of supplier A ready to ship (due in ten days)."""
    return order_in(orders, State.READY_TO_SHIP, oem_op, supplier_a_op, supplier_a)


def _holder(notifications, oid, oem, supplier) -> bytes:
    return as_bytes(notifications.holdOf(oid, oem, supplier))


def test_orders_know_the_notifications(orders, notifications):
    assert orders.notifications() == notifications.address


def test_investigation_holds_the_order(orders, notifications, ready, oem_op, supplier_a_op, oem, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    assert _holder(notifications, ready, oem, supplier_a) == nid
    with reverts_with("OrderOnHold", ready, nid):
        orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})


def test_alert_holds_the_order(orders, notifications, ready, oem_op, supplier_a_op, oem, supplier_a):
    nid = send(notifications, ALERT, supplier_a_op, oem, orders=(ready,))
    assert _holder(notifications, ready, oem, supplier_a) == nid
    with reverts_with("OrderOnHold", ready, nid):
        orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})


@pytest.mark.parametrize("status", list(PATHS))
def test_hold_follows_the_status(orders, notifications, ready, oem_op, supplier_a_op, oem, supplier_a, status):
    nid = send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    bring(notifications, nid, status, oem_op, supplier_a_op)
    if status in HOLDING:
        assert _holder(notifications, ready, oem, supplier_a) == nid
        with reverts_with("OrderOnHold", ready, nid):
            orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})
    else:  # DECLINED, CLOSED, CANCELED release it
        assert _holder(notifications, ready, oem, supplier_a) == ZERO_ORG
        orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})
        assert order_dict(orders, ready)["state"] == State.SHIPPED


def test_ships_once_closed(orders, notifications, ready, oem_op, supplier_a_op, supplier_a):
    nid = send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    bring(notifications, nid, NoticeStatus.ACCEPTED, oem_op, supplier_a_op)
    with reverts_with("OrderOnHold", ready, nid):
        orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})
    notifications.close(nid, reason(1), {"from": oem_op})
    orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})
    assert order_dict(orders, ready)["state"] == State.SHIPPED


def test_held_order_is_reallocated_at_once(orders, notifications, ready, oem_op, supplier_a, supplier_b):
    due = order_dict(orders, ready)["dueDay"]
    assert due > today()  # not overdue: without the hold the OEM would have to wait
    with reverts_with("ShipmentNotOverdue", ready, due, today()):
        orders.reallocate(ready, supplier_b, 4_000, due, doc(11), {"from": oem_op})
    send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    tx = orders.reallocate(ready, supplier_b, 4_000, due, doc(11), {"from": oem_op})
    ev = tx.events["OrderReallocated"]
    assert (ev["quantity"], ev["remaining"], ev["state"]) == (4_000, 6_000, State.READY_TO_SHIP)


def test_held_order_is_cancelled_at_once(orders, notifications, ready, oem_op, supplier_a):
    due = order_dict(orders, ready)["dueDay"]
    with reverts_with("ShipmentNotOverdue", ready, due, today()):
        orders.cancelOrder(ready, doc(10), {"from": oem_op})
    send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    orders.cancelOrder(ready, doc(10), {"from": oem_op})
    assert order_dict(orders, ready)["state"] == State.CANCELLED


def test_released_order_waits_again(orders, notifications, ready, oem_op, supplier_a_op, supplier_a, supplier_b):
    nid = send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    bring(notifications, nid, NoticeStatus.DECLINED, oem_op, supplier_a_op)
    due = order_dict(orders, ready)["dueDay"]
    with reverts_with("ShipmentNotOverdue", ready, due, today()):
        orders.reallocate(ready, supplier_b, 4_000, due, doc(11), {"from": oem_op})


def test_one_open_notification_per_order(orders, notifications, ready, oem_op, supplier_a_op, oem, supplier_a):
    first = send(notifications, INV, oem_op, supplier_a, orders=(ready,))
    with reverts_with("OrderAlreadyHeld", ready, first):
        send(notifications, ALERT, supplier_a_op, oem, orders=(ready,))
    notifications.close(first, reason(1), {"from": oem_op})
    second = send(notifications, ALERT, supplier_a_op, oem, orders=(ready,))
    assert _holder(notifications, ready, oem, supplier_a) == second


def test_third_parties_cannot_hold_an_order(orders, notifications, ready, oem_op, supplier_a_op, supplier_b_op, oem,
                                            supplier_a, supplier_b, oem2_op, oem2):
    """A notification between other parties naming the order's id holds nothing: the hold
    is keyed by the order's own OEM and supplier."""
    send(notifications, INV, oem_op, supplier_b, orders=(ready,))  # OEM -> B naming A's order
    send(notifications, ALERT, supplier_b_op, oem2, orders=(ready,))  # B -> another OEM
    send(notifications, INV, oem2_op, supplier_a, orders=(ready,))  # another OEM -> A
    assert _holder(notifications, ready, oem, supplier_a) == ZERO_ORG
    orders.ship(ready, 10_000, doc(6), {"from": supplier_a_op})


def test_order_in_production_is_held_when_ready(orders, notifications, oem_op, supplier_a_op, supplier_a):
    oid = order_in(orders, State.IN_PRODUCTION, oem_op, supplier_a_op, supplier_a)
    nid = send(notifications, INV, oem_op, supplier_a, orders=(oid,))
    orders.assessQuality(oid, 9_800, 200, 4, True, doc(5), {"from": supplier_a_op})
    with reverts_with("OrderOnHold", oid, nid):
        orders.ship(oid, 10_000, doc(6), {"from": supplier_a_op})


def test_orders_without_notifications_contract(members, signals, council, oem_op, supplier_a_op, supplier_a):
    plain = SupplyOrders.deploy(members, ZERO_ADDRESS, signals, ZERO_ADDRESS, {"from": council})
    assert plain.notifications() == ZERO_ADDRESS
    oid = order_in(plain, State.SHIPPED, oem_op, supplier_a_op, supplier_a)
    assert order_dict(plain, oid)["state"] == State.SHIPPED
