"""Views for a quarter of business: what the report's charts draw, one frame each.

- ``quality_weekly``: per supplier and week, the mean, lowest and count of its
  assessment scores and how many fell below the order's threshold (SQL over the index);
  ``quality_trends``: per supplier, the linear trend of its weekly means (basis points
  per week) and whether it is drifting downwards;
- ``capacity_weekly``: per week, the OEMs' signalled demand against actual and maximum
  capacity, and the shortfall (demand above actual capacity, per site and material);
- ``reallocation_flows``: volume moved from one supplier to another (SQL);
- ``delivery_performance``: on-time and in-full (OTIF) delivery per supplier;
- ``order_funnel``: how many orders reached each stage and how many left the main path.

Weeks are ISO weeks, named by their Monday (UTC); scores are basis points (10,000 = 100 %).
"""

from __future__ import annotations

import logging

import pandas as pd

from valuechain.contract_types import SignalKind
from valuechain.events import views
from valuechain.events.store import Store

log = logging.getLogger(__name__)

WEEK = 7 * 86_400
MONDAY = 3 * 86_400  # the epoch was a Thursday: the Monday before it is 3 days earlier
# A supplier whose weekly mean score falls faster than this is drifting (0.25 % a week:
# 3.25 percentage points over a quarter), given at least DRIFT_MIN_WEEKS weeks of scores.
DRIFT_BP_PER_WEEK = 25.0
DRIFT_MIN_WEEKS = 3

QUALITY_WEEKLY_SQL = f"""
WITH placed AS (
    SELECT order_id, json_extract(args, '$.minScore') AS min_score
    FROM events WHERE contract = '{views.ORDERS}' AND event = 'OrderPlaced'
)
SELECT q.counterparty AS supplier,
       ((q.timestamp + {MONDAY}) / {WEEK}) * {WEEK} - {MONDAY} AS week,
       COUNT(*) AS assessments,
       AVG(json_extract(q.args, '$.score')) AS score_mean,
       MIN(json_extract(q.args, '$.score')) AS score_min,
       MAX(p.min_score) AS min_score,
       SUM(json_extract(q.args, '$.score') < p.min_score) AS below_threshold
FROM events q LEFT JOIN placed p ON p.order_id = q.order_id
WHERE q.contract = '{views.ORDERS}' AND q.event = 'QualityAssessed'
GROUP BY supplier, week
ORDER BY supplier, week
"""
QUALITY_WEEKLY_COLUMNS = ["supplier", "week", "assessments", "score_mean", "score_min", "min_score", "below_threshold"]


def quality_weekly(store: Store) -> pd.DataFrame:
    """One row per supplier and week with assessments: ``assessments``, ``score_mean``,
    ``score_min``, ``min_score`` (the highest order threshold among them) and
    ``below_threshold`` (how many scored under their order's threshold)."""
    frame = pd.read_sql_query(QUALITY_WEEKLY_SQL, store.db)
    frame["week"] = pd.to_datetime(frame["week"], unit="s", utc=True)
    frame["score_mean"] = frame["score_mean"].astype("float64")
    for column in ("assessments", "score_min", "min_score", "below_threshold"):
        frame[column] = frame[column].astype("Int64")
    return frame[QUALITY_WEEKLY_COLUMNS]


QUALITY_TREND_COLUMNS = ["supplier", "weeks", "assessments", "score_mean", "first_week_mean", "last_week_mean",
                         "slope_bp_per_week", "drifting", "weeks_below"]


def quality_trends(weekly: pd.DataFrame) -> pd.DataFrame:
    """Per supplier of a ``quality_weekly`` frame: the least-squares slope of its weekly
    mean scores (``slope_bp_per_week``, NaN with fewer than two weeks), ``drifting`` when
    it falls faster than ``DRIFT_BP_PER_WEEK`` over at least ``DRIFT_MIN_WEEKS`` weeks,
    and ``weeks_below`` (weeks with an assessment under its order's threshold)."""
    if weekly.empty:
        return pd.DataFrame(columns=QUALITY_TREND_COLUMNS)
    frame = weekly.sort_values(["supplier", "week"])
    x = (frame["week"] - frame.groupby("supplier")["week"].transform("min")).dt.days.to_numpy(dtype=float) / 7
    y = frame["score_mean"].to_numpy(dtype=float)
    n_assessed = frame["assessments"].to_numpy(dtype=float)
    parts = pd.DataFrame({"supplier": frame["supplier"].to_numpy(), "n": 1.0, "x": x, "y": y, "xx": x * x, "xy": x * y,
                          "wy": n_assessed * y, "assessments": n_assessed,
                          "below": (frame["below_threshold"].fillna(0).to_numpy(dtype=float) > 0).astype(int)})
    sums = parts.groupby("supplier", sort=True).agg(
        n=("n", "sum"), x=("x", "sum"), y=("y", "sum"), xx=("xx", "sum"), xy=("xy", "sum"), wy=("wy", "sum"),
        assessments=("assessments", "sum"), weeks_below=("below", "sum"), first=("y", "first"), last=("y", "last"))
    spread = sums["n"] * sums["xx"] - sums["x"] ** 2  # closed-form least squares, one pass for every supplier
    slope = ((sums["n"] * sums["xy"] - sums["x"] * sums["y"]) / spread.where(spread > 0)).astype(float)
    result = pd.DataFrame({
        "supplier": sums.index,
        "weeks": sums["n"].astype(int).to_numpy(),
        "assessments": sums["assessments"].astype(int).to_numpy(),
        "score_mean": (sums["wy"] / sums["assessments"]).to_numpy(),
        "first_week_mean": sums["first"].to_numpy(),
        "last_week_mean": sums["last"].to_numpy(),
        "slope_bp_per_week": slope.to_numpy(),
        "drifting": ((sums["n"] >= DRIFT_MIN_WEEKS) & (slope < -DRIFT_BP_PER_WEEK)).to_numpy(),
        "weeks_below": sums["weeks_below"].astype(int).to_numpy(),
    })
    return result[QUALITY_TREND_COLUMNS].reset_index(drop=True)


CAPACITY_COLUMNS = ["week", "demand", "actual_capacity", "maximum_capacity", "shortfall", "short", "groups"]


def capacity_weekly(store: Store, oem: str | None = None) -> pd.DataFrame:
    """Per week (its Monday), summed over the OEMs' sites and materials (of ``oem`` if
    given): ``demand``, ``actual_capacity``, ``maximum_capacity`` and ``shortfall``, the
    demand above actual capacity of each site and material added up (a surplus on one
    material does not hide a shortfall on another); ``short`` when there is one. The
    latest signal of an OEM, site, material and week replaces the earlier ones."""
    signals = views.signals(store)
    capacity = signals[signals["kind"] == SignalKind.CAPACITY.name]
    if oem is not None:
        capacity = capacity[capacity["oem"] == oem]
    if capacity.empty:
        return pd.DataFrame(columns=CAPACITY_COLUMNS)
    keys = ["oem", "site", "material", "week"]
    latest = capacity.sort_values(["block", "time"]).groupby(keys, dropna=False, as_index=False).last()
    latest["shortfall"] = (latest["demand"].astype(int) - latest["actual_capacity"].astype(int)).clip(lower=0)
    weekly = latest.groupby("week").agg(
        demand=("demand", "sum"), actual_capacity=("actual_capacity", "sum"),
        maximum_capacity=("maximum_capacity", "sum"), shortfall=("shortfall", "sum"), groups=("material", "size"),
    ).sort_index().reset_index()
    weekly["short"] = weekly["shortfall"] > 0
    for column in ("demand", "actual_capacity", "maximum_capacity", "shortfall", "groups"):
        weekly[column] = weekly[column].astype("int64")
    return weekly[CAPACITY_COLUMNS]


REALLOCATION_SQL = f"""
SELECT counterparty AS from_supplier,
       json_extract(args, '$.newSupplier') AS to_supplier,
       COUNT(*) AS reallocations,
       SUM(json_extract(args, '$.quantity')) AS quantity
FROM events
WHERE contract = '{views.ORDERS}' AND event = 'OrderReallocated'
GROUP BY from_supplier, to_supplier
ORDER BY quantity DESC, from_supplier, to_supplier
"""
REALLOCATION_COLUMNS = ["from_supplier", "to_supplier", "reallocations", "quantity"]


def reallocation_flows(store: Store) -> pd.DataFrame:
    """One row per pair of suppliers volume moved between (``OrderReallocated``): how
    many reallocations and the ``quantity`` moved, largest first."""
    frame = pd.read_sql_query(REALLOCATION_SQL, store.db)
    for column in ("reallocations", "quantity"):
        frame[column] = frame[column].astype("int64")
    return frame[REALLOCATION_COLUMNS]


BALANCE_COLUMNS = ["supplier", "moved_out", "moved_in", "net"]


def reallocation_balance(flows: pd.DataFrame) -> pd.DataFrame:
    """Per supplier of a ``reallocation_flows`` frame: the volume moved away from its
    orders (``moved_out``), to it (``moved_in``) and the ``net`` gain, most lost first."""
    out = flows.groupby("from_supplier")["quantity"].sum()
    into = flows.groupby("to_supplier")["quantity"].sum()
    suppliers = sorted(set(out.index) | set(into.index))
    frame = pd.DataFrame({"supplier": suppliers,
                          "moved_out": [int(out.get(s, 0)) for s in suppliers],
                          "moved_in": [int(into.get(s, 0)) for s in suppliers]}, columns=BALANCE_COLUMNS[:3])
    frame["net"] = frame["moved_in"] - frame["moved_out"]
    return frame.sort_values(["net", "supplier"], ignore_index=True)[BALANCE_COLUMNS]


DELIVERY_COLUMNS = ["supplier", "delivered", "on_time", "in_full", "otif", "late_only", "short_only",
                    "late_and_short", "on_time_share", "in_full_share", "otif_share"]


def delivery_performance(orders: pd.DataFrame) -> pd.DataFrame:
    """On-time and in-full delivery per supplier from an ``orders`` frame, over its
    delivered orders (received by the OEM): ``on_time`` received on or before the due
    day, ``in_full`` received without a shortfall, ``otif`` both; ``late_only``,
    ``short_only`` and ``late_and_short`` split the rest; shares of ``delivered``.
    Sorted by OTIF share, best first."""
    delivered = orders[orders["delivered"].notna()]
    rows = []
    for supplier, own in delivered.groupby("supplier", sort=True):
        on_time = own["on_time"].fillna(False).astype(bool)
        in_full = own["shortfall"].fillna(0).astype(int) == 0
        count = len(own)
        rows.append({
            "supplier": supplier, "delivered": count, "on_time": int(on_time.sum()), "in_full": int(in_full.sum()),
            "otif": int((on_time & in_full).sum()), "late_only": int((~on_time & in_full).sum()),
            "short_only": int((on_time & ~in_full).sum()), "late_and_short": int((~on_time & ~in_full).sum()),
            "on_time_share": on_time.sum() / count, "in_full_share": in_full.sum() / count,
            "otif_share": (on_time & in_full).sum() / count,
        })
    frame = pd.DataFrame.from_records(rows, columns=DELIVERY_COLUMNS)
    return frame.sort_values(["otif_share", "supplier"], ascending=[False, True], ignore_index=True)


# (column of the orders view, label): the main path, then the ways off it
FUNNEL_STAGES = [
    ("placed", "placed"), ("confirmed", "confirmed"), ("production_started", "in production"),
    ("ready_to_ship", "ready to ship"), ("shipped", "shipped"), ("delivered", "delivered"), ("closed", "closed"),
]
FUNNEL_BRANCHES = [
    ("rejected", "rejected"), ("quality_hold", "quality hold"), ("reallocated", "reallocated (part)"),
    ("cancelled", "cancelled"), ("disputed", "disputed"),
]
FUNNEL_COLUMNS = ["stage", "kind", "orders", "share"]


def order_funnel(orders: pd.DataFrame) -> pd.DataFrame:
    """How many orders of an ``orders`` frame reached each stage of the main path
    (``kind`` "path") and how many took a branch off it (``kind`` "branch": rejected,
    put on quality hold, had part of their volume reallocated, cancelled, disputed);
    ``share`` of the orders placed."""
    placed = len(orders)
    rows = [(label, "path", int(orders[column].notna().sum())) for column, label in FUNNEL_STAGES]
    for column, label in FUNNEL_BRANCHES:
        count = int((orders["reallocated_quantity"].fillna(0) > 0).sum()) if column == "reallocated" else int(orders[column].notna().sum())
        rows.append((label, "branch", count))
    return pd.DataFrame.from_records(
        [(stage, kind, count, count / placed if placed else float("nan")) for stage, kind, count in rows], columns=FUNNEL_COLUMNS
    )
