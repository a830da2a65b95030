"""Gas of QualityNotifications operations (CX-0125 quality investigations and alerts).

A notification takes two fresh slots (parties, kind, status, severity and target date in
one; the affected items root in the other) plus one per order it names the first time;
status changes rewrite the first slot. ``notify.investigate`` names no order (the budget's
case); ``notify.investigate_1order`` names one, the extra slot of its hold. ``order.ship_held_check``
is the price SupplyOrders.ship pays for asking whether an order is held (none is).
"""

from __future__ import annotations

import time
import uuid

from brownie import QualityNotifications, SupplyOrders, SupplySignals, accounts
from eth_utils import keccak

from bench import gas_registry
from valuechain import merkle
from valuechain.identity import Role

ZERO_ADDRESS = "0x" + "00" * 20
DOC = b"\x42" * 32
OEM, SUP_A, SUP_C = b"BPNL00000003AYRE", b"BPNL00000003B2OM", b"BPNL00000003CRHK"
MAJOR, DAY = 1, 86_400
ITEMS = [f"urn:uuid:{uuid.UUID(int=i + 1, version=4)}" for i in range(20)]


def measure() -> dict[str, int]:
    council, oem_op, a_op, c_op = accounts[0], accounts[1], accounts[2], accounts[3]
    registry = gas_registry.deploy(council)
    admitted = registry.admitBatch(
        [(OEM, Role.OEM, DOC, oem_op), (SUP_A, Role.SUPPLIER, DOC, a_op), (SUP_C, Role.SUPPLIER, DOC, c_op)],
        {"from": council},
    )
    gas_registry.accept(registry, admitted)
    notifications = QualityNotifications.deploy(registry, {"from": council})
    signals = SupplySignals.deploy(registry, {"from": council})
    orders = SupplyOrders.deploy(registry, ZERO_ADDRESS, signals, notifications, {"from": council})
    due = int(time.time()) // DAY + 30
    terms = (SUP_A, keccak(text="MNR-7307-AU340474.002"), 1_000, b"H87", due, 9500, b"\x00" * 32)
    orders.placeOrder(terms, DOC, {"from": oem_op})
    oid = orders.placeOrder(terms, DOC, {"from": oem_op}).return_value
    root = merkle.root(ITEMS)

    def notice(receiver: bytes, order_ids: tuple[int, ...] = ()) -> tuple:
        return (uuid.uuid4().bytes, receiver, MAJOR, int(time.time()) + 14 * DAY, root, DOC, list(order_ids))

    investigate = notifications.investigate(notice(SUP_A), {"from": oem_op})
    first = investigate.events["NotificationSent"]["id"]
    with_order = notifications.investigate(notice(SUP_A, (oid,)), {"from": oem_op})
    held = with_order.events["NotificationSent"]["id"]
    alert = notifications.alert(notice(OEM), {"from": a_op})
    ack = notifications.acknowledge(first, DOC, {"from": a_op})
    forward = notifications.forward(first, notice(SUP_C), {"from": a_op})
    accept = notifications.accept(first, DOC, {"from": a_op})
    close = notifications.close(first, DOC, {"from": oem_op})
    notifications.acknowledge(held, DOC, {"from": a_op})
    decline = notifications.decline(held, DOC, {"from": a_op})
    cancel = notifications.cancel(alert.events["NotificationSent"]["id"], DOC, {"from": a_op})
    listed = notifications.isListed.estimate_gas(first, ITEMS[3], merkle.proof(ITEMS, ITEMS[3]))
    return {
        "notify.investigate": investigate.gas_used,
        "notify.investigate_1order": with_order.gas_used,
        "notify.alert": alert.gas_used,
        "notify.forward": forward.gas_used,
        "notify.ack": ack.gas_used,
        "notify.accept": accept.gas_used,
        "notify.decline": decline.gas_used,
        "notify.close": close.gas_used,
        "notify.cancel": cancel.gas_used,
        "notify.is_listed_view_20_items": listed,
    }
