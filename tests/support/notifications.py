"""Shared by the QualityNotifications tests (unit, access matrix, stateful): notices,
affected items and helpers that bring a notification into a given status."""

from __future__ import annotations

import uuid

from brownie import chain

from tests.support.supply import as_bytes
from valuechain import merkle
from valuechain.contract_types import NoticeKind, NoticeParty, NoticeSeverity, NoticeStatus

ITEMS = [f"urn:uuid:{uuid.UUID(int=i + 1, version=4)}" for i in range(5)]
ROOT = merkle.root(ITEMS)
DAY = 86_400

# status -> (the step that reaches it from its predecessor, the party taking it)
STEPS = {
    NoticeStatus.ACKNOWLEDGED: ("acknowledge", NoticeParty.RECEIVER),
    NoticeStatus.ACCEPTED: ("accept", NoticeParty.RECEIVER),
    NoticeStatus.DECLINED: ("decline", NoticeParty.RECEIVER),
    NoticeStatus.CLOSED: ("close", NoticeParty.SENDER),
    NoticeStatus.CANCELED: ("cancel", NoticeParty.SENDER),
}
# how to reach each stored status from SENT
PATHS = {
    NoticeStatus.SENT: [],
    NoticeStatus.ACKNOWLEDGED: [NoticeStatus.ACKNOWLEDGED],
    NoticeStatus.ACCEPTED: [NoticeStatus.ACKNOWLEDGED, NoticeStatus.ACCEPTED],
    NoticeStatus.DECLINED: [NoticeStatus.ACKNOWLEDGED, NoticeStatus.DECLINED],
    NoticeStatus.CLOSED: [NoticeStatus.CLOSED],
    NoticeStatus.CANCELED: [NoticeStatus.CANCELED],
}
# step -> statuses it may start from
FROM = {
    "acknowledge": {NoticeStatus.SENT},
    "accept": {NoticeStatus.ACKNOWLEDGED},
    "decline": {NoticeStatus.ACKNOWLEDGED},
    "close": {NoticeStatus.SENT, NoticeStatus.ACKNOWLEDGED, NoticeStatus.ACCEPTED, NoticeStatus.DECLINED},
    "cancel": {NoticeStatus.SENT},
    "forward": {NoticeStatus.ACKNOWLEDGED, NoticeStatus.ACCEPTED},
}
HOLDING = {NoticeStatus.SENT, NoticeStatus.ACKNOWLEDGED, NoticeStatus.ACCEPTED}


def new_id() -> bytes:
    return uuid.uuid4().bytes


def reason(n: int) -> bytes:
    return bytes([0xA0 + n % 16]) * 32


def notice(receiver: bytes, *, nid: bytes | None = None, severity: NoticeSeverity = NoticeSeverity.MAJOR,
           target: int | None = None, root: bytes = ROOT, content: bytes = b"\xc0" * 32,
           orders: tuple[int, ...] = ()) -> tuple:
    """An IQualityNotifications.Notice (target date: a week ahead unless given; 0 for none)."""
    target = chain.time() + 7 * DAY if target is None else target
    return (nid or new_id(), receiver, int(severity), target, root, content, list(orders))


def send(notifications, kind: NoticeKind, sender_op, receiver: bytes, **kw) -> bytes:
    """Send a notification of ``kind``; returns its id."""
    n = notice(receiver, **kw)
    fn = notifications.investigate if kind == NoticeKind.INVESTIGATION else notifications.alert
    fn(n, {"from": sender_op})
    return n[0]


def bring(notifications, nid: bytes, status: NoticeStatus, sender_op, receiver_op) -> None:
    """Move the SENT notification ``nid`` to ``status``."""
    for s in PATHS[status]:
        name, party = STEPS[s]
        getattr(notifications, name)(nid, reason(int(s)), {"from": sender_op if party == NoticeParty.SENDER
                                                           else receiver_op})


def record(notifications, nid: bytes) -> dict:
    """``getNotification`` as a dict with raw bytes and enums."""
    sender, receiver, kind, status, severity, target, root = notifications.getNotification(nid)
    return {"sender": as_bytes(sender), "receiver": as_bytes(receiver), "kind": NoticeKind(kind),
            "status": NoticeStatus(status), "severity": NoticeSeverity(severity), "targetDate": target,
            "itemsRoot": as_bytes(root)}


def status_of(notifications, nid: bytes) -> NoticeStatus:
    return NoticeStatus(notifications.getNotification(nid)[3])
