"""The supplier scorecard: how each supplier performed, from the events alone."""

from __future__ import annotations

import pandas as pd

from valuechain.contract_types import DisruptionStatus, Role, SignalKind, State
from valuechain.events import frames, notifications, views
from valuechain.events.store import Store

OPEN_STATES = {s.name for s in (State.ISSUED, State.CONFIRMED, State.IN_PRODUCTION, State.QUALITY_HOLD,
                                State.READY_TO_SHIP, State.SHIPPED)}
COLUMNS = [
    "supplier", "status", "orders", "open_orders", "assessments", "quality_mean", "quality_min",
    "below_threshold_share", "delivered", "on_time_share", "short_deliveries", "shortfall",
    "reallocations", "reallocated_quantity", "open_disruptions", "notifications", "open_notifications",
    "notifications_past_target", "ack_hours_median", "close_hours_median",
]  # fmt: skip


@frames.without_gc
def scorecard(store: Store) -> pd.DataFrame:
    """One row per supplier (every member holding the SUPPLIER role, and every org a
    supply order names as supplier), sorted by supplier.

    - quality: ``quality_mean`` and ``quality_min`` of its assessment scores (basis
      points) and ``below_threshold_share``, the share of assessments under the order's
      minimum score;
    - delivery: ``delivered`` orders, ``on_time_share`` of them received on or before
      the due day, ``short_deliveries`` received short and the total ``shortfall``;
    - ``reallocations`` of its orders to other suppliers (and the quantity moved);
    - ``open_disruptions``: disruption notifications addressed to it, not resolved;
    - quality notifications (CX-0125) where it is the supplier (investigations it received,
      alerts it sent): ``notifications``, ``open_notifications``, ``notifications_past_target``
      (open, target date passed), and the median hours from sending to acknowledgement
      (``ack_hours_median``) and to closing (``close_hours_median``).
    Shares are None (NaN) where there is nothing to divide."""
    members = frames.members(store)
    assessed: views.Tally = {}
    orders = views._orders(store, assessed)  # with the assessments tallied in the same pass
    signals = views._signals(store, disruptions_only=True)  # the scorecard reads only disruptions
    realloc = frames.events(store, views.ORDERS, "OrderReallocated")
    notes = notifications.notifications(store)

    status = dict(zip(members["org"], members["status"], strict=True))
    suppliers = set(members.loc[(members["roles"].astype(int) & int(Role.SUPPLIER)) != 0, "org"])
    suppliers |= set(orders["supplier"].dropna()) | set(notes["supplier"].dropna())
    disruptions = signals[(signals["kind"] == SignalKind.DISRUPTION.name)
                          & (signals["status"] != DisruptionStatus.RESOLVED.name) & signals["resolved"].isna()]

    # per supplier, grouped once (not a filter of every frame per supplier)
    by_supplier = orders["supplier"]
    order_count = _counts(by_supplier)
    open_orders = _sums(orders["state"].isin(OPEN_STATES), by_supplier)
    delivered = orders[orders["delivered"].notna()]
    delivered_count = _counts(delivered["supplier"])
    on_time = _sums(delivered["on_time"].fillna(False).astype(bool), delivered["supplier"])
    short = _sums(delivered["shortfall"].fillna(0) > 0, delivered["supplier"])
    shortfall = _sums(delivered["shortfall"].fillna(0).astype("int64"), delivered["supplier"])
    moved = _counts(realloc["counterparty"])
    moved_quantity: dict[str, int] = {}
    for supplier, args in zip(realloc["counterparty"], realloc["args"], strict=True):
        moved_quantity[supplier] = moved_quantity.get(supplier, 0) + args["quantity"]
    open_disruptions: dict[str, int] = {}
    for recipients in disruptions["recipients"]:
        for recipient in set(recipients):
            open_disruptions[recipient] = open_disruptions.get(recipient, 0) + 1

    notes_of = dict(iter(notes.groupby("supplier", sort=False))) if len(notes) else {}
    rows = []
    for supplier in sorted(suppliers):
        n_scores, score_sum, score_min, below = assessed.get(supplier, (0, 0, 0, 0))
        n_delivered = delivered_count.get(supplier, 0)
        own_notes = notes_of.get(supplier)
        rows.append(
            {
                "supplier": supplier,
                "status": status.get(supplier, "-"),
                "orders": order_count.get(supplier, 0),
                "open_orders": open_orders.get(supplier, 0),
                "assessments": n_scores,
                "quality_mean": float(score_sum) / n_scores if n_scores else None,
                "quality_min": int(score_min) if n_scores else None,
                "below_threshold_share": _share(below, n_scores),
                "delivered": n_delivered,
                "on_time_share": _share(on_time.get(supplier, 0), n_delivered),
                "short_deliveries": short.get(supplier, 0),
                "shortfall": shortfall.get(supplier, 0),
                "reallocations": moved.get(supplier, 0),
                "reallocated_quantity": int(moved_quantity.get(supplier, 0)),
                "open_disruptions": open_disruptions.get(supplier, 0),
                **_notification_figures(own_notes),
            }
        )
    frame = pd.DataFrame.from_records(rows, columns=COLUMNS)
    for column in ("quality_mean", "below_threshold_share", "on_time_share", "ack_hours_median", "close_hours_median"):
        frame[column] = frame[column].astype("float64")
    frame["quality_min"] = frame["quality_min"].astype("Int64")
    return frame


def _notification_figures(own: pd.DataFrame | None) -> dict[str, int | float | None]:
    """The quality notification columns of one supplier's row (``own``: its notifications, None: none)."""
    if own is None:
        return {"notifications": 0, "open_notifications": 0, "notifications_past_target": 0,
                "ack_hours_median": None, "close_hours_median": None}
    return {
        "notifications": len(own),
        "open_notifications": int(own["status"].isin(notifications.OPEN).sum()),
        "notifications_past_target": int(own["past_target"].sum()),
        "ack_hours_median": _hours(own["time_to_acknowledge"]),
        "close_hours_median": _hours(own["time_to_close"]),
    }


def _hours(deltas: pd.Series) -> float | None:
    done = deltas.dropna()
    return float(done.dt.total_seconds().median() / 3600) if len(done) else None


def _counts(keys: pd.Series) -> dict[str, int]:
    """Rows per key."""
    return {str(k): int(v) for k, v in keys.value_counts(sort=False, dropna=True).items()}


def _sums(values: pd.Series, keys: pd.Series) -> dict[str, int]:
    """The sum of ``values`` per key (booleans count)."""
    if values.empty:
        return {}
    return {str(k): int(v) for k, v in values.astype("int64").groupby(keys.to_numpy(), sort=False).sum().items()}


def _share(part: int, whole: int) -> float | None:
    return float(part) / whole if whole else None
