"""The simulator's benchmarks: the demo's quarter and the capacity-planning report.

``simulate_quarter_12_s``: ``valuechain simulate`` of the demo's quarter (12 suppliers of
two OEMs, 13 weeks, seed 2026) on a fresh Anvil, from the first transaction to the
summary (budget: 60 s). With it its transactions, events and gas.

The capacity report (``bench/results/capacity.json``, a table, ``docs/img/capacity.png``):
two runs of 6 weeks, 25 and 50 suppliers of 5 OEMs, measured over their steady weeks
(``valuechain.simulate.capacity``: activity is linear in the number of suppliers, checked
by comparing the two runs' per-supplier figures), scaled to 50, 500 and 5,000 suppliers
against a 1 s / 30 M-gas QBFT chain. The index bytes per event are the 50-supplier run's
event index on disk over its events; a year's sync time uses ``events_sync_per_s`` of
``bench/results/tooling.json`` (the event index benchmark, run before this one by
``make bench``), or the rate measured here when that is missing.

Each run gets an Anvil of its own (no step tracing, a clean clock)."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from tests.support.onboarding import Anvil
from valuechain import manifest
from valuechain.events import EventIndex
from valuechain.network import connect
from valuechain.scenario import QUARTER
from valuechain.simulate import Params, Simulation, capacity, simulate
from valuechain.simulate.summary import summary_table
from valuechain.tx import Sender

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
CHART = ROOT / "docs" / "img" / "capacity.png"
QUARTER_GOAL_S = 60.0
SMALL, LARGE = Params(25, 5, 6, 11), Params(50, 5, 6, 11)


def _run(params: Params, folder: Path) -> tuple[Simulation, Anvil]:
    node = Anvil(folder / "anvil.json").start()
    w3 = connect(node.url, 31337)
    return simulate(w3, Sender(w3, w3.eth.accounts[0]), params, folder / "run"), node


def _merge(path: Path, results: dict) -> None:
    merged = json.loads(path.read_text()) if path.exists() else {}
    merged.update(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n")


def quarter(console: Console) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-simulate-") as tmp:
        sim, node = _run(QUARTER, Path(tmp))
        node.stop()
    f = sim.figures
    console.print(summary_table(f, f"The demo's quarter: {f.suppliers} suppliers, {f.oems} OEMs, {f.weeks} weeks"))
    verdict = "within" if f.seconds <= QUARTER_GOAL_S else "OVER"
    console.print(f"simulate_quarter_12_s = {f.seconds} s ({verdict} the {QUARTER_GOAL_S:g} s budget)")
    return {"simulate_quarter_12_s": f.seconds, "simulate_quarter_12_txs": f.txs, "simulate_quarter_12_events": f.events,
            "simulate_quarter_12_gas": f.gas}


def _measure(params: Params, folder: Path) -> tuple[capacity.Measured, float, float]:
    """A run's steady week, its index bytes per event and the sync rate measured on it."""
    sim, node = _run(params, folder)
    try:
        suite = manifest.load(path=sim.run_dir / "31337.json")
        started = time.perf_counter()
        with EventIndex.synced(suite, sim.w3, folder / "sync.sqlite", reorg_depth=0) as index:
            events = index.count()
        rate = events / (time.perf_counter() - started)
        size = sum(p.stat().st_size for p in folder.glob("sync.sqlite*"))
    finally:
        node.stop()
    return capacity.steady_week(sim.journal, params.suppliers, params.weeks), size / events, rate


def capacity_report(console: Console) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-capacity-") as tmp:
        small, _, _ = _measure(SMALL, Path(tmp) / "small")
        large, bytes_per_event, rate = _measure(LARGE, Path(tmp) / "large")
    tooling = RESULTS / "tooling.json"
    known = json.loads(tooling.read_text()).get("events_sync_per_s") if tooling.exists() else None
    sync, source = (float(known), "bench/results/tooling.json events_sync_per_s") if known else (rate, "measured here")
    result = capacity.report(small, large, bytes_per_event, sync, source)
    (RESULTS / "capacity.json").write_text(json.dumps(result, indent=2) + "\n")
    console.print(capacity_table(result))
    chart(result, CHART)
    console.print(f"capacity: bench/results/capacity.json, chart {CHART.relative_to(ROOT)}; per-supplier weekly gas of "
                  f"the two runs {result['linearity_gas']:.1%} apart, events {result['linearity_events']:.1%}")
    return result


def capacity_table(result: dict) -> Table:
    table = Table(title="Capacity planning: a 1 s / 30 M-gas QBFT chain (per business day; a year = 250 days)")
    for name in ("suppliers", "gas / day", "share of block gas", "tx / day", "events / day", "receipt log MB / day",
                 "index MB / day", "events / year", "new member syncs a year"):
        table.add_column(name, justify="right")
    for r in result["rows"]:
        table.add_row(f"{r['suppliers']:,}", f"{r['gas_per_day']:,.0f}", f"{r['budget_share']:.4%}",
                      f"{r['txs_per_day']:,.0f}", f"{r['events_per_day']:,.0f}", f"{r['log_bytes_per_day'] / 1e6:,.2f}",
                      f"{r['index_bytes_per_day'] / 1e6:,.2f}", f"{r['events_per_year']:,.0f}",
                      _duration(r["sync_year_s"]))
    return table


def _duration(seconds: float) -> str:
    return f"{seconds:,.0f} s" if seconds < 120 else f"{seconds / 60:,.1f} min"


def chart(result: dict, path: Path) -> None:
    """Two panels: the share of the chain's daily block gas, and a year's sync time."""
    from matplotlib.figure import Figure

    rows = result["rows"]
    labels = [f"{r['suppliers']:,}" for r in rows]
    fig = Figure(figsize=(9, 3.6), dpi=110)
    left, right = fig.subplots(1, 2)
    gas = [r["gas_per_day"] for r in rows]
    budget = result["chain"]["day_gas_budget"]
    bars = left.bar(labels, gas, color="#3b7dd8")
    left.bar_label(bars, labels=[f"{r['budget_share']:.4%}" for r in rows])
    left.axhline(budget, color="#c0392b", linestyle="--")
    left.text(-0.4, budget * 0.45, f"the day's block gas: 86,400 x 30 M = {budget:.2e}", color="#c0392b", fontsize=8)
    left.set_yscale("log")
    left.set_ylim(min(gas) / 3, budget * 3)
    left.set_title("Gas per business day (labels: share of the\nblock gas of a 1 s / 30 M-gas QBFT chain)")
    left.set_xlabel("suppliers")
    left.set_ylabel("gas (log scale)")
    minutes = [r["sync_year_s"] / 60 for r in rows]
    bars = right.bar(labels, minutes, color="#e07b39")
    right.bar_label(bars, labels=[_duration(r["sync_year_s"]) for r in rows])
    right.set_ylim(0, max(minutes) * 1.3)
    right.set_title(f"A new member syncs a year\n({result['events_sync_per_s']:,} events/s)")
    right.set_xlabel("suppliers")
    right.set_ylabel("minutes")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)


def run() -> None:
    console = Console(width=160)
    _merge(RESULTS / "tooling.json", quarter(console))
    capacity_report(console)
