"""`make bench`: gas per business operation, measured from receipts on a fresh Anvil.

Each ``bench/gas_<area>.py`` module exposes ``measure() -> dict[str, int]``; this script
runs them in order, prints a rich table against ../shared/budgets.json and writes the
flat ``bench/results/gas.json``. It exits non-zero when an operation is over budget.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from brownie import chain
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "gas.json"
BUDGETS = ROOT.parent / "shared" / "budgets.json"
AREAS = ["gas_registry", "gas_ip", "gas_orders", "gas_licensing", "gas_notifications"]


def load_budgets() -> dict[str, int]:
    if not BUDGETS.exists():
        return {}
    return json.loads(BUDGETS.read_text())["gas"]


def run() -> None:
    results: dict[str, int] = {}
    for area in AREAS:
        chain.reset()
        results.update(importlib.import_module(f"bench.{area}").measure())

    budgets = load_budgets()
    table = Table(title="Gas per business operation (Anvil, paris, optimizer 200 runs)")
    table.add_column("operation")
    table.add_column("gas", justify="right")
    table.add_column("budget", justify="right")
    table.add_column("", justify="center")
    over = []
    for name, gas in results.items():
        budget = budgets.get(name)
        ok = budget is None or gas <= budget
        if not ok:
            over.append(name)
        table.add_row(name, f"{gas:,}", f"{budget:,}" if budget else "-", "" if budget is None else ("ok" if ok else "OVER"))
    Console().print(table)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written {RESULTS.relative_to(ROOT)}")
    if over:
        raise SystemExit(f"over budget: {', '.join(over)}")
