"""PNG charts of the event index with matplotlib (Agg, no display needed), each drawn
from one view of ``trends`` (or ``notifications``) and titled with what it shows:

- ``quality_over_time``: per supplier (one small panel each, the worst trend first), its
  weekly mean assessment score, the order threshold and the linear trend; a supplier
  drifting downwards is drawn in red;
- ``capacity_vs_demand``: per week, actual capacity against demand (maximum capacity
  dashed), the shortfall stacked in red and its week shaded;
- ``reallocations``: the volume moved from one supplier to another;
- ``delivery_otif``: per supplier, its delivered orders split into on time and in full,
  late, short, late and short;
- ``order_funnel``: how many orders reached each stage, and the branches off the path;
- ``notification_response_times``: per quality notification (CX-0125), the hours from
  sending to acknowledgement and on to closing, open ones up to now, and the target date.

Each function takes the view's frame(s) and a path and returns a ``Chart``: the path,
the frame it drew (``data``), the finding it is titled with, and ``empty`` when there
was nothing to draw (the image then says so). ``write_all`` writes them all from an
index, whatever chain it follows.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from valuechain.errors import ConfigError
from valuechain.events import trends

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from valuechain.events import EventIndex

log = logging.getLogger(__name__)

CHARTS = ("quality_over_time", "capacity_vs_demand", "reallocations", "delivery_otif", "order_funnel",
          "notification_response_times")
RESPONSE_COLUMNS = ["label", "severity", "status", "to_ack_h", "ack_to_close_h", "open_h", "target_h", "late"]
SEVERITY_COLOURS = {"MINOR": "#8c8c8c", "MAJOR": "#DD8452", "CRITICAL": "#C44E52", "LIFE_THREATENING": "#7B1E2B"}
BLUE, ORANGE, GREEN, RED, GREY, YELLOW, INK = "#4C72B0", "#DD8452", "#55A868", "#C44E52", "#9A9A9A", "#E3B448", "#333333"
RED_TINT = "#FBEAEA"
CAPACITY_WEEKS = 26  # the capacity chart shows half a year up to the latest week signalled


@dataclass(frozen=True)
class Chart:
    """A chart written: where, the data it drew, its title (the finding) and whether
    there was nothing to draw (the image says so)."""

    name: str
    path: Path
    data: Any
    title: str
    empty: bool = False


# ---------------------------------------------------------------- style


HEADER_INCHES = 0.78  # the finding and the line below it, above the layout


def _figure(width: float = 10, height: float = 5.5) -> Figure:
    """A figure whose top ``HEADER_INCHES`` are kept for ``_headline``."""
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - matplotlib is in the analytics extra
        raise ConfigError("charts need matplotlib: pip install 'valuechain[analytics]'") from None
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained", facecolor="white")
    engine = figure.get_layout_engine()
    engine.set(h_pad=0.1, w_pad=0.12, rect=(0, 0, 1, 1 - HEADER_INCHES / height))  # type: ignore[union-attr,call-arg]
    return figure


def _headline(figure: Figure, finding: str, subtitle: str) -> None:
    """The finding as the title, what is drawn on a line below it in grey."""
    height = figure.get_figheight()
    figure.text(0.012, 1 - 0.14 / height, finding, ha="left", va="top", fontsize=13, fontweight="bold", color=INK)
    figure.text(0.012, 1 - 0.45 / height, subtitle, ha="left", va="top", fontsize=9.5, color="#666666")


def _clean(axes: Axes, grid: str = "y") -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        axes.spines[side].set_color("#BBBBBB")
    axes.tick_params(colors=INK, labelsize=9)
    axes.grid(axis=grid, color="#DDDDDD", linewidth=0.8)  # type: ignore[arg-type]
    axes.set_axisbelow(True)


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, format="png")  # a Figure without pyplot renders with Agg
    log.info("chart written to %s", path)
    return path


def _empty(name: str, path: Path, data: Any, finding: str, message: str) -> Chart:
    """A chart without data says so in the image."""
    figure = _figure(10, 3.5)
    _headline(figure, finding, "")
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#888888", transform=axes.transAxes)
    return Chart(name, _save(figure, path), data, finding, empty=True)


def _naive(times: pd.Series | pd.DatetimeIndex) -> Any:
    """UTC timestamps as matplotlib wants them (naive)."""
    return pd.DatetimeIndex(times).tz_convert("UTC").tz_localize(None)


def _week_axis(axes: Axes, weeks: pd.Series | pd.DatetimeIndex, every: int | None = None) -> None:
    """Ticks at the weeks' Mondays: ISO week and date, the year on the first and where it
    changes (every n-th week when there are many)."""
    mondays = list(pd.DatetimeIndex(weeks))
    step = every or max(1, math.ceil(len(mondays) / 14))
    shown = mondays[::step]
    labels = [f"W{m.isocalendar().week:02d}\n{m:%d %b}" + (f" {m:%Y}" if i == 0 or m.year != shown[i - 1].year else "")
              for i, m in enumerate(shown)]
    axes.set_xticks(list(_naive(pd.DatetimeIndex(shown))), labels)


def _bp(value: float) -> str:
    """Basis points as percent."""
    return f"{value / 100:.1f} %"


def _org(bpnl: str) -> str:
    """An organisation as the charts name it: its BPNL (the chain knows no other name)."""
    return str(bpnl)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (plural or word + 's')}"


# ---------------------------------------------------------------- quality


def quality_finding(trend: pd.DataFrame) -> str:
    drifting = trend[trend["drifting"]].sort_values("slope_bp_per_week")
    if trend["weeks"].max() < trends.DRIFT_MIN_WEEKS:
        below = int((trend["weeks_below"] > 0).sum())
        return (f"{below} of {_plural(len(trend), 'supplier')} below the threshold; "
                f"{_plural(int(trend['weeks'].max()), 'week')} of scores, too few for a trend yet")
    if drifting.empty:
        return (f"No supplier's quality is drifting ({_plural(len(trend), 'supplier')}, trends above "
                f"-{trends.DRIFT_BP_PER_WEEK / 100:.2f} % a week)")
    worst = drifting.iloc[0]
    detail = (f"{worst['slope_bp_per_week'] / 100:+.2f} % a week, {_bp(worst['first_week_mean'])} to "
              f"{_bp(worst['last_week_mean'])}")
    if len(drifting) == 1:
        return f"{_org(worst['supplier'])}'s quality is drifting down: {detail}"
    return f"{len(drifting)} suppliers' quality is drifting down; worst {_org(worst['supplier'])}: {detail}"


def quality_over_time(weekly: pd.DataFrame, path: Path) -> Chart:
    """One panel per supplier (worst trend first): weekly mean score, the order
    threshold, the trend; drifting suppliers in red, weeks below threshold marked."""
    trend = trends.quality_trends(weekly)
    data = {"weekly": weekly, "trends": trend}
    if weekly.empty:
        return _empty("quality_over_time", path, data, "No quality assessments yet",
                      "no supplier has assessed an order's quality on this chain yet")
    from matplotlib.dates import MO, DateFormatter, WeekdayLocator
    from matplotlib.lines import Line2D

    order = list(trend.sort_values(["slope_bp_per_week", "supplier"], na_position="last")["supplier"])
    columns = min(4, len(order))
    rows = math.ceil(len(order) / columns)
    figure = _figure(max(10.0, 3.1 * columns + 0.8), 2.5 * rows + 1.9)
    grid = figure.subplots(rows, columns, sharex=True, sharey=True, squeeze=False)
    low = min(float(weekly["score_mean"].min()), float(weekly["min_score"].dropna().min() if weekly["min_score"].notna().any() else 10_000))
    bottom = max(0.0, math.floor(low / 100 - 1.5))
    by_supplier = trend.set_index("supplier")
    span_weeks = int((weekly["week"].max() - weekly["week"].min()).days // 7) + 1
    every = max(1, math.ceil(span_weeks / (4 if columns > 2 else 6)))  # a few Mondays a panel
    for position, axes in enumerate(grid.flat):
        if position >= len(order):
            axes.set_axis_off()
            continue
        supplier = order[position]
        own = weekly[weekly["supplier"] == supplier].sort_values("week")
        info = by_supplier.loc[supplier]
        colour = RED if info["drifting"] else BLUE
        x = _naive(own["week"])
        _clean(axes)
        if info["drifting"]:
            axes.set_facecolor(RED_TINT)
        threshold = own["min_score"].dropna()
        if len(threshold):
            axes.axhline(float(threshold.mode().iloc[0]) / 100, color=RED, linestyle=":", linewidth=1.4)
        axes.plot(x, own["score_mean"] / 100, color=colour, marker="o", markersize=4, linewidth=1.8)
        below = own[own["below_threshold"].fillna(0) > 0]
        if len(below):
            axes.scatter(_naive(below["week"]), below["score_mean"] / 100, s=60, color=RED, edgecolors="white", zorder=3)
        slope = info["slope_bp_per_week"]
        if not pd.isna(slope):
            weeks = ((own["week"] - own["week"].iloc[0]).dt.days / 7).to_numpy(dtype=float)
            fit = np.polyval(np.polyfit(weeks, own["score_mean"].to_numpy(dtype=float), 1), weeks)
            axes.plot(x, fit / 100, color=RED if info["drifting"] else GREY, linestyle="--",
                      linewidth=2.2 if info["drifting"] else 1.2)
        trend_text = "" if pd.isna(slope) else f"  {slope / 100:+.2f} %/wk"
        axes.set_title(f"{_org(supplier)}{trend_text}", fontsize=9.5, loc="left",
                       color=RED if info["drifting"] else INK, fontweight="bold" if info["drifting"] else "normal")
        axes.xaxis.set_major_locator(WeekdayLocator(byweekday=MO, interval=every))
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        axes.tick_params(axis="x", labelrotation=0, labelsize=8)
    grid[0][0].set_ylim(bottom, 100.5)
    for axes in grid[:, 0]:
        axes.set_ylabel("score (%)", fontsize=9)
    for axes in grid[-1, :]:
        if axes.axison:
            axes.set_xlabel("week (Monday, UTC)", fontsize=9)
    legend = [
        Line2D([], [], color=BLUE, marker="o", markersize=4, label="weekly mean score"),
        Line2D([], [], color=GREY, linestyle="--", label="trend (least squares)"),
        Line2D([], [], color=RED, linestyle="--", linewidth=2.2, label="drifting down"),
        Line2D([], [], color=RED, linestyle=":", label="order threshold"),
        Line2D([], [], color=RED, marker="o", linestyle="", label="week below threshold"),
    ]
    figure.legend(handles=legend, loc="outside lower center", ncol=5, fontsize=9, frameon=False)
    finding = quality_finding(trend)
    first, last = weekly["week"].min(), weekly["week"].max()
    span = f"week of {last:%d %b %Y}" if first == last else f"{first:%d %b} to {last:%d %b %Y}"
    _headline(figure, finding, f"Quality assessments per supplier and week, {span} "
                               f"({int(weekly['assessments'].sum()):,} assessments); drifting: falling faster than "
                               f"{trends.DRIFT_BP_PER_WEEK / 100:.2f} % a week")
    return Chart("quality_over_time", _save(figure, path), data, finding)


# ---------------------------------------------------------------- capacity


def capacity_finding(weekly: pd.DataFrame) -> str:
    short = weekly[weekly["short"]]
    if not weekly["demand"].any():
        return f"Capacity signalled for {_plural(len(weekly), 'week')}, without demand to compare it with"
    if short.empty:
        headroom = (weekly["actual_capacity"] - weekly["demand"]) / weekly["actual_capacity"].where(weekly["actual_capacity"] > 0)
        lowest = ""
        if headroom.notna().any():
            tight = int(np.nanargmin(headroom.to_numpy(dtype=float)))
            lowest = f"; tightest week of {weekly['week'].iloc[tight]:%d %b}: {float(headroom.iloc[tight]):.0%} headroom"
        return f"Capacity covered demand in all {_plural(len(weekly), 'week')}{lowest}"
    if len(short) == 1:
        week = short.iloc[0]
        return (f"Demand exceeded capacity in 1 of {len(weekly)} weeks: {int(week['shortfall']):,} units short "
                f"in the week of {week['week']:%d %b}")
    return (f"Demand exceeded capacity in {len(short)} of {len(weekly)} weeks: {int(short['shortfall'].sum()):,} "
            f"units short, worst the week of {short['week'].iloc[int(np.argmax(short['shortfall'].to_numpy()))]:%d %b}")


def capacity_vs_demand(weekly: pd.DataFrame, path: Path) -> Chart:
    """Per week: actual capacity (bars), the shortfall on top in red with its week
    shaded, demand (line) and maximum capacity (dashed); the ``CAPACITY_WEEKS`` up to
    the latest week signalled (``data``: the weeks drawn)."""
    if weekly.empty:
        return _empty("capacity_vs_demand", path, weekly, "No capacity signalled yet",
                      "no OEM has signalled weekly capacity and demand on this chain yet")
    everything = len(weekly)
    weekly = weekly[weekly["week"] > weekly["week"].max() - pd.Timedelta(weeks=CAPACITY_WEEKS)].reset_index(drop=True)
    window = f" ({everything - len(weekly)} earlier weeks left out)" if everything > len(weekly) else ""
    x = _naive(weekly["week"])
    width = 4.2  # days, on a date axis
    figure = _figure(10, 5.6)
    axes = figure.add_subplot()
    _clean(axes)
    for monday, short in zip(x, weekly["short"], strict=True):
        if short:
            axes.axvspan(monday - pd.Timedelta(days=3.5), monday + pd.Timedelta(days=3.5), color=RED_TINT, zorder=0)
    axes.bar(x, weekly["actual_capacity"], width, color=BLUE, alpha=0.85, label="actual capacity")
    if weekly["short"].any():
        axes.bar(x, weekly["shortfall"], width, bottom=weekly["actual_capacity"], color=RED, hatch="//",
                 edgecolor="white", label="shortfall (demand not covered)")
    half = pd.Timedelta(days=2.6)
    axes.hlines(weekly["maximum_capacity"], x - half, x + half, colors=INK, linestyles="--", linewidth=1.3,
                label="maximum capacity")
    if weekly["demand"].any():  # no demand signalled is not a demand of zero
        axes.plot(x, weekly["demand"], color=ORANGE, marker="o", linewidth=2.2, label="demand", zorder=4)
    top = float(max(weekly["maximum_capacity"].max(), weekly["demand"].max(), (weekly["actual_capacity"] + weekly["shortfall"]).max()))
    for monday, row in zip(x, weekly.to_dict("records"), strict=True):
        if row["short"]:
            axes.annotate(f"short {int(row['shortfall']):,}", (monday, int(row["actual_capacity"]) + int(row["shortfall"])),
                          xytext=(0, 14), textcoords="offset points", ha="center", color=RED, fontweight="bold", fontsize=9)
    axes.set_ylim(0, top * 1.18)
    pad = max(pd.Timedelta(days=4), (pd.Timedelta(weeks=6) - (x.max() - x.min())) / 2)  # a few weeks: bars stay bars
    axes.set_xlim(x.min() - pad, x.max() + pad)
    _week_axis(axes, weekly["week"])
    axes.set_xlabel("ISO week (Monday, UTC)")
    axes.set_ylabel("units per week")
    axes.yaxis.set_major_formatter("{x:,.0f}")
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=9, frameon=False)
    finding = capacity_finding(weekly)
    _headline(figure, finding, "Signalled capacity against demand per week, summed over the OEMs' sites and materials "
                               f"(the latest signal of each week counts){window}")
    return Chart("capacity_vs_demand", _save(figure, path), weekly, finding)


# ---------------------------------------------------------------- reallocations


def reallocation_finding(flows: pd.DataFrame) -> str:
    total, moves = int(flows["quantity"].sum()), int(flows["reallocations"].sum())
    by_source = flows.groupby("from_supplier")["quantity"].sum().sort_values(ascending=False)
    head = f"{total:,} units reallocated in {_plural(moves, 'move')}"
    if len(flows) == 1:
        return f"{head}, all from {_org(flows['from_supplier'].iloc[0])} to {_org(flows['to_supplier'].iloc[0])}"
    return f"{head}; most from {_org(by_source.index[0])} ({int(by_source.iloc[0]):,} units, {by_source.iloc[0] / total:.0%})"


def reallocations(flows: pd.DataFrame, path: Path) -> Chart:
    """Left: one bar per pair of suppliers volume moved between, largest on top. Right:
    per supplier, the volume its orders lost (red, left of zero) and won (green)."""
    if flows.empty:
        return _empty("reallocations", path, flows, "No volume reallocated between suppliers",
                      "no order has had volume moved to another supplier on this chain yet")
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    shown = flows.sort_values("quantity", ascending=True, kind="stable")
    balance = trends.reallocation_balance(flows).iloc[::-1]
    labels = [f"{_org(a)}  →  {_org(b)}" for a, b in zip(shown["from_supplier"], shown["to_supplier"], strict=True)]
    rows = max(len(shown), len(balance))
    figure = _figure(12, max(3.8, 2.3 + 0.38 * rows))
    axes, side = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    _clean(axes, "x")
    positions = np.arange(len(shown))
    bars = axes.barh(positions, shown["quantity"], color=ORANGE, height=0.6)
    axes.bar_label(bars, [f" {int(q):,} ({_plural(int(n), 'move')})" for q, n in
                          zip(shown["quantity"], shown["reallocations"], strict=True)], fontsize=9, color=INK)
    axes.set_yticks(positions, labels, fontsize=9)
    axes.set_ylim(-0.9, len(shown) - 0.1)
    axes.set_xlim(0, float(shown["quantity"].max()) * 1.45)
    axes.set_xlabel("units reallocated (order's unit)")
    axes.xaxis.set_major_formatter("{x:,.0f}")
    axes.set_title("from  →  to", fontsize=9.5, color="#666666", loc="left")
    _clean(side, "x")
    places = np.arange(len(balance))
    side.barh(places, -balance["moved_out"], color=RED, height=0.6, label="lost")
    side.barh(places, balance["moved_in"], color=GREEN, height=0.6, label="won")
    side.axvline(0, color="#888888", linewidth=0.8)
    side.set_yticks(places, [_org(s) for s in balance["supplier"]], fontsize=9)
    side.set_ylim(-0.9, len(balance) - 0.1)
    reach = float(max(balance["moved_out"].max(), balance["moved_in"].max())) * 1.15
    side.set_xlim(-reach, reach)
    side.xaxis.set_major_locator(MaxNLocator(nbins=4, symmetric=True))
    side.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{abs(v):,.0f}"))
    side.set_xlabel("units lost (red, left) and won (green, right)")
    side.set_title("per supplier", fontsize=9.5, color="#666666", loc="left")
    finding = reallocation_finding(flows)
    _headline(figure, finding, "Volume moved from one supplier's order to another supplier (OrderReallocated)")
    return Chart("reallocations", _save(figure, path), flows, finding)


# ---------------------------------------------------------------- OTIF


OTIF_PARTS = [("otif", "on time, in full", GREEN), ("late_only", "late", YELLOW), ("short_only", "short", ORANGE),
              ("late_and_short", "late and short", RED)]


def otif_finding(otif: pd.DataFrame) -> str:
    both, delivered = int(otif["otif"].sum()), int(otif["delivered"].sum())
    head = f"{both:,} of {delivered:,} deliveries on time and in full ({both / delivered:.0%})"
    worst = otif.sort_values(["otif_share", "supplier"]).iloc[0]
    if worst["otif_share"] >= 1:
        return head
    return f"{head}; lowest: {_org(worst['supplier'])} ({worst['otif_share']:.0%})"


def delivery_otif(otif: pd.DataFrame, path: Path) -> Chart:
    """Per supplier (best on top): its delivered orders split into on time and in full,
    late, short, late and short, in percent; OTIF share and counts on the right."""
    if otif.empty:
        return _empty("delivery_otif", path, otif, "No deliveries received yet",
                      "no OEM has received a shipment on this chain yet")
    shown = otif.iloc[::-1]
    figure = _figure(10, max(3.8, 2.3 + 0.4 * len(shown)))
    axes = figure.add_subplot()
    _clean(axes, "x")
    positions = np.arange(len(shown))
    left = np.zeros(len(shown))
    for column, label, colour in OTIF_PARTS:
        share = (shown[column] / shown["delivered"] * 100).to_numpy(dtype=float)
        axes.barh(positions, share, left=left, color=colour, height=0.62, label=label, edgecolor="white", linewidth=0.6)
        left += share
    for p, row in zip(positions, shown.to_dict("records"), strict=True):
        weak = float(row["otif_share"]) < 0.9
        axes.text(101.5, float(p), f"{float(row['otif_share']):.0%}  ({row['otif']}/{row['delivered']})", va="center",
                  fontsize=9, color=RED if weak else INK, fontweight="bold" if weak else "normal")
    axes.set_yticks(positions, [_org(s) for s in shown["supplier"]], fontsize=9)
    axes.set_xlim(0, 118)
    axes.set_xticks([0, 25, 50, 75, 100], ["0 %", "25 %", "50 %", "75 %", "100 %"])
    axes.set_xlabel("share of the supplier's delivered orders")
    handles, labels = axes.get_legend_handles_labels()
    figure.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=9, frameon=False)
    finding = otif_finding(otif)
    _headline(figure, finding, "On time: received by the due day; in full: received without a shortfall. "
                               "OTIF share (on time and in full / delivered) on the right")
    return Chart("delivery_otif", _save(figure, path), otif, finding)


# ---------------------------------------------------------------- funnel


def funnel_finding(funnel: pd.DataFrame) -> str:
    counts = funnel.set_index("stage")["orders"]
    head = f"{counts['closed']:,} of {_plural(int(counts['placed']), 'order')} closed"
    waiting = int(counts["delivered"] - counts["closed"])
    if waiting:
        head += f", {waiting:,} delivered awaiting closure"
    ended = [f"{int(counts[stage]):,} {stage}" for stage in ("rejected", "cancelled", "disputed") if counts[stage]]
    return head + (f"; {', '.join(ended)}" if ended else "")


def order_funnel(funnel: pd.DataFrame, path: Path) -> Chart:
    """The main path as a centred funnel (orders that reached each stage, share of those
    placed), the branches off it on the right."""
    placed = int(funnel.loc[funnel["stage"] == "placed", "orders"].iloc[0]) if len(funnel) else 0
    if placed == 0:
        return _empty("order_funnel", path, funnel, "No orders placed yet", "no supply order has been placed on this chain yet")
    from matplotlib.ticker import MaxNLocator

    path_rows, branch_rows = funnel[funnel["kind"] == "path"], funnel[funnel["kind"] == "branch"]
    figure = _figure(11, 5.6)
    main, side = figure.subplots(1, 2, gridspec_kw={"width_ratios": [3, 2]})
    positions = np.arange(len(path_rows))[::-1]
    counts = path_rows["orders"].to_numpy(dtype=float)
    main.barh(positions, counts, left=(placed - counts) / 2, color=BLUE, height=0.72, alpha=0.9)
    for p, (count, share) in zip(positions, zip(counts, path_rows["share"], strict=True), strict=True):
        main.text(placed / 2, p, f"{int(count):,}  ({share:.0%})", ha="center", va="center", color="white",
                  fontweight="bold", fontsize=10)
    main.set_yticks(positions, list(path_rows["stage"]), fontsize=10)
    main.set_xlim(-placed * 0.02, placed * 1.02)
    main.set_xticks([])
    for spine in main.spines.values():
        spine.set_visible(False)
    main.tick_params(length=0)
    main.set_title("orders that reached each stage", fontsize=9.5, color="#666666", loc="left")
    _clean(side, "x")
    side_positions = np.arange(len(branch_rows))[::-1]
    bars = side.barh(side_positions, branch_rows["orders"], color=RED, height=0.6)
    side.bar_label(bars, [f" {int(n):,}" for n in branch_rows["orders"]], fontsize=9, color=INK)
    side.set_yticks(side_positions, list(branch_rows["stage"]), fontsize=9.5)
    side.set_xlim(0, max(1.0, float(branch_rows["orders"].max())) * 1.3)
    side.xaxis.set_major_locator(MaxNLocator(integer=True))
    side.set_xlabel("orders")
    side.set_title("off the main path", fontsize=9.5, color="#666666", loc="left")
    finding = funnel_finding(funnel)
    _headline(figure, finding, f"Supply orders through the order state machine ({_plural(placed, 'order')} placed, "
                               "reallocated parts included)")
    return Chart("order_funnel", _save(figure, path), funnel, finding)



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


def notification_response_times(notes: pd.DataFrame, path: Path, now: pd.Timestamp | None = None) -> Chart:
    """Per notification: time to acknowledge, then to close (or open until now), the
    target date marked; bars edged by severity."""
    if notes.empty:
        return _empty("notification_response_times", path, pd.DataFrame(columns=RESPONSE_COLUMNS),
                      "No quality notifications yet", "no quality notification (CX-0125) has been sent on this chain yet")
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
    _clean(axes, "x")
    axes.set_xlim(0, max(float((ack + close + still).max()), float(rows["target_h"].max() or 0), 1.0) * 1.25)
    handles, _ = axes.get_legend_handles_labels()
    handles += [Patch(facecolor="white", edgecolor=c, linewidth=1.5, label=f"severity {s.lower().replace('_', '-')}")
                for s, c in SEVERITY_COLOURS.items() if s in set(rows["severity"])]
    axes.legend(handles=handles, fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    late, still_open = int(rows["late"].sum()), int(rows["open_h"].notna().sum())
    finding = (f"{_plural(len(rows), 'quality notification')}: {late:,} late, {still_open:,} open" if late or still_open
               else f"{_plural(len(rows), 'quality notification')}, all answered within their target")
    _headline(figure, finding, "Hours from sending to acknowledgement and on to closing (CX-0125), target date marked")
    return Chart("notification_response_times", _save(figure, path), rows, finding)


def write_all(index: EventIndex, directory: Path | str = "reports") -> dict[str, Chart]:
    """Every chart of ``CHARTS`` as ``<directory>/<name>.png``, drawn from ``index``'s
    views (any chain: the demo's, a simulated quarter, a consortium's)."""
    folder = Path(directory)
    orders = index.orders()
    return {
        "quality_over_time": quality_over_time(index.quality_weekly(), folder / "quality_over_time.png"),
        "capacity_vs_demand": capacity_vs_demand(index.capacity_weekly(), folder / "capacity_vs_demand.png"),
        "reallocations": reallocations(index.reallocation_flows(), folder / "reallocations.png"),
        "delivery_otif": delivery_otif(trends.delivery_performance(orders), folder / "delivery_otif.png"),
        "order_funnel": order_funnel(trends.order_funnel(orders), folder / "order_funnel.png"),
        "notification_response_times": notification_response_times(
            index.notifications(), folder / "notification_response_times.png", index.last_time),
    }
