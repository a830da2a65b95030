"""Quality notifications (CX-0125) rebuilt from QualityNotifications events.

- ``notifications``: one row per investigation or alert: parties, severity, status now,
  the notification it forwards (``related_id``), when it entered each status, the time the
  receiver took to acknowledge and the time to close, and whether it is open past its
  target date;
- ``tree``: a notification and everything forwarded from it, with its depth along the
  tiers and who has not answered (still SENT);
- ``response_times``: per receiver, the times to acknowledge and to close (hours).

"Now" (for past target dates) is the block time of the last indexed block unless given.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from valuechain.contract_types import NoticeKind, NoticeParty, NoticeSeverity, NoticeStatus
from valuechain.events.frames import Since
from valuechain.events.store import Store
from valuechain.events.views import ZERO16, _events, _frame, _seconds

CONTRACT = "QualityNotifications"
#: statuses in which a notification is open (and holds the orders it names)
OPEN = (NoticeStatus.SENT.name, NoticeStatus.ACKNOWLEDGED.name, NoticeStatus.ACCEPTED.name)
TIMELINE = {
    NoticeStatus.ACKNOWLEDGED: "acknowledged",
    NoticeStatus.ACCEPTED: "accepted",
    NoticeStatus.DECLINED: "declined",
    NoticeStatus.CLOSED: "closed",
    NoticeStatus.CANCELED: "canceled",
}
COLUMNS = [
    "notification_id", "kind", "sender", "receiver", "customer", "supplier", "severity", "status",
    "related_id", "target_date", "items_root", "content_hash", "order_ids", "sent", "acknowledged",
    "accepted", "declined", "closed", "canceled", "last_change", "last_reason", "time_to_acknowledge",
    "time_to_close", "past_target",
]  # fmt: skip
TIMES = ("target_date", "sent", "acknowledged", "accepted", "declined", "closed", "canceled", "last_change")


def notifications(store: Store, now: Since = None) -> pd.DataFrame:
    """Every quality notification, in the order they were sent (see the module notes).

    ``customer`` and ``supplier`` are the parties by role in the value chain (an
    investigation goes from customer to supplier, an alert from supplier to customer);
    ``time_to_acknowledge`` runs from sending to acknowledgement, ``time_to_close`` from
    sending to closing (NaT until then); ``past_target``: open and its target date passed."""
    found: dict[str, dict[str, Any]] = {}
    for event, a, when, _, _ in _events(store, CONTRACT):
        nid = str(a.get("id", ""))
        if event == "NotificationSent":
            kind = NoticeKind.name_of(a["kind"])
            investigation = a["kind"] == int(NoticeKind.INVESTIGATION)
            record: dict[str, Any] = dict.fromkeys(COLUMNS)
            record.update(
                notification_id=nid, kind=kind, sender=a["sender"], receiver=a["receiver"],
                customer=a["sender"] if investigation else a["receiver"],
                supplier=a["receiver"] if investigation else a["sender"],
                severity=NoticeSeverity.name_of(a["severity"]), status=NoticeStatus.SENT.name,
                related_id=None if a["relatedId"] == ZERO16 else a["relatedId"],
                target_date=_seconds(a["targetDate"]), items_root=a["itemsRoot"], content_hash=a["contentHash"],
                order_ids=tuple(int(o) for o in a["orderIds"]), sent=when, last_change=when,
            )
            found[nid] = record
        elif event == "NotificationStatusChanged" and nid in found:
            record = found[nid]
            status = NoticeStatus(a["status"])
            record["status"] = status.name
            record["last_change"] = when
            record["last_reason"] = a["reasonHash"]
            column = TIMELINE.get(status)
            if column and record[column] is None:
                record[column] = when
    frame = _frame(list(found.values()), COLUMNS, TIMES)
    frame["time_to_acknowledge"] = frame["acknowledged"] - frame["sent"]
    frame["time_to_close"] = frame["closed"] - frame["sent"]
    at = _now(store, now)
    frame["past_target"] = frame["status"].isin(OPEN) & frame["target_date"].notna() & (frame["target_date"] < at)
    return frame


def tree(store: Store, notification_id: str) -> pd.DataFrame:
    """``notification_id`` (``0x`` hex) and every notification forwarded from it, directly
    or further down, each with its ``depth`` (0: the original) and ``unanswered`` (the
    receiver has not acknowledged it yet). Empty for an unknown id."""
    frame = notifications(store)
    wanted = notification_id.lower()
    depth = {wanted: 0} if wanted in set(frame["notification_id"]) else {}
    for nid, related in zip(frame["notification_id"], frame["related_id"], strict=True):
        if related is not None and related in depth:  # events come in chain order: parents first
            depth[nid] = depth[related] + 1
    out = frame[frame["notification_id"].isin(depth)].copy()
    out.insert(1, "depth", [depth[n] for n in out["notification_id"]])
    out["unanswered"] = out["status"] == NoticeStatus.SENT.name
    return out.reset_index(drop=True)


def response_times(store: Store) -> pd.DataFrame:
    """Per receiver: notifications received, and the median and maximum hours to
    acknowledge and to close (NaN where none was)."""
    frame = notifications(store)
    rows = []
    for receiver, own in frame.groupby("receiver", sort=True):
        ack = own["time_to_acknowledge"].dropna().dt.total_seconds() / 3600
        close = own["time_to_close"].dropna().dt.total_seconds() / 3600
        rows.append({"receiver": receiver, "received": len(own),
                     "ack_median_h": ack.median() if len(ack) else None, "ack_max_h": ack.max() if len(ack) else None,
                     "close_median_h": close.median() if len(close) else None,
                     "close_max_h": close.max() if len(close) else None})
    out = pd.DataFrame.from_records(rows, columns=["receiver", "received", "ack_median_h", "ack_max_h",
                                                   "close_median_h", "close_max_h"])
    for column in out.columns[2:]:
        out[column] = out[column].astype("float64")
    return out


def party_of(status: NoticeStatus) -> NoticeParty:
    """Who makes a notification enter ``status`` (CX-0125 as QualityNotifications enforces it)."""
    if status in (NoticeStatus.ACKNOWLEDGED, NoticeStatus.ACCEPTED, NoticeStatus.DECLINED):
        return NoticeParty.RECEIVER
    return NoticeParty.SENDER


def _now(store: Store, now: Since) -> pd.Timestamp:
    if now is not None and not isinstance(now, int):
        stamp = pd.Timestamp(now)
        return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    state = store.state()
    if state is not None and state.last_time is not None:
        return pd.Timestamp(state.last_time, unit="s", tz="UTC")
    return pd.Timestamp.now(tz="UTC")
