"""The supplier scorecard: how each supplier performed, from the events alone."""

from __future__ import annotations

import pandas as pd

from tests.support.events_reference import frames, views
from valuechain.contract_types import DisruptionStatus, Role, SignalKind, State
from valuechain.events import notifications
from valuechain.events.store import Store

OPEN_STATES = {s.name for s in (State.ISSUED, State.CONFIRMED, State.IN_PRODUCTION, State.QUALITY_HOLD,
                                State.READY_TO_SHIP, State.SHIPPED)}
COLUMNS = [
    "supplier", "status", "orders", "open_orders", "assessments", "quality_mean", "quality_min",
    "below_threshold_share", "delivered", "on_time_share", "short_deliveries", "shortfall",
    "reallocations", "reallocated_quantity", "open_disruptions", "notifications", "open_notifications",
    "notifications_past_target", "ack_hours_median", "close_hours_median",
]  # fmt: skip


def scorecard(store: Store) -> pd.DataFrame:
    """One row per supplier (every member holding the SUPPLIER role, and every org a
    supply order names as supplier), sorted by supplier.

    - quality: ``quality_mean`` and ``quality_min`` of its assessment scores (basis
      points) and ``below_threshold_share``, the share of assessments under the order's
      minimum score;
    - delivery: ``delivered`` orders, ``on_time_share`` of them received on or before
      the due day, ``short_deliveries`` received short and the total ``shortfall``;
    - ``reallocations`` of its orders to other suppliers (and the quantity moved);
    - ``open_disruptions``: disruption notifications addressed to it, not resolved.
    Shares are None (NaN) where there is nothing to divide."""
    members = frames.members(store)
    orders = views.orders(store)
    quality = views.quality(store)
    signals = views.signals(store)
    realloc = frames.events(store, views.ORDERS, "OrderReallocated")
    notes = notifications.notifications(store)  # the package's: not part of the speed work

    status = dict(zip(members["org"], members["status"], strict=True))
    suppliers = set(members.loc[(members["roles"].astype(int) & int(Role.SUPPLIER)) != 0, "org"])
    suppliers |= set(orders["supplier"].dropna())
    disruptions = signals[(signals["kind"] == SignalKind.DISRUPTION.name)
                          & (signals["status"] != DisruptionStatus.RESOLVED.name) & signals["resolved"].isna()]

    rows = []
    for supplier in sorted(suppliers):
        own = orders[orders["supplier"] == supplier]
        scores = quality[quality["supplier"] == supplier]
        delivered = own[own["delivered"].notna()]
        moved = realloc[realloc["counterparty"] == supplier]
        own_notes = notes[notes["supplier"] == supplier]
        rows.append(
            {
                "supplier": supplier,
                "status": status.get(supplier, "-"),
                "orders": len(own),
                "open_orders": int(own["state"].isin(OPEN_STATES).sum()),
                "assessments": len(scores),
                "quality_mean": float(scores["score"].mean()) if len(scores) else None,
                "quality_min": int(scores["score"].min()) if len(scores) else None,
                "below_threshold_share": _share(scores["below_threshold"].fillna(False).sum(), len(scores)),
                "delivered": len(delivered),
                "on_time_share": _share(delivered["on_time"].fillna(False).sum(), len(delivered)),
                "short_deliveries": int((delivered["shortfall"].fillna(0) > 0).sum()),
                "shortfall": int(delivered["shortfall"].fillna(0).sum()),
                "reallocations": len(moved),
                "reallocated_quantity": int(sum(a["quantity"] for a in moved["args"])) if len(moved) else 0,
                "open_disruptions": int(sum(supplier in r for r in disruptions["recipients"])),
                "notifications": len(own_notes),
                "open_notifications": int(own_notes["status"].isin(notifications.OPEN).sum()),
                "notifications_past_target": int(own_notes["past_target"].sum()),
                "ack_hours_median": _hours(own_notes["time_to_acknowledge"]),
                "close_hours_median": _hours(own_notes["time_to_close"]),
            }
        )
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    for column in ("quality_mean", "below_threshold_share", "on_time_share", "ack_hours_median", "close_hours_median"):
        frame[column] = frame[column].astype("float64")
    frame["quality_min"] = frame["quality_min"].astype("Int64")
    return frame


def _share(part: int, whole: int) -> float | None:
    return float(part) / whole if whole else None


def _hours(deltas: pd.Series) -> float | None:
    done = deltas.dropna()
    return float(done.dt.total_seconds().median() / 3600) if len(done) else None
