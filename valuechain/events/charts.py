"""PNG charts of the event index with matplotlib (Agg, no display needed).

- ``quality_over_time``: every assessment's score per supplier over time, the ones
  below their order's threshold marked;
- ``capacity_vs_demand``: per week, the OEM's signalled demand against its actual and
  maximum capacity (the latest signal per site, material and week counts);
- ``order_funnel``: how many orders reached each stage of the order state machine, and
  how many left it early (rejected, put on hold, cancelled, disputed);
- ``notification_response_times``: per quality notification (CX-0125), the hours from
  sending to acknowledgement and on to closing, open ones up to now, and the target date.

Each takes a DataFrame of ``views`` and a path, and returns the path, or None when
there is nothing to draw. ``write_all`` writes the three from an index.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from valuechain.errors import ConfigError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from valuechain.events import EventIndex

log = logging.getLogger(__name__)


FUNNEL = [
    ("placed", "issued"),
    ("confirmed", "confirmed"),
    ("production_started", "in production"),
    ("ready_to_ship", "ready to ship"),
    ("shipped", "shipped"),
    ("delivered", "delivered"),
    ("closed", "closed"),
]
EXITS = [("rejected", "rejected"), ("quality_hold", "quality hold"), ("cancelled", "cancelled"), ("disputed", "disputed")]
CHARTS = ("quality_over_time", "capacity_vs_demand", "order_funnel", "notification_response_times")
RESPONSE_COLUMNS = ["label", "severity", "status", "to_ack_h", "ack_to_close_h", "open_h", "target_h", "late"]
SEVERITY_COLOURS = {"MINOR": "#8c8c8c", "MAJOR": "#DD8452", "CRITICAL": "#C44E52", "LIFE_THREATENING": "#7B1E2B"}


def _figure(width: float = 9, height: float = 5) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is in the analytics extra
        raise ConfigError("charts need matplotlib: pip install 'valuechain[analytics]'") from None
    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")  # a Figure without pyplot renders with Agg
    log.info("chart written to %s", path)
    return path


def quality_over_time(quality: pd.DataFrame, path: Path) -> Path | None:
    """Scores (percent) of every assessment per supplier over time."""
    if quality.empty:
        return None
    figure = _figure()
    axes = figure.add_subplot()
    for supplier, rows in quality.sort_values("time").groupby("supplier", sort=True):
        times = rows["time"].dt.tz_convert(None)
        axes.plot(times, rows["score"] / 100, marker="o", linewidth=1.5, label=str(supplier))
        below = rows[rows["below_threshold"].fillna(False).astype(bool)]
        if not below.empty:
            axes.scatter(below["time"].dt.tz_convert(None), below["score"] / 100, s=90, facecolors="none", edgecolors="red", linewidths=1.5, zorder=3)
    axes.scatter([], [], s=90, facecolors="none", edgecolors="red", label="below the order's threshold")
    axes.set_ylim(0, 105)
    axes.set_ylabel("quality score (%)")
    axes.set_xlabel("time (UTC)")
    axes.set_title("Quality assessments per supplier")
    axes.grid(alpha=0.3)
    axes.legend(loc="lower left", fontsize="small")
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    return _save(figure, path)


def capacity_vs_demand(signals: pd.DataFrame, path: Path) -> Path | None:
    """Per week: demand against actual and maximum capacity, summed over the OEMs' sites
    and materials (the latest signal of each site, material and week)."""
    capacity = signals[signals["kind"] == "CAPACITY"] if not signals.empty else signals
    if capacity.empty:
        return None
    latest = capacity.sort_values("time").groupby(["oem", "site", "material", "week"], as_index=False, dropna=False).last()
    weekly = latest.groupby("week")[["actual_capacity", "maximum_capacity", "demand"]].sum().sort_index()
    labels = [w.strftime("%Y-%m-%d") for w in weekly.index]
    positions = range(len(weekly))
    figure = _figure()
    axes = figure.add_subplot()
    width = 0.4
    axes.bar([p - width / 2 for p in positions], weekly["actual_capacity"], width, label="actual capacity", color="#4C72B0")
    axes.bar([p + width / 2 for p in positions], weekly["demand"], width, label="demand", color="#DD8452")
    axes.hlines(weekly["maximum_capacity"], [p - width for p in positions], [p + width for p in positions], colors="black", linewidth=2, label="maximum capacity")
    axes.set_xlim(-0.75, len(weekly) - 0.25)
    axes.set_xticks(list(positions), labels, rotation=30, ha="right")
    axes.set_xlabel("week (Monday)")
    axes.set_ylabel("units per week")
    axes.set_title("Capacity vs demand per week")
    axes.grid(axis="y", alpha=0.3)
    axes.set_ylim(0, max(weekly[["actual_capacity", "maximum_capacity", "demand"]].max()) * 1.15)
    axes.legend(fontsize="small", ncol=3, loc="upper center")
    return _save(figure, path)


def order_funnel(orders: pd.DataFrame, path: Path) -> Path | None:
    """Orders that reached each stage, and those that left the main path."""
    if orders.empty:
        return None
    from matplotlib.ticker import MaxNLocator

    stages = [(label, int(orders[column].notna().sum())) for column, label in FUNNEL]
    exits = [(label, int(orders[column].notna().sum())) for column, label in EXITS]
    figure = _figure(9, 5.5)
    axes = figure.add_subplot()
    labels = [label for label, _ in stages] + [label for label, _ in exits]
    counts = [count for _, count in stages] + [count for _, count in exits]
    colours = ["#4C72B0"] * len(stages) + ["#C44E52"] * len(exits)
    positions = list(range(len(labels)))[::-1]
    bars = axes.barh(positions, counts, color=colours)
    axes.bar_label(bars, padding=3)
    axes.set_yticks(positions, labels)
    axes.set_xlabel("orders")
    axes.set_title(f"Order state funnel ({len(orders)} orders)")
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.grid(axis="x", alpha=0.3)
    return _save(figure, path)


def _hours_between(start: Any, end: Any) -> float | None:
    if start is None or end is None or pd.isna(start) or pd.isna(end):
        return None
    return float((pd.Timestamp(end) - pd.Timestamp(start)).total_seconds() / 3600)


def response_rows(notes: pd.DataFrame, now: pd.Timestamp | None = None) -> pd.DataFrame:
    """What ``notification_response_times`` draws, one row per notification in the order
    sent: hours from sending to acknowledgement (``to_ack_h``), from acknowledgement to
    closing (``ack_to_close_h``), for a notification still open the hours it has been open
    (``open_h``, from its last answered step to ``now``), the target date in hours after
    sending (``target_h``) and ``late`` (answered or closed after it, or open past it)."""
    now = now if now is not None else pd.Timestamp.now(tz="UTC")
    rows = []
    forwarded = set(notes["notification_id"])
    for n in notes.to_dict("records"):
        sent, ack, closed = n["sent"], n["acknowledged"], n["closed"]
        end = n["declined"] if pd.notna(n["declined"]) and pd.isna(closed) else closed
        to_ack = _hours_between(sent, ack)
        to_close = _hours_between(ack if pd.notna(ack) else sent, end)
        is_open = n["status"] in ("SENT", "ACKNOWLEDGED", "ACCEPTED")
        open_h = _hours_between(ack if pd.notna(ack) else sent, now) if is_open else None
        target_h = _hours_between(sent, n["target_date"])
        finish = (to_ack or 0) + (to_close or open_h or 0)
        related = n["related_id"] if isinstance(n["related_id"], str) else None
        prefix = "↳ " if related in forwarded else ""
        label = f"{prefix}{n['kind'][:3].lower()} {n['sender'][-4:]}→{n['receiver'][-4:]} {n['notification_id'][2:8]}"
        rows.append({"label": label, "severity": n["severity"], "status": n["status"], "to_ack_h": to_ack,
                     "ack_to_close_h": to_close, "open_h": open_h, "target_h": target_h,
                     "late": bool(target_h is not None and finish > target_h)})
    return pd.DataFrame.from_records(rows, columns=RESPONSE_COLUMNS)


def notification_response_times(notes: pd.DataFrame, path: Path, now: pd.Timestamp | None = None) -> Path | None:
    """Per notification: time to acknowledge, then to close (or open until now), the
    target date marked; bars edged by severity."""
    if notes.empty:
        return None
    from matplotlib.patches import Patch

    rows = response_rows(notes, now)
    figure = _figure(10, max(4.0, 1.2 + 0.45 * len(rows)))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]
    ack = rows["to_ack_h"].fillna(0).astype(float)
    close = rows["ack_to_close_h"].fillna(0).astype(float)
    still = rows["open_h"].fillna(0).astype(float)
    edges = [SEVERITY_COLOURS.get(s, "#333333") for s in rows["severity"]]
    axes.barh(positions, ack, color="#4C72B0", edgecolor=edges, linewidth=1.5, label="to acknowledge")
    axes.barh(positions, close, left=ack, color="#55A868", edgecolor=edges, linewidth=1.5, label="to close")
    axes.barh(positions, still, left=ack, color="#F2C45A", hatch="//", edgecolor=edges, linewidth=1.5,
              label="open")
    targets = [(p, t) for p, t in zip(positions, rows["target_h"], strict=True) if pd.notna(t)]
    if targets:
        axes.scatter([t for _, t in targets], [p for p, _ in targets], marker="|", s=400, color="#C44E52",
                     linewidths=2.5, zorder=3, label="target date")
    for p, total, status, late in zip(positions, ack + close + still, rows["status"], rows["late"], strict=True):
        axes.text(total, p, f"  {status.lower()}{' (late)' if late else ''}", va="center", fontsize="small",
                  color="#C44E52" if late else "#333333")
    axes.set_yticks(positions, list(rows["label"]))
    axes.set_xlabel("hours after the notification was sent")
    axes.set_title(f"Quality notification response times ({len(rows)} notifications)")
    axes.set_xlim(0, max(float((ack + close + still).max()), float(rows["target_h"].max() or 0), 1.0) * 1.25)
    axes.grid(axis="x", alpha=0.3)
    handles, _ = axes.get_legend_handles_labels()
    handles += [Patch(facecolor="white", edgecolor=c, linewidth=1.5, label=f"severity {s.lower().replace('_', '-')}")
                for s, c in SEVERITY_COLOURS.items() if s in set(rows["severity"])]
    axes.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return _save(figure, path)


def write_all(index: EventIndex, directory: Path | str = "reports") -> dict[str, Path | None]:
    """The charts as ``<directory>/<name>.png``; None for a chart without data."""
    folder = Path(directory)
    return {
        "quality_over_time": quality_over_time(index.quality(), folder / "quality_over_time.png"),
        "capacity_vs_demand": capacity_vs_demand(index.signals(), folder / "capacity_vs_demand.png"),
        "order_funnel": order_funnel(index.orders(), folder / "order_funnel.png"),
        "notification_response_times": notification_response_times(
            index.notifications(), folder / "notification_response_times.png", index.last_time),
    }
