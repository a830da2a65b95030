"""Capacity planning from measured simulation runs: gas, events and bytes per business
day of a consortium of 50, 500 and 5,000 suppliers, against the block gas budget of a
1 s / 30 M-gas QBFT chain, and the time a new member takes to sync a year of events.

How it scales: in the model (``valuechain.simulate.model``) every supplier does the same
weekly business (a capacity signal, an order and its life, a licence access every other
week); holds, reallocations and late or short deliveries are per-order rates; the
one-off events (one downtime, one incident, one investigation a run) do not grow with the
consortium. So a steady week's activity is linear in the number of suppliers:
``per_week(N) = fixed + N * per_supplier``. Two measured runs of different sizes give
``per_supplier`` and ``fixed`` (the line through both); ``linearity`` says how far the
per-supplier figures of the two runs are apart (the claim holds when they agree within a
few per cent). Steady weeks are those after the order pipeline filled up (placing,
interim, final assessment and delivery all running: from week ``LEAD_WEEKS + 1``).
A week has five business days; a year 250."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from .journal import Journal
from .model import LEAD_WEEKS

BLOCK_GAS = 30_000_000
BLOCKS_PER_DAY = 86_400  # one block a second
DAY_GAS_BUDGET = BLOCK_GAS * BLOCKS_PER_DAY
BUSINESS_DAYS_PER_WEEK = 5
BUSINESS_DAYS_PER_YEAR = 250
SIZES = (50, 500, 5_000)


@dataclass(frozen=True)
class Measured:
    """A steady week of a measured run: gas, transactions, events and receipt log bytes."""

    suppliers: int
    weeks: int  # steady weeks averaged
    gas: float
    txs: float
    events: float
    log_bytes: float


def steady_week(journal: Journal, suppliers: int, weeks: int) -> Measured:
    """The average steady week of a run's journal (steps ``w<k>/…`` with k > LEAD_WEEKS)."""
    first = LEAD_WEEKS + 1
    if weeks <= first:
        raise ValueError(f"a run of {weeks} weeks has no steady week (the pipeline fills in {first})")
    totals = {"gas": 0, "txs": 0, "events": 0, "log_bytes": 0}
    for key, entry in journal.done.items():
        if key.startswith("w") and int(key[1:].split("/")[0]) >= first:
            for name in totals:
                totals[name] += getattr(entry, name)
    n = weeks - first
    return Measured(suppliers, n, *(totals[k] / n for k in ("gas", "txs", "events", "log_bytes")))


@dataclass(frozen=True)
class Line:
    """``fixed + per_supplier * N`` of one figure (per steady week)."""

    fixed: float
    per_supplier: float

    def at(self, suppliers: int) -> float:
        return self.fixed + self.per_supplier * suppliers


def fit(small: Measured, large: Measured, figure: str) -> Line:
    """The line through two runs' weekly ``figure``."""
    a, b = getattr(small, figure), getattr(large, figure)
    slope = (b - a) / (large.suppliers - small.suppliers)
    return Line(a - slope * small.suppliers, slope)


def linearity(small: Measured, large: Measured, figure: str = "gas") -> float:
    """How far apart the two runs' per-supplier weekly ``figure`` is (0.03: 3 %)."""
    a, b = getattr(small, figure) / small.suppliers, getattr(large, figure) / large.suppliers
    return abs(a - b) / max(a, b)


@dataclass(frozen=True)
class Row:
    suppliers: int
    gas_per_day: float
    budget_share: float  # of a 1 s / 30 M-gas chain's day
    txs_per_day: float
    events_per_day: float
    log_bytes_per_day: float
    index_bytes_per_day: float
    events_per_year: float
    sync_year_s: float


def plan(small: Measured, large: Measured, index_bytes_per_event: float, sync_per_s: float,
         sizes: tuple[int, ...] = SIZES) -> list[Row]:
    """The capacity table for ``sizes`` suppliers."""
    lines = {f: fit(small, large, f) for f in ("gas", "txs", "events", "log_bytes")}
    rows = []
    for n in sizes:
        day = {f: line.at(n) / BUSINESS_DAYS_PER_WEEK for f, line in lines.items()}
        year_events = day["events"] * BUSINESS_DAYS_PER_YEAR
        rows.append(Row(n, day["gas"], day["gas"] / DAY_GAS_BUDGET, day["txs"], day["events"], day["log_bytes"],
                        day["events"] * index_bytes_per_event, year_events, year_events / sync_per_s))
    return rows


def report(small: Measured, large: Measured, index_bytes_per_event: float, sync_per_s: float,
           sync_source: str) -> dict[str, Any]:
    """What bench/results/capacity.json holds."""
    return {
        "measured": [asdict(small), asdict(large)],
        "linearity_gas": round(linearity(small, large, "gas"), 4),
        "linearity_events": round(linearity(small, large, "events"), 4),
        "chain": {"block_gas": BLOCK_GAS, "blocks_per_day": BLOCKS_PER_DAY, "day_gas_budget": DAY_GAS_BUDGET},
        "business_days": {"per_week": BUSINESS_DAYS_PER_WEEK, "per_year": BUSINESS_DAYS_PER_YEAR},
        "index_bytes_per_event": round(index_bytes_per_event, 1),
        "events_sync_per_s": round(sync_per_s), "events_sync_source": sync_source,
        "rows": [{k: (round(v, 6) if isinstance(v, float) else v) for k, v in asdict(r).items()}
                 for r in plan(small, large, index_bytes_per_event, sync_per_s)],
    }
