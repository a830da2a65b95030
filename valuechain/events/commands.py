"""The event commands of the CLI as plain functions: `valuechain events sync` and
`valuechain report`. The CLI parses arguments and connects; these do the work and
print with rich."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from web3 import Web3

from valuechain.events import DEFAULT_REORG_DEPTH, EventIndex, RangePolicy, SyncResult, charts
from valuechain.manifest import Manifest

TABLE_WIDTH = 130


def sync_command(
    w3: Web3,
    manifest: Manifest,
    path: Path | str | None = None,
    reorg_depth: int = DEFAULT_REORG_DEPTH,
    rebuild: bool = False,
    policy: RangePolicy | None = None,
    console: Console | None = None,
) -> SyncResult:
    """Sync the index of ``manifest``'s deployment with a progress bar (blocks done of
    blocks to do, events stored) and print what the sync did."""
    console = console or Console()
    with EventIndex(manifest, w3, path, reorg_depth, policy) as index:
        columns = (
            TextColumn("[bold]syncing events"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("blocks  {task.fields[events]:,} events"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task("sync", total=None, events=0)

            def progress(done: int, total: int, events: int) -> None:
                bar.update(task, total=max(total, 1), completed=done if total else 1, events=events)

            result = index.sync(rebuild=rebuild, progress=progress)
        describe_sync(result, index.path, console)
    return result


def describe_sync(result: SyncResult, path: Path, console: Console) -> None:
    if result.rebuilt and result.rebuilt != "new index":
        console.print(f"[yellow]index rebuilt[/yellow]: {result.rebuilt}")
    if result.reorg_from is not None:
        console.print(
            f"[yellow]reorg[/yellow]: blocks from {result.reorg_from} changed; dropped {result.dropped:,} events and fetched again"
        )
    if result.blocks:
        rate = f", {result.events / result.seconds:,.0f} events/s" if result.events and result.seconds else ""
        refused = f", {result.refusals} refused as too large" if result.refusals else ""
        console.print(
            f"indexed {result.events:,} events in blocks {result.first_block:,}..{result.last_block:,} "
            f"({result.requests} eth_getLogs{refused}) in {result.seconds:.2f} s{rate}"
        )
    else:
        console.print(f"up to date at block {result.last_block:,} ({result.seconds * 1000:.0f} ms)")
    console.print(f"index: {path}", style="dim")


@dataclass
class Report:
    """What `valuechain report` produced."""

    scorecard: pd.DataFrame
    charts: dict[str, charts.Chart] = field(default_factory=dict)
    sync: SyncResult | None = None


def report_command(
    manifest: Manifest,
    w3: Web3 | None = None,
    path: Path | str | None = None,
    out_dir: Path | str = "reports",
    sync: bool = True,
    reorg_depth: int = DEFAULT_REORG_DEPTH,
    console: Console | None = None,
) -> Report:
    """Sync (when connected and ``sync``), print the supplier scorecard as a table and
    write the PNG charts under ``out_dir`` (``report_index`` on an open index)."""
    console = console or Console()
    synced = sync_command(w3, manifest, path, reorg_depth, console=console) if (sync and w3 is not None) else None
    with EventIndex(manifest, None, path, reorg_depth) as index:
        report = report_index(index, out_dir, console)
    report.sync = synced
    return report


def report_index(index: EventIndex, out_dir: Path | str = "reports", console: Console | None = None) -> Report:
    """The report of an index as it stands (any chain): the scorecard as a table, the
    charts under ``out_dir``, each listed with its finding."""
    console = console or Console()
    card = index.scorecard()
    print_wide(console, scorecard_table(card))
    written = charts.write_all(index, out_dir)
    for chart in written.values():
        if chart.empty:
            console.print(f"{chart.path}: {chart.title} (nothing to draw yet)", style="dim", highlight=False)
        else:
            console.print(f"{chart.path}: [bold]{chart.title}[/bold]", highlight=False)
    return Report(card, written)


def print_wide(console: Console, table: Table) -> None:
    """Print ``table``; a terminal keeps its width, a pipe or a CI log (80 columns by
    default) gets ``TABLE_WIDTH`` so the table is not squashed."""
    if console.is_terminal or console.width >= TABLE_WIDTH:
        console.print(table)
        return
    width = console.width
    console.width = TABLE_WIDTH
    try:
        console.print(table)
    finally:
        console.width = width


def scorecard_table(card: pd.DataFrame) -> Table:
    """The supplier scorecard as a rich table: scores in percent (of 10,000 basis
    points), shares in percent, quantities in the order's units."""
    table = Table(title="Supplier scorecard", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("supplier", no_wrap=True)
    table.add_column("status", no_wrap=True)
    headers = [
        "orders\n(open)", "assess-\nments", "quality\nmean %", "quality\nmin %", "below\nthreshold", "deliv-\nered",
        "on\ntime", "short\n(units)", "reallocated\n(units)", "open dis-\nruptions",
    ]  # fmt: skip
    # quality notifications (CX-0125): shown once there are any (keeps the table narrow otherwise)
    notified = bool(card["notifications"].sum()) if "notifications" in card else False
    if notified:
        headers += ["quality notif.\n(open/late)", "to ack\nmedian h", "to close\nmedian h"]
    for name in headers:
        table.add_column(name, justify="right", no_wrap=True)
    rows: Iterable[Any] = card.itertuples(index=False)  # named tuples of the scorecard's columns
    for row in rows:
        below, on_time = row.below_threshold_share, row.on_time_share
        notes = [
            f"{row.notifications} ({row.open_notifications}/"
            + (f"[red]{row.notifications_past_target}[/red]" if row.notifications_past_target else "0") + ")",
            _number(row.ack_hours_median, 1),
            _number(row.close_hours_median, 1),
        ] if notified else []
        table.add_row(
            row.supplier,
            _status(row.status),
            f"{row.orders} ({row.open_orders})",
            str(row.assessments),
            _number(row.quality_mean, 100),
            _number(row.quality_min, 100),
            _number(below, 0.01, "%", warn=not _missing(below) and below > 0),
            str(row.delivered),
            _number(on_time, 0.01, "%", warn=not _missing(on_time) and on_time < 1),
            str(row.short_deliveries) + (f" ({row.shortfall:,})" if row.shortfall else ""),
            str(row.reallocations) + (f" ({row.reallocated_quantity:,})" if row.reallocated_quantity else ""),
            f"[red]{row.open_disruptions}[/red]" if row.open_disruptions else "0",
            *notes,
        )
    return table


def _missing(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _number(value: object, per_unit: float, suffix: str = "", warn: bool = False) -> str:
    if _missing(value):
        return "-"
    text = f"{float(value) / per_unit:.1f}{suffix}"  # type: ignore[arg-type]
    return f"[yellow]{text}[/yellow]" if warn else text


def _status(status: str) -> str:
    return status if status == "ACTIVE" else f"[red]{status}[/red]"
