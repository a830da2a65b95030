"""The analyst notebook runs headless against a chain the demo scenario populated, and
tells the story of six known weeks of business (tests/support/quarter.py)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import nbformat
from brownie import accounts
from nbclient import NotebookClient
from rich.console import Console

from tests.support.quarter import play_quarter
from valuechain.scenario import OEM, SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, Demo

NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "supply_chain_analytics.ipynb"


def _text(notebook) -> str:  # type: ignore[no-untyped-def]
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            parts.append(output.get("text", ""))
            data = output.get("data", {})
            parts.extend(str(data.get(kind, "")) for kind in ("text/plain", "text/html"))
    return "\n".join(parts)


CHARTS = ["capacity_vs_demand.png", "delivery_otif.png", "notification_response_times.png", "order_funnel.png",
          "quality_over_time.png", "reallocations.png"]


def _execute(w3, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    """The notebook run headless against the chain of ``tmp_path/31337.json``."""
    monkeypatch.setenv("VALUECHAIN_RPC_URL", w3.provider.endpoint_uri)
    monkeypatch.setenv("VALUECHAIN_MANIFEST", str(tmp_path / "31337.json"))
    monkeypatch.setenv("VALUECHAIN_INDEX", str(tmp_path / "events.sqlite"))
    monkeypatch.setenv("VALUECHAIN_REPORTS", str(tmp_path / "reports"))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells), "commit the notebook without outputs"
    started = time.perf_counter()
    client = NotebookClient(notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    print(f"notebook executed in {time.perf_counter() - started:.1f} s")
    return notebook


def _images(notebook) -> int:  # type: ignore[no-untyped-def]
    return len([o for cell in notebook.cells for o in cell.get("outputs", []) if "image/png" in o.get("data", {})])


def test_notebook_runs_headless_against_the_demo_chain(w3, tmp_path, monkeypatch):
    # the seed scenario's chain, without the quarter: the quarter's story is the next test's
    Demo(w3, [a.address for a in accounts], console=Console(file=io.StringIO()), manifest_dir=tmp_path,
         quarter_params=None).run()
    notebook = _execute(w3, tmp_path, monkeypatch)
    text = _text(notebook)
    assert "OrderPlaced" in text and "QualityAssessed" in text and "CapacitySignalled" in text
    assert OEM in text and SUPPLIER_A in text and SUPPLIER_B in text
    assert "QUALITY_HOLD" in text and "CLOSED" in text  # the orders' timelines
    assert _images(notebook) == len(CHARTS) and sorted(p.name for p in (tmp_path / "reports").iterdir()) == CHARTS
    assert "INVESTIGATION" in text and "open past their target date: []" in text  # the demo's investigation


def test_notebook_tells_the_story_of_a_quarter(w3, tmp_path, monkeypatch):
    play_quarter(w3, [a.address for a in accounts], tmp_path)
    notebook = _execute(w3, tmp_path, monkeypatch)
    text = _text(notebook)
    assert _images(notebook) == len(CHARTS) and sorted(p.name for p in (tmp_path / "reports").iterdir()) == CHARTS
    # the findings as the charts state them: B drifts, one week short, B's volume moved to C
    assert f"drifting: ['{SUPPLIER_B}']" in text and f"finding: {SUPPLIER_B}'s quality is drifting down" in text
    assert "short weeks: ['" in text and "finding: Demand exceeded capacity in 1 of 6 weeks: 100 units short" in text
    assert f"finding: 40 units reallocated in 1 move, all from {SUPPLIER_B} to {SUPPLIER_C}" in text
    assert "finding: 17 of 19 deliveries on time and in full" in text
    assert "finding: 15 of 20 orders closed, 4 delivered awaiting closure; 1 cancelled" in text
