"""Quality notifications (QualityNotifications, CX-0125): sending investigations and
alerts, forwarding, every status change, and importing a notification message exactly once
(judged through the event index, the one read model)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from web3 import Web3
from web3.contract import Contract
from web3.types import TxReceipt

from valuechain import members, orders
from valuechain.abi import ZERO32
from valuechain.catenax import quality_notification as qn
from valuechain.contract_types import NoticeKind, NoticeStatus, State
from valuechain.errors import InputError
from valuechain.tx import Sender

if TYPE_CHECKING:
    from valuechain.events import EventIndex

log = logging.getLogger(__name__)

CONTRACT = "QualityNotifications"
#: status change -> (contract function, the status it leads to)
STEPS = {
    "ack": ("acknowledge", NoticeStatus.ACKNOWLEDGED),
    "accept": ("accept", NoticeStatus.ACCEPTED),
    "decline": ("decline", NoticeStatus.DECLINED),
    "close": ("close", NoticeStatus.CLOSED),
    "cancel": ("cancel", NoticeStatus.CANCELED),
}


#: order states a notification can hold back (an order that can still ship)
OPEN_ORDER_STATES = (State.ISSUED, State.CONFIRMED, State.IN_PRODUCTION, State.QUALITY_HOLD, State.READY_TO_SHIP)


def check_orders(supply_orders: Contract, n: qn.QualityNotification, order_ids: tuple[int, ...]) -> None:
    """Every order ``n`` is to name is open and between its two parties (its customer as
    the order's OEM, its supplier as the order's supplier); InputError naming the first that
    is not. The contract would accept it, and hold nothing: the hold is keyed by the order's
    own parties."""
    customer, supplier = (n.sender, n.receiver) if n.kind is NoticeKind.INVESTIGATION else (n.receiver, n.sender)
    for oid in order_ids:
        order = orders.get_order(supply_orders, oid)
        if (order.oem, order.supplier) != (customer, supplier):
            raise InputError(f"--order {oid}: an order of {order.oem} with {order.supplier}, not between the "
                             f"notification's customer {customer} and supplier {supplier} (expected an order between "
                             "them: nothing else can be held)", what="order", where="--order",
                             expected=f"{customer} -> {supplier}", found=f"{order.oem} -> {order.supplier}")
        if order.state not in OPEN_ORDER_STATES:
            raise InputError(f"--order {oid}: {order.state.name}, nothing left to hold (expected an open order: "
                             f"{', '.join(s.name for s in OPEN_ORDER_STATES)})", what="order", where="--order",
                             expected="an open order", found=order.state.name)


def send(sender: Sender, contract: Contract, n: qn.QualityNotification, order_ids: tuple[int, ...] = ()) -> TxReceipt:
    """Send ``n``: an investigation or an alert, or the forwarding of its related
    notification (``relatedMessageId``) when it names one."""
    notice = n.notice(order_ids)
    if n.related_id is not None:
        fn = contract.functions.forward(n.related_id.bytes, notice)
        label = f"forward notification {n.related_id} as {n.notification_id}"
    elif n.kind is NoticeKind.INVESTIGATION:
        fn, label = contract.functions.investigate(notice), f"investigate {n.notification_id}"
    else:
        fn, label = contract.functions.alert(notice), f"alert {n.notification_id}"
    log.info("%s to %s (%d affected items, orders %s)", label, n.receiver, len(n.affected_items), list(order_ids))
    return sender.transact(fn, label=label)


def change(sender: Sender, contract: Contract, step: str, notification_id: bytes, reason: bytes = ZERO32) -> TxReceipt:
    """Status change ``step`` (ack, accept, decline, close, cancel) of a notification."""
    if step not in STEPS:
        raise InputError(f"{step!r} is no status change", what="step", expected=", ".join(STEPS), found=step)
    fn, _ = STEPS[step]
    return sender.transact(getattr(contract.functions, fn)(notification_id, reason),
                           label=f"{fn} notification 0x{notification_id.hex()}")


@dataclass(frozen=True)
class NotificationImport:
    """What importing a message did: ``sent`` (a receipt) or ``nothing`` (the chain has
    it: ``note`` says where)."""

    action: str
    receipt: TxReceipt | None = None
    note: str = ""


def import_notification(sender: Sender, index: EventIndex, n: qn.QualityNotification,
                        order_ids: tuple[int, ...] = ()) -> NotificationImport:
    """Put the notification of message ``n`` on chain exactly once, judged by its
    notificationId in the synced event index: known with the same content, nothing is sent;
    known with other content, InputError (nothing sent); unknown, it is sent (forwarded
    when the header names a related notification). Only a new notification (status CREATED
    or SENT) is sent, by its sender's operator."""
    index.sync()
    contract = index.manifest.contract(sender.w3, CONTRACT)
    sender.refuse_pending("notification")
    wanted = "0x" + n.notification_id.bytes.hex()
    frame = index.notifications()
    known = frame[frame["notification_id"] == wanted]
    ident = f"notification {n.notification_id}"
    if len(known):
        row = known.iloc[0]
        content = "0x" + n.content_hash.hex()
        if str(row["content_hash"]).lower() == content or n.status is not NoticeStatus.SENT:
            return NotificationImport("nothing", note=f"{ident} is already on chain ({row['status']}, sent "
                                                      f"{row['sent']}): nothing sent")
        raise InputError(f"{ident} is already on chain with other content (hash {row['content_hash']}, this "
                         f"message's {content}); nothing sent: a notification is imported once, a new one needs "
                         "a new notificationId", what=ident, expected=str(row["content_hash"]), found=content)
    if n.status not in (NoticeStatus.CREATED, NoticeStatus.SENT):
        raise InputError(f"{ident} is not on chain and this message is a status update ({n.status.name}); "
                         "nothing sent: import the notification itself first", what=ident,
                         expected="status CREATED or SENT", found=n.status.name)
    registry = index.manifest.contract(sender.w3, "ConsortiumRegistry")
    org = members.org_of(registry, Web3.to_checksum_address(sender.address)) or ""
    if org != n.sender:
        raise InputError(f"{ident} is sent by {n.sender}; the signing account operates "
                         f"{org or 'no org'}: nothing sent", what="senderBpn", expected=org or "an org", found=n.sender)
    return NotificationImport("sent", send(sender, contract, n, order_ids))


