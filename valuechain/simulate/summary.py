"""The summary table of a simulated run (the CLI and the demo print it)."""

from __future__ import annotations

from rich.table import Table

from .driver import Figures

ROWS: tuple[tuple[str, str, str], ...] = (
    ("orders", "orders placed (from material demand)", "{:,}"),
    ("volume", "units ordered (after amendments)", "{:,}"),
    ("children", "orders from reallocations", "{:,}"),
    ("reallocated", "units reallocated", "{:,}"),
    ("holds", "quality holds", "{:,}"),
    ("amendments", "amendments citing the downtime", "{:,}"),
    ("delivered", "orders delivered and closed", "{:,}"),
    ("short", "short deliveries", "{:,}"),
    ("late", "late deliveries (a week after due)", "{:,}"),
    ("capacity_signals", "capacity signals", "{:,}"),
    ("disruptions", "disruptions signalled", "{:,}"),
    ("notifications", "quality notifications", "{:,}"),
    ("licences", "licences granted", "{:,}"),
    ("accesses", "data accesses recorded", "{:,}"),
    ("txs", "transactions", "{:,}"),
    ("gas", "gas used", "{:,}"),
    ("events", "events emitted", "{:,}"),
    ("seconds", "seconds (this run)", "{:,.1f}"),
)


def summary_table(figures: Figures, title: str | None = None) -> Table:
    f = figures
    table = Table(title=title or f"Simulated: {f.suppliers} suppliers, {f.oems} OEM(s), {f.weeks} weeks")
    table.add_column("what")
    table.add_column("figure", justify="right")
    for key, label, fmt in ROWS:
        table.add_row(label, fmt.format(getattr(f, key)))
    return table
